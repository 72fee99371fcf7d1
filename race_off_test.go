//go:build !race

package goro_test

const raceEnabled = false
