package main

import (
	"fmt"
	"sort"
	"strings"
)

const text = `It was the best of times, it was the worst of times, it was the age
of wisdom, it was the age of foolishness`

type wordCount struct {
	word  string
	count int
}

func main() {
	counts := map[string]int{}
	for _, w := range strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !(r >= 'a' && r <= 'z')
	}) {
		counts[w]++
	}
	var wcs []wordCount
	for w, c := range counts {
		wcs = append(wcs, wordCount{w, c})
	}
	sort.Slice(wcs, func(i, j int) bool {
		if wcs[i].count != wcs[j].count {
			return wcs[i].count > wcs[j].count
		}
		return wcs[i].word < wcs[j].word
	})
	for _, wc := range wcs[:5] {
		fmt.Printf("%-6s %d\n", wc.word, wc.count)
	}
}
