package main

import (
	"fmt"
	"sync"
)

func f(from string, wg *sync.WaitGroup) {
	defer wg.Done()
	fmt.Println(from, ":", 0)
}

func main() {
	var wg sync.WaitGroup
	wg.Add(1)
	f("direct", &wg)
	wg.Add(1)
	go f("goroutine", &wg)
	wg.Wait()

	done := make(chan bool)
	go func(msg string) {
		fmt.Println(msg)
		done <- true
	}("going")
	<-done
	fmt.Println("done")
}
