package repl

import (
	"bytes"
	"fmt"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/google/pprof/profile"
)

// :profile EXPR and :trace EXPR run one input under the CPU profiler or
// the execution tracer (issue 12). Background goroutines of the session
// are profiled and traced too while the input runs: they share its
// scheduler.

// profileTop is how many functions :profile lists.
const profileTop = 15

func (r *repl) cmdProfile(arg string) (outcome, int) {
	if arg == "" {
		fmt.Fprintln(r.errw, "usage: :profile EXPR")
		return failed, 0
	}
	s := r.session()
	if err := s.StartCPUProfile(); err != nil {
		fmt.Fprintln(r.errw, "profile:", err)
		return failed, 0
	}
	start := time.Now()
	oc, code := r.eval(arg, "", false)
	elapsed := time.Since(start)
	var buf bytes.Buffer
	if err := s.StopCPUProfile(&buf); err != nil {
		fmt.Fprintln(r.errw, "profile:", err)
		return failed, 0
	}
	p, err := profile.Parse(&buf)
	if err != nil {
		fmt.Fprintln(r.errw, "profile:", err)
		return failed, 0
	}
	fmt.Fprint(r.out, formatTop(p, elapsed))
	return oc, code
}

// formatTop lists the functions with the most samples, as go tool pprof
// -top does: flat (samples with the function as the leaf), its share, the
// running sum, and cum (samples with the function anywhere on the stack).
func formatTop(p *profile.Profile, elapsed time.Duration) string {
	type row struct {
		name      string
		flat, cum int64
	}
	rows := map[string]*row{}
	get := func(n string) *row {
		if rows[n] == nil {
			rows[n] = &row{name: n}
		}
		return rows[n]
	}
	var total int64
	for _, s := range p.Sample {
		v := s.Value[0]
		total += v
		seen := map[string]bool{}
		for i, loc := range s.Location {
			for _, l := range loc.Line {
				n := l.Function.Name
				if i == 0 {
					get(n).flat += v
				}
				if !seen[n] {
					seen[n] = true
					get(n).cum += v
				}
			}
		}
	}
	var b strings.Builder
	period := time.Duration(p.Period)
	fmt.Fprintf(&b, "profile: %d samples (%v) in %v\n", total, time.Duration(total)*period, elapsed.Round(time.Millisecond))
	if total == 0 {
		b.WriteString("(no samples: the input ran for less than a sampling period, 10ms)\n")
		return b.String()
	}
	list := make([]*row, 0, len(rows))
	for _, r := range rows {
		list = append(list, r)
	}
	sort.Slice(list, func(i, j int) bool {
		if list[i].flat != list[j].flat {
			return list[i].flat > list[j].flat
		}
		if list[i].cum != list[j].cum {
			return list[i].cum > list[j].cum
		}
		return list[i].name < list[j].name
	})
	fmt.Fprintf(&b, "%8s %6s %6s %8s %6s\n", "flat", "flat%", "sum%", "cum", "cum%")
	var sum int64
	for i, r := range list {
		if i == profileTop {
			fmt.Fprintf(&b, "(%d more)\n", len(list)-profileTop)
			break
		}
		sum += r.flat
		fmt.Fprintf(&b, "%8v %5.1f%% %5.1f%% %8v %5.1f%%  %s\n",
			time.Duration(r.flat)*period, pct(r.flat, total), pct(sum, total),
			time.Duration(r.cum)*period, pct(r.cum, total), r.name)
	}
	return b.String()
}

func pct(a, b int64) float64 { return 100 * float64(a) / float64(b) }

func (r *repl) cmdTrace(arg string) (outcome, int) {
	if arg == "" {
		fmt.Fprintln(r.errw, "usage: :trace EXPR")
		return failed, 0
	}
	f, err := os.CreateTemp("", "goro-trace-*.json")
	if err != nil {
		fmt.Fprintln(r.errw, "trace:", err)
		return failed, 0
	}
	defer f.Close()
	s := r.session()
	if err := s.StartTrace(f, false); err != nil {
		fmt.Fprintln(r.errw, "trace:", err)
		return failed, 0
	}
	oc, code := r.eval(arg, "", false)
	if err := s.StopTrace(); err != nil {
		fmt.Fprintln(r.errw, "trace:", err)
		return failed, 0
	}
	fmt.Fprintf(r.out, "trace written to %s (goro trace %s draws it; Perfetto opens it)\n", f.Name(), f.Name())
	return oc, code
}
