package bench

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// The native Go twins of programs/*.goro: the same algorithms, written as
// a Go programmer would, printing the same result.

func itoa(n int) string     { return strconv.Itoa(n) }
func ftoa(f float64) string { return strconv.FormatFloat(f, 'g', -1, 64) }

func fib(n int) int {
	if n < 2 {
		return n
	}
	return fib(n-1) + fib(n-2)
}

// scale sums fib(n) computed by w goroutines.
func scale(w, n int) int {
	results := make(chan int)
	for range w {
		go func() { results <- fib(n) }()
	}
	sum := 0
	for range w {
		sum += <-results
	}
	return sum
}

func loop(n int) int {
	sum := 0
	for i := 0; i < n; i++ {
		sum += i % 7
	}
	return sum
}

type node struct{ left, right *node }

func bottomUp(depth int) *node {
	if depth <= 0 {
		return &node{}
	}
	return &node{bottomUp(depth - 1), bottomUp(depth - 1)}
}

func (t *node) check() int {
	if t.left == nil {
		return 1
	}
	return 1 + t.left.check() + t.right.check()
}

const bintreesWant = `stretch tree of depth 17 	 check: 262143
65536 	 trees of depth 4 	 check: 2031616
16384 	 trees of depth 6 	 check: 2080768
4096 	 trees of depth 8 	 check: 2093056
1024 	 trees of depth 10 	 check: 2096128
256 	 trees of depth 12 	 check: 2096896
64 	 trees of depth 14 	 check: 2097088
16 	 trees of depth 16 	 check: 2097136
long lived tree of depth 16 	 check: 131071`

func bintrees(n int) string {
	var b strings.Builder
	maxDepth := max(6, n)
	stretch := maxDepth + 1
	fmt.Fprintln(&b, "stretch tree of depth", stretch, "\t check:", bottomUp(stretch).check())
	longLived := bottomUp(maxDepth)
	for depth := 4; depth <= maxDepth; depth += 2 {
		iterations := 1 << (maxDepth - depth + 4)
		total := 0
		for i := 0; i < iterations; i++ {
			total += bottomUp(depth).check()
		}
		fmt.Fprintln(&b, iterations, "\t trees of depth", depth, "\t check:", total)
	}
	fmt.Fprintln(&b, "long lived tree of depth", maxDepth, "\t check:", longLived.check())
	return strings.TrimSpace(b.String())
}

func spectralA(i, j int) float64 { return 1.0 / float64((i+j)*(i+j+1)/2+i+1) }

func spectral(n int) float64 {
	u := make([]float64, n)
	v := make([]float64, n)
	tmp := make([]float64, n)
	for i := range u {
		u[i] = 1
	}
	mulAv := func(v, av []float64) {
		for i := 0; i < n; i++ {
			s := 0.0
			for j := 0; j < n; j++ {
				s += spectralA(i, j) * v[j]
			}
			av[i] = s
		}
	}
	mulAtv := func(v, atv []float64) {
		for i := 0; i < n; i++ {
			s := 0.0
			for j := 0; j < n; j++ {
				s += spectralA(j, i) * v[j]
			}
			atv[i] = s
		}
	}
	for i := 0; i < 10; i++ {
		mulAv(u, tmp)
		mulAtv(tmp, v)
		mulAv(v, tmp)
		mulAtv(tmp, u)
	}
	var vBv, vv float64
	for i := 0; i < n; i++ {
		vBv += u[i] * v[i]
		vv += v[i] * v[i]
	}
	return math.Sqrt(vBv / vv)
}

func mapBench(n int) string {
	m := map[int]int{}
	for k := 0; k < n; k++ {
		m[k] = k * 2
	}
	sum := 0
	for k := 0; k < n; k++ {
		sum += m[k]
	}
	return fmt.Sprint(len(m), sum)
}

func strjoin(n int) int {
	var parts []string
	for i := 0; i < n; i++ {
		parts = append(parts, strconv.Itoa(i))
	}
	return len(strings.Join(parts, ""))
}

func sieve(n int) int {
	composite := make([]bool, 0)
	for i := 0; i <= n; i++ {
		composite = append(composite, false)
	}
	count := 0
	for i := 2; i <= n; i++ {
		if !composite[i] {
			count++
			for j := i * i; j <= n; j += i {
				composite[j] = true
			}
		}
	}
	return count
}

func pingpong(n int) int {
	ping, pong := make(chan int), make(chan int)
	go func() {
		for range n {
			pong <- (<-ping) + 1
		}
	}()
	v := 0
	for range n {
		ping <- v
		v = <-pong
	}
	return v
}

func threadring(ring, hops int) int {
	done := make(chan int)
	first := make(chan int)
	in := first
	for id := 1; id <= ring; id++ {
		out := first
		if id < ring {
			out = make(chan int)
		}
		go func(id int, in, out chan int) {
			for {
				t := <-in
				if t == 0 {
					done <- id
					return
				}
				out <- t - 1
			}
		}(id, in, out)
		in = out
	}
	first <- hops
	return <-done
}

func spawn(n int) int {
	results := make(chan int, 1024)
	go func() {
		for i := range n {
			go func() { results <- i }()
		}
	}()
	sum := 0
	for range n {
		sum += <-results
	}
	return sum
}

func primesieve(n int) int {
	generate := func(ch chan int) {
		for i := 2; ; i++ {
			ch <- i
		}
	}
	filter := func(in, out chan int, prime int) {
		for {
			i := <-in
			if i%prime != 0 {
				out <- i
			}
		}
	}
	ch := make(chan int)
	go generate(ch)
	prime := 0
	for i := 0; i < n; i++ {
		prime = <-ch
		next := make(chan int)
		go filter(ch, next, prime)
		ch = next
	}
	return prime
}

// parked blocks n goroutines each on its own channel, then releases them
// all; it returns how many finished.
func parked(n int) int {
	chans := make([]chan bool, 0, n)
	done := make(chan bool, 1024)
	for range n {
		c := make(chan bool)
		chans = append(chans, c)
		go func() {
			<-c
			done <- true
		}()
	}
	for _, c := range chans {
		close(c)
	}
	for range n {
		<-done
	}
	return n
}
