package rules_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/appspec-lint/appspec-lint/lint"
	"github.com/appspec-lint/appspec-lint/rules"
)

// FuzzLint: any bytes parse and lint without panicking, every finding is
// well formed (range inside the document), and linting is deterministic,
// also when the tree reuses a released tree's memory.
func FuzzLint(f *testing.F) {
	for _, dir := range []string{"../testdata/ok", "../testdata/err", corpusDir} {
		files, _ := filepath.Glob(filepath.Join(dir, "*.y*ml"))
		more, _ := filepath.Glob(filepath.Join(dir, "*.json"))
		for _, p := range append(files, more...) {
			if b, err := os.ReadFile(p); err == nil {
				f.Add(b)
			}
		}
	}
	linter := lint.New(rules.All())
	linter.NoRecover = true // a crash is a failure here, with its stack
	all := &lint.Config{Enable: []string{"all"}}
	f.Fuzz(func(t *testing.T, src []byte) {
		doc, ds := linter.LintBytes("appspec.yml", src, all)
		checkWellFormed(t, doc, ds)
		// The second lint's tree is carved from the first's memory, as the
		// CLI does from one file to the next: nothing may depend on it.
		doc.ReleaseTree()
		_, again := linter.LintBytes("appspec.yml", src, all)
		if formatCase(ds) != formatCase(again) {
			t.Fatalf("linting is not deterministic:\n%s\n---\n%s", formatCase(ds), formatCase(again))
		}
	})
}
