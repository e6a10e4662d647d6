package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	udiff "github.com/aymanbagabas/go-udiff"

	"github.com/appspec-lint/appspec-lint/lint"
	"github.com/appspec-lint/appspec-lint/lint/report"
)

// fixFlag is --fix (layout fixes only) or --fix=all (layout and intent).
type fixFlag string

func (f *fixFlag) String() string   { return string(*f) }
func (f *fixFlag) IsBoolFlag() bool { return true }

func (f *fixFlag) Set(v string) error {
	switch v {
	case "true", "layout":
		*f = "layout"
	case "all":
		*f = "all"
	case "false":
		*f = ""
	default:
		return fmt.Errorf("--fix takes no value (layout fixes) or =all (layout and intent fixes), not %q", v)
	}
	return nil
}

// fixOutcome is what fixing one input did.
type fixOutcome struct {
	in      input
	display string
	before  []byte
	res     *lint.FixResult
	err     string // could not read, or refused to write
}

// fixOne computes the fixed text of one input. Layout fixes must keep the
// data: the result is parsed and compared with the original, and refused if
// it differs or does not parse; intent fixes must leave a file that parses.
func fixOne(in input, linter *lint.Linter, configFor func(string) (*lint.Config, error),
	fl lintFlags, stdin io.Reader, intent bool) *fixOutcome {
	src, display, cfgPath, err := readInput(in, fl.stdinFilename, stdin)
	if err != nil {
		return &fixOutcome{in: in, err: err.Error()}
	}
	cfg, err := configFor(cfgPath)
	if err != nil {
		return &fixOutcome{in: in, display: display, err: err.Error()}
	}
	rev, bundle, closeRev, err := revisionOf(in, display, fl)
	if err != nil {
		return &fixOutcome{in: in, display: display, err: err.Error()}
	}
	defer closeRev()
	out := &fixOutcome{in: in, display: display, before: src}
	out.res = linter.Fix(display, src, cfg, intent, rev)
	if bundle != nil {
		// Fix lints each round as if the file were at its revision's root;
		// what is left is reported with the revision as it really is.
		out.res.Doc.Bundle = bundle
		out.res.Remain = linter.Lint(out.res.Doc, cfg)
	}
	if out.res.Applied == 0 {
		return out
	}
	orig := lint.Parse(display, src)
	fixed := out.res.Doc
	switch {
	case fixed.SyntaxError != nil && orig.SyntaxError == nil:
		out.err = fmt.Sprintf("%s: not fixed: the fixes would leave a file that does not parse (line %d); this is a bug in appspec-lint, please report it", display, fixed.SyntaxError.Pos.Line)
	case !intent && orig.SyntaxError == nil && !lint.SameData(orig, fixed):
		out.err = fmt.Sprintf("%s: not fixed: the layout fixes would change what the file says; this is a bug in appspec-lint, please report it", display)
	}
	if out.err != "" {
		// Keep the original: report its findings, write nothing.
		out.res = &lint.FixResult{Src: src, Doc: orig, Remain: linter.Lint(orig, cfg)}
	}
	return out
}

// runFix fixes files in place (--fix) or prints what it would change
// (--diff). With --fix the remaining findings are reported as usual.
func runFix(inputs []input, linter *lint.Linter, configFor func(string) (*lint.Config, error), fl lintFlags,
	stdin io.Reader, stdout, stderr io.Writer) int {
	intent := fl.fix == "all"
	failed := false
	res := &report.Result{}
	changed := false
	errLog := newErrLog(stderr)
	for _, in := range inputs {
		if in.archive {
			// An archive is not rewritten: its findings are reported as usual.
			fmt.Fprintf(stderr, "appspec-lint: %s: archives are linted but not fixed; fix the files it is built from\n", in.display)
			if fl.diff {
				continue
			}
			o, errText := guarded(in.display, "not linted", func() (*fileOutcome, string) { return lintArchive(in, linter, configFor, fl) })
			if errText != "" {
				errLog.say(errText)
				failed = true
				if o == nil || o.skip {
					errLog.skipped(in.display, errText)
				}
			}
			if o != nil {
				for _, n := range o.notes {
					fmt.Fprintln(stderr, "appspec-lint:", n)
				}
				if !o.skip {
					res.Files = append(res.Files, o.FileResult)
				}
			}
			continue
		}
		o, errText := guarded(in.display, "not fixed", func() (*fixOutcome, string) { return fixOne(in, linter, configFor, fl, stdin, intent), "" })
		if errText != "" {
			o = &fixOutcome{in: in, err: errText}
		}
		if o.err != "" {
			errLog.say(o.err)
			failed = true
		}
		if o.res == nil {
			errLog.skipped(in.display, o.err)
			continue
		}
		after := o.res.Src
		if fl.diff {
			if string(after) != string(o.before) {
				changed = true
				fmt.Fprint(stdout, udiff.Unified(o.display, o.display+" (fixed)", string(o.before), string(after)))
				if strings.Contains(string(o.before), "\r") && !strings.Contains(string(after), "\r") {
					fmt.Fprintf(stderr, "appspec-lint: %s: the line endings change from CRLF to LF, which the diff does not show\n", o.display)
				}
			}
			continue
		}
		if o.res.Applied > 0 && o.err == "" {
			if in.path == "-" {
				// Standard input is fixed to standard output: nothing else is printed.
				stdout.Write(after)
				continue
			}
			if err := writeAtomically(in.path, after); err != nil {
				fmt.Fprintf(stderr, "appspec-lint: %s: not fixed: %v\n", o.display, err)
				failed = true
				o.res.Remain = linter.Lint(lint.Parse(o.display, o.before), nil)
			} else {
				fmt.Fprintf(stderr, "appspec-lint: %s: applied %d fix%s\n", o.display, o.res.Applied, map[bool]string{true: "", false: "es"}[o.res.Applied == 1])
				if o.res.Unfinished {
					fmt.Fprintf(stderr, "appspec-lint: %s: stopped after %d rounds of fixes with more to apply (each syntax error takes a round); run the fix again to go on\n", o.display, len(o.res.Rounds))
				}
			}
		} else if in.path == "-" {
			stdout.Write(after)
			continue
		}
		res.Files = append(res.Files, report.FileResult{Doc: o.res.Doc, Diagnostics: o.res.Remain})
	}
	errLog.close("fixed")
	if fl.diff {
		switch {
		case failed:
			return 2
		case changed:
			return 1
		}
		return 0
	}
	if len(res.Files) > 0 {
		res.Sort()
		reporter := report.Formats[fl.format]
		if err := reporter(stdout, res, report.Options{Color: useColor(fl.color, stdout)}); err != nil {
			return 2
		}
	}
	if failed {
		return 2
	}
	for _, f := range res.Files {
		cfg, _ := configFor(f.Doc.Path)
		for _, d := range f.Diagnostics {
			if d.Severity >= cfg.FailLevel() {
				return 1
			}
		}
	}
	return 0
}

// writeAtomically replaces path with data: a temporary file in the same
// directory, given the original's mode, renamed over it, so a crash never
// leaves a half-written appspec.
func writeAtomically(path string, data []byte) error {
	info, err := os.Stat(path)
	if err != nil {
		return err
	}
	if !info.Mode().IsRegular() {
		return errors.New("not a regular file")
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".appspec-lint-*")
	if err != nil {
		return err
	}
	name := tmp.Name()
	defer os.Remove(name) // after a successful rename there is nothing left to remove
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Chmod(name, info.Mode().Perm()); err != nil {
		return err
	}
	target := path
	if resolved, err := filepath.EvalSymlinks(path); err == nil && !strings.HasPrefix(resolved, "..") {
		target = resolved // replace the file a symlink points to, not the link
	}
	return os.Rename(name, target)
}
