package main

import "fmt"

type Vertex struct {
	Lat, Long float64
}

var m = map[string]Vertex{
	"Bell Labs": {40.68433, -74.39967},
	"Google":    {37.42202, -122.08408},
}

func main() {
	fmt.Println(m["Bell Labs"])
	fmt.Println(m["Google"].Lat)
	v, ok := m["Nowhere"]
	fmt.Println(v, ok)
	m["Home"] = Vertex{1, 2}
	fmt.Println(len(m))
}
