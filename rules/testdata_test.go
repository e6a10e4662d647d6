package rules_test

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/appspec-lint/appspec-lint/lint"
	"github.com/appspec-lint/appspec-lint/rules"
)

var update = flag.Bool("update", false, "rewrite the expected-output files of testdata/err")

const testdataDir = "../testdata"

// caseFiles lists the AppSpec inputs under dir: plain files, and the appspec
// files inside one-level case folders. A case folder is used when the file
// name matters, and is also the revision the appspec is linted with, so it
// can hold the scripts and sources the appspec names. A case folder named
// like an archive (AS801-nested.zip, .tar, .tgz, or another archive type)
// is itself the case: its contents are packed into that archive and linted
// as a bundle, with the expected output beside it (AS801-nested.out).
func caseFiles(t testing.TB, dir string) []string {
	t.Helper()
	var out []string
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		p := filepath.Join(dir, e.Name())
		if e.IsDir() && archiveCase(e.Name()) {
			out = append(out, p) // packed into an archive and linted as one (bundle_test.go)
			continue
		}
		if e.IsDir() {
			inner, err := os.ReadDir(p)
			if err != nil {
				t.Fatal(err)
			}
			// A file "revision-only" names appspec files that belong to the
			// revision but are not cases themselves.
			notCases := map[string]bool{}
			if b, err := os.ReadFile(filepath.Join(p, "revision-only")); err == nil {
				for _, name := range strings.Fields(string(b)) {
					notCases[name] = true
				}
			}
			for _, f := range inner {
				if !f.IsDir() && !strings.HasSuffix(f.Name(), ".out") && !strings.HasSuffix(f.Name(), ".enable") && strings.Contains(strings.ToLower(f.Name()), "appspec") && !notCases[f.Name()] {
					out = append(out, filepath.Join(p, f.Name()))
				}
			}
			continue
		}
		if !strings.HasSuffix(e.Name(), ".out") && !strings.HasSuffix(e.Name(), ".enable") {
			out = append(out, p)
		}
	}
	sort.Strings(out)
	return out
}

// lintPath is the name a case is linted under: a file in a case folder keeps
// its own name; a loose file is linted as appspec.yml (or appspec.json), so
// that file-name rules stay quiet unless a case is about the name.
func lintPath(file string) string {
	if inCaseFolder(file) {
		return filepath.Base(file)
	}
	if strings.HasSuffix(file, ".json") {
		return "appspec.json"
	}
	return "appspec.yml"
}

func lintCase(t *testing.T, file string) (*lint.Document, []*lint.Diagnostic) {
	t.Helper()
	if info, err := os.Stat(file); err == nil && info.IsDir() {
		return lintArchiveCase(t, file)
	}
	src, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	doc := lint.Parse(lintPath(file), src)
	if inCaseFolder(file) {
		rev, err := lint.OpenDirRevision(filepath.Dir(file))
		if err != nil {
			t.Fatal(err)
		}
		defer rev.Close()
		doc.Revision = rev
	}
	cfg := caseConfig(src)
	// A JSON case cannot hold a comment: a sidecar file <case>.enable
	// lists the opt-in rules it turns on.
	if b, err := os.ReadFile(strings.TrimSuffix(file, filepath.Ext(file)) + ".enable"); err == nil {
		cfg = &lint.Config{Enable: strings.Split(strings.TrimSpace(string(b)), ",")}
	}
	return doc, lint.New(rules.All()).Lint(doc, cfg)
}

func inCaseFolder(file string) bool {
	parent := filepath.Base(filepath.Dir(file))
	return parent != "ok" && parent != "err"
}

// caseEnable finds a case's own settings: a comment line
// "# test: enable=AS510,AS516" turns on opt-in rules for that case.
var caseEnable = regexp.MustCompile(`(?m)^# test: enable=([A-Za-z0-9,\-]+)\s*$`)

func caseConfig(src []byte) *lint.Config {
	m := caseEnable.FindSubmatch(src)
	if m == nil {
		return nil
	}
	return &lint.Config{Enable: strings.Split(string(m[1]), ",")}
}

// formatCase renders findings as the expected-output files hold them: one
// line each, with the exact range.
func formatCase(ds []*lint.Diagnostic) string {
	var b strings.Builder
	for _, d := range ds {
		fmt.Fprintf(&b, "%d:%d-%d:%d: %s: %s [%s %s]\n", d.Range.Start.Line, d.Range.Start.Col,
			d.Range.End.Line, d.Range.End.Col, d.Severity, d.Message, d.Rule.ID, d.Rule.Name)
		if d.Fix != nil {
			fmt.Fprintf(&b, "  fix (%s): %s\n", d.Fix.Kind, d.Fix.Description)
			for _, e := range d.Fix.Edits {
				fmt.Fprintf(&b, "    %d:%d-%d:%d => %q\n", e.Range.Start.Line, e.Range.Start.Col, e.Range.End.Line, e.Range.End.Col, e.NewText)
			}
		}
	}
	return b.String()
}

func TestOK(t *testing.T) {
	for _, file := range caseFiles(t, filepath.Join(testdataDir, "ok")) {
		t.Run(filepath.Base(file), func(t *testing.T) {
			doc, ds := lintCase(t, file)
			checkWellFormed(t, doc, ds)
			if len(ds) > 0 {
				t.Errorf("%s: want no findings, got:\n%s", file, formatCase(ds))
			}
		})
	}
}

func TestErr(t *testing.T) {
	for _, file := range caseFiles(t, filepath.Join(testdataDir, "err")) {
		t.Run(filepath.Base(file), func(t *testing.T) {
			doc, ds := lintCase(t, file)
			checkWellFormed(t, doc, ds)
			got := formatCase(ds)
			// A case named after a rule must show it: an -update once
			// rewrote AS106-anchor-placeholder's finding away unnoticed.
			if m := caseID.FindStringSubmatch(caseName(file)); m != nil && !strings.Contains(got, "["+m[1]+" ") {
				t.Errorf("%s: the case is named after %s, which reports nothing in it", file, m[1])
			}
			want := strings.TrimSuffix(file, filepath.Ext(file)) + ".out"
			if *update {
				if err := os.WriteFile(want, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			b, err := os.ReadFile(want)
			if err != nil {
				t.Fatalf("missing expected output %s (run go test ./rules -update): %v", want, err)
			}
			if got != string(b) {
				t.Errorf("%s: findings differ from %s\n--- got\n%s--- want\n%s", file, want, got, b)
			}
			if len(ds) == 0 {
				t.Errorf("%s: an err case must produce findings", file)
			}
		})
	}
}

// checkWellFormed asserts what every finding must satisfy: a rule, a
// message, no rule's crash (lint.Diagnostic.InternalError), a range inside
// the document with start <= end, and fix edits inside the document.
func checkWellFormed(t *testing.T, doc *lint.Document, ds []*lint.Diagnostic) {
	t.Helper()
	last := doc.Lines.LineCount()
	inDoc := func(r lint.Range) bool {
		if r.End.Before(r.Start) || r.Start.Line < 1 || r.End.Line > last || r.Start.Col < 1 {
			return false
		}
		return r.End.Col <= doc.Lines.EndOfLine(r.End.Line).Col && r.Start.Col <= doc.Lines.EndOfLine(r.Start.Line).Col
	}
	for _, d := range ds {
		if d.Rule == nil || d.Message == "" {
			t.Errorf("finding without rule or message: %+v", d)
			continue
		}
		if crash := d.InternalError(); crash != "" {
			t.Errorf("%s", crash)
		}
		if !inDoc(d.Range) {
			t.Errorf("%s at %v-%v: range outside the document", d.Rule.ID, d.Range.Start, d.Range.End)
		}
		if d.Fix != nil {
			for _, e := range d.Fix.Edits {
				if !inDoc(e.Range) {
					t.Errorf("%s fix edit %v-%v outside the document", d.Rule.ID, e.Range.Start, e.Range.End)
				}
			}
		}
	}
}

var caseID = regexp.MustCompile(`^(AS\d{3})`)

// caseName is what a case is called: its file's name, or its case folder's.
func caseName(file string) string {
	if inCaseFolder(file) {
		return filepath.Base(filepath.Dir(file))
	}
	return filepath.Base(file)
}

// TestEveryRuleHasCases: each rule has a failing case whose expected output
// names it, and a passing case, both named after the rule's ID.
func TestEveryRuleHasCases(t *testing.T) {
	failing := map[string]bool{}
	passing := map[string]bool{}
	for _, file := range caseFiles(t, filepath.Join(testdataDir, "err")) {
		out, _ := os.ReadFile(strings.TrimSuffix(file, filepath.Ext(file)) + ".out")
		for _, m := range regexp.MustCompile(`\[(AS\d{3}) `).FindAllStringSubmatch(string(out), -1) {
			failing[m[1]] = true
		}
	}
	for _, file := range caseFiles(t, filepath.Join(testdataDir, "ok")) {
		if m := caseID.FindStringSubmatch(caseName(file)); m != nil {
			passing[m[1]] = true
		}
	}
	for _, r := range rules.All() {
		if !failing[r.ID] {
			t.Errorf("%s %s: no case in testdata/err reports it", r.ID, r.Name)
		}
		if !passing[r.ID] {
			t.Errorf("%s %s: no passing case testdata/ok/%s-*", r.ID, r.Name, r.ID)
		}
	}
}

// TestRuleDocs: every rule documents itself with a bad and a good example.
func TestRuleDocs(t *testing.T) {
	ids := map[string]bool{}
	names := map[string]bool{}
	for _, r := range rules.All() {
		if ids[r.ID] || names[r.Name] {
			t.Errorf("%s %s: duplicate ID or name", r.ID, r.Name)
		}
		ids[r.ID], names[r.Name] = true, true
		if !regexp.MustCompile(`^AS\d{3}$`).MatchString(r.ID) || r.Name == "" || r.Summary == "" || r.Category == "" {
			t.Errorf("%s: ID, name, summary and category are required", r.ID)
		}
		if r.Severity == 0 || r.Platforms == 0 {
			t.Errorf("%s: severity and platforms are required", r.ID)
		}
		if !strings.Contains(r.Doc, "\nBad:\n") || !strings.Contains(r.Doc, "\nGood:\n") {
			t.Errorf("%s: Doc needs a \"Bad:\" and a \"Good:\" example", r.ID)
		}
	}
}
