package rules_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/appspec-lint/appspec-lint/lint"
	"github.com/appspec-lint/appspec-lint/rules"
)

// FuzzFix holds the formatter to the promises TestFixGoldens and
// TestFixCorpus check on known files (checkFixResult), on any bytes: for a
// file that parses, `--fix` (layout fixes only) leaves a file that parses to
// the same data (lint.SameData) with no AS150 finding left; every round of
// either kind of fix parses, and `--fix=all` leaves a file that parses; both
// are idempotent, whatever the input. Neither panics.
func FuzzFix(f *testing.F) {
	dirs := []string{fixDir, "../testdata/ok", "../testdata/err"}
	if dir := fixCorpusDir(); dir != "" {
		dirs = append(dirs, dir)
	}
	for _, dir := range dirs {
		for _, pat := range []string{"*.yml", "*.yaml", "*.json"} {
			files, _ := filepath.Glob(filepath.Join(dir, pat))
			for _, p := range files {
				if b, err := os.ReadFile(p); err == nil {
					f.Add(b)
				}
			}
		}
	}
	l := lint.New(rules.All())
	l.NoRecover = true // a crash is a failure here, with its stack
	fix := func(path string, src []byte, intent bool) *lint.FixResult { return l.Fix(path, src, nil, intent, nil) }
	f.Fuzz(func(t *testing.T, src []byte) {
		orig := lint.Parse("appspec.yml", src)
		layout := fix(orig.Path, src, false)
		all := fix(orig.Path, src, true)
		checkFixResult(t, "input", orig, layout, all, fix)
		if t.Failed() {
			t.Logf("input:\n%s", src)
		}
	})
}
