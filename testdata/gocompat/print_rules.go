package main

import "fmt"

type T struct {
	A int
	B string
	C []int
	D map[string]int
	E *int
}

func main() {
	fmt.Print("a", "b", 1, 2, "c", 3.5, "\n")
	fmt.Println("a", "b", 1, 2)
	s := fmt.Sprint(1, 2, "x", 3, 4)
	fmt.Println(s)
	var ip *int
	var m map[string]int
	var sl []int
	var e error
	var a any
	fmt.Println(ip, m, sl, e, a)
	fmt.Printf("%v %v %v %v\n", ip, m, sl, e)
	fmt.Printf("%+v\n", T{A: 1, B: "x"})
	fmt.Println(T{C: []int{1}, D: map[string]int{"b": 2, "a": 1}})
	fmt.Printf("%d %s %v %x %X %o %08b\n", 42, "str", []string{"a", "b"}, 255, 255, 8, 5)
	fmt.Printf("%5.1f|%-5d|%05d|%+d\n", 3.14159, 42, 42, 42)
	fmt.Printf("%t %v\n", true, nil)
	fmt.Printf("%c%c %U\n", 'G', 'o', 'G')
	fmt.Printf("%v %d\n", []byte("hi"), []byte("hi"))
	fmt.Printf("%s %q %v\n", []string{"a"}, []string{"a"}, [2]bool{true})
	fmt.Printf("%%d %d\n", 1)
}
