package main

import "fmt"

var x = "package"

func main() {
	fmt.Println(x)
	x := "main"
	fmt.Println(x)
	{
		x := "block"
		fmt.Println(x)
	}
	fmt.Println(x)
	if x := 5; x > 3 {
		fmt.Println("if", x)
	}
	a, b := 1, 2
	a, b = b, a
	fmt.Println(a, b)
	b, c := 10, 20
	fmt.Println(a, b, c)
}
