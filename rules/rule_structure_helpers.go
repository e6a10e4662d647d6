package rules

import (
	"strings"
	"unicode/utf8"

	"github.com/appspec-lint/appspec-lint/lint"
)

// Helpers shared by the top-level structure rules (AS204-AS217) and the
// files rules (AS3xx). Names carry the struct/files prefix so that they do not
// clash with helpers of other rule families.

// structTopKeys are the keys the EC2 agent reads at the top level.
var structTopKeys = []string{"version", "os", "files", "permissions", "hooks", "file_exists_behavior"}

// structServerlessKeys are the documented top-level keys of a Lambda or ECS
// AppSpec, in their documented case.
var structServerlessKeys = []string{"version", "Resources", "Hooks"}

// structEC2OnlyKeys exist only in the EC2/On-Premises structure.
var structEC2OnlyKeys = []string{"os", "files", "permissions", "file_exists_behavior"}

// structRoot is the document's top-level node (aliases followed), or nil
// when the document is empty or did not parse.
func structRoot(p *lint.Pass) *lint.Node {
	if p.Doc.Root == nil {
		return nil
	}
	return p.Doc.Root.Resolve()
}

// structKeyName is a key's text for messages: the decoded value of a scalar
// key, or its source text for anything else. k is a pair's key, which the
// parsers always give.
func structKeyName(k *lint.Node) string {
	if k.Kind == lint.ScalarNode {
		return k.Value
	}
	return k.Raw
}

// structNormalize folds a key for loose comparison: case, '_', '-' and
// spaces are ignored, so fileExistsBehavior, File-Exists-Behavior and
// file_exists_behavior compare equal.
func structNormalize(s string) string {
	// Most keys are already lower-case ASCII without separators.
	plain := true
	for i := 0; i < len(s) && plain; i++ {
		c := s[i]
		plain = c >= 'a' && c <= 'z' || c >= '0' && c <= '9'
	}
	if plain {
		return s
	}
	if isASCII(s) {
		b := make([]byte, 0, len(s))
		for i := 0; i < len(s); i++ {
			if c := lowerASCII(s[i]); c != '_' && c != '-' && c != ' ' {
				b = append(b, c)
			}
		}
		return string(b)
	}
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if r == '_' || r == '-' || r == ' ' {
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// structNormalizesTo reports whether structNormalize(c) == n, without
// making the normalised copy when c is ASCII (every candidate is).
func structNormalizesTo(c, n string) bool {
	if !isASCII(c) {
		return structNormalize(c) == n
	}
	j := 0
	for i := 0; i < len(c); i++ {
		x := lowerASCII(c[i])
		if x == '_' || x == '-' || x == ' ' {
			continue
		}
		if j >= len(n) || n[j] != x {
			return false
		}
		j++
	}
	return j == len(n)
}

// structSuggestKey returns the candidate that key most likely meant: an exact
// match after structNormalize first, then the closest by edit distance (more
// distance allowed for longer names). It returns "" when nothing is close.
func structSuggestKey(key string, candidates []string) string {
	n := structNormalize(key)
	if n == "" {
		return ""
	}
	for _, c := range candidates {
		if structNormalizesTo(c, n) {
			return c
		}
	}
	maxDist := 1
	switch l := utf8.RuneCountInString(key); {
	case l >= 12:
		maxDist = 3
	case l >= 5:
		maxDist = 2
	case l <= 2:
		return ""
	}
	return suggest(key, candidates, maxDist)
}

// structRenameKey is the edit that renames key to name, keeping the key's
// quoting (a JSON-style "Hooks" becomes "hooks").
func structRenameKey(key *lint.Node, name string) lint.Edit {
	text := name
	switch key.Style {
	case lint.DoubleQuoted:
		text = `"` + name + `"`
	case lint.SingleQuoted:
		text = `'` + name + `'`
	}
	return lint.Edit{Range: key.Range, NewText: text}
}

// structLineOnly reports whether pair p is a block pair that fills its lines
// alone: the key starts its line (after indentation) and nothing but spaces
// or a comment follows the value. Such a pair can be deleted line-wise.
func structLineOnly(d *lint.Document, p *lint.Pair) bool {
	start := p.Key.Range.Start
	line := d.Lines.Line(start.Line)
	prefix := []rune(line)
	if start.Col-1 > len(prefix) || strings.TrimSpace(string(prefix[:start.Col-1])) != "" {
		return false
	}
	end := p.Span().End
	rest := []rune(d.Lines.Line(end.Line))
	if end.Col-1 > len(rest) {
		return false
	}
	tail := strings.TrimSpace(string(rest[end.Col-1:]))
	return tail == "" || strings.HasPrefix(tail, "#")
}

// structDeleteLines is the edit that removes the lines of a pair for which
// structLineOnly holds, line ending included.
func structDeleteLines(d *lint.Document, p *lint.Pair) lint.Edit {
	first := p.Key.Range.Start.Line
	last := p.Span().End.Line
	r := lint.Range{Start: lint.Pos{Line: first, Col: 1}}
	if last < d.Lines.LineCount() {
		r.End = lint.Pos{Line: last + 1, Col: 1}
	} else {
		// The last line of the file: take the line break before it instead.
		r.End = d.Lines.EndOfLine(last)
		if first > 1 {
			r.Start = d.Lines.EndOfLine(first - 1)
		}
	}
	return lint.Edit{Range: r}
}

// structInsertAfter is the edit that inserts text as a new line after the
// lines of pair p.
func structInsertAfter(d *lint.Document, p *lint.Pair, text string) lint.Edit {
	last := p.Span().End.Line
	if last < d.Lines.LineCount() {
		at := lint.Pos{Line: last + 1, Col: 1}
		return lint.Edit{Range: lint.Range{Start: at, End: at}, NewText: text + "\n"}
	}
	at := d.Lines.EndOfLine(last)
	return lint.Edit{Range: lint.Range{Start: at, End: at}, NewText: "\n" + text}
}

// structScalar returns n (aliases followed) when it is a non-null scalar.
func structScalar(n *lint.Node) *lint.Node {
	n = n.Resolve()
	if n == nil || n.Kind != lint.ScalarNode || n.IsNull() {
		return nil
	}
	return n
}

// structRootRange is where a finding about a top-level node that is not a
// mapping points: the node, cut at the end of its first line.
func structRootRange(d *lint.Document, root *lint.Node) lint.Range {
	r := root.Range
	if eol := d.Lines.EndOfLine(r.Start.Line); eol.Before(r.End) {
		r.End = eol
	}
	return r
}

// structWhyNearMiss explains why a value that is almost want is rejected:
// spaces around it, or its case. It returns "" for any other difference.
func structWhyNearMiss(got, want string) string {
	switch t := strings.TrimSpace(got); {
	case t == want:
		return " (the spaces around it count)"
	case strings.EqualFold(t, want):
		return " (the value is case-sensitive)"
	}
	return ""
}

// structWindowsAbs reports whether s is a fully qualified Windows path: a
// drive letter with a separator (c:\app, D:/data) or a UNC path (\\server\share).
func structWindowsAbs(s string) bool {
	if len(s) >= 3 && structIsLetter(s[0]) && s[1] == ':' && (s[2] == '\\' || s[2] == '/') {
		return true
	}
	return strings.HasPrefix(s, `\\`) || strings.HasPrefix(s, "//")
}

func structIsLetter(c byte) bool { return ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z') }
