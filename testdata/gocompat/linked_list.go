package main

import (
	"fmt"
	"strings"
)

type Node struct {
	Val  int
	Next *Node
}

type LinkedList struct {
	Head *Node
	Len  int
}

func (l *LinkedList) PushFront(v int) {
	l.Head = &Node{Val: v, Next: l.Head}
	l.Len++
}

func (l *LinkedList) Reverse() {
	var prev *Node
	cur := l.Head
	for cur != nil {
		next := cur.Next
		cur.Next = prev
		prev = cur
		cur = next
	}
	l.Head = prev
}

func (l LinkedList) String() string {
	var sb strings.Builder
	sb.WriteString("[")
	for n := l.Head; n != nil; n = n.Next {
		if n != l.Head {
			sb.WriteString(" -> ")
		}
		fmt.Fprintf(&sb, "%d", n.Val)
	}
	sb.WriteString("]")
	return sb.String()
}

func main() {
	var l LinkedList
	for i := 1; i <= 5; i++ {
		l.PushFront(i)
	}
	fmt.Println(l, l.Len)
	l.Reverse()
	fmt.Println(l)
}
