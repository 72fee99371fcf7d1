package main

import "fmt"

func main() {
	var a = "initial"
	fmt.Println(a)

	var b, c int = 1, 2
	fmt.Println(b, c)

	var d = true
	fmt.Println(d)

	var e int
	fmt.Println(e)

	var s string
	fmt.Printf("%q\n", s)

	var f float64
	fmt.Println(f)

	g := "apple"
	fmt.Println(g)
}
