package main

import (
	"fmt"
	"sync"
)

func worker(id int, out []int) {
	out[id-1] = id * id
}

func main() {
	var wg sync.WaitGroup
	out := make([]int, 5)

	for i := 1; i <= 5; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			worker(i, out)
		}()
	}

	wg.Wait()
	fmt.Println(out)
}
