package lint

import (
	"bytes"
	"sort"
)

// maxFixRounds bounds re-linting while fixes keep applying: each round
// applies the fixes that do not overlap and lints again, so fixes that
// touched the same text get their turn; a fix that never settles cannot loop.
// A broken file is repaired one syntax error per round (the parser stops at
// the first), so a file with more errors than rounds is left unfinished:
// FixResult.Unfinished says so, and running the fix again goes on.
const maxFixRounds = 16

// ApplyEdits returns src with the edits applied. The edits must not overlap;
// their positions are in doc's coordinates.
func ApplyEdits(doc *Document, edits []Edit) []byte {
	type span struct {
		start, end int
		text       string
	}
	spans := make([]span, 0, len(edits))
	for _, e := range edits {
		spans = append(spans, span{doc.Lines.Offset(e.Range.Start), doc.Lines.Offset(e.Range.End), e.NewText})
	}
	sort.SliceStable(spans, func(i, j int) bool { return spans[i].start < spans[j].start })
	var out bytes.Buffer
	out.Grow(len(doc.Src))
	last := 0
	for _, s := range spans {
		if s.start < last || s.end < s.start {
			continue // overlapping or inverted: skipped, the caller re-lints
		}
		out.Write(doc.Src[last:s.start])
		out.WriteString(s.text)
		last = s.end
	}
	out.Write(doc.Src[last:])
	return out.Bytes()
}

// FixResult is what Fix did to one file.
type FixResult struct {
	Src     []byte // the fixed text (the input when nothing applied)
	Applied int    // fixes applied, over all rounds
	Doc     *Document
	Remain  []*Diagnostic // findings of the fixed text
	// Rounds is the text after each round, in order (the last is Src), so
	// that tests can check every step, not only the end.
	Rounds [][]byte
	// Unfinished is set when the round limit stopped the fix while fixes
	// were still applying: fixing Src again changes it more.
	Unfinished bool
}

// Fix applies, round after round, every fix of the allowed kinds (layout
// only, or layout and intent) whose edits do not overlap another's, until no
// fix applies. A fix is applied whole or not at all. The result is linted
// again, so Remain is what is left to do by hand.
func (l *Linter) Fix(path string, src []byte, cfg *Config, intent bool, rev Revision) *FixResult {
	res := &FixResult{Src: src}
	doc := Parse(path, src)
	for round := 0; ; round++ {
		doc.Revision = rev
		ds := l.Lint(doc, cfg)
		res.Doc, res.Remain = doc, ds
		if round == maxFixRounds {
			res.Unfinished = hasFix(ds, intent)
			return res
		}
		var fixes [][]Edit
		var taken []Range
	next:
		for _, d := range ds {
			if d.Fix == nil || len(d.Fix.Edits) == 0 || (d.Fix.Kind == IntentFix && !intent) {
				continue
			}
			for _, e := range d.Fix.Edits {
				for _, t := range taken {
					if overlapsStrict(e.Range, t) {
						continue next
					}
				}
			}
			for _, e := range d.Fix.Edits {
				taken = append(taken, e.Range)
			}
			fixes = append(fixes, d.Fix.Edits)
		}
		if len(fixes) == 0 {
			return res
		}
		out, after, applied := applyFixes(path, doc, fixes)
		if applied == 0 || bytes.Equal(out, res.Src) {
			return res
		}
		res.Src, doc = out, after
		res.Applied += applied
		res.Rounds = append(res.Rounds, out)
	}
}

// hasFix reports whether any finding offers a fix of an allowed kind.
func hasFix(ds []*Diagnostic, intent bool) bool {
	for _, d := range ds {
		if d.Fix != nil && len(d.Fix.Edits) > 0 && (d.Fix.Kind != IntentFix || intent) {
			return true
		}
	}
	return false
}

// applyFixes applies every fix of a round. Fixes that are right one by one
// can break a file together — one deletes a character before a key, moving
// it left, while another re-indents the key's value for the old column — so
// when the file parsed and all of them together would not, it keeps, in
// order, those that leave it parsing. A fix that breaks the file on its own
// is a rule's mistake; it is never applied, so a file that parsed always
// still parses.
func applyFixes(path string, doc *Document, fixes [][]Edit) ([]byte, *Document, int) {
	var all []Edit
	for _, f := range fixes {
		all = append(all, f...)
	}
	out := ApplyEdits(doc, all)
	after := Parse(path, out)
	if doc.SyntaxError != nil || after.SyntaxError == nil {
		return out, after, len(fixes)
	}
	var kept []Edit
	applied := 0
	for _, f := range fixes {
		try := append(kept[:len(kept):len(kept)], f...)
		if Parse(path, ApplyEdits(doc, try)).SyntaxError == nil {
			kept, applied = try, applied+1
		}
	}
	if applied == 0 {
		return doc.Src, doc, 0
	}
	out = ApplyEdits(doc, kept)
	return out, Parse(path, out), applied
}

// overlapsStrict: two edits conflict when their ranges share a character, or
// both insert at the same place (their order would be ambiguous).
func overlapsStrict(a, b Range) bool {
	if a.Start == a.End && b.Start == b.End {
		return a.Start == b.Start
	}
	return a.Start.Before(b.End) && b.Start.Before(a.End) || (a.Start == a.End && b.Contains(a.Start) && a.Start != b.Start) ||
		(b.Start == b.End && a.Contains(b.Start) && b.Start != a.Start)
}

// SameData reports whether two documents hold the same data: the same
// mappings (keys in the same order), lists and scalars (tag and value),
// whatever the layout, quoting aside. Aliases compare as their targets.
// It is how a layout fix proves it kept the file's meaning.
func SameData(a, b *Document) bool {
	if a.Root == nil || b.Root == nil {
		return a.Root == b.Root
	}
	return sameData(a.Root, b.Root)
}

// sameData compares two trees as data, with a stack of the pairs of nodes
// left to compare rather than recursion: a tree nests as deep as the parser
// allows (10000 levels of indentation and 10000 of brackets, up to two
// nodes each), and aliases chain such trees deeper still; a bound on the
// depth called such a file different from itself.
//
// Aliases make a tree a graph, and the graph loops when an anchored value
// refers to itself (&a {k: *a}): a pair of aliased values already compared,
// or being compared, counts as equal, so that a loop compares by its shape
// and each pair once. (A wrong assumption cannot make two documents equal:
// the comparison it belongs to still fails somewhere.) The answer is false
// exactly when some pair reachable from the roots differs, whatever the
// order the pairs are taken in.
func sameData(x, y *Node) bool {
	var assumed map[[2]*Node]bool // made at the first alias
	todo := [][2]*Node{{x, y}}
	for len(todo) > 0 {
		x, y := todo[len(todo)-1][0], todo[len(todo)-1][1]
		todo = todo[:len(todo)-1]
		// Nodes are never nil: the parser gives an empty value a null
		// scalar, and an alias always has its target (an unknown anchor is
		// a syntax error).
		if x.Kind == AliasNode || y.Kind == AliasNode {
			k := [2]*Node{x.Resolve(), y.Resolve()}
			if assumed[k] {
				continue
			}
			if assumed == nil {
				assumed = map[[2]*Node]bool{}
			}
			assumed[k] = true
			x, y = k[0], k[1]
		}
		if x.Kind != y.Kind {
			return false
		}
		switch x.Kind {
		case MappingNode:
			if len(x.Pairs) != len(y.Pairs) {
				return false
			}
			for i := len(x.Pairs) - 1; i >= 0; i-- {
				todo = append(todo, [2]*Node{x.Pairs[i].Value, y.Pairs[i].Value}, [2]*Node{x.Pairs[i].Key, y.Pairs[i].Key})
			}
		case SequenceNode:
			if len(x.Items) != len(y.Items) {
				return false
			}
			for i := len(x.Items) - 1; i >= 0; i-- {
				todo = append(todo, [2]*Node{x.Items[i], y.Items[i]})
			}
		default: // a scalar
			if x.Tag != y.Tag || x.Value != y.Value {
				return false
			}
		}
	}
	return true
}
