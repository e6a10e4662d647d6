package lint

import (
	"strings"
	"testing"
)

// FuzzParseYAML: whatever the bytes, Parse does not panic and the tree it
// builds is positioned consistently (checkTree: every range inside the
// document and mapped back to itself by the line index, children inside
// their parent and in order, keys before values, Raw equal to the source
// text). Rules and the LSP rely on these positions without checking them.
// FuzzLint (rules/) checks findings' ranges; this checks the tree itself.
func FuzzParseYAML(f *testing.F) {
	addTextSeeds(f, func(b []byte) { f.Add(b) })
	for _, s := range []string{
		"a: &x [1, {b: *x}]\n? [k]\n: v\n",
		"k: |\n  text\n\n  more\nn: >-\n folded\n",
		"\ufeffa: 'it''s'\r\nb: \"\\\"q\"\r\n",
		"a:\n- b\n-\n- !!str c\nd: e\n  f\n",
		"x: 1\u2028y: 2\u0085z: 3\n",
		"{a: 1, b: [2, 3], }\n",
		"--- a\n--- b\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		d := Parse("appspec.yml", src)
		checkTree(t, d)
		if d.Format == YAML && d.SyntaxError != nil && strings.TrimSpace(d.SyntaxError.Message) == "" {
			t.Fatalf("a YAML syntax error without a message at %v", d.SyntaxError.Pos)
		}
	})
}
