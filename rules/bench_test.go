package rules_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	yaml "go.yaml.in/yaml/v4"

	"github.com/appspec-lint/appspec-lint/lint"
	"github.com/appspec-lint/appspec-lint/rules"
)

// The benchmarks come in pairs: BenchmarkLintX lints some files with every
// rule, BenchmarkFloorX decodes the same bytes into a yaml.Node with
// go.yaml.in/yaml/v4 and nothing else. The floor is what any YAML tool pays
// to read the files; the design's goal is lint ≤ 1.5 × floor on the corpus.
// YAML is a superset of JSON and the agent reads appspec.json with a YAML
// loader too, so the .json files of the corpus get the same YAML floor
// (BenchmarkFloorCorpusEncodingJSON shows the lower encoding/json figure for
// the JSON files alone, for comparison). BenchmarkRatio runs lint and floor
// interleaved in one loop, so both see the same machine load, and reports
// lint/floor as "x-floor": the number to read on a busy machine.

// typicalAppSpec is the size and shape of most real appspec files, shared
// by the rules and lsp benchmarks.
var typicalAppSpec = func() string {
	b, err := os.ReadFile("../testdata/bench/typical.yml")
	if err != nil {
		panic(err)
	}
	return string(b)
}()

// benchFile is one input: the name it is linted under and its bytes.
type benchFile struct {
	name string
	src  []byte
}

func typicalFiles() []benchFile {
	return []benchFile{{"appspec.yml", []byte(typicalAppSpec)}}
}

// bigFiles is one file of about 5,000 lines (the same generator as
// lsp/bench_test.go: a files section that grows), plus hooks so that
// every section's rules have work.
func bigFiles() []benchFile {
	var b strings.Builder
	b.WriteString("# v0\nversion: 0.0\nos: linux\nhooks:\n")
	for _, ev := range []string{"BeforeInstall", "AfterInstall", "ApplicationStart", "ValidateService"} {
		fmt.Fprintf(&b, "  %s:\n    - location: scripts/%s.sh\n      timeout: 300\n", ev, strings.ToLower(ev))
	}
	b.WriteString("files:\n")
	for i, lines := 0, strings.Count(b.String(), "\n"); lines < 5000; i, lines = i+1, lines+2 {
		fmt.Fprintf(&b, "  - source: build/part%d\n    destination: /opt/app/part%d\n", i, i)
	}
	return []benchFile{{"appspec.yml", []byte(b.String())}}
}

// corpusFiles is every appspec file of the real corpus, each under its real
// base name as in TestCorpus; ext filters by extension when not empty.
func corpusFiles(b testing.TB, ext string) []benchFile {
	if fs, ok := corpusCache[ext]; ok {
		return fs
	}
	fs := readCorpus(b, ext)
	corpusCache[ext] = fs
	return fs
}

// corpusCache keeps what corpusFiles read: a benchmark function runs several
// times, and reading is not what it measures.
var corpusCache = map[string][]benchFile{}

func readCorpus(b testing.TB, ext string) []benchFile {
	paths, _ := filepath.Glob(filepath.Join(corpusDir, "*"))
	sort.Strings(paths)
	var names map[string]string
	var out []benchFile
	for _, p := range paths {
		e := strings.ToLower(filepath.Ext(p))
		if e != ".yml" && e != ".yaml" && e != ".json" || ext != "" && e != ext {
			continue
		}
		if names == nil {
			names = corpusSources(b)
		}
		src, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		name := names[filepath.Base(p)]
		if name == "" {
			name = "appspec" + filepath.Ext(p)
		}
		out = append(out, benchFile{name, src})
	}
	if len(out) == 0 {
		b.Skipf("no corpus at %s (it is in shared/ beside the project root)", corpusDir)
	}
	return out
}

func totalBytes(fs []benchFile) int64 {
	n := 0
	for _, f := range fs {
		n += len(f.src)
	}
	return int64(n)
}

var benchLinter = lint.New(rules.All())

// lintAll lints each file as the CLI does for a file without a revision,
// which keeps the findings and releases the tree for the next file.
func lintAll(fs []benchFile) int { return lintAllWith(benchLinter, fs) }

// lintAllWith is lintAll with another linter (no rule, some rules).
func lintAllWith(l *lint.Linter, fs []benchFile) int {
	n := 0
	for _, f := range fs {
		doc, ds := l.LintBytes(f.name, f.src, nil)
		doc.ReleaseTree()
		n += len(ds)
	}
	return n
}

// floorAll decodes each file into a yaml.Node and does nothing with it.
func floorAll(b testing.TB, fs []benchFile) {
	for _, f := range fs {
		var n yaml.Node
		// An error is a result too (the corpus has broken files): the
		// decoder did its work up to the error, as the linter does.
		_ = yaml.Unmarshal(f.src, &n)
	}
}

func benchLint(b *testing.B, fs []benchFile) {
	b.SetBytes(totalBytes(fs))
	b.ReportAllocs()
	lintAll(fs) // warm: lazily built tables are not what a lint costs
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		lintAll(fs)
	}
}

func benchFloor(b *testing.B, fs []benchFile) {
	b.SetBytes(totalBytes(fs))
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		floorAll(b, fs)
	}
}

func BenchmarkLintTypical(b *testing.B)   { benchLint(b, typicalFiles()) }
func BenchmarkFloorTypical(b *testing.B)  { benchFloor(b, typicalFiles()) }
func BenchmarkLintCorpus(b *testing.B)    { benchLint(b, corpusFiles(b, "")) }
func BenchmarkFloorCorpus(b *testing.B)   { benchFloor(b, corpusFiles(b, "")) }
func BenchmarkLint5000Lines(b *testing.B) { benchLint(b, bigFiles()) }
func BenchmarkFloor5000Lines(b *testing.B) {
	benchFloor(b, bigFiles())
}

// BenchmarkFloorCorpusEncodingJSON is the .json files of the corpus decoded
// with encoding/json into an any: a lower floor than YAML's, given for
// comparison with BenchmarkLintCorpusJSON (not the design's floor).
func BenchmarkFloorCorpusEncodingJSON(b *testing.B) {
	fs := corpusFiles(b, ".json")
	b.SetBytes(totalBytes(fs))
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		for _, f := range fs {
			var v any
			_ = json.Unmarshal(f.src, &v)
		}
	}
}

func BenchmarkLintCorpusJSON(b *testing.B)  { benchLint(b, corpusFiles(b, ".json")) }
func BenchmarkFloorCorpusJSON(b *testing.B) { benchFloor(b, corpusFiles(b, ".json")) }

// manyFiles is n files taken in turn from the corpus (or the typical file
// when there is no corpus): the same mix at every n, so time per file should
// not change with n.
func manyFiles(b *testing.B, n int) []benchFile {
	paths, _ := filepath.Glob(filepath.Join(corpusDir, "*.y*ml"))
	src := typicalFiles()
	if len(paths) > 0 {
		src = corpusFiles(b, "")
	}
	out := make([]benchFile, n)
	for i := range out {
		out[i] = src[i%len(src)]
	}
	return out
}

var manyCounts = []int{1, 10, 100, 1000}

// BenchmarkLintManyFiles lints n files in one process, one after the other;
// ns/file should stay flat as n grows (no state that grows per file).
func BenchmarkLintManyFiles(b *testing.B) {
	for _, n := range manyCounts {
		b.Run(fmt.Sprintf("files=%d", n), func(b *testing.B) {
			fs := manyFiles(b, n)
			benchLint(b, fs)
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/file")
		})
	}
}

func BenchmarkFloorManyFiles(b *testing.B) {
	for _, n := range manyCounts {
		b.Run(fmt.Sprintf("files=%d", n), func(b *testing.B) {
			fs := manyFiles(b, n)
			benchFloor(b, fs)
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/file")
		})
	}
}

// BenchmarkRatio lints and decodes the same files in turn within each
// iteration, timing each side, and reports lint/floor as x-floor (with both
// sides' ns per iteration). Interleaving makes the ratio robust against
// other load on the machine, which moves both sides alike. Its B/op and
// allocs/op count both sides; read them from the Lint and Floor benchmarks.
func BenchmarkRatio(b *testing.B) {
	for _, c := range []struct {
		name  string
		files func(testing.TB) []benchFile
	}{
		{"typical", func(testing.TB) []benchFile { return typicalFiles() }},
		{"corpus", func(tb testing.TB) []benchFile { return corpusFiles(tb, "") }},
		{"5000lines", func(testing.TB) []benchFile { return bigFiles() }},
	} {
		b.Run(c.name, func(b *testing.B) {
			fs := c.files(b)
			lintAll(fs)
			var lintT, floorT time.Duration
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				t0 := time.Now()
				lintAll(fs)
				t1 := time.Now()
				floorAll(b, fs)
				lintT += t1.Sub(t0)
				floorT += time.Since(t1)
			}
			b.ReportMetric(float64(lintT.Nanoseconds())/float64(b.N), "lint-ns/op")
			b.ReportMetric(float64(floorT.Nanoseconds())/float64(b.N), "floor-ns/op")
			b.ReportMetric(float64(lintT)/float64(floorT), "x-floor")
		})
	}
}

// BenchmarkRatioParts splits the corpus's x-floor into its parts, timed in
// turn within each iteration as BenchmarkRatio times lint and floor: parsing
// (lint.Parse: the decode, our tree, the line index and the typed view),
// the engine with no rule, and the full lint, each reported against the
// floor (parse-x, engine-x, lint-x). Their differences are what our tree,
// the engine and the rules add, in time rather than in instructions.
func BenchmarkRatioParts(b *testing.B) {
	fs := corpusFiles(b, "")
	engine := lint.New(nil)
	parts := []struct {
		unit string
		run  func()
	}{
		{"floor", func() { floorAll(b, fs) }},
		{"parse-x", func() {
			for _, f := range fs {
				lint.Parse(f.name, f.src).ReleaseTree()
			}
		}},
		{"engine-x", func() { lintAllWith(engine, fs) }},
		{"lint-x", func() { lintAll(fs) }},
	}
	for _, p := range parts {
		p.run() // warm
	}
	spent := make([]time.Duration, len(parts))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for j, p := range parts {
			t0 := time.Now()
			p.run()
			spent[j] += time.Since(t0)
		}
	}
	for j, p := range parts[1:] {
		b.ReportMetric(float64(spent[j+1])/float64(spent[0]), p.unit)
	}
	b.ReportMetric(float64(spent[0].Nanoseconds())/float64(b.N), "floor-ns/op")
}

// BenchmarkParseCorpus is lint.Parse alone on the corpus: the engine's side
// of the floor (the YAML decode, our positioned tree, the line index and the
// typed view), without any rule.
func BenchmarkParseCorpus(b *testing.B) {
	fs := corpusFiles(b, "")
	b.SetBytes(totalBytes(fs))
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		for _, f := range fs {
			lint.Parse(f.name, f.src).ReleaseTree()
		}
	}
}

// BenchmarkEngineCorpus is lint.Parse plus the linter with no rule at all:
// platform detection, directives, sorting. With BenchmarkParseCorpus it
// splits a lint's cost into parsing, engine and rules.
func BenchmarkEngineCorpus(b *testing.B) {
	fs := corpusFiles(b, "")
	l := lint.New(nil)
	b.SetBytes(totalBytes(fs))
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		lintAllWith(l, fs)
	}
}

// BenchmarkLintCorpusRules is BenchmarkLintCorpus with the rule set that
// APPSPEC_BENCH_RULES names: a comma-separated list of rule IDs and
// categories (cat:spacing), all of them but those when the list starts with
// `-`. Linting without a rule and with all of them gives that rule's
// marginal cost, what its own work adds, shared memos and all
// (.ci/instructions marginal).
func BenchmarkLintCorpusRules(b *testing.B) {
	sel := os.Getenv("APPSPEC_BENCH_RULES")
	if sel == "" {
		b.Skip("APPSPEC_BENCH_RULES is not set (e.g. -AS200, or cat:spacing)")
	}
	l := lint.New(selectRules(sel))
	fs := corpusFiles(b, "")
	b.SetBytes(totalBytes(fs))
	b.ReportAllocs()
	run := func() { lintAllWith(l, fs) }
	growStack(2000)
	run() // warm, as benchLint
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		run()
	}
}

// growStack grows the goroutine's stack to about 1 MB before the runs. Under
// callgrind, a stack growth in the middle of a call loses track of which
// function is running, and --toggle-collect='*rules.init.func*' (count only
// inside the rules' callbacks) then counts the parser too; with the stack
// grown up front, nothing moves it during the runs (GOGC=off: no shrinking).
//
//go:noinline
func growStack(n int) byte {
	var buf [512]byte
	buf[n%512] = byte(n)
	if n == 0 {
		return buf[0]
	}
	return growStack(n-1) + buf[(n*7)%512]
}

// selectRules is the rule set sel names (see BenchmarkLintCorpusRules).
func selectRules(sel string) []*lint.Rule {
	except := strings.HasPrefix(sel, "-")
	names := strings.Split(strings.TrimPrefix(sel, "-"), ",")
	var out []*lint.Rule
	for _, r := range rules.All() {
		named := false
		for _, n := range names {
			if n == r.ID || n == "cat:"+r.Category {
				named = true
			}
		}
		if named != except {
			out = append(out, r)
		}
	}
	return out
}
