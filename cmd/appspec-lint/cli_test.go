package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/appspec-lint/appspec-lint/rules"
)

var update = flag.Bool("update", false, "rewrite testdata/cli golden files")

// cliCase is one invocation; its stdout, stderr and exit status are compared
// with testdata/cli/<name>.golden.
type cliCase struct {
	name  string
	args  []string
	stdin string
}

var cliCases = []cliCase{
	{name: "text", args: []string{"--color", "never", "../../testdata/err/AS203-version-quoted.yml"}},
	{name: "json", args: []string{"--format", "json", "../../testdata/err/AS202-version-one.yml"}},
	{name: "flags-after-path", args: []string{"../../testdata/err/AS202-version-one.yml", "--format", "json"}},
	{name: "clean", args: []string{"../../testdata/ok/AS201-version-present.yml"}},
	{name: "stdin", args: []string{"--stdin-filename", "deploy/appspec.yml", "-"}, stdin: "version: 1.0\nos: linux\n"},
	{name: "missing-and-present", args: []string{"--format", "json", "nope/appspec.yml", "../../testdata/err/AS202-version-one.yml"}},
	{name: "disable-by-id", args: []string{"--disable", "AS203", "../../testdata/err/AS203-version-quoted.yml"}},
	{name: "disable-by-prefix", args: []string{"--disable", "AS2", "../../testdata/err/AS203-version-quoted.yml"}},
	{name: "disable-unknown", args: []string{"--disable", "AS999", "../../testdata/ok/AS201-version-present.yml"}},
	{name: "bad-format", args: []string{"--format", "xml", "."}},
	{name: "bad-platform", args: []string{"--platform", "k8s", "."}},
	{name: "rules-json-head", args: []string{"rules", "--format", "json"}},
	{name: "explain", args: []string{"explain", "version-quoted-ec2"}},
	{name: "explain-unknown", args: []string{"explain", "AS000"}},
	{name: "inline-ignore", args: []string{"-"}, stdin: "version: \"0.0\" # appspec-lint ignore=AS203\nos: linux\n"},
	{name: "warning-passes-by-default", args: []string{"-"}, stdin: warningOnly},
	{name: "fail-on-warning", args: []string{"--fail-on", "warning", "-"}, stdin: warningOnly},
	{name: "enable-opt-in", args: []string{"--enable", "AS510", "--fail-on", "info", "-"}, stdin: warningOnly},
	{name: "platform-forced", args: []string{"--platform", "lambda", "-"}, stdin: "version: 0.0\nos: linux\n"},
	{name: "example-dir", args: []string{"--color", "never", "../../testdata/example"}},
	{name: "sarif", args: []string{"--format", "sarif", "../../testdata/example"}},
	{name: "github", args: []string{"--format", "github", "../../testdata/example"}},
	{name: "junit", args: []string{"--format", "junit", "--stdin-filename", "deploy/appspec.yml", "../../testdata/example", "-"}, stdin: clean},
	{name: "checkstyle", args: []string{"--format", "checkstyle", "--stdin-filename", "deploy/appspec.yml", "../../testdata/example", "-"}, stdin: clean},
	{name: "diff-layout-stdin", args: []string{"--diff", "-"}, stdin: fixable},
	{name: "diff-all-stdin", args: []string{"--diff", "--fix=all", "-"}, stdin: fixable},
	{name: "fix-all-stdin", args: []string{"--fix=all", "-"}, stdin: fixable},
	{name: "fix-bad-value", args: []string{"--fix=everything", "-"}, stdin: fixable},
	{name: "disable-file", args: []string{"-"}, stdin: "# appspec-lint disable-file\nversion: 1.0\n"},
	{name: "schema-lambda", args: []string{"schema", "--platform", "lambda"}},
	{name: "schema-bad-platform", args: []string{"schema", "--platform", "k8s"}},
	{name: "schema-extra-argument", args: []string{"schema", "appspec.yml"}},
}

// clean is an appspec without findings.
const clean = "version: 0.0\nos: linux\n"

// warningOnly is an appspec whose only finding is a warning (a duplicate key).
const warningOnly = "version: 0.0\nos: linux\nhooks:\n  AfterInstall:\n    - location: a.sh\n  AfterInstall:\n    - location: b.sh\n"

// fixable has a layout problem (CRLF line endings) and intent problems (a
// quoted version, a misspelled event).
const fixable = "version: \"0.0\"\r\nos: linux\r\nhooks:\r\n  ValidataService:\r\n    - location: scripts/check.sh\r\n"

func TestCLI(t *testing.T) {
	for _, c := range cliCases {
		t.Run(c.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(c.args, strings.NewReader(c.stdin), &stdout, &stderr)
			out := stdout.String()
			if c.name == "rules-json-head" {
				out = strings.Join(strings.Split(out, "\n")[:10], "\n") + "\n"
			}
			if strings.HasPrefix(c.name, "sarif") {
				out = elideSARIFRules(t, out)
			}
			got := fmt.Sprintf("$ appspec-lint %s\nexit: %d\n--- stdout\n%s--- stderr\n%s", strings.Join(c.args, " "), code, out, stderr.String())
			checkGolden(t, c.name, got)
		})
	}
}

// elideSARIFRules keeps a SARIF golden file readable: tool.driver.rules
// holds every rule's documentation, so only its first rule is kept, and the
// rest is checked here to be the whole rule set.
func elideSARIFRules(t *testing.T, out string) string {
	t.Helper()
	var log struct {
		Runs []struct {
			Tool struct {
				Driver struct{ Rules []struct{ ID string } }
			}
		}
	}
	if err := json.Unmarshal([]byte(out), &log); err != nil {
		t.Fatalf("not JSON: %v", err)
	}
	if n := len(log.Runs[0].Tool.Driver.Rules); n != len(rules.All()) {
		t.Errorf("tool.driver.rules lists %d rules, want all %d", n, len(rules.All()))
	}
	const start, end = "          \"rules\": [\n", "\n          ]\n        }\n      },\n      \"columnKind\""
	i := strings.Index(out, start)
	j := strings.Index(out, end)
	first := -1
	if i >= 0 {
		first = strings.Index(out[i:], "\n            },\n")
	}
	if i < 0 || j < 0 || first < 0 {
		t.Fatalf("no tool.driver.rules in\n%s", out)
	}
	return out[:i+first] + "\n            },\n            ... " + fmt.Sprint(len(log.Runs[0].Tool.Driver.Rules)-1) + " more rules" + out[j:]
}

// TestConfigFileFoundWalkingUp: a .appspec-lint.yaml in a parent directory
// applies to the files below it, and flags still win.
func TestConfigFileFoundWalkingUp(t *testing.T) {
	root := t.TempDir()
	sub := filepath.Join(root, "svc", "deploy")
	os.MkdirAll(sub, 0o755)
	os.WriteFile(filepath.Join(root, ".appspec-lint.yaml"), []byte("disable: [AS203]\n"), 0o644)
	os.WriteFile(filepath.Join(sub, "appspec.yml"), []byte("version: \"0.0\"\nos: linux\n"), 0o644)

	var stdout, stderr bytes.Buffer
	if code := run([]string{root}, nil, &stdout, &stderr); code != 0 {
		t.Fatalf("config should disable AS203: exit %d\n%s%s", code, stdout.String(), stderr.String())
	}
	stdout.Reset()
	if code := run([]string{"--enable", "AS203", root}, nil, &stdout, &stderr); code != 1 || !strings.Contains(stdout.String(), "AS203") {
		t.Fatalf("--enable should win over the config file: exit %d\n%s", code, stdout.String())
	}

	os.WriteFile(filepath.Join(root, ".appspec-lint.yaml"), []byte("disabel: [AS203]\n"), 0o644)
	stderr.Reset()
	if code := run([]string{root}, nil, &stdout, &stderr); code != 2 || !strings.Contains(stderr.String(), `unknown setting "disabel"`) {
		t.Fatalf("a bad config must be reported with exit 2: exit %d\n%s", code, stderr.String())
	}

	// A selector that matches no rule is as much a mistake in the file as
	// on the command line.
	// It is said once, not once for each file under it.
	os.WriteFile(filepath.Join(root, ".appspec-lint.yaml"), []byte("disable: AS9999\n"), 0o644)
	os.MkdirAll(filepath.Join(root, "web"), 0o755)
	os.WriteFile(filepath.Join(root, "web", "appspec.yml"), []byte("version: 0.0\nos: linux\n"), 0o644)
	// Then the files it kept from being checked are named, in one line.
	want := filepath.Join(root, ".appspec-lint.yaml") + ": no rule matches AS9999"
	for _, verb := range []string{"linted", "fixed"} {
		args := []string{root}
		if verb == "fixed" {
			args = []string{"--fix", root}
		}
		stderr.Reset()
		if code := run(args, nil, &stdout, &stderr); code != 2 || strings.Count(stderr.String(), want) != 1 {
			t.Fatalf("%v: want exit 2 and %q once: exit %d\n%q", args, want, code, stderr.String())
		}
		skipped := fmt.Sprintf("appspec-lint: for the error above, 2 files were not %s: %s, %s\n", verb,
			filepath.Join(sub, "appspec.yml"), filepath.Join(root, "web", "appspec.yml"))
		if !strings.HasSuffix(stderr.String(), skipped) {
			t.Errorf("%v: want the skipped files named last:\n%s\ngot:\n%s", args, skipped, stderr.String())
		}
	}
}

// TestUnreadableFileDoesNotStopOthers: a file that cannot be read (here a
// dangling symlink named appspec.yml) is reported on stderr with exit 2, and
// every other file is still linted and reported.
func TestUnreadableFileDoesNotStopOthers(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "a"), 0o755)
	os.MkdirAll(filepath.Join(dir, "b"), 0o755)
	if err := os.Symlink(filepath.Join(dir, "gone.yml"), filepath.Join(dir, "a", "appspec.yml")); err != nil {
		t.Skipf("cannot make a symlink here: %v", err)
	}
	os.WriteFile(filepath.Join(dir, "b", "appspec.yml"), []byte("version: 1.0\nos: linux\n"), 0o644)
	var stdout, stderr bytes.Buffer
	code := run([]string{"--format", "json", dir}, nil, &stdout, &stderr)
	if code != 2 || !strings.Contains(stdout.String(), "AS202") || !strings.Contains(stderr.String(), "a/appspec.yml: no such file or directory") {
		t.Fatalf("exit %d\nstdout %s\nstderr %s", code, stdout.String(), stderr.String())
	}
}

// TestFixInPlace: --fix=all rewrites the file, keeps its mode, reports what
// is left; --diff writes nothing.
func TestFixInPlace(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "appspec.yml")
	if err := os.WriteFile(path, []byte(fixable), 0o640); err != nil {
		t.Fatal(err)
	}
	// The directory is the revision: it holds the script the appspec names.
	if err := os.Mkdir(filepath.Join(dir, "scripts"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "scripts", "check.sh"), []byte("#!/bin/bash\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	if code := run([]string{"--diff", "--fix=all", path}, nil, &stdout, &stderr); code != 1 || !strings.Contains(stdout.String(), "+  ValidateService:") {
		t.Fatalf("--diff: exit %d\n%s%s", code, stdout.String(), stderr.String())
	}
	if b, _ := os.ReadFile(path); string(b) != fixable {
		t.Fatal("--diff must not write")
	}
	stdout.Reset()
	stderr.Reset()
	code := run([]string{"--fix=all", "--format", "json", path}, nil, &stdout, &stderr)
	b, _ := os.ReadFile(path)
	want := "version: 0.0\nos: linux\nhooks:\n  ValidateService:\n    - location: scripts/check.sh\n"
	if string(b) != want {
		t.Fatalf("fixed file:\n%q\nwant\n%q\nstderr: %s", b, want, stderr.String())
	}
	info, _ := os.Stat(path)
	if info.Mode().Perm() != 0o640 {
		t.Errorf("mode %v, want 0640 kept", info.Mode().Perm())
	}
	if !strings.Contains(stderr.String(), "applied") || strings.TrimSpace(stdout.String()) != "[]" || code != 0 {
		t.Errorf("exit %d stdout %q stderr %q", code, stdout.String(), stderr.String())
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 2 { // appspec.yml and scripts/
		t.Errorf("a temporary file was left behind: %v", entries)
	}
	// A second run has nothing left to fix.
	stderr.Reset()
	run([]string{"--fix=all", path}, nil, &stdout, &stderr)
	if strings.Contains(stderr.String(), "applied") {
		t.Errorf("--fix is not idempotent: %s", stderr.String())
	}
}

// TestDoubleDashEndsFlags: after "--" every argument is a path, even one that
// looks like a flag; flags may still come after a path before it.
func TestDoubleDashEndsFlags(t *testing.T) {
	fl := flag.NewFlagSet("t", flag.ContinueOnError)
	format := fl.String("format", "text", "")
	paths, err := parseInterspersed(fl, []string{"a.yml", "--format", "json", "--", "-odd.yml", "--format"})
	if err != nil || *format != "json" || strings.Join(paths, " ") != "a.yml -odd.yml --format" {
		t.Errorf("paths %q format %q err %v", paths, *format, err)
	}
}

// unfinishedFixInput has more syntax errors than --fix has rounds (each
// round repairs the first error the parser meets: a missing colon, then one
// misindented key at a time).
var unfinishedFixInput = "permissions\n  0: 0\n" + strings.Repeat(" 0:\n", 30)

// TestFixSaysWhenUnfinished: when the round limit stops --fix with fixes
// still to apply, the command says so, and running it again goes on.
func TestFixSaysWhenUnfinished(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "appspec.yml")
	if err := os.WriteFile(path, []byte(unfinishedFixInput), 0o644); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	run([]string{"--fix=all", path}, nil, &stdout, &stderr)
	if !strings.Contains(stderr.String(), "run the fix again to go on") {
		t.Fatalf("no word of an unfinished fix:\n%s", stderr.String())
	}
	once, _ := os.ReadFile(path)
	stderr.Reset()
	run([]string{"--fix=all", path}, nil, &stdout, &stderr)
	if twice, _ := os.ReadFile(path); string(twice) == string(once) {
		t.Fatalf("the second --fix changed nothing:\n%s\n%s", twice, stderr.String())
	}
}
