package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/appspec-lint/appspec-lint/lint"
	"github.com/appspec-lint/appspec-lint/rules"
)

// panicsOn is a config lookup that panics for one file: a stand-in for a
// bug in appspec-lint outside the rules, which must cost that file and not
// the run.
func panicsOn(bad string) func(string) (*lint.Config, error) {
	return func(path string) (*lint.Config, error) {
		if path == bad {
			var cfg *lint.Config
			_ = *cfg // a nil dereference: a real runtime error
		}
		return &lint.Config{}, nil
	}
}

// TestPanicCostsOneInput: linting and fixing, a panic on one input is that
// input's error (the run fails, exit 2, and says to report it) and every
// other input is still linted, or fixed.
func TestPanicCostsOneInput(t *testing.T) {
	dir := t.TempDir()
	bad, good := filepath.Join(dir, "bad.yml"), filepath.Join(dir, "good.yml")
	for _, p := range []string{bad, good} {
		os.WriteFile(p, []byte("version: 1.0\nos: linux\n"), 0o644)
	}
	inputs := []input{{path: bad, display: "bad.yml"}, {path: good, display: "good.yml"}}
	linter := lint.New(rules.All())
	const said = "bad.yml: %s: appspec-lint failed on this file (internal error: runtime error: invalid memory address or nil pointer dereference); please report it with the file"

	var stderr bytes.Buffer
	res, _, failed := lintInputs(inputs, linter, panicsOn(bad), lintFlags{}, nil, &stderr)
	if !failed || len(res.Files) != 1 || res.Files[0].Doc.Path != "good.yml" || len(res.Files[0].Diagnostics) == 0 {
		t.Errorf("want good.yml linted and the run failed, got failed=%v files=%d", failed, len(res.Files))
	}
	if want := strings.Replace(said, "%s", "not linted", 1); !strings.Contains(stderr.String(), want) {
		t.Errorf("stderr should say\n%s\ngot\n%s", want, stderr.String())
	}

	stderr.Reset()
	var stdout bytes.Buffer
	code := runFix(inputs, linter, panicsOn(bad), lintFlags{fix: "all", format: "text", color: "never"}, nil, &stdout, &stderr)
	fixed, _ := os.ReadFile(good)
	if code != 2 || !strings.HasPrefix(string(fixed), "version: 0.0\n") {
		t.Errorf("want exit 2 and good.yml fixed, got %d and\n%s", code, fixed)
	}
	if want := strings.Replace(said, "%s", "not fixed", 1); !strings.Contains(stderr.String(), want) {
		t.Errorf("stderr should say\n%s\ngot\n%s", want, stderr.String())
	}
	if kept, _ := os.ReadFile(bad); string(kept) != "version: 1.0\nos: linux\n" {
		t.Errorf("bad.yml should be left as it was, is\n%s", kept)
	}
}
