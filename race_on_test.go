//go:build race

package goro_test

// raceEnabled: the race detector is on. Tests whose scripts race on
// purpose (torn reads) or whose children run under an address-space limit
// (the race runtime reserves far more than 4 GiB) skip themselves.
const raceEnabled = true
