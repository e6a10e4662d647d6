package rules_test

import (
	"fmt"
	"runtime"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/appspec-lint/appspec-lint/lint"
	"github.com/appspec-lint/appspec-lint/rules"
)

// Hostile inputs (issue #8): each is parsed and linted with every rule, and
// must end with a clear finding, within a deadline and a memory budget.
//
// The deadline is a hang detector, not a speed assertion (speed is measured
// by the benchmarks): it is generous enough for a loaded 2-core machine and
// the race detector. The memory budget is on the bytes allocated during the
// call (runtime.MemStats.TotalAlloc), which bounds the heap's growth from
// above whatever the garbage collector does, so it is deterministic where a
// peak-heap sample would not be.

// hostileDeadline is how long one parse and lint may take before the test
// calls it a hang.
const hostileDeadline = 60 * time.Second

// lintBounded lints src as appspec.yml with the default rules and fails the
// test if it takes longer than hostileDeadline or allocates more than
// budgetMB megabytes.
func lintBounded(t *testing.T, src string, budgetMB uint64) (*lint.Document, []*lint.Diagnostic) {
	t.Helper()
	return lintBoundedIn(t, src, nil, budgetMB)
}

// lintBoundedIn is lintBounded with the appspec in a revision (nil for
// none).
func lintBoundedIn(t *testing.T, src string, rev lint.Revision, budgetMB uint64) (*lint.Document, []*lint.Diagnostic) {
	t.Helper()
	linter := lint.New(rules.All())
	type result struct {
		doc   *lint.Document
		ds    []*lint.Diagnostic
		alloc uint64
	}
	done := make(chan result, 1)
	go func() {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		doc := lint.Parse("appspec.yml", []byte(src))
		doc.Revision = rev
		ds := linter.Lint(doc, &lint.Config{})
		runtime.ReadMemStats(&after)
		done <- result{doc, ds, after.TotalAlloc - before.TotalAlloc}
	}()
	select {
	case r := <-done:
		if mb := r.alloc >> 20; mb > budgetMB {
			t.Errorf("linting %d bytes allocated %d MB, more than the %d MB budget", len(src), mb, budgetMB)
		}
		return r.doc, r.ds
	case <-time.After(hostileDeadline):
		t.Fatalf("linting %d bytes did not end within %v", len(src), hostileDeadline)
	}
	return nil, nil
}

// byRule keeps the findings of one rule.
func byRule(ds []*lint.Diagnostic, id string) []*lint.Diagnostic {
	var out []*lint.Diagnostic
	for _, d := range ds {
		if d.Rule.ID == id {
			out = append(out, d)
		}
	}
	return out
}

// wantOnly checks that the findings are exactly one of rule id at r, and
// that its message contains every fragment.
func wantOnly(t *testing.T, ds []*lint.Diagnostic, id string, r lint.Range, fragments ...string) {
	t.Helper()
	if len(ds) != 1 || ds[0].Rule.ID != id || ds[0].Range != r {
		t.Fatalf("want exactly %s at %v, got %s", id, r, describe(ds))
	}
	for _, f := range fragments {
		if !strings.Contains(ds[0].Message, f) {
			t.Errorf("%s message %q does not say %q", id, ds[0].Message, f)
		}
	}
}

func describe(ds []*lint.Diagnostic) string {
	var b strings.Builder
	for i, d := range ds {
		if i == 10 {
			fmt.Fprintf(&b, "\n  ... %d more", len(ds)-i)
			break
		}
		fmt.Fprintf(&b, "\n  %s %v %.200s", d.Rule.ID, d.Range, d.Message)
	}
	return b.String()
}

func rng(l1, c1, l2, c2 int) lint.Range {
	return lint.Range{Start: lint.Pos{Line: l1, Col: c1}, End: lint.Pos{Line: l2, Col: c2}}
}

// TestHostileBillionLaughs: ten levels of ten aliases each (10^10 values if
// expanded), used as files, permissions and the scripts of an event. Aliases
// are kept as references, never expanded, and each one is reported: the EC2
// agent loads the appspec with aliases disabled.
func TestHostileBillionLaughs(t *testing.T) {
	var b strings.Builder
	b.WriteString("version: 0.0\nos: linux\n")
	b.WriteString("l0: &l0 [{source: a, destination: /b, location: c.sh, object: /d}, x, x, x, x, x, x, x, x, x]\n")
	for i := 1; i < 10; i++ {
		fmt.Fprintf(&b, "l%d: &l%d [", i, i)
		for j := 0; j < 10; j++ {
			if j > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "*l%d", i-1)
		}
		b.WriteString("]\n")
	}
	b.WriteString("files: *l9\npermissions: *l9\nhooks:\n  BeforeInstall: *l9\n")
	doc, ds := lintBounded(t, b.String(), 64)
	if doc.SyntaxError != nil {
		t.Fatalf("syntax error %+v", doc.SyntaxError)
	}
	aliases := byRule(ds, "AS113")
	if len(aliases) != 9*10+3 {
		t.Errorf("%d AS113 findings, want one per alias (93):%s", len(aliases), describe(aliases))
	}
	if len(aliases) > 0 && aliases[0].Range != rng(4, 10, 4, 13) {
		t.Errorf("first alias finding at %v, want 4:10-4:13 (`*l0` on line 4)", aliases[0].Range)
	}
	if len(ds) > 200 {
		t.Errorf("%d findings: the aliases were expanded, not reported once each:%s", len(ds), describe(ds))
	}
}

// TestHostileWideAliases: one anchored list of a thousand values, referred
// to ten thousand times as the scripts of an event: one AS113 per alias, at
// the alias, and memory in proportion to the text, not to the expansion.
func TestHostileWideAliases(t *testing.T) {
	const n = 10_000
	var b strings.Builder
	b.WriteString("version: 0.0\nos: linux\nx: &a [" + strings.Repeat("{location: s.sh}, ", 999) + "{location: s.sh}]\nhooks:\n  BeforeInstall:\n")
	for i := 0; i < n; i++ {
		b.WriteString("    - *a\n")
	}
	doc, ds := lintBounded(t, b.String(), 256)
	if doc.SyntaxError != nil {
		t.Fatalf("syntax error %+v", doc.SyntaxError)
	}
	aliases := byRule(ds, "AS113")
	if len(aliases) != n {
		t.Fatalf("%d AS113 findings, want %d", len(aliases), n)
	}
	for i, d := range aliases {
		if want := rng(6+i, 7, 6+i, 9); d.Range != want {
			t.Fatalf("alias finding %d at %v, want %v", i, d.Range, want)
		}
	}
}

// TestHostileDeepNesting: 10,000 levels, in flow and block style. Up to the
// YAML parser's depth limit (10,000) the file parses and the outer shape is
// reported; past it, the parser's refusal is one AS106 at the place it
// stopped, saying so. The engine's tree builder recurses once per level, so
// this also guards its stack.
func TestHostileDeepNesting(t *testing.T) {
	cases := []struct {
		name string
		src  string
		id   string
		at   lint.Range
		says []string
	}{
		{"flow lists, 10,000 levels", "version: 0.0\nos: linux\nfiles: " + strings.Repeat("[", 10_000) + strings.Repeat("]", 10_000) + "\n",
			"AS303", rng(3, 9, 3, 20_007), []string{"must be a mapping"}},
		{"flow mappings, 10,000 levels", "version: 0.0\nos: linux\nfiles: " + strings.Repeat("{a: ", 9_999) + "x" + strings.Repeat("}", 9_999) + "\n",
			"AS303", rng(3, 8, 3, 50_004), []string{"must be a list"}},
		{"block lists, 9,990 levels", "version: 0.0\nos: linux\nfiles:\n  " + strings.Repeat("- ", 9_990) + "x\n",
			"AS303", rng(4, 5, 4, 19_984), []string{"must be a mapping"}},
		{"block lists, 10,001 levels", "version: 0.0\nos: linux\nfiles:\n  " + strings.Repeat("- ", 10_001) + "x\n",
			"AS106", rng(4, 20_001, 4, 20_002), []string{"nests more than 10,000 levels"}},
		{"flow lists, 100,000 levels", "version: 0.0\nos: linux\nfiles: " + strings.Repeat("[", 100_000) + strings.Repeat("]", 100_000) + "\n",
			"AS106", rng(3, 10_008, 3, 200_008), []string{"nests more than 10,000 levels"}},
		{"unclosed flow lists, 10,000 levels", "version: 0.0\nos: linux\nfiles: " + strings.Repeat("[", 10_000) + "\n",
			"AS106", rng(4, 1, 4, 1), []string{"never closed"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, ds := lintBounded(t, c.src, 128)
			wantOnly(t, ds, c.id, c.at, c.says...)
		})
	}
}

// TestHostileLongLines: a single line of 1 MB, as a value, a quoted value,
// a comment, a path and a whole flow-style file. Findings point at the line
// and quote at most a short part of it.
func TestHostileLongLines(t *testing.T) {
	mb := strings.Repeat("a", 1<<20)
	entries := strings.Repeat("{source: a, destination: /b}, ", (1<<20)/30)
	cases := []struct {
		name string
		src  string
		id   string
		at   lint.Range
	}{
		{"plain value", "version: 0.0\nos: " + mb + "\n", "AS206", rng(2, 5, 2, 5+1<<20)},
		{"quoted value", "version: 0.0\nos: \"" + mb + "\"\n", "AS206", rng(2, 5, 2, 7+1<<20)},
		{"destination", "version: 0.0\nos: linux\nfiles:\n  - source: /\n    destination: " + mb + "\n", "AS304", rng(5, 18, 5, 18+1<<20)},
		// Longer than libyaml reads a key (1024 characters): AS106 says so
		// first, then AS502 that it is no event.
		{"event name", "version: 0.0\nos: linux\nhooks:\n  " + mb + ":\n    - location: a.sh\n", "AS106", rng(4, 3, 4, 3+1<<20)},
		{"comment", "version: 0.0\nos: linux\n#" + mb + "\n", "", lint.Range{}},
		{"one-line flow file", "{version: 0.0, os: linux, files: [{source: a, destination: /b}, " + entries + "]}\n", "AS309", rng(1, 74, 1, 75)},
		// Not ASCII: columns are characters, counted from marks on the line.
		{"one-line flow file with an accent", "{version: 0.0, os: linux, files: [{source: é, destination: /b}, " + entries + "]}\n", "AS315", rng(1, 44, 1, 45)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			doc, ds := lintBounded(t, c.src, 1024)
			if doc.SyntaxError != nil {
				t.Fatalf("syntax error %+v", doc.SyntaxError)
			}
			if c.id == "" {
				if len(ds) > 0 {
					t.Fatalf("want no findings, got%s", describe(ds))
				}
				return
			}
			if len(ds) == 0 || ds[0].Rule.ID != c.id || ds[0].Range != c.at {
				t.Fatalf("want %s at %v first, got%s", c.id, c.at, describe(ds))
			}
			for _, d := range ds {
				if len(d.Message) > 1000 {
					t.Fatalf("%s message is %d bytes long: %.300s", d.Rule.ID, len(d.Message), d.Message)
				}
			}
		})
	}
}

// TestHostileEncodings: bytes that are not UTF-8 text. Each gets AS112 at
// the first bad byte, naming it, with what to do.
func TestHostileEncodings(t *testing.T) {
	cases := []struct {
		name string
		src  string
		at   lint.Range
		says []string
	}{
		{"invalid UTF-8 in a value", "version: 0.0\nos: linux\nfiles:\n  - source: \xff\xfe\n    destination: /opt\n",
			rng(4, 13, 4, 14), []string{"0xFF", "UTF-8"}},
		{"Latin-1 comment", "version: 0.0\nos: linux # caf\xe9\n", rng(2, 16, 2, 17), []string{"0xE9", "UTF-8"}},
		{"NUL in a value", "version: 0.0\nos: \x00linux\n", rng(2, 5, 2, 6), []string{"NUL"}},
		{"NUL at a line's end", "version: 0.0\x00\nos: linux\n", rng(1, 13, 1, 14), []string{"NUL"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, ds := lintBounded(t, c.src, 64)
			wantOnly(t, ds, "AS112", c.at, c.says...)
		})
	}
}

// TestHostileMessagesStayShort: a message quotes at most a short part of
// what it is about, however large that is. Two rules did not: AS211
// quoted a 1 MB key whole, and AS509 listed every timeout it adds up (a
// 10 MB file of scripts gave a 1.1 MB message, and as many related places);
// the engine now clips a message's string arguments and caps related places.
func TestHostileMessagesStayShort(t *testing.T) {
	cases := map[string]string{
		"1 MB key":        "version: 0.0\nos: linux\n" + strings.Repeat("k", 1<<20) + ": 1\n",
		"10,000 timeouts": "version: 0.0\nos: linux\nhooks:\n  BeforeInstall:\n" + strings.Repeat("    - location: s.sh\n      timeout: 300\n", 10_000),
	}
	for name, src := range cases {
		t.Run(name, func(t *testing.T) {
			_, ds := lintBounded(t, src, 1024)
			for _, d := range ds {
				if len(d.Message) > 1000 || len(d.Related) > 100 {
					t.Errorf("%s message is %d bytes long with %d related places: %.300s", d.Rule.ID, len(d.Message), len(d.Related), d.Message)
				}
			}
		})
	}
}

// TestHostileLargestAccepted: the worst shapes of a file just under
// lint.MaxAppSpecSize (1 MiB), the largest the command line and the
// language server lint: the most nodes per byte (a list of one-letter
// items; numbers in JSON), and the most findings per byte (an alias per
// line, each an AS113). About 250 MB is allocated for each today; the
// budget is twice that, so a change that makes the worst case much worse
// is noticed.
func TestHostileLargestAccepted(t *testing.T) {
	fill := func(head, unit, tail string) string {
		return head + strings.Repeat(unit, (lint.MaxAppSpecSize-len(head)-len(tail))/len(unit)) + tail
	}
	cases := []struct {
		name, src string
		findings  int
	}{
		{"one-letter items", fill("version: 0.0\nos: linux\nx:\n", "  - a\n", ""), 1},
		{"an alias a line", fill("version: 0.0\nos: linux\nx: &a [a]\nhooks:\n  BeforeInstall:\n", "    - *a\n", ""), 1 + 2*116_502},
		{"JSON numbers", fill(`{"version": 0.0, "os": "linux", "x": [`, "1,", "1]}"), 2},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if len(c.src) > lint.MaxAppSpecSize {
				t.Fatalf("%d bytes, over the limit", len(c.src))
			}
			doc, ds := lintBounded(t, c.src, 512)
			if doc.SyntaxError != nil || len(ds) != c.findings {
				t.Errorf("syntax error %+v, %d findings, want %d:%s", doc.SyntaxError, len(ds), c.findings, describe(ds))
			}
		})
	}
}

// TestHostileScripts: the hook scripts beside an appspec are read too (AS518
// parses shell, AS901-AS903 read the first lines), up to 1 MiB each, and
// may be anything a repository holds. Each of these 1 MiB scripts must end
// with at most a short finding: a background job on every line (the
// message once listed every line, and finding each job's line rescanned the
// script from its start), nesting past the reader's depth limit, runs of
// unclosed quotes, substitutions and here documents, a binary.
func TestHostileScripts(t *testing.T) {
	fill := func(head, unit string) string {
		return head + strings.Repeat(unit, ((1<<20)-len(head))/len(unit))
	}
	cases := map[string]struct {
		script string
		want   string // the AS518 message's start; "" for no AS518
	}{
		"a job on every line":      {fill("#!/bin/sh\n", "a &\n"), "lines 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 and 262131 more of scripts/run.sh start jobs"},
		"jobs on one line":         {fill("#!/bin/sh\n", "a & "), "line 2 of scripts/run.sh starts `a &`"},
		"nesting":                  {fill("#!/bin/sh\n", "( "), ""},
		"substitutions":            {fill("#!/bin/sh\n", "$( "), ""},
		"process substitutions":    {fill("#!/bin/sh\n", ">( "), ""},
		"unclosed quotes":          {fill("#!/bin/sh\n", "\"`'"), ""},
		"case patterns":            {fill("#!/bin/sh\ncase x in ", "("), ""},
		"here documents on a line": {fill("#!/bin/sh\n", "<<A "), ""},
		"here documents":           {fill("#!/bin/sh\n", "cat <<A &\n"), "line 2 of scripts/run.sh starts `cat <<A &`"},
		"binary":                   {fill("\x7fELF", "\x00&\n"), ""},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			rev := contentListing{contentArchive{files: fstest.MapFS{"scripts/run.sh": {Data: []byte(c.script), Mode: 0o755}}, kind: lint.ZipRevisionKind}}
			_, ds := lintBoundedIn(t, "version: 0.0\nos: linux\nhooks:\n  AfterInstall:\n    - location: scripts/run.sh\n", rev, 512)
			got := ""
			for _, d := range ds {
				if len(d.Message) > 1000 {
					t.Errorf("%s message is %d bytes long: %.300s", d.Rule.ID, len(d.Message), d.Message)
				}
				if d.Rule.ID == "AS518" {
					got = d.Message
				}
			}
			if !strings.HasPrefix(got, c.want) || (c.want == "") != (got == "") {
				t.Errorf("AS518 says %.300q, want it to start %q", got, c.want)
			}
		})
	}
}
