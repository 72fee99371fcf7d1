package main

import "fmt"

type Stack[T any] struct {
	items []T
}

func (s *Stack[T]) Push(v T) { s.items = append(s.items, v) }

func (s *Stack[T]) Pop() (T, bool) {
	var zero T
	if len(s.items) == 0 {
		return zero, false
	}
	v := s.items[len(s.items)-1]
	s.items = s.items[:len(s.items)-1]
	return v, true
}

func (s *Stack[T]) Len() int { return len(s.items) }

func main() {
	var s Stack[string]
	s.Push("a")
	s.Push("b")
	s.Push("c")
	for s.Len() > 0 {
		v, _ := s.Pop()
		fmt.Println(v)
	}
	v, ok := s.Pop()
	fmt.Printf("%q %v\n", v, ok)

	queue := []int{1, 2, 3}
	for len(queue) > 0 {
		x := queue[0]
		queue = queue[1:]
		if x < 3 {
			queue = append(queue, x+10)
		}
		fmt.Print(x, " ")
	}
	fmt.Println()
}
