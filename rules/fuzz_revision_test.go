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
// scripts and files it names, then its archive cases packed as the CLI reads
// them (zip, tar, tgz; their appspec may sit under a top folder, beside
// another, in an archive with a GitHub comment). The input's first value
// picks one, the second is the appspec linted where the revision's own is.
// The properties are FuzzLint's.
func FuzzLintRevision(f *testing.F) {
	var revs []fuzzRevision
	var archives []string
	for _, top := range []string{"../testdata/ok", "../testdata/err"} {
		for _, file := range caseFiles(f, top) {
			if info, err := os.Stat(file); err == nil && info.IsDir() {
				archives = append(archives, file) // a folder packed as the archive it is named like
				continue
			}
			if !inCaseFolder(file) {
				continue
			}
			dir := filepath.Dir(file)
			if len(revs) == 0 || revs[len(revs)-1].where != dir {
				rev, err := lint.OpenDirRevision(dir)
				if err != nil {
					f.Fatal(err)
				}
				revs = append(revs, fuzzRevision{where: dir, name: "appspec.yml", rev: rev, close: rev.Close})
			}
			if src, err := os.ReadFile(file); err == nil {
				f.Add(uint8(len(revs)-1), src)
			}
		}
	}
	if len(revs) == 0 {
		f.Fatal("no case folders under testdata")
	}
	// The archives come after the folders, so that the inputs learned
	// before they were added still pick the folder they picked then.
	for _, dir := range archives {
		arch := filepath.Join(f.TempDir(), filepath.Base(dir))
		entries, comment := caseEntries(f, dir)
		packArchive(f, arch, entries, comment)
		doc, rev, err := lint.LoadArchive(arch, filepath.Base(dir), lint.DefaultAppSpecName, lint.DefaultArchiveLimits)
		if err != nil {
			f.Fatal(err)
		}
		if rev == nil || doc.Bundle.StandIn() {
			if rev != nil {
				rev.Close()
			}
			continue // no appspec in it to replace
		}
		revs = append(revs, fuzzRevision{where: dir, name: doc.Path, rev: doc.Revision, bundle: doc.Bundle, close: rev.Close})
		f.Add(uint8(len(revs)-1), doc.Src)
	}
	// The loose cases too, each in one of the folders in turn: appspecs
	// of every shape, most naming files these revisions lack.
	n := 0
	for _, top := range []string{"../testdata/ok", "../testdata/err"} {
		for _, file := range caseFiles(f, top) {
			if inCaseFolder(file) || archiveCase(file) {
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
			r.close()
		}
	})
	linter := lint.New(rules.All())
	linter.NoRecover = true // a crash is a failure here, with its stack
	all := &lint.Config{Enable: []string{"all"}}
	f.Fuzz(func(t *testing.T, which uint8, src []byte) {
		r := revs[int(which)%len(revs)]
		lintIn := func() (*lint.Document, []*lint.Diagnostic) {
			doc := lint.Parse(r.name, src)
			doc.Revision, doc.Bundle = r.rev, r.bundle
			return doc, linter.Lint(doc, all)
		}
		doc, ds := lintIn()
		checkWellFormed(t, doc, ds)
		doc.ReleaseTree()
		_, again := lintIn()
		if formatCase(ds) != formatCase(again) {
			t.Fatalf("linting in %s is not deterministic:\n%s\n---\n%s", r.where, formatCase(ds), formatCase(again))
		}
	})
}

// fuzzRevision is one revision FuzzLintRevision lints its input in: a case
// folder, or a packed archive case with the facts of its layout.
type fuzzRevision struct {
	where  string // the case, for messages
	name   string // the document's name: appspec.yml, or archive!inner/path
	rev    lint.Revision
	bundle *lint.Bundle // nil for a folder: the linter works it out
	close  func() error
}
