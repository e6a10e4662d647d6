package schema

import (
	"encoding/json"
	"math"
	"math/big"
	"strconv"
	"strings"

	"github.com/appspec-lint/appspec-lint/lint"
)

// Instance is a document as the JSON Schema validator wants it (map[string]any,
// []any, string, json.Number, int64, float64, bool, nil), and the way back
// from a value's JSON pointer to the positioned node it came from.
type Instance struct {
	Value any

	root *lint.Node
	conv *converter
}

// Node returns the node at a JSON pointer, as written: an alias stays the
// alias node, so a finding points at the place the user looks at. It returns
// nil when nothing is there.
func (in *Instance) Node(ptr string) *lint.Node {
	n, _ := in.lookup(ptr)
	return n
}

// Key returns the mapping key whose value is at ptr, or nil (the root, list
// items).
func (in *Instance) Key(ptr string) *lint.Node {
	_, k := in.lookup(ptr)
	return k
}

// lookup walks the tree along a pointer with the conversion's rules (later
// keys win, merged keys fill in, folded key names), so that the common case,
// a valid document, pays nothing for positions.
func (in *Instance) lookup(ptr string) (node, key *lint.Node) {
	node = in.root
	for _, tok := range splitPointer(ptr) {
		t := node.Resolve()
		if t == nil {
			return nil, nil // a nil root, list item or value: nothing below it
		}
		switch t.Kind {
		case lint.SequenceNode:
			i, err := strconv.Atoi(tok)
			if err != nil || i < 0 || i >= len(t.Items) {
				return nil, nil
			}
			node, key = t.Items[i], nil
		case lint.MappingNode:
			p := in.conv.findPair(t, tok, 0)
			if p == nil {
				return nil, nil
			}
			node, key = p.Value, p.Key
		default:
			return nil, nil
		}
	}
	return node, key
}

// findPair finds the pair a converted mapping took the key name from: the
// last pair with that name, else the first merged mapping that has it.
func (c *converter) findPair(m *lint.Node, name string, depth int) *lint.Pair {
	var merges []*lint.Node
	for i := len(m.Pairs) - 1; i >= 0; i-- {
		p := m.Pairs[i]
		if p == nil || p.Key == nil {
			continue
		}
		if isMerge(p.Key) {
			merges = append([]*lint.Node{p.Value}, merges...)
			continue
		}
		if c.keyName(p.Key) == name {
			return p
		}
	}
	if depth > maxDepth {
		return nil
	}
	for _, mv := range merges {
		for _, src := range mergeSources(mv) {
			if p := c.findPair(src, name, depth+1); p != nil {
				return p
			}
		}
	}
	return nil
}

// Options adjust the conversion.
type Options struct {
	// FoldKeys lists key names matched without regard to case: a key that
	// equals one of them except for case is given to the validator in this
	// spelling. Lambda and ECS appspecs use it for their documented keys,
	// whose case the linter checks separately (AS213).
	FoldKeys []string

	// fold is FoldKeys made ready for look-ups, when the options come from
	// DefaultOptions (which builds it once per platform).
	fold *folder
}

// Limits that keep conversion bounded on hostile input. An AppSpec has a few
// hundred values and nests about eight levels; the schemas constrain nothing
// deeper than that.
const (
	maxValues = 100_000 // values after alias expansion (alias bombs)
	maxDepth  = 64      // deeper values are given as null
)

// Convert turns a parsed document into an Instance. It returns nil when the
// document is too large once its aliases are expanded; callers then skip the
// schema check. It never panics, whatever the tree.
func Convert(root *lint.Node, opts Options) *Instance {
	c := &converter{fold: foldFor(opts)}
	v := c.value(root, 0)
	if c.over {
		return nil
	}
	return &Instance{Value: v, root: root, conv: c}
}

type converter struct {
	fold   *folder
	count  int
	over   bool
	active activeSet // collections being converted (alias cycles)
}

func (c *converter) value(n *lint.Node, depth int) any {
	if n == nil {
		return nil
	}
	c.count++
	if c.count > maxValues {
		c.over = true
		return nil
	}
	t := n.Resolve()
	if t == nil || t.Kind == lint.AliasNode || depth > maxDepth || c.over {
		return nil // an alias to an unknown anchor, or too deep
	}
	switch t.Kind {
	case lint.ScalarNode:
		return scalarValue(t)
	case lint.SequenceNode:
		if !c.active.push(t) {
			return nil
		}
		defer c.active.pop()
		out := make([]any, 0, len(t.Items))
		for _, item := range t.Items {
			out = append(out, c.value(item, depth+1))
		}
		return out
	case lint.MappingNode:
		if !c.active.push(t) {
			return nil
		}
		defer c.active.pop()
		out := make(map[string]any, len(t.Pairs))
		c.pairs(t, depth, out, false)
		return out
	}
	return nil
}

// pairs adds a mapping's pairs to out. Later keys win, as they do for the
// agent's YAML loader. YAML merge keys (<<: *defaults) add the keys of the
// merged mappings that the mapping does not set itself.
func (c *converter) pairs(m *lint.Node, depth int, out map[string]any, merged bool) {
	var merges []*lint.Node
	for _, p := range m.Pairs {
		if p == nil || p.Key == nil {
			continue
		}
		if isMerge(p.Key) {
			merges = append(merges, p.Value)
			continue
		}
		name := c.keyName(p.Key)
		if merged {
			if _, set := out[name]; set {
				continue
			}
		}
		out[name] = c.value(p.Value, depth+1)
	}
	for _, mv := range merges {
		for _, s := range mergeSources(mv) {
			if !c.active.push(s) {
				continue
			}
			c.pairs(s, depth, out, true)
			c.active.pop()
		}
	}
}

// activeSet is the stack of collections being converted. It is searched
// linearly while short (a document nests about eight levels), which costs
// far less than a map per collection; a long chain of merges gets a map.
type activeSet struct {
	stack []*lint.Node
	index map[*lint.Node]bool // when the stack grew long
}

const activeScanMax = 32

// push adds n unless it is already being converted (a cycle).
func (a *activeSet) push(n *lint.Node) bool {
	if a.index != nil {
		if a.index[n] {
			return false
		}
		a.index[n] = true
	} else {
		for _, m := range a.stack {
			if m == n {
				return false
			}
		}
		if len(a.stack) >= activeScanMax {
			a.index = make(map[*lint.Node]bool, 2*activeScanMax)
			for _, m := range a.stack {
				a.index[m] = true
			}
			a.index[n] = true
		}
	}
	a.stack = append(a.stack, n)
	return true
}

func (a *activeSet) pop() {
	n := a.stack[len(a.stack)-1]
	a.stack = a.stack[:len(a.stack)-1]
	if a.index != nil {
		delete(a.index, n)
	}
}

// isMerge reports whether a key is the YAML merge key <<.
func isMerge(k *lint.Node) bool {
	k = k.Resolve()
	return k != nil && k.Kind == lint.ScalarNode && k.Tag == "!!merge"
}

// mergeSources are the mappings a merge key's value brings in: one mapping,
// or a list of them.
func mergeSources(v *lint.Node) []*lint.Node {
	src := v.Resolve()
	switch {
	case src == nil:
	case src.Kind == lint.MappingNode:
		return []*lint.Node{src}
	case src.Kind == lint.SequenceNode:
		var out []*lint.Node
		for _, item := range src.Items {
			if it := item.Resolve(); it != nil && it.Kind == lint.MappingNode {
				out = append(out, it)
			}
		}
		return out
	}
	return nil
}

func (c *converter) keyName(k *lint.Node) string { return c.fold.keyName(k) }

// scalarValue is the JSON value of a scalar, by its YAML 1.2 tag (the tag
// the parser resolved, or the one written): numbers, booleans and null are
// typed; everything else (strings, timestamps, custom tags such as
// CloudFormation's !GetAtt) is the text.
func scalarValue(n *lint.Node) any {
	switch n.Tag {
	case "!!null":
		return nil
	case "!!bool":
		if b, ok := boolText(n.Value); ok {
			return b
		}
	case "!!int":
		if v, ok := parseInt(n.Value); ok {
			return v
		}
	case "!!float":
		if f, ok := parseFloat(n.Value); ok {
			return f
		}
	}
	return n.Value
}

// parseInt reads a YAML integer (decimal, 0x hex, 0o octal, with a sign)
// exactly: an int64, or a json.Number when it is larger.
func parseInt(s string) (any, bool) {
	if i, ok := parseInt64(s); ok {
		return i, true
	}
	t, neg, base := intParts(s)
	v, ok := new(big.Int).SetString(t, base)
	if !ok {
		return nil, false
	}
	if neg {
		v.Neg(v)
	}
	return json.Number(v.String()), true
}

// parseInt64 is parseInt for an integer that fits an int64 (what parseInt
// gives as an int64), without boxing it.
func parseInt64(s string) (int64, bool) {
	t, neg, base := intParts(s)
	u, err := strconv.ParseUint(t, base, 63)
	if err != nil {
		return 0, false
	}
	if neg {
		return -int64(u), true
	}
	return int64(u), true
}

// intParts splits a YAML integer into its digits (without _), sign and base.
func intParts(s string) (digits string, neg bool, base int) {
	t := strings.TrimPrefix(s, "+")
	neg = strings.HasPrefix(t, "-")
	t = strings.TrimPrefix(t, "-")
	base = 10
	switch {
	case strings.HasPrefix(t, "0x"), strings.HasPrefix(t, "0X"):
		base, t = 16, t[2:]
	case strings.HasPrefix(t, "0o"), strings.HasPrefix(t, "0O"):
		base, t = 8, t[2:]
	}
	return strings.ReplaceAll(t, "_", ""), neg, base
}

// parseFloat reads a YAML float as scalarValue does: finite numbers only.
func parseFloat(s string) (float64, bool) {
	f, err := strconv.ParseFloat(strings.ReplaceAll(s, "_", ""), 64)
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
		return 0, false
	}
	return f, true
}

// escapeToken escapes a key for a JSON pointer (RFC 6901).
func escapeToken(s string) string {
	if !strings.ContainsAny(s, "~/") {
		return s
	}
	return strings.ReplaceAll(strings.ReplaceAll(s, "~", "~0"), "/", "~1")
}

// Pointer joins tokens into a JSON pointer.
func Pointer(tokens []string) string {
	var b strings.Builder
	for _, t := range tokens {
		b.WriteByte('/')
		b.WriteString(escapeToken(t))
	}
	return b.String()
}

// splitPointer splits a JSON pointer into unescaped tokens.
func splitPointer(ptr string) []string {
	if ptr == "" {
		return nil
	}
	parts := strings.Split(strings.TrimPrefix(ptr, "/"), "/")
	for i, p := range parts {
		parts[i] = strings.ReplaceAll(strings.ReplaceAll(p, "~1", "/"), "~0", "~")
	}
	return parts
}
