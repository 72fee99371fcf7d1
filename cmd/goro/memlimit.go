package main

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
	"strings"
)

// defaultMaxMemory is the goro command's memory limit for a run when
// -maxmemory is not given: a quarter of the least of the machine's
// limits on this process (its cgroup's memory limit, its address-space
// limit, the physical memory), so that a runaway script ends with Goro's
// own "fatal error: out of memory" and exit status 2 before Go's heap
// (which may reach twice the live bytes between collections, plus the
// temporary copies a growing value makes) meets the machine's limit. 0
// when none is known: no limit.
func defaultMaxMemory() int64 {
	least := int64(0)
	consider := func(n int64) {
		if n > 0 && (least == 0 || n < least) {
			least = n
		}
	}
	consider(cgroupMemoryLimit())
	consider(addressSpaceLimit())
	consider(physicalMemory())
	return least / 4
}

// cgroupMemoryLimit reads the cgroup (v2, else v1) memory limit of this
// process; 0 when there is none.
func cgroupMemoryLimit() int64 {
	for _, path := range []string{"/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"} {
		b, err := os.ReadFile(path)
		if err != nil {
			continue
		}
		s := strings.TrimSpace(string(b))
		if n, err := strconv.ParseInt(s, 10, 64); err == nil && n > 0 && n < 1<<62 {
			return n
		}
	}
	return 0
}

// physicalMemory reads MemTotal from /proc/meminfo; 0 when unknown.
func physicalMemory() int64 {
	f, err := os.Open("/proc/meminfo")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "MemTotal:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
			if err == nil {
				return kb << 10
			}
		}
	}
	return 0
}

// byteSize is a flag value of bytes: 67108864, 64MiB, 64M, 1.5GiB, 0
// (the machine's default), -1 (no limit).
type byteSize struct {
	n   int64
	set bool
}

func (b *byteSize) String() string {
	if b == nil || !b.set {
		return "machine default"
	}
	return strconv.FormatInt(b.n, 10)
}

func (b *byteSize) Set(s string) error {
	n, err := parseBytes(s)
	if err != nil {
		return err
	}
	b.n, b.set = n, true
	return nil
}

func parseBytes(s string) (int64, error) {
	t := strings.TrimSpace(s)
	mult := int64(1)
	for _, u := range []struct {
		suffix string
		m      int64
	}{{"KiB", 1 << 10}, {"MiB", 1 << 20}, {"GiB", 1 << 30}, {"TiB", 1 << 40}, {"KB", 1e3}, {"MB", 1e6}, {"GB", 1e9}, {"K", 1 << 10}, {"M", 1 << 20}, {"G", 1 << 30}, {"B", 1}} {
		if rest, ok := strings.CutSuffix(t, u.suffix); ok {
			t, mult = strings.TrimSpace(rest), u.m
			break
		}
	}
	f, err := strconv.ParseFloat(t, 64)
	if err != nil || f != f || f*float64(mult) >= 1<<62 {
		return 0, fmt.Errorf("invalid size %q (want bytes, e.g. 512MiB)", s)
	}
	return int64(f * float64(mult)), nil
}
