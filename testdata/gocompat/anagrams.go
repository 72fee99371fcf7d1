package main

import (
	"fmt"
	"sort"
	"strings"
)

func key(w string) string {
	r := strings.Split(w, "")
	sort.Strings(r)
	return strings.Join(r, "")
}

func main() {
	words := []string{"listen", "silent", "enlist", "google", "gooegl", "cat", "act", "dog"}
	groups := map[string][]string{}
	for _, w := range words {
		k := key(w)
		groups[k] = append(groups[k], w)
	}
	keys := make([]string, 0, len(groups))
	for k := range groups {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		fmt.Println(k, groups[k])
	}
}
