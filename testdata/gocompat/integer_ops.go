package main

import (
	"fmt"
	"math"
)

func main() {
	var u8 uint8 = 250
	u8 += 10
	fmt.Println(u8)

	var i8 int8 = 127
	i8++
	fmt.Println(i8)

	var u uint32 = 0
	u--
	fmt.Println(u)

	fmt.Println(math.MaxInt64, math.MinInt64)
	x := math.MaxInt64
	x++
	fmt.Println(x == math.MinInt64)

	fmt.Println(7/2, -7/2, 7%3, -7%3)
	fmt.Println(1<<10, 0xff>>4, 6&3, 6|3, 6^3, 6&^3)
	big, neg := 300, -200
	fmt.Println(uint8(big), int8(neg), uint16(big*1000))
	var b byte = 'A'
	fmt.Println(b, string(b))
}
