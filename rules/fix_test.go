package rules_test

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/appspec-lint/appspec-lint/lint"
	"github.com/appspec-lint/appspec-lint/rules"
)

// The formatter's goldens: each testdata/fix/<name>.yml is fixed twice, with
// layout fixes only (what --fix does) into <name>.layout.golden, and with
// every fix (--fix=all) into <name>.all.golden. Regenerate with
// go test ./rules -run FixGoldens -update, then read every golden.

const fixDir = "../testdata/fix"

func TestFixGoldens(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(fixDir, "*.yml"))
	if len(files) == 0 {
		t.Fatalf("no cases in %s", fixDir)
	}
	l := lint.New(rules.All())
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			src, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			cfg := caseConfig(src)
			orig := lint.Parse("appspec.yml", src)
			layout := l.Fix("appspec.yml", src, cfg, false, nil)
			all := l.Fix("appspec.yml", src, cfg, true, nil)
			base := strings.TrimSuffix(file, ".yml")
			checkGolden(t, base+".layout.golden", layout.Src)
			checkGolden(t, base+".all.golden", all.Src)
			checkFixResult(t, file, orig, layout, all, func(path string, src []byte, intent bool) *lint.FixResult {
				return l.Fix(path, src, cfg, intent, nil)
			})
		})
	}
}

func checkGolden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("missing %s (run go test ./rules -run FixGoldens -update): %v", path, err)
	}
	if string(got) != string(want) {
		t.Errorf("%s differs:\n--- got\n%s--- want\n%s", path, got, want)
	}
}

// checkFixResult asserts what every fix run must satisfy: the layout fix
// keeps the data of a file that parses and leaves no AS150 finding, both
// runs are idempotent, and fixing everything leaves a file that parses.
func checkFixResult(t *testing.T, name string, orig *lint.Document, layout, all *lint.FixResult, fix func(string, []byte, bool) *lint.FixResult) {
	t.Helper()
	parsed := orig.SyntaxError == nil && orig.Root != nil
	if parsed {
		if layout.Doc.SyntaxError != nil || !lint.SameData(orig, layout.Doc) {
			t.Errorf("%s: the layout fix changed the data:\n%s", name, layout.Src)
		}
		for _, d := range layout.Remain {
			if d.Rule.ID == "AS150" {
				t.Errorf("%s: AS150 remains after the layout fix at %d:%d: %s", name, d.Range.Start.Line, d.Range.Start.Col, d.Message)
			}
		}
		if all.Doc.SyntaxError != nil {
			t.Errorf("%s: fixing everything left a file that does not parse (%s):\n%s", name, all.Doc.SyntaxError.Message, all.Src)
		}
	}
	if parsed {
		for _, intent := range []bool{false, true} {
			if round, bad := brokenRound(orig, intent); bad != nil {
				t.Errorf("%s: round %d of the fix (intent %v) leaves a file that does not parse (%s):\n%s", name, round, intent, bad.SyntaxError.Message, bad.Src)
			}
		}
	}
	// A fix the round limit stopped (Unfinished) goes on when run again;
	// one that finished must change nothing the second time.
	if again := fix(orig.Path, layout.Src, false); !layout.Unfinished && string(again.Src) != string(layout.Src) {
		t.Errorf("%s: the layout fix is not idempotent:\n--- once\n%s--- twice\n%s", name, layout.Src, again.Src)
	}
	if again := fix(orig.Path, all.Src, true); !all.Unfinished && string(again.Src) != string(all.Src) {
		t.Errorf("%s: fixing everything is not idempotent:\n--- once\n%s--- twice\n%s", name, all.Src, again.Src)
	}
}

// checkLayoutFixesAlone: in a file that parses, every layout fix of every
// rule, applied on its own, leaves a file that parses to the same data.
func checkLayoutFixesAlone(t *testing.T, name string, doc *lint.Document, ds []*lint.Diagnostic) {
	t.Helper()
	if doc.SyntaxError != nil || doc.Root == nil {
		return
	}
	for _, d := range ds {
		if d.Fix == nil || d.Fix.Kind != lint.LayoutFix {
			continue
		}
		one := lint.Parse(doc.Path, lint.ApplyEdits(doc, d.Fix.Edits))
		if one.SyntaxError != nil || !lint.SameData(doc, one) {
			t.Errorf("%s:%d:%d: the layout fix of %s (%s) changes the data", name, d.Range.Start.Line, d.Range.Start.Col, d.Rule.ID, d.Fix.Description)
		}
	}
}

// TestLayoutFixesKeepData runs checkLayoutFixesAlone over every test case.
func TestLayoutFixesKeepData(t *testing.T) {
	var files []string
	for _, dir := range []string{"ok", "err"} {
		files = append(files, caseFiles(t, filepath.Join(testdataDir, dir))...)
	}
	more, _ := filepath.Glob(filepath.Join(fixDir, "*.yml"))
	files = append(files, more...)
	layout := 0
	for _, file := range files {
		doc, ds := lintCase(t, file)
		for _, d := range ds {
			if d.Fix != nil && d.Fix.Kind == lint.LayoutFix {
				layout++
			}
		}
		checkLayoutFixesAlone(t, file, doc, ds)
	}
	if layout == 0 {
		t.Error("no layout fix in the test cases")
	}
}

// fixCorpusDir finds the real-world corpus: beside the project root in the
// main checkout, or at its shared place from a worktree.
func fixCorpusDir() string {
	for _, dir := range []string{corpusDir, "/work/shared/corpus/real"} {
		if st, err := os.Stat(dir); err == nil && st.IsDir() {
			return dir
		}
	}
	return ""
}

// TestFixCorpus runs the formatter over every real file: the layout fix is
// idempotent, never changes the data of a file that parses and leaves no
// AS150 finding; each AS150 fix alone keeps the data too; fixing everything
// is idempotent and leaves a file that parses.
func TestFixCorpus(t *testing.T) {
	dir := fixCorpusDir()
	if dir == "" {
		t.Skip("no corpus (it is in shared/ beside the project root)")
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*"))
	sort.Strings(files)
	names := map[string]string{}
	if b, err := os.ReadFile(filepath.Join(dir, "SOURCES.tsv")); err == nil {
		for _, line := range strings.Split(string(b), "\n")[1:] {
			if f := strings.Split(line, "\t"); len(f) >= 3 {
				names[f[0]] = filepath.Base(f[2])
			}
		}
	}
	l := lint.New(rules.All())
	fix := func(path string, src []byte, intent bool) *lint.FixResult { return l.Fix(path, src, nil, intent, nil) }
	touched, findings, total := 0, 0, 0
	for _, file := range files {
		switch strings.ToLower(filepath.Ext(file)) {
		case ".yml", ".yaml", ".json":
		default:
			continue
		}
		total++
		src, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		name := names[filepath.Base(file)]
		if name == "" {
			name = "appspec" + filepath.Ext(file)
		}
		orig, ds := l.LintBytes(name, src, nil)
		checkLayoutFixesAlone(t, file, orig, ds)
		n := 0
		for _, d := range ds {
			if d.Rule.ID != "AS150" {
				continue
			}
			n++
			if d.Fix == nil || d.Fix.Kind != lint.LayoutFix {
				t.Errorf("%s:%d:%d: AS150 without a layout fix", file, d.Range.Start.Line, d.Range.Start.Col)
			}
		}
		if n > 0 {
			touched++
			findings += n
		}
		checkFixResult(t, file, orig, fix(name, src, false), fix(name, src, true), fix)
	}
	t.Logf("AS150 reports %d lines in %d of %d corpus files", findings, touched, total)
}

// brokenRound runs lint.Fix and returns the first round whose text does
// not parse. Fixes of different rules are computed on the same text and
// applied together, so one that lines a key up with a line another one moves
// could break the file in between.
func brokenRound(doc *lint.Document, intent bool) (int, *lint.Document) {
	res := lint.New(rules.All()).Fix(doc.Path, doc.Src, nil, intent, nil)
	for i, src := range res.Rounds {
		if d := lint.Parse(doc.Path, src); d.SyntaxError != nil {
			return i + 1, d
		}
	}
	return 0, nil
}

// TestFixRoundLimitIsReported: a file with more errors than the fix has
// rounds comes back Unfinished after the last round, and only then.
func TestFixRoundLimitIsReported(t *testing.T) {
	l := lint.New(rules.All())
	long := "permissions\n  0: 0\n" + strings.Repeat(" 0:\n", 30)
	res := l.Fix("appspec.yml", []byte(long), nil, true, nil)
	if !res.Unfinished || len(res.Rounds) != 16 {
		t.Fatalf("unfinished %v after %d rounds, want an unfinished fix after 16", res.Unfinished, len(res.Rounds))
	}
	short := "permissions\n  0: 0\n" + strings.Repeat(" 0:\n", 3)
	if res := l.Fix("appspec.yml", []byte(short), nil, true, nil); res.Unfinished {
		t.Fatalf("a fix that finished in %d rounds is marked unfinished", len(res.Rounds))
	}
}
