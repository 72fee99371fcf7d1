package main

import (
	"fmt"
	"time"
)

func main() {
	t := time.Date(2009, time.November, 10, 23, 4, 5, 0, time.UTC)
	fmt.Println(t)
	fmt.Println(t.Year(), t.Month(), t.Day(), t.Weekday())
	fmt.Println(t.Format("2006-01-02 15:04:05"))
	fmt.Println(t.Format(time.RFC3339))
	fmt.Println(t.Format("Jan 2, 2006 at 3:04pm (MST)"))
	later := t.Add(36 * time.Hour)
	fmt.Println(later.Format(time.DateOnly), later.Sub(t), later.After(t))
	p, err := time.Parse("2006-01-02", "2024-02-29")
	fmt.Println(p.YearDay(), err)
	_, err = time.Parse("2006-01-02", "2024-13-01")
	fmt.Println(err)
	fmt.Println(t.Unix(), t.Truncate(time.Hour).Format(time.Kitchen))
}
