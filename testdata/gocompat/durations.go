package main

import (
	"fmt"
	"time"
)

func main() {
	d := 1500 * time.Millisecond
	fmt.Println(d)
	fmt.Println(d.Seconds(), d.Milliseconds())
	fmt.Println(2*time.Hour + 30*time.Minute)
	fmt.Println(time.Duration(120) * time.Millisecond)
	timeout := 120 * time.Millisecond
	fmt.Printf("timeout after %v\n", timeout)
	fmt.Println(time.Duration(0), 3*time.Microsecond, time.Duration(42))
	d2, err := time.ParseDuration("1h15m30.5s")
	fmt.Println(d2, err, d2.Minutes())
	fmt.Println(d.Round(time.Second), d.Truncate(time.Second))
}
