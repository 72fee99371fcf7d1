package main

import "fmt"

func printSlice(s []int) {
	fmt.Printf("len=%d %v\n", len(s), s)
}

func main() {
	s := []int{2, 3, 5, 7, 11, 13}
	printSlice(s)

	s = s[:0]
	printSlice(s)

	s = []int{2, 3, 5, 7, 11, 13}
	s = s[1:4]
	printSlice(s)

	s = s[:2]
	printSlice(s)

	var z []int
	fmt.Println(z, len(z), z == nil)
	if z == nil {
		fmt.Println("nil!")
	}

	var board [][]string
	board = append(board, []string{"_", "X"}, []string{"O", "_"})
	for i := 0; i < len(board); i++ {
		fmt.Println(board[i])
	}
}
