package rules

import "github.com/appspec-lint/appspec-lint/lint"

// firstKeyRange is where a finding about a missing top-level key points: the
// first key of the mapping.
func firstKeyRange(m *lint.Node) lint.Range {
	if m != nil && m.Kind == lint.MappingNode && len(m.Pairs) > 0 {
		return m.Pairs[0].Key.Range
	}
	if m != nil {
		return lint.Range{Start: m.Range.Start, End: m.Range.Start}
	}
	return lint.Range{Start: lint.Pos{Line: 1, Col: 1}, End: lint.Pos{Line: 1, Col: 1}}
}

// afterKey is the empty range just after a key's colon, where a missing
// value would go.
func afterKey(p *lint.Pair) lint.Range {
	end := p.Key.Range.End
	at := lint.Pos{Line: end.Line, Col: end.Col + 1}
	return lint.Range{Start: at, End: at}
}
