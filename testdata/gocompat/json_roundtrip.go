package main

import (
	"encoding/json"
	"fmt"
)

type Item struct {
	Name  string   `json:"name"`
	Price float64  `json:"price"`
	Tags  []string `json:"tags,omitempty"`
}

func main() {
	items := []Item{{"apple", 1.5, []string{"fruit"}}, {"bread", 3, nil}}
	b, err := json.Marshal(items)
	if err != nil {
		panic(err)
	}
	fmt.Println(string(b))

	var back []Item
	if err := json.Unmarshal(b, &back); err != nil {
		panic(err)
	}
	fmt.Println(len(back), back[0].Name, back[1].Price)

	var generic map[string]any
	json.Unmarshal([]byte(`{"a": 1, "b": [true, null], "c": "x"}`), &generic)
	fmt.Println(generic["a"], generic["b"], generic["c"])
}
