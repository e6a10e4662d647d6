package rules

import "github.com/appspec-lint/appspec-lint/lint"

// firstKeyRange is where a finding about a missing top-level key points: the
// first key of the mapping, or the start of m when it has none. Every caller
// has a node in hand (a document's root, an entry, a resource's body).
func firstKeyRange(m *lint.Node) lint.Range {
	if m.Kind == lint.MappingNode && len(m.Pairs) > 0 {
		return m.Pairs[0].Key.Range
	}
	return lint.Range{Start: m.Range.Start, End: m.Range.Start}
}

// valueEdit writes value as the missing value of a pair: after the key's
// colon, which may follow spaces (`version :`), or, when the key has none
// (`{version}`, a flow mapping's key alone), with a colon after the key.
func valueEdit(d *lint.Document, p *lint.Pair, value string) lint.Edit {
	end := p.Key.Range.End
	line := d.Lines.LineBytes(end.Line)
	i := d.Lines.Offset(end) - d.Lines.Offset(lint.Pos{Line: end.Line, Col: 1})
	for i < len(line) && (line[i] == ' ' || line[i] == '\t') {
		i++
	}
	if i < len(line) && line[i] == ':' {
		at := d.Lines.PosAt(d.Lines.Offset(lint.Pos{Line: end.Line, Col: 1}) + i + 1)
		return lint.Edit{Range: lint.Range{Start: at, End: at}, NewText: " " + value}
	}
	return lint.Edit{Range: lint.Range{Start: end, End: end}, NewText: ": " + value}
}

// pairKey returns the key whose value is n, or nil.
func pairKey(n *lint.Node) *lint.Node {
	if n.IsKey || n.Parent == nil || n.Parent.Kind != lint.MappingNode {
		return nil
	}
	for _, pair := range n.Parent.Pairs {
		if pair.Value == n {
			return pair.Key
		}
	}
	return nil
}
