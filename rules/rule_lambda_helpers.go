package rules

import (
	"strings"

	"github.com/appspec-lint/appspec-lint/lint"
)

// Helpers shared by the Lambda rules (AS601-AS613). A Lambda AppSpec is
//
//	version: 0.0
//	Resources:
//	  - myFunction:                 <- logical name
//	      Type: AWS::Lambda::Function
//	      Properties: {Name, Alias, CurrentVersion, TargetVersion}
//	Hooks:
//	  - BeforeAllowTraffic: validateFunction
//
// The rules read it through lambdaResources and lambdaHooks, which accept the
// usual wrong shapes (Resources or Hooks written as a mapping, an item with two
// logical names or two hooks) so that every rule still sees every resource and
// hook; the shape itself is reported by AS601, AS607 and AS608. Keys are
// matched case-insensitively (AS213 reports the case).

// LambdaHooks are the lifecycle events a Lambda deployment can hook.
var LambdaHooks = []string{"BeforeAllowTraffic", "AfterAllowTraffic"}

// lambdaType is the one resource type of a Lambda AppSpec.
const lambdaType = "AWS::Lambda::Function"

// lambdaPropNames are the four required properties, in documented order.
var lambdaPropNames = []string{"Name", "Alias", "CurrentVersion", "TargetVersion"}

// lambdaRes is one function resource.
type lambdaRes struct {
	Item  *lint.Node // the Resources list item; nil when Resources is a mapping
	Name  *lint.Pair // logical name and body; nil when Type and Properties sit directly in the item
	Body  *lint.Node // the mapping holding Type and Properties, or nil
	Type  *lint.Pair
	Props *lint.Pair
}

// At is where a finding about the whole resource points: its logical name,
// or the first key of a resource without one.
func (r *lambdaRes) At() lint.Ranged {
	if r.Name != nil {
		return r.Name.Key
	}
	if r.Body != nil {
		return firstKeyRange(r.Body)
	}
	return r.Item
}

// PropsNode is the Properties mapping, or nil.
func (r *lambdaRes) PropsNode() *lint.Node {
	if p := r.Props.ValueNode(); p != nil && p.Kind == lint.MappingNode {
		return p
	}
	return nil
}

// Prop is the pair of a property (matched case-insensitively), or nil.
func (r *lambdaRes) Prop(name string) *lint.Pair {
	return r.PropsNode().GetFold(name)
}

// lambdaIsBody reports whether mapping m is a resource body (it has Type or
// Properties) rather than a mapping of logical names to bodies.
func lambdaIsBody(m *lint.Node) bool {
	return m.GetFold("Type") != nil || m.GetFold("Properties") != nil
}

func lambdaNewRes(item *lint.Node, name *lint.Pair, body *lint.Node) *lambdaRes {
	r := &lambdaRes{Item: item, Name: name}
	if body = body.Resolve(); body != nil && body.Kind == lint.MappingNode {
		r.Body = body
		r.Type = body.GetFold("Type")
		r.Props = body.GetFold("Properties")
	}
	return r
}

// lambdaResources lists the function resources: each logical name of each
// Resources item (an item written with two names holds two resources), an
// item with Type and Properties but no logical name, and the entries of a
// Resources mapping. Items that are not mappings are left out (AS603 and
// AS607 report them).
func lambdaResources(s *lint.Spec) []*lambdaRes {
	v := s.Resources.ValueNode()
	if v == nil {
		return nil
	}
	var out []*lambdaRes
	switch v.Kind {
	case lint.SequenceNode:
		for _, item := range v.Items {
			m := item.Resolve()
			if m == nil || m.Kind != lint.MappingNode {
				continue
			}
			if lambdaIsBody(m) {
				out = append(out, lambdaNewRes(item, nil, m))
				continue
			}
			for _, pair := range m.Pairs {
				out = append(out, lambdaNewRes(item, pair, pair.Value))
			}
		}
	case lint.MappingNode:
		if lambdaIsBody(v) {
			return []*lambdaRes{lambdaNewRes(nil, nil, v)}
		}
		for _, pair := range v.Pairs {
			out = append(out, lambdaNewRes(nil, pair, pair.Value))
		}
	}
	return out
}

// lambdaHook is one hook: an event name and its function.
type lambdaHook struct {
	Item *lint.Node // the Hooks list item; nil when Hooks is a mapping
	Pair *lint.Pair
}

// lambdaHooks lists every hook pair: the pairs of each mapping item of the
// Hooks list, or the pairs of a Hooks mapping.
func lambdaHooks(s *lint.Spec) []lambdaHook {
	v := s.ServerlessHooks.ValueNode()
	if v == nil {
		return nil
	}
	var out []lambdaHook
	switch v.Kind {
	case lint.SequenceNode:
		for _, item := range v.Items {
			if m := item.Resolve(); m != nil && m.Kind == lint.MappingNode {
				for _, pair := range m.Pairs {
					out = append(out, lambdaHook{Item: item, Pair: pair})
				}
			}
		}
	case lint.MappingNode:
		for _, pair := range v.Pairs {
			out = append(out, lambdaHook{Pair: pair})
		}
	}
	return out
}

// lambdaScalar returns n (aliases followed) when it is a non-null scalar.
func lambdaScalar(n *lint.Node) *lint.Node {
	n = n.Resolve()
	if n == nil || n.Kind != lint.ScalarNode || n.IsNull() {
		return nil
	}
	return n
}

// lambdaValueAt is where a finding about a pair's value points: the value,
// or the key when the value is empty and has no width (`Name:` with nothing).
func lambdaValueAt(p *lint.Pair) lint.Ranged {
	if v := p.Value; v != nil && v.Range.Start.Before(v.Range.End) {
		return v
	}
	return p.Key
}

// lambdaSubst matches the placeholders that pipelines and template tools fill
// in: {{X}} (mustache, CloudFormation dynamic references), ${X} (shell,
// envsubst, Terraform, CloudFormation Sub), #{X} (CodePipeline variables),
// <X> (CodePipeline's ECS action, hand-written templates), $X, __X__, %X% and
// @X@ (token replacement tasks).
var lambdaSubst = lazyRE(`\{\{[^{}]*\}\}|\$\{[^{}]*\}|#\{[^{}]*\}|<[A-Za-z_][^<>]*>|\$[A-Za-z_][A-Za-z0-9_]*|__[A-Za-z0-9_]+__|%[A-Za-z_][A-Za-z0-9_]*%|@[A-Za-z_][A-Za-z0-9_]*@`)

// lambdaSubstIndex returns the byte range of the first substitution
// placeholder in s, or nil. $LATEST is a Lambda version name, not a
// placeholder.
func lambdaSubstIndex(s string) []int {
	// Every placeholder starts with one of these: most values have none.
	if !strings.ContainsAny(s, "{$#<_%@") {
		return nil
	}
	for _, m := range lambdaSubst.FindAllStringIndex(s, -1) {
		if !strings.EqualFold(s[m[0]:m[1]], "$LATEST") {
			return m
		}
	}
	return nil
}

// lambdaHasSubst reports whether scalar n holds a substitution placeholder.
func lambdaHasSubst(n *lint.Node) bool {
	n = lambdaScalar(n)
	return n != nil && lambdaSubstIndex(n.Value) != nil
}

// lambdaCFNFunction names the CloudFormation intrinsic function n is written
// with (`!GetAtt fn.Version`, `{"Ref": "Version"}`, `{"Fn::GetAtt": [...]}`),
// or returns "". CodeDeploy reads an AppSpec as plain data and never
// evaluates them.
func lambdaCFNFunction(n *lint.Node) string {
	n = n.Resolve()
	if n == nil {
		return ""
	}
	if n.Tagged && strings.HasPrefix(n.Tag, "!") && !strings.HasPrefix(n.Tag, "!!") {
		return n.Tag
	}
	if n.Kind == lint.MappingNode && len(n.Pairs) == 1 {
		if k := n.Pairs[0].Key.Value; k == "Ref" || strings.HasPrefix(k, "Fn::") {
			return k
		}
	}
	return ""
}

// lambdaNodeRange is the range of value n including a tag written before it
// (`!GetAtt fn.Version`): the parser's range starts after the tag.
func lambdaNodeRange(d *lint.Document, n *lint.Node) lint.Range {
	r := n.Range
	if !n.Tagged {
		return r
	}
	src := d.Src
	i := d.Lines.Offset(r.Start)
	j := i
	for j > 0 && (src[j-1] == ' ' || src[j-1] == '\t') {
		j--
	}
	k := j
	for k > 0 && src[k-1] != ' ' && src[k-1] != '\t' && src[k-1] != '\n' && src[k-1] != '\r' {
		k--
	}
	if k < j && src[k] == '!' {
		r.Start = d.Lines.PosAt(k)
	}
	return r
}

// lambdaQuote writes s as a string in the quoting style of like: single
// quotes if like was single-quoted, else double quotes (JSON, and the form
// of the AWS examples).
func lambdaQuote(s string, like *lint.Node) string {
	if like != nil && like.Style == lint.SingleQuoted {
		return "'" + strings.ReplaceAll(s, "'", "''") + "'"
	}
	return `"` + strings.ReplaceAll(strings.ReplaceAll(s, `\`, `\\`), `"`, `\"`) + `"`
}

// lambdaNewline is the document's line ending, for fixes that add lines.
func lambdaNewline(d *lint.Document) string {
	if d.HasCRLF {
		return "\r\n"
	}
	return "\n"
}

// lambdaIsFlow reports whether n is written in flow style ({...} or [...],
// which includes every JSON document).
func lambdaIsFlow(n *lint.Node) bool {
	return n != nil && n.Style == lint.Flow
}

// lambdaCharAt reports whether the source has byte c at position at.
func lambdaCharAt(d *lint.Document, at lint.Pos, c byte) bool {
	i := d.Lines.Offset(at)
	return i >= 0 && i < len(d.Src) && d.Src[i] == c
}

// lambdaBlockWrap returns the edits that push a run of block-style lines one
// level down: head is inserted where from starts (it ends with a line break
// and the new indentation when it opens a new key), and every non-blank line
// after from's line, up to and including line last, is indented by shift
// spaces. It returns nil when from does not start its line (after an
// optional "- ") or when a line of the run is less indented than from, as the
// run would then not be one block.
func lambdaBlockWrap(d *lint.Document, from lint.Pos, last int, head string, shift int) []lint.Edit {
	line := []rune(d.Lines.Line(from.Line))
	if from.Col-1 > len(line) {
		return nil
	}
	before := strings.TrimSpace(string(line[:from.Col-1]))
	if before != "" && before != "-" {
		return nil
	}
	edits := []lint.Edit{{Range: lint.Range{Start: from, End: from}, NewText: head}}
	pad := strings.Repeat(" ", shift)
	for l := from.Line + 1; l <= last; l++ {
		text := d.Lines.Line(l)
		trimmed := strings.TrimLeft(text, " ")
		if strings.TrimSpace(trimmed) == "" {
			continue
		}
		if len(text)-len(trimmed) < from.Col-1 && !strings.HasPrefix(trimmed, "#") {
			return nil
		}
		at := lint.Pos{Line: l, Col: 1}
		edits = append(edits, lint.Edit{Range: lint.Range{Start: at, End: at}, NewText: pad})
	}
	return edits
}

// lambdaFlowWrap returns the edits that wrap the flow text from..to in open
// and close.
func lambdaFlowWrap(from, to lint.Pos, open, close string) []lint.Edit {
	return []lint.Edit{
		{Range: lint.Range{Start: from, End: from}, NewText: open},
		{Range: lint.Range{Start: to, End: to}, NewText: close},
	}
}

// lambdaMappingToList returns the edits that turn mapping m into a list of
// one-key mappings, keeping every pair's text: in block style a "- " before
// each key (and the pair's further lines indented by two), in flow style
// (JSON) {"a": x, "b": y} becomes [{"a": x}, {"b": y}]. It returns nil when
// the layout is not one it can rewrite safely.
func lambdaMappingToList(d *lint.Document, m *lint.Node) []lint.Edit {
	if m == nil || m.Kind != lint.MappingNode || len(m.Pairs) == 0 {
		return nil
	}
	if !lambdaIsFlow(m) {
		var edits []lint.Edit
		for _, pair := range m.Pairs {
			e := lambdaBlockWrap(d, pair.Key.Range.Start, pair.Span().End.Line, "- ", 2)
			if e == nil {
				return nil
			}
			edits = append(edits, e...)
		}
		return edits
	}
	end := lint.Pos{Line: m.Range.End.Line, Col: m.Range.End.Col - 1}
	if !lambdaCharAt(d, m.Range.Start, '{') || !lambdaCharAt(d, end, '}') {
		return nil
	}
	first, last := m.Pairs[0], m.Pairs[len(m.Pairs)-1]
	// The brackets and the braces of the first and last pair are one edit
	// each, so that no insertion touches a replaced range.
	open := lint.Range{Start: m.Range.Start, End: first.Key.Range.Start}
	close := lint.Range{Start: last.Span().End, End: m.Range.End}
	edits := []lint.Edit{{Range: open, NewText: "[" + d.Text(lint.Range{Start: lint.Pos{Line: open.Start.Line, Col: open.Start.Col + 1}, End: open.End}) + "{"}}
	for i := 0; i+1 < len(m.Pairs); i++ {
		at, next := m.Pairs[i].Span().End, m.Pairs[i+1].Key.Range.Start
		edits = append(edits,
			lint.Edit{Range: lint.Range{Start: at, End: at}, NewText: "}"},
			lint.Edit{Range: lint.Range{Start: next, End: next}, NewText: "{"})
	}
	edits = append(edits, lint.Edit{Range: close, NewText: "}" + d.Text(lint.Range{Start: close.Start, End: end}) + "]"})
	return edits
}

// lambdaSafeName turns s into a logical name for a fix, or returns def.
func lambdaSafeName(s, def string) string {
	if s == "" || len(s) > 64 || lambdaSubstIndex(s) != nil {
		return def
	}
	for _, r := range s {
		if !(r == '-' || r == '_' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			return def
		}
	}
	return s
}
