package main

import "fmt"

func bubbleSort(a []int) {
	n := len(a)
	for i := 0; i < n; i++ {
		swapped := false
		for j := 0; j < n-1-i; j++ {
			if a[j] > a[j+1] {
				a[j], a[j+1] = a[j+1], a[j]
				swapped = true
			}
		}
		if !swapped {
			break
		}
	}
}

func binarySearch(a []int, x int) int {
	lo, hi := 0, len(a)-1
	for lo <= hi {
		mid := lo + (hi-lo)/2
		switch {
		case a[mid] == x:
			return mid
		case a[mid] < x:
			lo = mid + 1
		default:
			hi = mid - 1
		}
	}
	return -1
}

func main() {
	a := []int{5, 2, 9, 1, 5, 6, 0, -3}
	bubbleSort(a)
	fmt.Println(a)
	fmt.Println(binarySearch(a, 6), binarySearch(a, 7))
}
