package lint

import (
	"os"
	"path/filepath"
	"testing"
)

// corpusDirs are where the real-world corpus sits: beside the project root
// in the main checkout, one level further up from a worktree under wt/.
var corpusDirs = []string{"../../shared/corpus/real", "../../../shared/corpus/real"}

// addTextSeeds gives a fuzz target every appspec of the test cases and of the
// real-world corpus (skipped when absent), so it starts from real shapes.
func addTextSeeds(f *testing.F, add func([]byte)) {
	dirs := append([]string{"../testdata/ok", "../testdata/err", "../testdata/fix", "../testdata/example"}, corpusDirs...)
	for _, dir := range dirs {
		for _, pat := range []string{"*.yml", "*.yaml", "*.json"} {
			files, _ := filepath.Glob(filepath.Join(dir, pat))
			for _, p := range files {
				if b, err := os.ReadFile(p); err == nil {
					add(b)
				}
			}
		}
	}
}

// posIn reports whether p is a position of d: a real line, and a column from
// 1 to just past the line's last character.
func posIn(d *Document, p Pos) bool {
	return p.Line >= 1 && p.Line <= d.Lines.LineCount() && p.Col >= 1 && p.Col <= d.Lines.EndOfLine(p.Line).Col
}

// checkPos fails unless p is inside d and the line index maps it to a byte
// offset and back to itself (a position past a line's end, or inside a
// \r\n, would not come back).
func checkPos(t *testing.T, d *Document, what string, p Pos) {
	t.Helper()
	if !posIn(d, p) {
		t.Fatalf("%s at %v: outside the document (%d lines)", what, p, d.Lines.LineCount())
	}
	if back := d.Lines.PosAt(d.Lines.Offset(p)); back != p {
		t.Fatalf("%s at %v: the line index maps it to offset %d and back to %v", what, p, d.Lines.Offset(p), back)
	}
}

// checkTree walks the positioned tree: every range inside the document and
// not inverted, children inside their parent and in source order, keys
// before their values, parent links right, a scalar's Raw its source text.
func checkTree(t *testing.T, d *Document) {
	t.Helper()
	if e := d.SyntaxError; e != nil {
		checkPos(t, d, "syntax error", e.Pos)
		if e.Context != "" {
			checkPos(t, d, "syntax error context", e.ContextPos)
		}
	}
	if d.Root != nil {
		checkNode(t, d, d.Root, nil, 0)
	}
}

func checkNode(t *testing.T, d *Document, n, parent *Node, depth int) {
	t.Helper()
	// The parser allows 10000 levels of indentation and 10000 of brackets,
	// up to two nodes each (`- [a: [a: ...]]` is 30000 deep): deeper than
	// that, the tree must have a cycle.
	if depth > 40000 {
		t.Fatalf("tree deeper than 40000")
	}
	what := n.Kind.String() + " " + quoteShort(n.Raw)
	checkPos(t, d, what+" start", n.Range.Start)
	checkPos(t, d, what+" end", n.Range.End)
	if n.Range.End.Before(n.Range.Start) {
		t.Fatalf("%s: range %v-%v is inverted", what, n.Range.Start, n.Range.End)
	}
	if n.Parent != parent {
		t.Fatalf("%s at %v: wrong parent link", what, n.Range.Start)
	}
	if parent != nil && (n.Range.Start.Before(parent.Range.Start) || parent.Range.End.Before(n.Range.End)) {
		t.Fatalf("%s at %v-%v: outside its parent %s at %v-%v", what, n.Range.Start, n.Range.End, parent.Kind, parent.Range.Start, parent.Range.End)
	}
	if (n.Kind == ScalarNode || n.Kind == AliasNode) && n.Raw != d.Text(n.Range) {
		t.Fatalf("%s at %v-%v: Raw is not the source text %q", what, n.Range.Start, n.Range.End, d.Text(n.Range))
	}
	// prev is where the previous child ended: siblings do not overlap.
	prev := n.Range.Start
	child := func(c *Node, isKey bool) {
		t.Helper()
		if c == nil {
			t.Fatalf("%s at %v: nil child", what, n.Range.Start)
		}
		if c.IsKey != isKey {
			t.Fatalf("%s at %v: IsKey is %v, want %v", c.Kind, c.Range.Start, c.IsKey, isKey)
		}
		checkNode(t, d, c, n, depth+1)
		if c.Range.Start.Before(prev) {
			t.Fatalf("%s %s at %v starts before the end of the previous node of its %s (%v)", c.Kind, quoteShort(c.Raw), c.Range.Start, n.Kind, prev)
		}
		prev = c.Range.End
	}
	switch n.Kind {
	case MappingNode:
		for _, p := range n.Pairs {
			child(p.Key, true)
			child(p.Value, false)
		}
	case SequenceNode:
		for _, c := range n.Items {
			child(c, false)
		}
	case AliasNode:
		// Alias points at its anchor elsewhere in the tree: not a child.
		// It always has one (SameData counts on it): an unknown anchor is a
		// syntax error.
		if n.Alias == nil {
			t.Fatalf("%s at %v: no target", what, n.Range.Start)
		}
	}
}
