package lint

import (
	"fmt"
	"strings"
	"testing"
)

func TestApplyEditsSkipsOverlaps(t *testing.T) {
	d := Parse("appspec.yml", []byte("ab🙂cd\nef\n"))
	out := ApplyEdits(d, []Edit{
		{Range: Range{Pos{1, 4}, Pos{1, 5}}, NewText: "X"},  // replaces c (after the emoji)
		{Range: Range{Pos{1, 1}, Pos{1, 1}}, NewText: ">"},  // insertion at the start
		{Range: Range{Pos{1, 4}, Pos{1, 6}}, NewText: "no"}, // overlaps the first: skipped
		{Range: Range{Pos{2, 1}, Pos{2, 3}}, NewText: "EF"},
	})
	if string(out) != ">ab🙂Xd\nEF\n" {
		t.Errorf("got %q", out)
	}
}

func TestSameData(t *testing.T) {
	a := Parse("appspec.yml", []byte("version: 0.0\nfiles:\n   - source: /\n     destination: \"/x\"\n"))
	b := Parse("appspec.yml", []byte("version: 0.0\nfiles:\n  - source: /\n    destination: /x # moved\n"))
	c := Parse("appspec.yml", []byte("version: 0.0\nfiles:\n  - source: /\n    destination: /y\n"))
	d := Parse("appspec.yml", []byte("version: \"0.0\"\nfiles:\n  - source: /\n    destination: /x\n"))
	if !SameData(a, b) {
		t.Error("indentation, quotes of a string and comments do not change the data")
	}
	if SameData(a, c) || SameData(a, d) {
		t.Error("a different value, or a number turned into a string, is different data")
	}
}

// TestSameDataAliases: a value that refers to itself is the same data as
// itself however it is laid out (FuzzFix found SameData recursing to its
// depth bound on one and calling the file changed), a change inside the loop
// is still a change, and shared aliases compare once, not once per path.
func TestSameDataAliases(t *testing.T) {
	loop := Parse("appspec.yml", []byte("&user \n0: *user\n"))
	if loop.Root == nil {
		t.Fatalf("the self-referring mapping does not parse: %v", loop.SyntaxError)
	}
	relaid := Parse("appspec.yml", []byte("&user\n0:   *user # same\n"))
	changed := Parse("appspec.yml", []byte("&user\n1: *user\n"))
	if !SameData(loop, loop) || !SameData(loop, relaid) {
		t.Error("a self-referring mapping is not the same data as itself")
	}
	if SameData(loop, changed) {
		t.Error("a different key inside a loop is different data")
	}
	var bomb strings.Builder
	bomb.WriteString("a0: &a0 [x, x]\n")
	for i := 1; i <= 40; i++ {
		fmt.Fprintf(&bomb, "a%d: &a%d [*a%d, *a%d]\n", i, i, i-1, i-1)
	}
	b := Parse("appspec.yml", []byte(bomb.String()))
	if b.Root == nil {
		t.Fatalf("the alias bomb does not parse: %v", b.SyntaxError)
	}
	if !SameData(b, b) { // 2^40 paths: finishes only if each pair is compared once
		t.Error("an alias bomb is not the same data as itself")
	}
}

// Fix applies rounds of non-overlapping fixes, layout only unless asked.
func TestFixRounds(t *testing.T) {
	layout := &Rule{ID: "AS901", Name: "layout", Severity: Info, Platforms: AllPlatforms, Category: "t",
		Node: func(p *Pass, n *Node) {
			if n.IsKey && n.Range.Start.Col != 1 && n.Parent.Parent == nil {
				p.Report(n, "indent").WithFix(LayoutFix, "dedent", Edit{Range: Range{Pos{n.Range.Start.Line, 1}, n.Range.Start}})
			}
		}}
	intent := &Rule{ID: "AS902", Name: "intent", Severity: Error, Platforms: AllPlatforms, Category: "t",
		Node: func(p *Pass, n *Node) {
			if !n.IsKey && n.Kind == ScalarNode && n.Value == "bad" {
				p.Report(n, "bad").WithFix(IntentFix, "good", Edit{Range: n.Range, NewText: "good"})
			}
		}}
	l := New([]*Rule{layout, intent})
	src := []byte("  a: bad\n  b: 1\n")
	r := l.Fix("appspec.yml", src, nil, false, nil)
	if string(r.Src) != "a: bad\nb: 1\n" || r.Applied != 2 || len(r.Remain) != 1 {
		t.Errorf("layout: %q applied %d remain %d", r.Src, r.Applied, len(r.Remain))
	}
	r = l.Fix("appspec.yml", src, nil, true, nil)
	if string(r.Src) != "a: good\nb: 1\n" || len(r.Remain) != 0 {
		t.Errorf("all: %q remain %d", r.Src, len(r.Remain))
	}
}

// TestSameDataDiffers: each way two trees can differ as data, and that two
// empty files hold the same (no) data.
func TestSameDataDiffers(t *testing.T) {
	for _, c := range []struct {
		a, b string
		same bool
	}{
		{"", "# nothing but a comment\n", true},
		{"", "a: 1\n", false},
		{"a: 1\n", "a: [1]\n", false},
		{"a: {x: 1}\n", "a: {x: 1, y: 2}\n", false},
		{"a: [1, 2]\n", "a: [1]\n", false},
		{"a: 1\n", "a: '1'\n", false},
		{"a: x\n", "a: y\n", false},
		{"a: &v [1]\nb: *v\n", "a: [1]\nb: [1]\n", true},
		{"a: &v [1]\nb: *v\n", "a: [1]\nb: [2]\n", false},
	} {
		if got := SameData(Parse("appspec.yml", []byte(c.a)), Parse("appspec.yml", []byte(c.b))); got != c.same {
			t.Errorf("SameData(%q, %q) = %v, want %v", c.a, c.b, got, c.same)
		}
	}
}

// TestSameDataDeepTree: a tree 11000 levels deep (the parser allows three
// times as many) is the same data as itself (a depth bound of 10000 called
// it different, and the fix command would have refused a layout fix to it
// as a bug), and a change at its bottom is still seen.
func TestSameDataDeepTree(t *testing.T) {
	deep := func(leaf string) *Document {
		src := strings.Repeat("- ", 3000) + strings.Repeat("[a: ", 4000) + leaf + strings.Repeat("]", 4000)
		d := Parse("appspec.yml", []byte(src))
		if d.Root == nil {
			t.Fatalf("the deep tree does not parse: %v", d.SyntaxError)
		}
		return d
	}
	a := deep("x")
	if !SameData(a, a) || !SameData(a, deep("'x'")) {
		t.Error("a deep tree is not the same data as itself")
	}
	if SameData(a, deep("y")) {
		t.Error("a different value at the bottom of a deep tree is different data")
	}
}
