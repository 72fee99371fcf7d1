package main

import "fmt"

func classify(i int) string {
	switch {
	case i < 0:
		return "negative"
	case i == 0:
		return "zero"
	case i < 10:
		return "small"
	default:
		return "large"
	}
}

func main() {
	i := 2
	fmt.Print("Write ", i, " as ")
	switch i {
	case 1:
		fmt.Println("one")
	case 2:
		fmt.Println("two")
	case 3:
		fmt.Println("three")
	}

	switch day := 6; day {
	case 6, 7:
		fmt.Println("It's the weekend")
	default:
		fmt.Println("It's a weekday")
	}

	for _, n := range []int{-5, 0, 3, 42} {
		fmt.Println(n, classify(n))
	}

	switch x := 5; {
	case x > 3:
		fmt.Println("big")
		fallthrough
	case x > 1:
		fmt.Println("medium")
	default:
		fmt.Println("small")
	}
}
