package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/appspec-lint/appspec-lint/lint"
	"github.com/appspec-lint/appspec-lint/lint/report"
)

// A revision is what CodeDeploy deploys with the appspec: the bundle's other
// files. An appspec on disk is linted with its directory as the revision
// (--revision-root changes that for the files named on the command line and
// for standard input; --no-revision turns it off); an archive is linted as
// the revision it is, with the appspec the agent would read in it.

// revisionOf opens the revision an appspec on disk (or on standard input)
// is linted with, and describes it. close releases it; rev is nil when
// there is none.
func revisionOf(in input, display string, fl lintFlags) (rev lint.Revision, b *lint.Bundle, close func(), err error) {
	close = func() {}
	if fl.noRevision || (in.path == "-" && fl.revisionRoot == "") {
		return nil, nil, close, nil
	}
	root, linted := filepath.Dir(in.path), filepath.Base(in.path)
	if fl.revisionRoot != "" && !in.discovered {
		root = fl.revisionRoot
		name := in.path
		if in.path == "-" {
			name = display
		}
		linted, err = revisionPath(root, name)
		if err != nil {
			return nil, nil, close, err
		}
	}
	d, err := lint.OpenDirRevision(root)
	if err != nil {
		return nil, nil, close, nil // no revision to look at; the file is still linted
	}
	b = lint.DescribeDirRevision(d, root, filepath.ToSlash(linted))
	if b == nil || b.Base == "" {
		return d, b, func() { d.Close() }, nil
	}
	// The agent strips the single top folder: scripts are found below it.
	d.Close()
	sub, err := lint.OpenDirRevision(filepath.Join(root, filepath.FromSlash(b.Base)))
	if err != nil {
		return nil, nil, close, nil
	}
	return sub, b, func() { sub.Close() }, nil
}

// revisionPath is file's path inside the revision root; a name that is not
// inside it is an error, except for standard input's made-up names, which
// are taken to be at the root.
func revisionPath(root, file string) (string, error) {
	if file == "" || file == "<stdin>" {
		return lint.DefaultAppSpecName, nil
	}
	absRoot, err1 := filepath.Abs(root)
	absFile, err2 := filepath.Abs(file)
	if err1 == nil && err2 == nil {
		if rel, err := filepath.Rel(absRoot, absFile); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			return rel, nil
		}
	}
	return "", fmt.Errorf("%s is not inside --revision-root %s; the revision root must be the folder that holds the appspec (or a folder above it)", file, root)
}

// lintArchive lints a bundle archive as a revision: the appspec the agent
// would read in it (or, when there is none, the archive itself). notes are
// the limits that stopped reading part of it.
func lintArchive(in input, linter *lint.Linter, configFor func(string) (*lint.Config, error),
	fl lintFlags) (*fileOutcome, string) {
	cfg, err := configFor(in.path)
	if err != nil {
		return nil, err.Error()
	}
	doc, rev, err := lint.LoadArchive(in.path, in.display, lint.DefaultAppSpecName, lint.DefaultArchiveLimits)
	if err != nil {
		return nil, plainError(err)
	}
	var notes []string
	if rev != nil {
		defer rev.Close()
		for _, n := range rev.Notes() {
			notes = append(notes, fmt.Sprintf("%s: note: %s", in.display, n))
		}
	}
	if fl.noRevision {
		if doc.Bundle.StandIn() {
			return &fileOutcome{notes: append(notes, fmt.Sprintf("%s: no appspec file in the archive", in.display)), skip: true}, ""
		}
		doc.Revision, doc.Bundle = nil, nil
	}
	ds := linter.Lint(doc, cfg)
	doc.ReleaseTree() // as lintOne
	return &fileOutcome{FileResult: report.FileResult{Doc: doc, Diagnostics: ds}, failLevel: cfg.FailLevel(), notes: notes}, ""
}

// checkRevisionFlags validates --revision-root and --no-revision.
func checkRevisionFlags(fl lintFlags) error {
	if fl.revisionRoot == "" {
		return nil
	}
	if fl.noRevision {
		return fmt.Errorf("--revision-root and --no-revision cannot be used together")
	}
	info, err := os.Stat(fl.revisionRoot)
	if err != nil {
		return fmt.Errorf("--revision-root: %s", plainError(err))
	}
	if !info.IsDir() {
		return fmt.Errorf("--revision-root %s is not a directory", fl.revisionRoot)
	}
	return nil
}
