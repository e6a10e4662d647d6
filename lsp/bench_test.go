package lsp_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/appspec-lint/appspec-lint/lint"
	"github.com/appspec-lint/appspec-lint/lsp"
	"github.com/appspec-lint/appspec-lint/rules"
)

// typicalAppSpec is the size and shape of most real appspec files, shared
// by the rules and lsp benchmarks.
var typicalAppSpec = func() string {
	b, err := os.ReadFile("../testdata/bench/typical.yml")
	if err != nil {
		panic(err)
	}
	return string(b)
}()

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

// BenchmarkDidChange5000LinesClean is the same file in a revision that has
// every source it names, so the keystroke costs the lint of 5,000 lines and
// an empty publish. BenchmarkDidChange5000Lines, in an empty revision,
// carries 2,498 findings (every source missing): there, encoding the 1 MB
// notification (jsonrpc2 marshals the params, then compacts them twice)
// costs about as much as the lint.
func BenchmarkDidChange5000LinesClean(b *testing.B) {
	dir := b.TempDir()
	text := bigAppSpec()
	for i := 0; ; i++ {
		if !strings.Contains(text, fmt.Sprintf("build/part%d\n", i)) {
			break
		}
		if err := os.MkdirAll(filepath.Join(dir, "build"), 0o755); err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "build", fmt.Sprintf("part%d", i)), nil, 0o644); err != nil {
			b.Fatal(err)
		}
	}
	benchmarkDidChangeIn(b, start(b), dir, text)
}

// BenchmarkDidChange5000LinesInProcess is the same keystroke with the server
// in this process, so that -cpuprofile and -memprofile see the server's side
// (go test ./lsp -run '^$' -bench InProcess -cpuprofile cpu.out).
func BenchmarkDidChange5000LinesInProcess(b *testing.B) {
	inR, inW := io.Pipe()
	outR, outW := io.Pipe()
	c := newClient(b, inW)
	done := make(chan struct{})
	go func() {
		defer close(done)
		lsp.Serve(context.Background(), inR, outW, lsp.Options{
			Linter: lint.New(rules.All()), Log: log.New(io.Discard, "", 0)})
		outW.Close()
	}()
	go c.read(bufio.NewReader(outR))
	benchmarkDidChangeClient(b, c, bigAppSpec())
	b.Cleanup(func() {
		inW.Close()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			b.Errorf("the server did not stop when its input closed")
		}
	})
}

// benchmarkDidChange measures one keystroke: an incremental didChange (a
// digit in the first line's comment) until its publishDiagnostics arrives,
// over the real binary's pipes. It reports the median and p99 as well.
func benchmarkDidChange(b *testing.B, text string) {
	benchmarkDidChangeClient(b, start(b), text)
}

// benchmarkDidChangeClient measures didChange to publishDiagnostics on a
// started server.
func benchmarkDidChangeClient(b *testing.B, c *client, text string) {
	benchmarkDidChangeIn(b, c, b.TempDir(), text)
}

// benchmarkDidChangeIn is benchmarkDidChangeClient with the appspec in dir,
// its revision.
func benchmarkDidChangeIn(b *testing.B, c *client, dir, text string) {
	c.initialize(nil, nil)
	uri := "file://" + dir + "/appspec.yml"
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
	b.ReportMetric(float64(want), "diagnostics")
}

// BenchmarkMemory100Docs opens 100 typical appspec files (the valid examples
// in ../testdata/ok, each in its own folder on disk, so each is linted with
// its revision) in one server and reports the server process's resident
// memory once every document's diagnostics have arrived. Each iteration
// starts a fresh server.
func BenchmarkMemory100Docs(b *testing.B) {
	if runtime.GOOS != "linux" {
		b.Skip("reads /proc/<pid>/status")
	}
	texts := typicalTexts(b, 100)
	dir := b.TempDir()
	uris := make([]string, len(texts))
	for i, text := range texts {
		d := filepath.Join(dir, fmt.Sprintf("app%03d", i))
		if err := os.Mkdir(d, 0o755); err != nil {
			b.Fatal(err)
		}
		p := filepath.Join(d, "appspec.yml")
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			b.Fatal(err)
		}
		uris[i] = (&url.URL{Scheme: "file", Path: filepath.ToSlash(p)}).String()
	}
	var total float64
	for n := 0; n < b.N; n++ {
		c := start(b)
		c.initialize(nil, nil)
		for i, uri := range uris {
			c.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{
				"uri": uri, "languageId": "yaml", "version": 1, "text": texts[i]}})
		}
		c.allDiagnostics(uris)
		total += rssMB(b, c.pid)
		c.call("shutdown", nil)
		if code := c.exit(); code != 0 {
			b.Fatalf("exit status %d", code)
		}
	}
	b.ReportMetric(total/float64(b.N), "MB-RSS")
}

// allDiagnostics waits until diagnostics for every uri have arrived, in any
// order.
func (c *client) allDiagnostics(uris []string) {
	c.t.Helper()
	want := map[string]bool{}
	for _, u := range uris {
		want[u] = true
	}
	deadline := time.After(30 * time.Second)
	for len(want) > 0 {
		select {
		case m := <-c.notifs:
			if m.Method != "textDocument/publishDiagnostics" {
				continue
			}
			var p publishParams
			if err := json.Unmarshal(m.Params, &p); err != nil {
				c.t.Fatal(err)
			}
			delete(want, p.URI)
		case <-deadline:
			c.t.Fatalf("no diagnostics for %d documents", len(want))
		}
	}
}

// typicalTexts returns n appspec files: the YAML examples in ../testdata/ok,
// in name order, repeated as needed.
func typicalTexts(b *testing.B, n int) []string {
	paths, err := filepath.Glob("../testdata/ok/*.yml")
	if err != nil || len(paths) == 0 {
		b.Fatalf("no examples in ../testdata/ok: %v", err)
	}
	sort.Strings(paths)
	out := make([]string, 0, n)
	for i := 0; len(out) < n; i++ {
		text, err := os.ReadFile(paths[i%len(paths)])
		if err != nil {
			b.Fatal(err)
		}
		out = append(out, string(text))
	}
	return out
}

// rssMB reads a process's resident set size (VmRSS) in MB.
func rssMB(b *testing.B, pid int) float64 {
	status, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		b.Fatal(err)
	}
	for _, line := range strings.Split(string(status), "\n") {
		if v, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			kb, err := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(v), " kB"))
			if err != nil {
				b.Fatalf("VmRSS %q: %v", v, err)
			}
			return float64(kb) / 1024
		}
	}
	b.Fatal("no VmRSS in /proc/<pid>/status")
	return 0
}
