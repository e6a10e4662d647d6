package lint

import (
	"strings"
	"testing"
)

// A root-cause finding supersedes other rules' findings inside the nodes it
// explains, and only those.
func TestSupersede(t *testing.T) {
	cause := &Rule{ID: "AS151", Name: "cause", Severity: Error, Platforms: AllPlatforms, Category: "t",
		Node: func(p *Pass, n *Node) {
			if n.IsKey && n.Value == "destination" {
				p.Report(n, "dedented").Supersede(n.Parent)
			}
		}}
	consequence := &Rule{ID: "AS302", Name: "consequence", Severity: Error, Platforms: AllPlatforms, Category: "t",
		Node: func(p *Pass, n *Node) {
			if n.IsKey && (n.Value == "destination" || n.Value == "os") {
				p.Report(n, "consequence of %s", n.Value)
			}
		}}
	doc, ds := New([]*Rule{cause, consequence}).LintBytes("appspec.yml", []byte("files:\n  destination: x\nos: linux\n"), nil)
	_ = doc
	if len(ds) != 2 || ds[0].Rule != cause || ds[1].Message != "consequence of os" {
		for _, d := range ds {
			t.Logf("%s %s %s", d.Range.Start, d.Rule.ID, d.Message)
		}
		t.Fatalf("want the cause and the unrelated finding only")
	}
}

func TestSelectorsAndDirectives(t *testing.T) {
	r := &Rule{ID: "AS503", Name: "hook-reserved-event", Category: "hooks"}
	for _, sel := range []string{"AS503", "as503", "AS5", "AS50", "hook-reserved-event", "hooks", "all"} {
		if !r.Matches(sel) {
			t.Errorf("%q should match", sel)
		}
	}
	for _, sel := range []string{"A", "AS5031", "AS51", "hook", ""} {
		if r.Matches(sel) {
			t.Errorf("%q should not match", sel)
		}
	}
	opt := &Rule{ID: "AS510", OptIn: true}
	if (&Config{}).Enabled(opt) || !(&Config{Enable: []string{"AS5"}}).Enabled(opt) {
		t.Error("opt-in rules run only when enabled")
	}
	if (&Config{Disable: []string{"AS5"}}).Enabled(r) || !(&Config{Disable: []string{"AS5"}, Enable: []string{"AS503"}}).Enabled(r) {
		t.Error("--enable wins over --disable")
	}
	d := Parse("appspec.yml", []byte("a: 1 # appspec-lint ignore=AS503,AS1\nb: 2\nc: 3\nd: '# appspec-lint ignore=AS503'\n"))
	ds := parseDirectives(d)
	at := func(line int) *Diagnostic { return &Diagnostic{Rule: r, Range: Range{Start: Pos{line, 1}}} }
	if !ds.suppresses(at(1)) || !ds.suppresses(at(2)) || ds.suppresses(at(3)) || ds.suppresses(at(4)) {
		t.Error("ignore= applies to its line and the next, and only in comments")
	}
}

// A fallback finding (ReportAs) gives way to a rule's own finding at the same
// place, stands where nothing else reports, and is dropped when its rule is
// off; the message of a dropped one is never built.
func TestReportAsIsAFallback(t *testing.T) {
	built := map[string]int{}
	own := &Rule{ID: "AS703", Name: "own", Severity: Error, Platforms: AllPlatforms, Category: "t",
		Node: func(p *Pass, n *Node) {
			if n.IsKey && n.Value == "a" {
				p.Report(n, "hand-written")
			}
		}}
	schema := &Rule{ID: "AS200", Name: "schema", Severity: Error, Platforms: AllPlatforms, Category: "t",
		Node: func(p *Pass, n *Node) {
			if n.IsKey {
				p.ReportAs("AS703", n, func() string { built[n.Value]++; return "schema says " + n.Value })
			}
		}}
	_, ds := New([]*Rule{own, schema}).LintBytes("appspec.yml", []byte("a: 1\nb: 2\n"), nil)
	if len(ds) != 2 || ds[0].Message != "hand-written" || ds[1].Message != "schema says b" || ds[1].Rule != own {
		for _, d := range ds {
			t.Logf("%s %s", d.Range.Start, d.Message)
		}
		t.Fatal("want the hand-written finding and the schema finding on b, attributed to AS703")
	}
	if built["a"] != 0 || built["b"] != 1 {
		t.Errorf("messages built %v: want b's once, a's (dropped) never", built)
	}
	_, ds = New([]*Rule{own, schema}).LintBytes("appspec.yml", []byte("a: 1\nb: 2\n"), &Config{Disable: []string{"AS703"}})
	if len(ds) != 0 {
		t.Fatalf("a disabled rule's fallback findings are dropped: %d", len(ds))
	}
	if built["a"] != 0 || built["b"] != 1 {
		t.Errorf("messages built %v: a disabled rule's are never built", built)
	}
}

func TestDocumentMemo(t *testing.T) {
	type key struct{ name string }
	d := Parse("appspec.yml", []byte("version: 0.0\n"))
	calls := 0
	get := func(k key) any {
		return d.Memo(k, func() any { calls++; return k.name + "!" })
	}
	if get(key{"a"}) != "a!" || get(key{"a"}) != "a!" || get(key{"b"}) != "b!" || calls != 2 {
		t.Fatalf("Memo computed %d times, want once per key", calls)
	}
	if other := Parse("appspec.yml", []byte("version: 0.0\n")); other.Memo(key{"a"}, func() any { return 1 }) != 1 {
		t.Fatal("a memo is per document")
	}
}

// TestNodeKinds: a Node callback runs for the kinds in NodeKinds only, and
// for every kind when NodeKinds is empty.
func TestNodeKinds(t *testing.T) {
	var maps, all []string
	l := New([]*Rule{
		{ID: "T1", Platforms: AllPlatforms, NodeKinds: Kinds(MappingNode), Node: func(p *Pass, n *Node) { maps = append(maps, n.Kind.String()) }},
		{ID: "T2", Platforms: AllPlatforms, Node: func(p *Pass, n *Node) { all = append(all, n.Kind.String()) }},
	})
	l.Lint(Parse("appspec.yml", []byte("a: &x [1, {b: 2}]\nc: *x\n")), nil)
	if got := strings.Join(maps, " "); got != "mapping mapping" {
		t.Errorf("mapping-only callback saw %q", got)
	}
	if got := strings.Join(all, " "); got != "mapping scalar list scalar mapping scalar scalar scalar alias" {
		t.Errorf("every-kind callback saw %q", got)
	}
}

// TestMayHaveDirective: the quick filter lets through every comment the
// directive parser reads.
func TestMayHaveDirective(t *testing.T) {
	for _, src := range []string{"a: 1 # appspec-lint ignore=AS1\n", "#appspec-lint disable-file", "x:\n  #\t appspec-lint ignore=AS2",
		"# \u00a0appspec-lint ignore=AS3"} {
		if !mayHaveDirective([]byte(src)) {
			t.Errorf("mayHaveDirective(%q) is false", src)
		}
		if ds := parseDirectives(Parse("appspec.yml", []byte(src))); !ds.disableFile && len(ds.ignore) == 0 {
			t.Errorf("%q: the parser finds no directive", src)
		}
	}
	for _, src := range []string{"", "a: 1\n", "# a comment\n", "x: appspec-lint\n", "# not appspec-lint\n"} {
		if mayHaveDirective([]byte(src)) {
			t.Errorf("mayHaveDirective(%q) is true", src)
		}
	}
}

// Rule finds a rule by ID or name whatever the case; Rules is the set given.
func TestLinterRuleLookup(t *testing.T) {
	a := &Rule{ID: "AS101", Name: "first"}
	b := &Rule{ID: "AS102", Name: "second-rule"}
	l := New([]*Rule{a, b})
	if len(l.Rules()) != 2 || l.Rules()[0] != a || l.Rules()[1] != b {
		t.Error("Rules is not the rule set given")
	}
	for q, want := range map[string]*Rule{"AS102": b, "as101": a, "Second-Rule": b, "AS10": nil, "": nil} {
		if got := l.Rule(q); got != want {
			t.Errorf("Rule(%q) = %v, want %v", q, got, want)
		}
	}
}

// Directives: a # inside a value is not a comment, but one after it on the
// line is; a comment that is not a directive is skipped; disable-file
// silences every finding of the file.
func TestDirectivesInComments(t *testing.T) {
	r := &Rule{ID: "AS503", Name: "hook-reserved-event", Category: "hooks"}
	at := func(line int) *Diagnostic { return &Diagnostic{Rule: r, Range: Range{Start: Pos{line, 1}}} }
	ds := parseDirectives(Parse("appspec.yml", []byte("# a plain comment\na: x#y # appspec-lint ignore=AS503\nb: 1\nc: 2\n")))
	if ds.disableFile || ds.suppresses(at(1)) || !ds.suppresses(at(2)) || !ds.suppresses(at(3)) || ds.suppresses(at(4)) {
		t.Errorf("the directive after x#y applies to lines 2 and 3 only: %+v", ds)
	}
	report := &Rule{ID: "AS901", Name: "every-key", Severity: Error, Platforms: AllPlatforms, Category: "t",
		Node: func(p *Pass, n *Node) {
			if n.IsKey {
				p.Report(n, "key")
			}
		}}
	if _, found := New([]*Rule{report}).LintBytes("appspec.yml", []byte("a: 1\nb: 2 # comment\n"), nil); len(found) != 2 {
		t.Fatalf("without the directive, %d findings, want 2", len(found))
	}
	src := "a: 1\nb: 2 # appspec-lint disable-file\n"
	if _, found := New([]*Rule{report}).LintBytes("appspec.yml", []byte(src), nil); len(found) != 0 {
		t.Errorf("disable-file left %d findings", len(found))
	}
}
