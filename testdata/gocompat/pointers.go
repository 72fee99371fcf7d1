package main

import "fmt"

func zeroval(ival int) {
	ival = 0
}

func zeroptr(iptr *int) {
	*iptr = 0
}

func main() {
	i := 1
	fmt.Println("initial:", i)

	zeroval(i)
	fmt.Println("zeroval:", i)

	zeroptr(&i)
	fmt.Println("zeroptr:", i)

	p := &i
	*p = 42
	fmt.Println(i, *p, p != nil)

	q := new(int)
	fmt.Println(*q)
	*q += 5
	fmt.Println(*q)
}
