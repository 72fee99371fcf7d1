package main

import (
	"fmt"
	"math"
)

func main() {
	fmt.Println(0.1+0.2, 1.0/3.0)
	fmt.Println(math.Floor(2.7), math.Ceil(2.1), math.Round(2.5), math.Trunc(-2.7))
	fmt.Println(math.Inf(1), math.Inf(-1), math.NaN())
	fmt.Println(math.IsNaN(math.NaN()), math.MaxFloat64 > 1e300)
	var f float64 = 3
	fmt.Println(f, f/2, float32(0.1))
	g := 3.99
	fmt.Println(int(g), int(-g))
	fmt.Printf("%.2f %8.3f %g %v\n", math.Pi, math.E, 1e21, 1e20)
	fmt.Println(100000000.0, 1e6, 123456789.0, 0.000001)
}
