package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"
	"sync"

	"github.com/appspec-lint/appspec-lint/lint"
	"github.com/appspec-lint/appspec-lint/lint/report"
	"github.com/appspec-lint/appspec-lint/rules"
)

type lintFlags struct {
	format        string
	platform      string
	failOn        string
	disable       listFlag
	enable        listFlag
	configPath    string
	stdinFilename string
	color         string
	fix           fixFlag
	diff          bool
	revisionRoot  string
	noRevision    bool
}

func runLint(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	var fl lintFlags
	fs := flag.NewFlagSet("appspec-lint", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&fl.format, "format", "text", "output format: "+strings.Join(report.FormatNames(), ", "))
	fs.StringVar(&fl.platform, "platform", "auto", "platform: auto (detect from the file), ec2, lambda or ecs")
	fs.StringVar(&fl.failOn, "fail-on", "", "exit 1 when a finding is at or above this severity: error (default), warning, info")
	fs.Var(&fl.disable, "disable", "turn rules off by ID (AS511), ID prefix (AS5), name or category; repeatable, comma-separated")
	fs.Var(&fl.enable, "enable", "turn rules on, including opt-in ones; same selectors as --disable; wins over --disable")
	fs.StringVar(&fl.configPath, "config", "", "config file (default: .appspec-lint.yaml found by walking up from each file)")
	fs.StringVar(&fl.stdinFilename, "stdin-filename", "", "name to report for - (stdin); also used to find the config")
	fs.StringVar(&fl.color, "color", "auto", "colour in text output: auto (only on a terminal), always, never")
	fs.Var(&fl.fix, "fix", "fix in place what can be fixed without changing the file's meaning (layout); --fix=all also applies intent fixes (renaming a misspelled event, quoting a mode)")
	fs.BoolVar(&fl.diff, "diff", false, "print a unified diff of what --fix (or --fix=all) would change, and write nothing; exit 1 when there is a change")
	fs.StringVar(&fl.revisionRoot, "revision-root", "", "the folder that becomes the bundle, for the files named on the command line and for - (default: each file's own directory)")
	fs.BoolVar(&fl.noRevision, "no-revision", false, "lint the appspec alone: no checks of the revision (the files beside it, or the archive it is in)")
	fs.Usage = func() {
		fmt.Fprint(stderr, usage)
		fmt.Fprintln(stderr, "\nFlags:")
		fs.PrintDefaults()
		fmt.Fprintln(stderr, `
Exit status: 0 no finding at or above the fail level, 1 findings, 2 bad usage or an unreadable input.
Inline: "# appspec-lint ignore=AS150,AS511" (this line or the next), "# appspec-lint disable-file".`)
	}
	paths, err := parseInterspersed(fs, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}

	linter := lint.New(rules.All())
	flagCfg, err := fl.config()
	if err == nil {
		err = flagCfg.CheckSelectors(linter.Rules())
	}
	reporter, ok := report.Formats[fl.format]
	if err == nil && !ok {
		err = fmt.Errorf("unknown format %q (want one of %s)", fl.format, strings.Join(report.FormatNames(), ", "))
	}
	var fixedCfg *lint.Config
	if err == nil {
		err = checkRevisionFlags(fl)
	}
	if err == nil && fl.configPath != "" {
		fixedCfg, err = lint.LoadConfig(fl.configPath)
		if err == nil {
			err = fixedCfg.CheckSelectors(linter.Rules())
		}
	}
	if err != nil {
		fmt.Fprintln(stderr, "appspec-lint:", err)
		return 2
	}

	if len(paths) == 0 {
		paths = []string{"."}
	}
	inputs, failed := collectInputs(paths, stderr)

	finder := lint.NewConfigFinder()
	configFor := func(path string) (*lint.Config, error) {
		if fixedCfg != nil {
			return fixedCfg.Merge(flagCfg), nil
		}
		fileCfg, err := finder.For(path)
		if err == nil && fileCfg != nil {
			err = fileCfg.CheckSelectors(linter.Rules())
		}
		if err != nil {
			return nil, err
		}
		return fileCfg.Merge(flagCfg), nil
	}

	if fl.fix != "" || fl.diff {
		code := runFix(inputs, linter, configFor, fl, stdin, stdout, stderr)
		if failed && code < 2 {
			code = 2
		}
		return code
	}

	res, failLevel, readFailed := lintInputs(inputs, linter, configFor, fl, stdin, stderr)
	failed = failed || readFailed

	opts := report.Options{Color: useColor(fl.color, stdout), Version: version(), Rules: linter.Rules(), FailLevel: failLevel}
	if err := reporter(stdout, res, opts); err != nil {
		fmt.Fprintln(stderr, "appspec-lint: writing output:", err)
		return 2
	}
	if failed {
		return 2
	}
	for _, d := range res.All() {
		if d.Severity >= failLevel(d.File) {
			return 1
		}
	}
	return 0
}

func (fl *lintFlags) config() (*lint.Config, error) {
	c := &lint.Config{Disable: fl.disable, Enable: fl.enable}
	p, ok := lint.ParsePlatform(fl.platform)
	if !ok {
		return nil, fmt.Errorf("--platform %q is not one of auto, ec2, lambda, ecs", fl.platform)
	}
	c.Platform = p
	if fl.failOn != "" {
		s, err := lint.ParseSeverity(fl.failOn)
		if err != nil {
			return nil, fmt.Errorf("--fail-on: %v", err)
		}
		c.FailOn = s
	}
	return c, nil
}

// input is one thing to lint: a file path, an archive, or stdin.
type input struct {
	path       string // file on disk, or "-" for stdin
	display    string // what findings call it
	archive    bool   // a bundle archive, linted as a revision
	discovered bool   // found in a directory (its own directory is its revision)
}

// collectInputs expands directories; a path that does not exist is reported
// and the rest go on.
func collectInputs(paths []string, stderr io.Writer) ([]input, bool) {
	var inputs []input
	failed := false
	seen := map[string]bool{}
	add := func(in input) {
		if !seen[in.path] {
			seen[in.path] = true
			inputs = append(inputs, in)
		}
	}
	for _, p := range paths {
		if p == "-" {
			add(input{path: "-"})
			continue
		}
		info, err := os.Stat(p)
		if err != nil {
			fmt.Fprintf(stderr, "appspec-lint: %s\n", plainError(err))
			failed = true
			continue
		}
		if !info.IsDir() {
			_, _, archive := lint.ArchiveType(p)
			add(input{path: p, display: p, archive: archive})
			continue
		}
		found, errs := lint.Discover(p)
		for _, e := range errs {
			fmt.Fprintf(stderr, "appspec-lint: %v\n", plainError(e))
			failed = true
		}
		if len(found) == 0 && len(errs) == 0 {
			fmt.Fprintf(stderr, "appspec-lint: no appspec.yml, appspec.yaml or appspec.json under %s\n", p)
		}
		for _, f := range found {
			add(input{path: f, display: f, discovered: true})
		}
	}
	return inputs, failed
}

// plainError drops Go's "open"/"stat" operation prefixes users do not need.
func plainError(err error) string {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Path + ": " + pe.Err.Error()
	}
	return err.Error()
}

// lintInputs reads and lints every input on all cores. An input that cannot
// be read is reported on stderr; the others are still linted.
func lintInputs(inputs []input, linter *lint.Linter, configFor func(string) (*lint.Config, error),
	fl lintFlags, stdin io.Reader, stderr io.Writer) (*report.Result, func(string) lint.Severity, bool) {

	results := make([]*fileOutcome, len(inputs))
	errs := make([]string, len(inputs))
	failLevels := make(map[string]lint.Severity, len(inputs))
	var mu sync.Mutex

	work := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range work {
				results[i], errs[i] = guarded(inputs[i].display, "not linted", func() (*fileOutcome, string) {
					return lintOne(inputs[i], linter, configFor, fl, stdin)
				})
				if results[i] != nil && !results[i].skip {
					mu.Lock()
					failLevels[results[i].Doc.Path] = results[i].failLevel
					mu.Unlock()
				}
			}
		}()
	}
	for i := range inputs {
		work <- i
	}
	close(work)
	wg.Wait()

	res := &report.Result{}
	failed := false
	errLog := newErrLog(stderr)
	for i, r := range results {
		if errs[i] != "" {
			errLog.say(errs[i])
			failed = true
			if r == nil || r.skip {
				errLog.skipped(inputs[i].display, errs[i])
			}
		}
		if r == nil {
			continue
		}
		for _, n := range r.notes {
			fmt.Fprintln(stderr, "appspec-lint:", n)
		}
		if !r.skip {
			res.Files = append(res.Files, r.FileResult)
		}
	}
	errLog.close("linted")
	res.Sort()
	return res, func(file string) lint.Severity {
		if s, ok := failLevels[file]; ok {
			return s
		}
		return lint.Error
	}, failed
}

// fileOutcome is one linted input and the fail level its config sets.
type fileOutcome struct {
	report.FileResult
	failLevel lint.Severity
	notes     []string // said on stderr: limits met reading an archive
	skip      bool     // nothing was linted (an archive without appspec, --no-revision)
}

// lintOne reads, parses and lints one input. A file on disk gets its
// revision (its directory, or --revision-root), so rules can look at the
// scripts beside it; an archive is linted as the revision it is.
func lintOne(in input, linter *lint.Linter, configFor func(string) (*lint.Config, error),
	fl lintFlags, stdin io.Reader) (*fileOutcome, string) {
	if in.archive {
		return lintArchive(in, linter, configFor, fl)
	}
	src, display, cfgPath, err := readInput(in, fl.stdinFilename, stdin)
	if err != nil {
		return nil, err.Error()
	}
	cfg, err := configFor(cfgPath)
	if err != nil {
		return nil, err.Error()
	}
	doc := lint.Parse(display, src)
	rev, bundle, closeRev, err := revisionOf(in, display, fl)
	if err != nil {
		return nil, err.Error()
	}
	defer closeRev()
	doc.Revision, doc.Bundle = rev, bundle
	ds := linter.Lint(doc, cfg)
	// The report reads the text and lines, never the tree: give its memory
	// to the next file (on a directory, most of what linting allocates).
	doc.ReleaseTree()
	return &fileOutcome{FileResult: report.FileResult{Doc: doc, Diagnostics: ds}, failLevel: cfg.FailLevel()}, ""
}

// readInput reads a file (bounded) or stdin and says what to call it and
// where to look for its config.
func readInput(in input, stdinName string, stdin io.Reader) (src []byte, display, cfgPath string, err error) {
	if in.path == "-" {
		display = stdinName
		if display == "" {
			display = "<stdin>"
		}
		src, err = io.ReadAll(io.LimitReader(stdin, lint.MaxAppSpecSize+1))
		if err != nil {
			return nil, "", "", fmt.Errorf("reading stdin: %v", err)
		}
		cfgPath = stdinName
		if cfgPath == "" {
			cfgPath = "stdin"
		}
	} else {
		display, cfgPath = in.display, in.path
		// Never blocks on a named pipe; reads at most one byte past the limit.
		src, err = lint.ReadFileBounded(in.path, lint.MaxAppSpecSize)
		if err != nil {
			return nil, "", "", err
		}
	}
	if len(src) > lint.MaxAppSpecSize {
		return nil, "", "", fmt.Errorf("%s: larger than %d MiB; an AppSpec file is a few kilobytes, is this the right file?", display, lint.MaxAppSpecSize>>20)
	}
	return src, display, cfgPath, nil
}

// useColor decides on ANSI colour: only on a terminal unless forced, and
// never when NO_COLOR is set (https://no-color.org).
func useColor(mode string, w io.Writer) bool {
	switch mode {
	case "always":
		return true
	case "never":
		return false
	}
	if os.Getenv("NO_COLOR") != "" {
		return false
	}
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}
