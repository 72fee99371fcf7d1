package main

import (
	"fmt"
	"unicode/utf8"
)

func main() {
	const s = "สวัสดี"

	fmt.Println("Len:", len(s))
	fmt.Println("Rune count:", utf8.RuneCountInString(s))

	for idx, runeValue := range s {
		fmt.Printf("%#U starts at %d\n", runeValue, idx)
	}

	b := []byte("abc")
	fmt.Println(b, string(b))
	r := []rune("héllo")
	fmt.Println(len(r), string(r[1]))
	fmt.Println(string(rune(65)))
}
