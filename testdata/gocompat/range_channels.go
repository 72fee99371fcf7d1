package main

import "fmt"

func main() {
	queue := make(chan string, 2)
	queue <- "one"
	queue <- "two"
	close(queue)

	for elem := range queue {
		fmt.Println(elem)
	}

	nums := make(chan int)
	go func() {
		defer close(nums)
		for i := range 5 {
			nums <- i * i
		}
	}()
	total := 0
	for n := range nums {
		total += n
	}
	fmt.Println(total)
}
