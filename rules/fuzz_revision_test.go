package rules_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/appspec-lint/appspec-lint/lint"
	"github.com/appspec-lint/appspec-lint/rules"
)

// FuzzLintRevision is FuzzLint with the document inside a revision, so that
// the rules that look beside the appspec (scripts and sources present, their
// line endings and modes, the bundle's layout) run on any appspec too. The
// revisions are the case folders of testdata, each an appspec with the
// scripts and files it names; the input's first value picks one, the second
// is the appspec linted at its root. The properties are FuzzLint's.
func FuzzLintRevision(f *testing.F) {
	var dirs []string
	var revs []*lint.DirRevision
	for _, top := range []string{"../testdata/ok", "../testdata/err"} {
		for _, file := range caseFiles(f, top) {
			if !inCaseFolder(file) {
				continue
			}
			if info, err := os.Stat(file); err != nil || info.IsDir() {
				continue // an archive case: FuzzArchive's ground
			}
			dir := filepath.Dir(file)
			if len(dirs) == 0 || dirs[len(dirs)-1] != dir {
				rev, err := lint.OpenDirRevision(dir)
				if err != nil {
					f.Fatal(err)
				}
				dirs, revs = append(dirs, dir), append(revs, rev)
			}
			if src, err := os.ReadFile(file); err == nil {
				f.Add(uint8(len(dirs)-1), src)
			}
		}
	}
	if len(revs) == 0 {
		f.Fatal("no case folders under testdata")
	}
	// The loose cases too, each in one of the folders in turn: appspecs
	// of every shape, most naming files these revisions lack.
	n := 0
	for _, top := range []string{"../testdata/ok", "../testdata/err"} {
		for _, file := range caseFiles(f, top) {
			if inCaseFolder(file) {
				continue
			}
			if src, err := os.ReadFile(file); err == nil {
				f.Add(uint8(n%len(revs)), src)
				n++
			}
		}
	}
	f.Cleanup(func() {
		for _, r := range revs {
			r.Close()
		}
	})
	linter := lint.New(rules.All())
	all := &lint.Config{Enable: []string{"all"}}
	f.Fuzz(func(t *testing.T, which uint8, src []byte) {
		rev := revs[int(which)%len(revs)]
		lintIn := func() (*lint.Document, []*lint.Diagnostic) {
			doc := lint.Parse("appspec.yml", src)
			doc.Revision = rev
			return doc, linter.Lint(doc, all)
		}
		doc, ds := lintIn()
		checkWellFormed(t, doc, ds)
		doc.ReleaseTree()
		_, again := lintIn()
		if formatCase(ds) != formatCase(again) {
			t.Fatalf("linting in %s is not deterministic:\n%s\n---\n%s", dirs[int(which)%len(dirs)], formatCase(ds), formatCase(again))
		}
	})
}
