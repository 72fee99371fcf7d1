package main

import (
	"fmt"
	"os"
)

func main() {
	defer fmt.Println("!")
	fmt.Println("exiting")
	os.Exit(3)
}
