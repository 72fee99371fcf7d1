package main

import "fmt"

func trace(name string) func() {
	fmt.Println("enter", name)
	return func() { fmt.Println("exit", name) }
}

func counter() (n int) {
	defer func() { n *= 2 }()
	n = 21
	return n
}

func main() {
	defer fmt.Println("deferred last")
	defer trace("main")()
	for i := 0; i < 3; i++ {
		defer fmt.Println("defer", i)
	}
	fmt.Println(counter())
}
