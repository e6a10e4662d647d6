package rules

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/appspec-lint/appspec-lint/lint"
)

// Fixes that move whole blocks of lines, re-indented as a unit: a hook event
// written at the top level moved under `hooks:` (AS211), and the scripts of a
// reserved event merged into the scriptable event around it (AS503). Both
// are intent fixes (the data changes: the scripts start to run), built from
// the text line by line and checked once by parsing the result.

// canonIsTopEvent reports whether a top-level pair is a lifecycle event
// written at the top level, and which event it is.
func canonIsTopEvent(pair *lint.Pair) string {
	k := pair.Key
	if k == nil || k.Kind != lint.ScalarNode {
		return ""
	}
	name := k.Value
	if structIn(name, structTopKeys) || structSuggestKey(name, structTopKeys) != "" || structIsResourcesLike(name) {
		return ""
	}
	return structSuggestKey(name, structEC2Events)
}

// canonReportTopEvent explains a lifecycle event written at the top level
// (the root's pair at index at): where `hooks:` is (or that it is missing)
// and the indentation the event needs; when the events directly follow
// `hooks:` (or there is no `hooks:`), the fix indents them under it.
func canonReportTopEvent(p *lint.Pass, at int, ev string) {
	root := p.Spec.Root
	k := root.Pairs[at].Key
	name := structKeyName(k)
	what := "it is a lifecycle event"
	if ev != name {
		what = "it is the lifecycle event " + ev
	}
	head := fmt.Sprintf("`%s:` is at the top level, where the agent ignores it, so its scripts never run; %s", hookShort(name), what)
	hooks := p.Spec.Hooks
	// In JSON, or a YAML file written as one flow mapping ({version: 0.0,
	// ...}), the event moves between braces, not lines.
	if p.Doc.Format == lint.JSON || root.Style == lint.Flow {
		if hooks != nil {
			p.Report(k, "%s and belongs inside `hooks` (line %d): move it there", head, hooks.Key.Range.Start.Line)
		} else {
			add := "`hooks: {...}`"
			if p.Doc.Format == lint.JSON {
				add = "`\"hooks\": {...}`"
			}
			p.Report(k, "%s, but the file has no `hooks` object: add %s and move it inside", head, add)
		}
		return
	}
	rootCol := canonKeyCol(p.Doc, k)
	if hooks == nil {
		want := rootCol + 2
		d := p.Report(k, "%s, but the file has no `hooks:` section: add a `hooks:` line above it and indent it %s more (to column %d), with its scripts",
			head, canonSpaces(want-rootCol), want)
		if root.GetFold("hooks") == nil {
			if f := canonTopEventFix(p.Doc, root, at, nil); f != nil {
				d.WithFix(f.Kind, f.Description, f.Edits...)
			}
		}
		return
	}
	want := canonKeyCol(p.Doc, hooks.Key) + 2
	if v := hooks.Value.Resolve(); v != nil && v.Kind == lint.MappingNode && v.Style != lint.Flow && len(v.Pairs) > 0 {
		want = v.Pairs[0].Key.Range.Start.Col
	}
	f := canonTopEventFix(p.Doc, root, at, hooks)
	if f != nil {
		d := p.Report(k, "%s and belongs under `hooks:` (line %d): indent it %s more (to column %d), with its scripts, so that it joins the events there",
			head, hooks.Key.Range.Start.Line, canonSpaces(want-rootCol), want)
		d.WithFix(f.Kind, f.Description, f.Edits...)
		return
	}
	p.Report(k, "%s and belongs under `hooks:` (line %d): move it there, indented to column %d like the events under `hooks:`, with its scripts",
		head, hooks.Key.Range.Start.Line, want)
}

// canonTopEventFix indents the run of top-level events around root's pair
// at index at under hooks, when the run directly follows hooks' block, or
// adds `hooks:` above the run when hooks is nil. root is a block mapping
// (canonReportTopEvent handles flow ones).
func canonTopEventFix(d *lint.Document, root *lint.Node, at int, hooks *lint.Pair) *lint.Fix {
	first, last := at, at
	for first > 0 && canonIsTopEvent(root.Pairs[first-1]) != "" {
		first--
	}
	for last+1 < len(root.Pairs) && canonIsTopEvent(root.Pairs[last+1]) != "" {
		last++
	}
	rootCol := canonKeyCol(d, root.Pairs[first].Key)
	prefix := ""
	var want int
	if hooks != nil {
		if first == 0 || root.Pairs[first-1] != hooks {
			return nil
		}
		v := hooks.Value.Resolve()
		switch {
		case v == nil || v.IsNull():
			if v != nil && v.Raw != "" {
				return nil // `hooks: ~`: indenting under it would not parse
			}
			want = canonKeyCol(d, hooks.Key) + 2
		case v.Kind == lint.MappingNode && v.Style != lint.Flow && len(v.Pairs) > 0:
			want = v.Pairs[0].Key.Range.Start.Col
		default:
			return nil
		}
	} else {
		want = rootCol + 2
		prefix = "hooks:" + canonNewline(d)
	}
	from := root.Pairs[first].Key.Range.Start.Line
	to := root.Pairs[last].Span().End.Line
	if from == 1 && d.HasBOM {
		return nil
	}
	moved, ok := canonShiftText(d, from, to, want-rootCol)
	if !ok {
		return nil
	}
	lo := d.Lines.Offset(lint.Pos{Line: from, Col: 1})
	hi := canonLineStart(d, to+1)
	src := append(append([]byte(nil), d.Src[:lo]...), prefix...)
	src = append(append(src, moved...), d.Src[hi:]...)
	// Check: the events now are the last events under hooks, unchanged.
	nd := lint.Parse(d.Path, src)
	nr := nd.Spec.Root
	if nd.SyntaxError != nil || nr == nil || nd.Spec.Hooks == nil {
		return nil
	}
	hv := nd.Spec.Hooks.Value.Resolve()
	n := last - first + 1
	if hv == nil || hv.Kind != lint.MappingNode || len(hv.Pairs) < n {
		return nil
	}
	for i := 0; i < n; i++ {
		a, b := root.Pairs[first+i], hv.Pairs[len(hv.Pairs)-n+i]
		if !syntaxSameTree(a.Key, b.Key) || !syntaxSameTree(a.Value, b.Value) {
			return nil
		}
	}
	desc := fmt.Sprintf("indent the event%s on lines %d-%d under `hooks:`", plural(n), from, to)
	if hooks == nil {
		desc = fmt.Sprintf("add `hooks:` and indent the event%s on lines %d-%d under it", plural(n), from, to)
	}
	return &lint.Fix{Kind: lint.IntentFix, Description: desc, Edits: []lint.Edit{{
		Range:   lint.Range{Start: d.Lines.PosAt(lo), End: d.Lines.PosAt(hi)},
		NewText: prefix + string(moved),
	}}}
}

// canonKeyCol is the column of top-level key k where it stands once moved
// off line 1: there a byte order mark counts as column 1, and the lines an
// event moves to have none.
func canonKeyCol(d *lint.Document, k *lint.Node) int {
	if k.Range.Start.Line == 1 && d.HasBOM {
		return k.Range.Start.Col - 1
	}
	return k.Range.Start.Col
}

// canonMergeEvent moves the scripts of event ev into the event named target
// (before its own scripts when prepend is set, after them otherwise) and
// deletes ev, when both are block lists on their own lines and the result
// checks out.
func canonMergeEvent(d *lint.Document, s *lint.Spec, ev *lint.Event, target string, prepend bool) *lint.Fix {
	hooks := s.Hooks.ValueNode()
	if hooks == nil || hooks.Kind != lint.MappingNode || hooks.Style == lint.Flow || d.Format == lint.JSON {
		return nil
	}
	var dst *lint.Pair
	for _, q := range hooks.Pairs {
		if q.Key.Value == target {
			if dst != nil {
				return nil // twice: AS111 first
			}
			dst = q
		}
	}
	// The caller's target is one of the events, which are hooks' keys: dst
	// is never nil.
	src := ev.Pair
	sv, dv := src.Value, dst.ValueNode()
	if sv == nil || sv.Kind != lint.SequenceNode || sv.Style == lint.Flow || len(sv.Items) == 0 ||
		sv.Range.Start.Line <= src.Key.Range.Start.Line || !canonOwnLine(d, src.Key) || !canonBareKeyLine(d, src.Key) {
		return nil // the key line is deleted: it must hold nothing but the key
	}
	dstCol := dst.Key.Range.Start.Col + 2
	var ins int
	switch {
	case dv != nil && dv.Kind == lint.SequenceNode && dv.Style != lint.Flow && len(dv.Items) > 0 && dv.Range.Start.Line > dst.Key.Range.Start.Line:
		dstCol = dv.Range.Start.Col
		ins = canonLineStart(d, dv.Range.End.Line+1)
	case dv == nil || (dv.IsNull() && dv.Raw == ""):
		ins = canonLineStart(d, dst.Key.Range.Start.Line+1)
	default:
		return nil
	}
	if prepend {
		ins = canonLineStart(d, dst.Key.Range.Start.Line+1)
	}
	if !canonOwnLine(d, dst.Key) {
		return nil
	}
	from, to := src.Key.Range.Start.Line+1, sv.Range.End.Line
	moved, ok := canonShiftText(d, from, to, dstCol-sv.Range.Start.Col)
	if !ok {
		return nil
	}
	delA, delB := canonLineStart(d, src.Key.Range.Start.Line), canonLineStart(d, to+1)
	if ins > delA && ins < delB {
		return nil
	}
	if ins == len(d.Src) && len(d.Src) > 0 && d.Src[len(d.Src)-1] != '\n' && d.Src[len(d.Src)-1] != '\r' {
		moved = append([]byte(canonNewline(d)), bytes.TrimRight(moved, "\r\n")...)
	}
	lo, hi := min(ins, delA), max(ins, delB)
	var region []byte
	if ins <= delA {
		region = append(append(append(region, moved...), d.Src[ins:delA]...), d.Src[delB:hi]...)
	} else {
		region = append(append(append(region, d.Src[lo:delA]...), d.Src[delB:ins]...), moved...)
	}
	out := append(append(append([]byte(nil), d.Src[:lo]...), region...), d.Src[hi:]...)
	// Check: target's list now holds both lists' items, ev is gone, and
	// nothing else changed.
	nd := lint.Parse(d.Path, out)
	if nd.SyntaxError != nil || nd.Spec.Root == nil || !canonSameBut(s.Root, nd.Spec.Root, "hooks") {
		return nil
	}
	nh := nd.Spec.Hooks.ValueNode()
	if nh == nil || nh.Kind != lint.MappingNode || len(nh.Pairs) != len(hooks.Pairs)-1 {
		return nil
	}
	j := 0
	for _, q := range hooks.Pairs {
		if q == src {
			continue
		}
		nq := nh.Pairs[j]
		j++
		if !syntaxSameTree(q.Key, nq.Key) {
			return nil
		}
		if q != dst {
			if !syntaxSameTree(q.Value, nq.Value) {
				return nil
			}
			continue
		}
		want := append([]*lint.Node(nil), sv.Items...)
		if dv != nil && dv.Kind == lint.SequenceNode {
			if prepend {
				want = append(want, dv.Items...)
			} else {
				want = append(append([]*lint.Node(nil), dv.Items...), sv.Items...)
			}
		}
		nv := nq.Value
		if nv == nil || nv.Kind != lint.SequenceNode || len(nv.Items) != len(want) {
			return nil
		}
		for i := range want {
			if !syntaxSameTree(want[i], nv.Items[i]) {
				return nil
			}
		}
	}
	where := "after the scripts of " + target
	if prepend {
		where = "before the scripts of " + target
	}
	return &lint.Fix{Kind: lint.IntentFix, Description: fmt.Sprintf("move the script%s of %s %s", plural(len(sv.Items)), src.Key.Value, where),
		Edits: []lint.Edit{{Range: lint.Range{Start: d.Lines.PosAt(lo), End: d.Lines.PosAt(hi)}, NewText: string(region)}}}
}

// canonSameBut reports whether two top-level mappings have the same keys in
// the same order and the same values, except under key skip.
func canonSameBut(a, b *lint.Node, skip string) bool {
	if a == nil || b == nil || a.Kind != lint.MappingNode || b.Kind != lint.MappingNode || len(a.Pairs) != len(b.Pairs) {
		return false
	}
	for i := range a.Pairs {
		if !syntaxSameTree(a.Pairs[i].Key, b.Pairs[i].Key) {
			return false
		}
		if a.Pairs[i].Key.Value != skip && !syntaxSameTree(a.Pairs[i].Value, b.Pairs[i].Value) {
			return false
		}
	}
	return true
}

// canonOwnLine reports whether key k starts its line and nothing but its
// colon (and maybe a value or comment on the same line) follows.
func canonOwnLine(d *lint.Document, k *lint.Node) bool {
	text := d.Lines.Line(k.Range.Start.Line)
	i := syntaxByteIndex(text, k.Range.Start.Col)
	for j := 0; j < i; j++ {
		if text[j] != ' ' {
			return false
		}
	}
	return true
}

// canonBareKeyLine reports whether key k's line holds nothing after its
// colon (no value, anchor or comment that deleting the line would lose).
func canonBareKeyLine(d *lint.Document, k *lint.Node) bool {
	text := d.Lines.Line(k.Range.Start.Line)
	i := syntaxByteIndex(text, k.Range.End.Col)
	rest := strings.TrimLeft(text[i:], " \t")
	return rest == ":" || strings.TrimRight(rest, " \t") == ":"
}

// canonShiftText returns lines from..to (with their line endings) with delta
// spaces more (or fewer) at the start of each line that has text; blank
// lines keep what they can. It fails on a tab in the indentation or a line
// indented less than -delta.
func canonShiftText(d *lint.Document, from, to, delta int) ([]byte, bool) {
	var out []byte
	for n := from; n <= to; n++ {
		text := d.Lines.LineBytes(n)
		sp := 0
		for sp < len(text) && text[sp] == ' ' {
			sp++
		}
		if sp < len(text) && text[sp] == '\t' {
			return nil, false
		}
		width := sp + delta
		if width < 0 {
			if sp < len(text) {
				return nil, false
			}
			width = 0
		}
		if sp == len(text) && sp == 0 {
			width = 0
		}
		out = append(out, bytes.Repeat([]byte{' '}, width)...)
		out = append(out, text[sp:]...)
		end := d.Lines.Offset(d.Lines.EndOfLine(n))
		next := canonLineStart(d, n+1)
		if next > end {
			out = append(out, d.Src[end:next]...)
		} else {
			out = append(out, canonNewline(d)...)
		}
	}
	return out, true
}

// canonLineStart is the byte offset where line n starts, or the end of the
// text after the last line.
func canonLineStart(d *lint.Document, n int) int {
	if n > d.Lines.LineCount() {
		return len(d.Src)
	}
	return d.Lines.Offset(lint.Pos{Line: n, Col: 1})
}

// canonNewline is the document's line ending.
func canonNewline(d *lint.Document) string {
	if d.HasCRLF {
		return "\r\n"
	}
	return "\n"
}
