package main

import (
	"fmt"
	"sync"
)

type readOp struct {
	key  int
	resp chan int
}
type writeOp struct {
	key  int
	val  int
	resp chan bool
}

func main() {
	reads := make(chan readOp)
	writes := make(chan writeOp)

	go func() {
		var state = make(map[int]int)
		for {
			select {
			case read := <-reads:
				read.resp <- state[read.key]
			case write := <-writes:
				state[write.key] = write.val
				write.resp <- true
			}
		}
	}()

	var wg sync.WaitGroup
	for w := 0; w < 10; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			write := writeOp{key: w, val: w * 10, resp: make(chan bool)}
			writes <- write
			<-write.resp
		}(w)
	}
	wg.Wait()

	sum := 0
	for k := 0; k < 10; k++ {
		read := readOp{key: k, resp: make(chan int)}
		reads <- read
		sum += <-read.resp
	}
	fmt.Println("sum:", sum)
}
