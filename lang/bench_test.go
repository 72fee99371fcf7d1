package lang

import (
	"fmt"
	"strings"
	"testing"
)

// benchTemplate is one function of the generated benchmark file: every
// statement form, closures started with go, select, switch with
// fallthrough, a labeled break, list and map literals, slices and method
// calls. %d is replaced by the function's number.
const benchTemplate = `
// worker%[1]d exercises most of the grammar.
func worker%[1]d(jobs, results, n, rest...) {
	total := 0
	names := ["a", "b", "c", "d"]
	ages := {"ann": 31, "bob": 42, "cy": 27}
	for i := 0; i < n; i++ {
		total += i * 2
		if i%%3 == 0 {
			continue
		} else if i%%5 == 0 {
			total -= 1
		} else {
			total++
		}
	}
	for k, v := range ages {
		println(k, v, names[1:3], names[:2], names[2:])
	}
	go func(x, y) {
		results <- x + y*2 - (x & ^y) << 1
	}(total, len(names))
outer:
	for _, job := range jobs {
		select {
		case v, ok := <-job.ch:
			if !ok {
				break outer
			}
			total += v
		case results <- total:
			total = 0
		default:
		}
		switch job.kind {
		case "add", "plus":
			total += job.n
			fallthrough
		case "sub":
			total -= 1
		default:
			println("unknown", job.kind)
		}
	}
	s := strings.ToUpper(fmt.Sprintf("%%d-%%v", total, names))
	defer println("done", s, rest...)
	return total, s == "" || total > 10 && !false
}
`

// genBench returns a generated file of about lines lines.
func genBench(lines int) []byte {
	var b strings.Builder
	b.WriteString("import \"fmt\"\nimport \"strings\"\n")
	perFunc := strings.Count(benchTemplate, "\n")
	for i := 0; i*perFunc < lines; i++ {
		fmt.Fprintf(&b, benchTemplate, i)
	}
	b.WriteString("println(worker0([], chan(), 3))\n")
	return []byte(b.String())
}

func TestBenchFileParses(t *testing.T) {
	src := genBench(500)
	if _, err := Parse("bench.goro", src); err != nil {
		t.Fatal(err.(*Error).Format())
	}
}

// BenchmarkParse parses a generated file of about 10,000 lines.
func BenchmarkParse(b *testing.B) {
	src := genBench(10000)
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse("bench.goro", src); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(strings.Count(string(src), "\n")), "lines")
}
