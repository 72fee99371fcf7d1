package main

import (
	"fmt"
	"slices"
	"sort"
)

func main() {
	strs := []string{"c", "a", "b"}
	slices.Sort(strs)
	fmt.Println("Strings:", strs)

	ints := []int{7, 2, 4}
	slices.Sort(ints)
	fmt.Println("Ints:   ", ints)

	s := slices.IsSorted(ints)
	fmt.Println("Sorted: ", s)

	fl := []float64{2.5, -1, 3}
	sort.Float64s(fl)
	fmt.Println(fl)

	words := []string{"pear", "fig", "banana"}
	sort.Strings(words)
	fmt.Println(words)
}
