package main

import (
	"fmt"
	"time"
)

func main() {
	ticker := time.NewTicker(10 * time.Millisecond)
	defer ticker.Stop()
	start := time.Now()
	ticks := 0
	for range ticker.C {
		ticks++
		if ticks == 5 {
			break
		}
	}
	fmt.Println("ticks:", ticks, time.Since(start) >= 40*time.Millisecond)

	done := make(chan bool)
	t2 := time.NewTicker(5 * time.Millisecond)
	go func() {
		n := 0
		for {
			select {
			case <-done:
				fmt.Println("stopped after at least 3:", n >= 3)
				done <- true
				return
			case <-t2.C:
				n++
				if n == 3 {
					t2.Stop()
					done <- false
				}
			}
		}
	}()
	<-done
	done <- true
	<-done
}
