package main

import (
	"bufio"
	"fmt"
	"strings"
)

const input = `alpha 1
beta 22
gamma 333

delta 4`

func main() {
	sc := bufio.NewScanner(strings.NewReader(input))
	n := 0
	for sc.Scan() {
		line := sc.Text()
		if line == "" {
			continue
		}
		n++
		fields := strings.Fields(line)
		fmt.Printf("%d: %s has %d chars\n", n, fields[0], len(fields[1]))
	}
	if err := sc.Err(); err != nil {
		fmt.Println(err)
	}

	ws := bufio.NewScanner(strings.NewReader("the quick  brown\nfox"))
	ws.Split(bufio.ScanWords)
	count := 0
	for ws.Scan() {
		count++
	}
	fmt.Println("words:", count)
}
