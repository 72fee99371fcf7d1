package main

import (
	"fmt"
	"maps"
	"slices"
)

func main() {
	s := []int{3, 1, 4, 1, 5, 9, 2, 6}
	fmt.Println(slices.Contains(s, 9), slices.Index(s, 4), slices.Max(s), slices.Min(s))
	s2 := slices.Clone(s)
	slices.Sort(s2)
	fmt.Println(s2, s)
	slices.Reverse(s2)
	fmt.Println(s2)
	fmt.Println(slices.Compact([]int{1, 1, 2, 2, 2, 3}))
	i, found := slices.BinarySearch([]int{1, 3, 5}, 3)
	fmt.Println(i, found)

	m := map[string]int{"b": 2, "a": 1, "c": 3}
	keys := slices.Sorted(maps.Keys(m))
	fmt.Println(keys)
	vals := slices.Collect(maps.Values(m))
	slices.Sort(vals)
	fmt.Println(vals)
	m2 := maps.Clone(m)
	delete(m2, "a")
	fmt.Println(len(m), len(m2), maps.Equal(m, m2))
}
