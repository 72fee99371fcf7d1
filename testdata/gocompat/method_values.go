package main

import "fmt"

type Counter struct {
	n int
}

func (c *Counter) Inc() { c.n++ }

func (c Counter) Get() int { return c.n }

type Op func(int, int) int

func apply(op Op, a, b int) int { return op(a, b) }

func main() {
	c := &Counter{}
	inc := c.Inc
	inc()
	inc()
	fmt.Println(c.Get())

	get := Counter.Get
	fmt.Println(get(*c))

	add := func(a, b int) int { return a + b }
	fmt.Println(apply(add, 3, 4))
	fmt.Println(apply(Op(func(a, b int) int { return a * b }), 3, 4))

	ops := map[string]Op{
		"add": add,
		"sub": func(a, b int) int { return a - b },
	}
	fmt.Println(ops["sub"](10, 3))
}
