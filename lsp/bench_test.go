package lsp_test

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"
)

// typicalAppSpec is the size of most real appspec files.
const typicalAppSpec = `# v0
version: 0.0
os: linux
files:
  - source: /
    destination: /var/www/app
permissions:
  - object: /var/www/app
    owner: www-data
    group: www-data
    mode: 755
    type:
      - directory
hooks:
  BeforeInstall:
    - location: scripts/stop.sh
      timeout: 300
      runas: root
  AfterInstall:
    - location: scripts/install.sh
      timeout: 600
  ApplicationStart:
    - location: scripts/start.sh
  ValidateService:
    - location: scripts/check.sh
      timeout: 120
`

// bigAppSpec is about 5,000 lines.
func bigAppSpec() string {
	var b strings.Builder
	b.WriteString("# v0\nversion: 0.0\nos: linux\nfiles:\n")
	for i := 0; b.Len() < 1 || strings.Count(b.String(), "\n") < 5000; i++ {
		fmt.Fprintf(&b, "  - source: build/part%d\n    destination: /opt/app/part%d\n", i, i)
	}
	return b.String()
}

func BenchmarkDidChangeTypical(b *testing.B) { benchmarkDidChange(b, typicalAppSpec) }

func BenchmarkDidChange5000Lines(b *testing.B) { benchmarkDidChange(b, bigAppSpec()) }

// benchmarkDidChange measures one keystroke: an incremental didChange (a
// digit in the first line's comment) until its publishDiagnostics arrives,
// over the real binary's pipes. It reports the median and p99 as well.
func benchmarkDidChange(b *testing.B, text string) {
	c := start(b)
	c.initialize(nil, nil)
	uri := "file://" + b.TempDir() + "/appspec.yml"
	c.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{
		"uri": uri, "languageId": "yaml", "version": 1, "text": text}})
	want := len(c.diagnostics(uri, 1))
	times := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		v := i + 2
		t0 := time.Now()
		c.notify("textDocument/didChange", map[string]any{
			"textDocument":   map[string]any{"uri": uri, "version": v},
			"contentChanges": []map[string]any{{"range": rng(0, 3, 0, 4), "text": strconv.Itoa(v % 10)}},
		})
		if got := len(c.diagnostics(uri, v)); got != want {
			b.Fatalf("version %d: %d diagnostics, want %d", v, got, want)
		}
		times = append(times, time.Since(t0))
	}
	b.StopTimer()
	sort.Slice(times, func(i, j int) bool { return times[i] < times[j] })
	b.ReportMetric(float64(times[len(times)/2].Microseconds()), "p50-µs")
	b.ReportMetric(float64(times[len(times)*99/100].Microseconds()), "p99-µs")
}
