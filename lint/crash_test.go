package lint

import (
	"fmt"
	"strings"
	"testing"
)

// crashRules are three test rules: every scalar is reported by AS901; AS900
// reports scalars too but panics at the one that reads "boom"; AS902 makes
// a fallback for AS901 whose message panics.
func crashRules() (boom, every, badMessage *Rule) {
	boom = &Rule{ID: "AS900", Name: "boom", Severity: Warning, Platforms: AllPlatforms, Category: "t",
		NodeKinds: Kinds(ScalarNode),
		Node: func(p *Pass, n *Node) {
			p.Report(n, "seen %s", n.Value)
			if n.Value == "boom" {
				var m map[string]int
				m["x"]++ // a nil map: a real runtime error, not a made-up panic
			}
		}}
	every = &Rule{ID: "AS901", Name: "every", Severity: Info, Platforms: AllPlatforms, Category: "t",
		NodeKinds: Kinds(ScalarNode),
		Node:      func(p *Pass, n *Node) { p.Report(n, "scalar %s", n.Value) }}
	badMessage = &Rule{ID: "AS902", Name: "bad-message", Severity: Info, Platforms: AllPlatforms, Category: "t",
		Document: func(p *Pass) {
			if strings.Contains(string(p.Doc.Src), "fallback") {
				p.ReportAs("AS901", Range{Start: Pos{2, 1}, End: Pos{2, 2}}, func() string { panic("no message") })
			}
		}}
	return boom, every, badMessage
}

func describe(ds []*Diagnostic) string {
	var b strings.Builder
	for _, d := range ds {
		fmt.Fprintf(&b, "%s-%s %s %s: %s\n", d.Range.Start, d.Range.End, d.Severity, d.Rule.ID, d.Message)
	}
	return b.String()
}

// A rule that panics loses its own findings on that document and nothing
// else: the other rules' findings are all there, and the crash is an error
// of the rule, with the panic and its stack for the fuzz targets.
func TestRuleCrashIsAFinding(t *testing.T) {
	boom, every, badMessage := crashRules()
	linter := New([]*Rule{boom, every, badMessage})
	_, ds := linter.LintBytes("appspec.yml", []byte("a: ok\nb: boom\n"), nil)
	want := "1:1-1:6 error AS900: internal error: rule AS900 (boom) failed on this file, so its checks are missing here " +
		"(assignment to entry in nil map); please report it with the file; --disable AS900 sets the rule aside meanwhile\n" +
		"1:1-1:2 info AS901: scalar a\n" +
		"1:4-1:6 info AS901: scalar ok\n" +
		"2:1-2:2 info AS901: scalar b\n" +
		"2:4-2:8 info AS901: scalar boom\n"
	if got := describe(ds); got != want {
		t.Fatalf("got\n%s\nwant\n%s", got, want)
	}
	internal := ds[0].InternalError()
	if !strings.Contains(internal, "rule AS900 panicked: assignment to entry in nil map") || !strings.Contains(internal, "crash_test.go") {
		t.Errorf("InternalError should give the panic and its stack, got:\n%s", internal)
	}
	for _, d := range ds[1:] {
		if d.InternalError() != "" {
			t.Errorf("%s is not a crash", d.Message)
		}
	}

	// The next document is linted by every rule again.
	_, ds = linter.LintBytes("appspec.yml", []byte("a: ok\n"), nil)
	if got := describe(ds); !strings.Contains(got, "AS900: seen ok") {
		t.Errorf("a crash leaves the rule out of one document only, got\n%s", got)
	}

	// An inline ignore of the rule covers its crash, as any finding of it.
	_, ds = linter.LintBytes("appspec.yml", []byte("# appspec-lint ignore=AS900\nb: boom\n"), nil)
	if got := describe(ds); strings.Contains(got, "AS900") {
		t.Errorf("ignore=AS900 should hide the crash, got\n%s", got)
	}
}

// The message of a fallback finding is the reporting rule's code: when it
// panics, that rule is the one left out, not the rule it reported for.
func TestRuleCrashInFallbackMessage(t *testing.T) {
	boom, every, badMessage := crashRules()
	_, ds := New([]*Rule{boom, every, badMessage}).LintBytes("appspec.yml", []byte("fallback: boom\n# a place no other finding covers\n"), nil)
	got := describe(ds)
	for _, want := range []string{
		"1:1-1:15 error AS900: internal error: rule AS900 (boom)",
		"1:1-1:15 error AS902: internal error: rule AS902 (bad-message) failed on this file, so its checks are missing here (no message)",
		"1:1-1:9 info AS901: scalar fallback\n",
		"1:11-1:15 info AS901: scalar boom\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in\n%s", want, got)
		}
	}
	if strings.Count(got, "\n") != 4 {
		t.Errorf("want two crashes and two findings, got\n%s", got)
	}
}

// A panic outside any rule is the engine's own bug: it is not turned into a
// finding of whichever rule ran last.
func TestEngineCrashIsNotBlamedOnARule(t *testing.T) {
	defer func() {
		if r := recover(); r != "engine" {
			t.Errorf("want the engine's panic again, got %v", r)
		}
	}()
	crashOf("engine", &passRun{rules: []*Rule{{ID: "AS901"}}, current: noRule}, nil)
}
