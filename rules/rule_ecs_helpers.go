package rules

import (
	"strconv"
	"strings"

	"github.com/appspec-lint/appspec-lint/lint"
)

// Helpers shared by the ECS rules (AS701-AS720). Keys are matched without
// regard to case, as the engine's serverless view does: a key written in
// another case is AS213's to report, never these rules'.

// ecsTarget is one Resources item of an ECS appspec: normally
// `- TargetService: {Type: ..., Properties: {...}}`.
type ecsTarget struct {
	Item *lint.Node // the item's mapping
	Key  *lint.Node // the item's first key, the logical name (TargetService)
	// Body is the mapping that holds Type and Properties: the value under
	// Key or, when they were written beside Key instead of under it
	// (Dedented), the item itself.
	Body     *lint.Node
	Dedented bool
	Type     *lint.Pair
	Props    *lint.Pair
}

// PropsMap is the Properties mapping, or nil.
func (t *ecsTarget) PropsMap() *lint.Node {
	if v := t.Props.ValueNode(); v != nil && v.Kind == lint.MappingNode {
		return v
	}
	return nil
}

// ecsResourceItems are the nodes of the Resources list; a Resources written
// as a mapping (no `- `) counts as its one item, as platform detection does.
func ecsResourceItems(s *lint.Spec) []*lint.Node {
	res := s.Resources.ValueNode()
	switch {
	case res == nil:
		return nil
	case res.Kind == lint.SequenceNode:
		out := make([]*lint.Node, 0, len(res.Items))
		for _, it := range res.Items {
			out = append(out, it.Resolve())
		}
		return out
	case res.Kind == lint.MappingNode:
		return []*lint.Node{res}
	}
	return nil
}

// ecsTargets returns the mapping items of Resources as targets, found once
// per document for the ECS rules that all go through them (Document.Memo).
// The rules only read them.
func ecsTargets(p *lint.Pass) []*ecsTarget {
	return p.Doc.Memo(ecsTargetsKey{}, func() any { return findECSTargets(p.Spec) }).([]*ecsTarget)
}

type ecsTargetsKey struct{}

func findECSTargets(s *lint.Spec) []*ecsTarget {
	var out []*ecsTarget
	for _, item := range ecsResourceItems(s) {
		if item == nil || item.Kind != lint.MappingNode || len(item.Pairs) == 0 {
			continue
		}
		t := &ecsTarget{Item: item, Key: item.Pairs[0].Key}
		body := item.Pairs[0].Value.Resolve()
		switch {
		case body != nil && body.Kind == lint.MappingNode && len(body.Pairs) > 0:
			t.Body = body
		case body.IsEmpty() && len(item.Pairs) > 1 && (item.GetFold("Type") != nil || item.GetFold("Properties") != nil):
			t.Body, t.Dedented = item, true
		}
		if t.Body != nil {
			t.Type = t.Body.GetFold("Type")
			t.Props = t.Body.GetFold("Properties")
			// Type or Properties written beside the resource key, not
			// under it (AS701): read them where they are.
			if t.Type == nil && !t.Dedented {
				t.Type = ecsBeside(item, "Type")
			}
			if t.Props == nil && !t.Dedented {
				t.Props = ecsBeside(item, "Properties")
			}
		}
		out = append(out, t)
	}
	return out
}

// ecsBeside finds the pair named key (in any case) among the pairs of a
// Resources item that follow its first key, or returns nil.
func ecsBeside(item *lint.Node, key string) *lint.Pair {
	for _, pair := range item.Pairs[1:] {
		if strings.EqualFold(structKeyName(pair.Key), key) {
			return pair
		}
	}
	return nil
}

// ecsItemRange is where a finding about a list item points: the item cut at
// the end of its first line or, for an empty item, its dash.
func ecsItemRange(p *lint.Pass, item *lint.Node) lint.Range {
	r := structRootRange(p.Doc, item)
	if r.Start != r.End {
		return r
	}
	line := []rune(p.Doc.Lines.Line(r.Start.Line))
	for c := min(r.Start.Col-1, len(line)); c >= 1; c-- {
		if line[c-1] == '-' {
			return lint.Range{Start: lint.Pos{Line: r.Start.Line, Col: c}, End: lint.Pos{Line: r.Start.Line, Col: c + 1}}
		}
		if line[c-1] != ' ' {
			break
		}
	}
	return r
}

// ecsPropsEach calls f with the Properties mapping of every target that has one.
func ecsPropsEach(p *lint.Pass, f func(props *lint.Node)) {
	for _, t := range ecsTargets(p) {
		if m := t.PropsMap(); m != nil {
			f(m)
		}
	}
}

// ecsMapping returns the value of pair when it is a mapping, or nil.
func ecsMapping(p *lint.Pair) *lint.Node {
	if v := p.ValueNode(); v != nil && v.Kind == lint.MappingNode {
		return v
	}
	return nil
}

// ecsKey is a key's name as written, for messages.
func ecsKey(p *lint.Pair) string { return structKeyName(p.Key) }

// ecsNearKey finds a key of mapping m that looks like a misspelling of want
// (m has no key equal to want in any case). It returns nil when none does.
// Every caller has found m to be a mapping already.
func ecsNearKey(m *lint.Node, want string) *lint.Pair {
	for _, pair := range m.Pairs {
		if pair.Key.Kind == lint.ScalarNode && structSuggestKey(pair.Key.Value, []string{want}) == want {
			return pair
		}
	}
	return nil
}

// ecsReportMissing reports that mapping m (under the key at) lacks want.
// When m has a key that looks like a misspelling of want, the finding points
// at that key instead and offers the rename. what completes the message:
// "add `ContainerName: <name>` ...".
func ecsReportMissing(p *lint.Pass, at lint.Ranged, m *lint.Node, owner, want, what string) *lint.Diagnostic {
	if near := ecsNearKey(m, want); near != nil {
		return p.Report(near.Key, "%s has no `%s`, but it has `%s`%s", owner, want, ecsKey(near), didYouMean("`"+want+"`")).
			WithFix(lint.IntentFix, "rename to "+want, structRenameKey(near.Key, want))
	}
	return p.Report(at, "%s has no `%s`; %s", owner, want, what)
}

// ecsPlaceholder reports whether s is a template placeholder that a
// pipeline step replaces before the deployment: <TASK_DEFINITION> (the
// CodePipeline ECS blue/green action), ${VAR}, {{var}}, #{Stage.Var},
// $VAR, &&VAR&&, __VAR__, @VAR@, or a name in capitals such as
// TASK_DEFINITION_ARN.
func ecsPlaceholder(s string) bool {
	s = strings.TrimSpace(s)
	if s == "" {
		return false
	}
	if i := strings.Index(s, "<"); i >= 0 && strings.Contains(s[i:], ">") {
		return true
	}
	for _, open := range []string{"${", "{{", "#{", "$("} {
		if strings.Contains(s, open) {
			return true
		}
	}
	return ecsVarRef.MatchString(s) || ecsWrapped.MatchString(s) || ecsCapsName.MatchString(s)
}

var (
	ecsVarRef   = lazyRE(`\$[A-Za-z_]`)
	ecsWrapped  = lazyRE(`^(&&|__|@|%)[A-Za-z0-9_.-]+(&&|__|@|%)$`)
	ecsCapsName = lazyRE(`^[A-Z][A-Z0-9_]{2,}$`)
)

// ecsNumKind classifies a value that should be a whole number.
type ecsNumKind int

const (
	ecsNumNone   ecsNumKind = iota // absent or null
	ecsNumInt                      // a number: Int holds it
	ecsNumQuoted                   // a quoted whole number, "80": Int holds it
	ecsNumEmpty                    // an empty string
	ecsNumFloat                    // a number with a fraction or exponent
	ecsNumPlaceholder
	ecsNumOther // text, a mapping, a list, a boolean
)

// ecsNumber reads n as a whole number.
func ecsNumber(n *lint.Node) (ecsNumKind, int64) {
	n = n.Resolve()
	switch {
	case n.IsNull():
		return ecsNumNone, 0
	case n.Kind != lint.ScalarNode:
		return ecsNumOther, 0
	}
	switch n.Tag {
	case "!!int":
		t := strings.TrimPrefix(strings.ReplaceAll(n.Value, "_", ""), "+")
		if v, err := strconv.ParseInt(t, 10, 64); err == nil {
			return ecsNumInt, v // 080 is 80, as YAML 1.2 reads it
		}
		if v, err := strconv.ParseInt(t, 0, 64); err == nil {
			return ecsNumInt, v // 0x50, 0o120
		}
		return ecsNumOther, 0
	case "!!float":
		if ecsDigits.MatchString(n.Value) { // 080: digits only, yet not an int for YAML
			if v, err := strconv.ParseInt(n.Value, 10, 64); err == nil {
				return ecsNumInt, v
			}
		}
		return ecsNumFloat, 0
	case "!!str":
		t := strings.TrimSpace(n.Value)
		if t == "" {
			return ecsNumEmpty, 0
		}
		if ecsDigits.MatchString(t) {
			if v, err := strconv.ParseInt(t, 10, 64); err == nil {
				return ecsNumQuoted, v
			}
		}
		if ecsPlaceholder(t) {
			return ecsNumPlaceholder, 0
		}
	}
	return ecsNumOther, 0
}

var ecsDigits = lazyRE(`^-?[0-9]+$`)

// ecsScalarEdit is the edit that replaces scalar n with text, keeping its
// quotes; in a JSON document a plain value becomes a JSON string.
func ecsScalarEdit(p *lint.Pass, n *lint.Node, text string) lint.Edit {
	switch {
	case n.Style == lint.SingleQuoted:
		text = "'" + text + "'"
	case n.Style == lint.DoubleQuoted || p.Doc.Format == lint.JSON:
		text = strconv.Quote(text)
	}
	return lint.Edit{Range: n.Range, NewText: text}
}

// ecsBlock reports whether n is written in block style (YAML indentation),
// where line-based fixes apply.
func ecsBlock(p *lint.Pass, n *lint.Node) bool {
	return p.Doc.Format == lint.YAML && n != nil && n.Style != lint.Flow
}

// ecsLinePrefixBlank reports whether only spaces precede pos on its line.
func ecsLinePrefixBlank(p *lint.Pass, pos lint.Pos) bool {
	line := []rune(p.Doc.Lines.Line(pos.Line))
	if pos.Col-1 > len(line) {
		return false
	}
	return strings.TrimLeft(string(line[:pos.Col-1]), " ") == ""
}

// ecsIndentLines are the edits that indent the non-blank lines from..to
// (inclusive) by n spaces.
func ecsIndentLines(p *lint.Pass, from, to, n int) []lint.Edit {
	var edits []lint.Edit
	pad := strings.Repeat(" ", n)
	for l := from; l <= to; l++ {
		if strings.TrimSpace(p.Doc.Lines.Line(l)) == "" {
			continue
		}
		at := lint.Pos{Line: l, Col: 1}
		edits = append(edits, lint.Edit{Range: lint.Range{Start: at, End: at}, NewText: pad})
	}
	return edits
}

// ecsInsert is an edit that inserts text at pos.
func ecsInsert(pos lint.Pos, text string) lint.Edit {
	return lint.Edit{Range: lint.Range{Start: pos, End: pos}, NewText: text}
}

// ecsCharAt is the rune at pos, or 0.
func ecsCharAt(p *lint.Pass, pos lint.Pos) rune {
	line := []rune(p.Doc.Lines.Line(pos.Line))
	if pos.Col < 1 || pos.Col > len(line) {
		return 0
	}
	return line[pos.Col-1]
}

// ecsSplitPairs are the edits that turn the pairs of mapping m into one
// single-key mapping each, in list form: a block mapping gets a `- ` before
// each key, a flow one becomes [{..}, {..}]. ok is false when the layout
// does not allow a safe edit (a block pair spread over several lines, a key
// that does not start its line).
func ecsSplitPairs(p *lint.Pass, m *lint.Node) (edits []lint.Edit, ok bool) {
	if len(m.Pairs) == 0 {
		return nil, false
	}
	if ecsBlock(p, m) {
		for _, pair := range m.Pairs {
			span := pair.Span()
			if span.Start.Line != span.End.Line || !ecsLinePrefixBlank(p, pair.Key.Range.Start) {
				return nil, false
			}
			edits = append(edits, ecsInsert(pair.Key.Range.Start, "- "))
		}
		return edits, true
	}
	if m.Style != lint.Flow {
		return nil, false
	}
	edits = append(edits, ecsInsert(m.Range.Start, "["))
	edits = append(edits, ecsSplitFlow(m, 1)...)
	return append(edits, ecsInsert(m.Range.End, "]")), true
}

// ecsSplitFlow are the edits that close flow mapping m after its pair
// from-1 and open a new one before each pair from on: {"a": 1, "b": 2}
// becomes {"a": 1}, {"b": 2}.
func ecsSplitFlow(m *lint.Node, from int) []lint.Edit {
	var edits []lint.Edit
	for i := from; i < len(m.Pairs); i++ {
		edits = append(edits, ecsInsert(m.Pairs[i-1].Span().End, "}"), ecsInsert(m.Pairs[i].Key.Range.Start, "{"))
	}
	return edits
}

// ecsCode shows text in backticks for a message, shortened when long.
func ecsCode(s string) string {
	if r := []rune(s); len(r) > 60 {
		s = string(r[:57]) + "..."
	}
	return "`" + s + "`"
}
