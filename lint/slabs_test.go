package lint

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// treeDump writes every node of a tree with what a rule reads of it, so two
// parses of the same text can be compared whole.
func treeDump(b *strings.Builder, n *Node, depth int) {
	if b.Len() > 1<<20 || depth > 1000 {
		// A tree woven from stale memory can loop: stop, and differ.
		b.WriteString("... (not a tree: too deep or too big)\n")
		return
	}
	if n == nil {
		b.WriteString("nil\n")
		return
	}
	parent := "-"
	if n.Parent != nil {
		parent = n.Parent.Range.Start.String()
	}
	fmt.Fprintf(b, "%*s%v %v %v %q %q %q %q tagged=%v key=%v parent=%s alias=%v\n", depth*2, "",
		n.Kind, n.Style, n.Range, n.Tag, n.Value, n.Raw, n.Anchor+"|"+n.LineComment, n.Tagged, n.IsKey, parent, n.Alias != nil)
	for _, p := range n.Pairs {
		treeDump(b, p.Key, depth+1)
		treeDump(b, p.Value, depth+1)
	}
	for _, it := range n.Items {
		treeDump(b, it, depth+1)
	}
}

func dumpOf(d *Document) string {
	var b strings.Builder
	treeDump(&b, d.Root, 0)
	return b.String()
}

// TestReleaseTreeReuse: a tree carved from a released tree's memory is the
// same tree a parse into new memory gives, whatever sizes the two trees have,
// and a released document has no tree left to misread.
func TestReleaseTreeReuse(t *testing.T) {
	var srcs [][]byte
	for _, pat := range []string{"../testdata/ok/*.yml", "../testdata/err/*.yml"} {
		paths, _ := filepath.Glob(pat)
		for i, p := range paths {
			if i%7 != 0 { // a spread of sizes and shapes, not all of them
				continue
			}
			if b, err := os.ReadFile(p); err == nil {
				srcs = append(srcs, b)
			}
		}
	}
	srcs = append(srcs, []byte("a: &x [1, {b: *x}]\nc: !!str 2 # note\n"))
	if len(srcs) < 10 {
		t.Fatalf("only %d test files found", len(srcs))
	}
	want := make([]string, len(srcs))
	for i, src := range srcs {
		want[i] = dumpOf(Parse("appspec.yml", src)) // never released
	}
	for i, x := range srcs {
		for j, y := range srcs {
			prev := Parse("appspec.yml", y)
			prev.ReleaseTree()
			if prev.Root != nil || prev.Spec == nil || prev.memo != nil {
				t.Fatalf("a released document keeps its tree")
			}
			d := Parse("appspec.yml", x)
			if got := dumpOf(d); got != want[i] {
				t.Fatalf("file %d parsed after file %d's tree was released differs:\n%s\n---\nwant:\n%s", i, j, got, want[i])
			}
			d.ReleaseTree()
		}
	}
}
