package lsp

import (
	"path/filepath"

	"github.com/appspec-lint/appspec-lint/lint"
)

// engine lints as the CLI does: the same rules, the .appspec-lint.yaml found
// by walking up from the file, and the files beside it as its revision.
type engine struct {
	linter *lint.Linter
	logf   func(format string, args ...any)
}

// config reads the config for a file afresh each time, so an edited
// .appspec-lint.yaml applies at the next keystroke. A broken config is
// logged and the defaults are used.
func (e *engine) config(fsPath string) *lint.Config {
	if fsPath == "" {
		return nil
	}
	cfg, err := lint.NewConfigFinder().For(fsPath)
	if err == nil && cfg != nil {
		err = cfg.CheckSelectors(e.linter.Rules())
	}
	if err != nil {
		e.logf("config for %s: %v (using the defaults)", fsPath, err)
		return nil
	}
	return cfg
}

// revision opens the directory of a file on disk as its revision, as the CLI
// does for a file it discovers. close releases it.
func (e *engine) revision(fsPath string) (rev lint.Revision, bundle *lint.Bundle, close func()) {
	close = func() {}
	if fsPath == "" {
		return nil, nil, close
	}
	root := filepath.Dir(fsPath)
	d, err := lint.OpenDirRevision(root)
	if err != nil {
		return nil, nil, close
	}
	b := lint.DescribeDirRevision(d, root, filepath.Base(fsPath))
	if b == nil || b.Base == "" {
		return d, b, func() { d.Close() }
	}
	d.Close()
	sub, err := lint.OpenDirRevision(filepath.Join(root, filepath.FromSlash(b.Base)))
	if err != nil {
		return nil, nil, close
	}
	return sub, b, func() { sub.Close() }
}

// lint parses and lints one text.
func (e *engine) lint(fsPath, name string, text []byte) (*lint.Document, []*lint.Diagnostic) {
	cfg := e.config(fsPath)
	doc := lint.Parse(name, text)
	rev, b, closeRev := e.revision(fsPath)
	defer closeRev()
	doc.Revision, doc.Bundle = rev, b
	return doc, e.linter.Lint(doc, cfg)
}

// fix applies the fixes of the given kinds, as `--fix` (layout) or
// `--fix=all` (intent too) would.
func (e *engine) fix(fsPath, name string, text []byte, intent bool) *lint.FixResult {
	cfg := e.config(fsPath)
	rev, _, closeRev := e.revision(fsPath)
	defer closeRev()
	return e.linter.Fix(name, text, cfg, intent, rev)
}
