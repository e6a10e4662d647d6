package rules_test

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/appspec-lint/appspec-lint/lint"
	"github.com/appspec-lint/appspec-lint/rules"
)

// corpusDir holds hundreds of appspec files from public repositories, written
// by people who are not us (shared/ sits beside the project root). The
// environment variable APPSPEC_CORPUS names it elsewhere (a git worktree in
// another folder, for one).
var corpusDir = corpusDirectory()

func corpusDirectory() string {
	if d := os.Getenv("APPSPEC_CORPUS"); d != "" {
		return d
	}
	return "../../shared/corpus/real"
}

const corpusSummary = "../testdata/corpus-summary.txt"

// TestCorpus lints every real file: no panic, every finding well formed, and
// what is reported matches the committed summary, so any change in behaviour
// on real files shows up in review. Update with go test ./rules -run Corpus -update.
func TestCorpus(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(corpusDir, "*"))
	var inputs []string
	for _, f := range files {
		switch strings.ToLower(filepath.Ext(f)) {
		case ".yml", ".yaml", ".json":
			inputs = append(inputs, f)
		}
	}
	if len(inputs) == 0 {
		t.Skipf("no corpus at %s (it is in shared/ beside the project root)", corpusDir)
	}
	sort.Strings(inputs)
	sources := corpusSources(t)
	linter := lint.New(rules.All())
	var b strings.Builder
	perRule := map[string]int{}
	for _, f := range inputs {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		name := filepath.Base(f)
		// The corpus files carry a numeric prefix; lint each under its real
		// base name (SOURCES.tsv) so the file-name rules see what its author saw.
		realName := sources[name]
		if realName == "" {
			realName = "appspec" + filepath.Ext(name)
		}
		var doc *lint.Document
		var ds []*lint.Diagnostic
		func() {
			defer func() {
				if r := recover(); r != nil {
					t.Fatalf("%s: panic: %v", name, r)
				}
			}()
			doc, ds = linter.LintBytes(realName, src, nil)
		}()
		checkWellFormed(t, doc, ds)
		fmt.Fprintf(&b, "%s %s:", name, doc.Platform)
		for _, d := range ds {
			fmt.Fprintf(&b, " %d:%d:%s", d.Range.Start.Line, d.Range.Start.Col, d.Rule.ID)
			perRule[d.Rule.ID]++
		}
		b.WriteString("\n")
	}
	var ids []string
	for id := range perRule {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	b.WriteString("\ntotals:")
	for _, id := range ids {
		fmt.Fprintf(&b, " %s=%d", id, perRule[id])
	}
	b.WriteString("\n")
	got := b.String()
	if *update {
		if err := os.WriteFile(corpusSummary, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(corpusSummary)
	if err != nil {
		t.Fatalf("missing %s (run go test ./rules -run Corpus -update): %v", corpusSummary, err)
	}
	if got != string(want) {
		gl, wl := strings.Split(got, "\n"), strings.Split(string(want), "\n")
		for i := 0; i < max(len(gl), len(wl)); i++ {
			var g, w string
			if i < len(gl) {
				g = gl[i]
			}
			if i < len(wl) {
				w = wl[i]
			}
			if g != w {
				t.Errorf("corpus summary differs (run with -update and review the diff):\n got: %s\nwant: %s", g, w)
				break
			}
		}
	}
}

// corpusSources maps each corpus file to the base name it had in its repository.
func corpusSources(t testing.TB) map[string]string {
	b, err := os.ReadFile(filepath.Join(corpusDir, "SOURCES.tsv"))
	if err != nil {
		t.Fatalf("reading SOURCES.tsv: %v", err)
	}
	out := map[string]string{}
	for _, line := range strings.Split(string(b), "\n")[1:] {
		if f := strings.Split(line, "\t"); len(f) >= 3 {
			out[f[0]] = filepath.Base(f[2])
		}
	}
	return out
}
