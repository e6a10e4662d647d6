package lsp

import (
	"fmt"
	"path/filepath"
	"strings"
	"sync"

	"github.com/appspec-lint/appspec-lint/lint"
)

// engine lints as the CLI does: the same rules, the .appspec-lint.yaml found
// by walking up from the file, and the files beside it as its revision.
type engine struct {
	linter *lint.Linter
	logf   func(format string, args ...any)
	// warn shows the user a message (window/showMessage); nil: only logged.
	warn func(msg string)

	mu     sync.Mutex
	warned map[string]bool // config errors shown, until their file reads well
}

// config reads the config for a file afresh each time, so an edited
// .appspec-lint.yaml applies at the next keystroke. A broken config is
// logged and the defaults are used, and the user is told once: in the log
// alone it would go unseen, and the findings would quietly be the defaults'.
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
		e.warnOnce(fmt.Sprintf("%v; appspec-lint uses its defaults until this is fixed", err))
		return nil
	}
	if cfg != nil {
		e.forget(cfg.Path)
	}
	return cfg
}

// warnOnce shows msg unless it was shown already, so a broken config is not
// announced again at every keystroke in every document under it.
func (e *engine) warnOnce(msg string) {
	e.mu.Lock()
	if e.warned == nil {
		e.warned = map[string]bool{}
	}
	shown := e.warned[msg]
	e.warned[msg] = true
	e.mu.Unlock()
	if !shown && e.warn != nil {
		e.warn(msg)
	}
}

// forget drops the warnings about the config file at path, which now reads
// well: if it breaks again, the user hears of it again.
func (e *engine) forget(path string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	for msg := range e.warned {
		if strings.HasPrefix(msg, path+":") {
			delete(e.warned, msg)
		}
	}
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
