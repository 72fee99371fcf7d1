package main

import "fmt"

func main() {
outer:
	for i := 0; i < 3; i++ {
		for j := 0; j < 3; j++ {
			if j == 2 {
				continue outer
			}
			if i == 2 {
				break outer
			}
			fmt.Println(i, j)
		}
	}

	i := 0
loop:
	if i < 3 {
		fmt.Println("goto", i)
		i++
		goto loop
	}

	grid := [][]int{{1, 2}, {3, 4}, {5, 6}}
	found := false
search:
	for r, row := range grid {
		for c, v := range row {
			if v == 4 {
				fmt.Println("found at", r, c)
				found = true
				break search
			}
		}
	}
	fmt.Println(found)
}
