package main

import "fmt"

func main() {
	var i interface{} = "hello"

	s := i.(string)
	fmt.Println(s)

	s, ok := i.(string)
	fmt.Println(s, ok)

	f, ok := i.(float64)
	fmt.Println(f, ok)

	var a any = 42
	if n, ok := a.(int); ok {
		fmt.Println("int", n+1)
	}

	f = i.(float64)
	fmt.Println(f)
}
