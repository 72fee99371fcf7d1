package main

import "fmt"

type Point struct {
	X, Y int
}

func (p Point) Add(q Point) Point { return Point{p.X + q.X, p.Y + q.Y} }

func main() {
	a := Point{1, 2}
	b := Point{1, 2}
	c := Point{2, 1}
	fmt.Println(a == b, a == c, a != c)

	visited := map[Point]bool{}
	visited[a] = true
	fmt.Println(visited[b], visited[c])

	d := a
	d.X = 100
	fmt.Println(a, d)

	pts := []Point{{0, 0}, {1, 1}}
	pts[1].X = 5
	fmt.Println(pts)
	fmt.Println(a.Add(c))

	arr := [3]int{1, 2, 3}
	arr2 := arr
	arr2[0] = 9
	fmt.Println(arr, arr2, arr == [3]int{1, 2, 3})
}
