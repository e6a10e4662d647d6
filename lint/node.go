package lint

import "strings"

// Kind is the shape of a Node. (A byte: every node holds one.)
type Kind uint8

const (
	ScalarNode Kind = iota
	MappingNode
	SequenceNode
	AliasNode
)

func (k Kind) String() string {
	switch k {
	case MappingNode:
		return "mapping"
	case SequenceNode:
		return "list"
	case AliasNode:
		return "alias"
	}
	return "scalar"
}

// Style is how a scalar or collection was written.
type Style uint8

const (
	Plain Style = iota
	SingleQuoted
	DoubleQuoted
	Literal // |
	Folded  // >
	Flow    // [..] or {..}
)

// Node is one positioned value of the document: a scalar, mapping, list or
// alias. Every node knows its exact range and, for scalars, the raw source
// text, because for AppSpec files the text matters (0.0 vs "0.0", mode 0644).
type Node struct {
	Kind  Kind
	Style Style
	// Tagged says an explicit tag (!!str, !foo) was written before the value.
	Tagged bool
	// IsKey tells a mapping key from a value (see Parent).
	IsKey bool
	Range Range

	// Tag is the YAML 1.2 resolved tag (!!str, !!int, !!float, !!bool, !!null,
	// !!map, !!seq, ...). Rules that care about YAML 1.1 (the agent's Psych)
	// read Raw instead.
	Tag string
	// Value is the decoded scalar value (quotes removed, escapes applied).
	Value string
	// Raw is the scalar's source text, quotes included.
	Raw string

	Anchor string
	Alias  *Node // target, for AliasNode

	Pairs []*Pair // MappingNode
	Items []*Node // SequenceNode

	// LineComment is the comment after the node on its line, if any.
	LineComment string

	// Parent is the mapping or list holding this node (nil for the root).
	Parent *Node
}

// Pair is one key: value entry of a mapping.
type Pair struct {
	Key   *Node
	Value *Node
}

// Span implements Ranged.
func (n *Node) Span() Range { return n.Range }

// Span of a pair runs from its key to the end of its value.
func (p *Pair) Span() Range {
	r := p.Key.Range
	if p.Value != nil && r.End.Before(p.Value.Range.End) {
		r.End = p.Value.Range.End
	}
	return r
}

// Name is the key's text.
func (p *Pair) Name() string { return p.Key.Value }

// Resolve follows an alias to its anchored node.
func (n *Node) Resolve() *Node {
	if n != nil && n.Kind == AliasNode && n.Alias != nil {
		return n.Alias
	}
	return n
}

// IsNull reports whether n is absent, an empty value, `~` or `null`.
func (n *Node) IsNull() bool {
	return n == nil || (n.Kind == ScalarNode && n.Tag == "!!null")
}

// IsEmpty reports whether n holds nothing: null, an empty string, or an empty
// collection.
func (n *Node) IsEmpty() bool {
	if n.IsNull() {
		return true
	}
	switch n.Kind {
	case ScalarNode:
		return strings.TrimSpace(n.Value) == ""
	case MappingNode:
		return len(n.Pairs) == 0
	case SequenceNode:
		return len(n.Items) == 0
	}
	return false
}

// IsQuoted reports whether a scalar was written in quotes.
func (n *Node) IsQuoted() bool {
	return n != nil && (n.Style == SingleQuoted || n.Style == DoubleQuoted)
}

// IsString reports whether n is a scalar that is a string for YAML 1.2.
func (n *Node) IsString() bool {
	return n != nil && n.Kind == ScalarNode && n.Tag == "!!str"
}

// Get returns the pair for key in a mapping, or nil. With duplicate keys it
// returns the last one, as the agent's YAML loader keeps the last value.
func (n *Node) Get(key string) *Pair {
	if n == nil || n.Kind != MappingNode {
		return nil
	}
	for i := len(n.Pairs) - 1; i >= 0; i-- {
		if n.Pairs[i].Key.Value == key {
			return n.Pairs[i]
		}
	}
	return nil
}

// GetFold is Get with a case-insensitive key match.
func (n *Node) GetFold(key string) *Pair {
	if n == nil || n.Kind != MappingNode {
		return nil
	}
	for i := len(n.Pairs) - 1; i >= 0; i-- {
		if EqualFold(n.Pairs[i].Key.Value, key) {
			return n.Pairs[i]
		}
	}
	return nil
}

// Val returns the value node of key, or nil.
func (n *Node) Val(key string) *Node {
	if p := n.Get(key); p != nil {
		return p.Value
	}
	return nil
}

// Describe names the kind of value for messages: "a list", "the text \"x\"".
func (n *Node) Describe() string {
	switch {
	case n == nil || n.IsNull():
		return "nothing"
	case n.Kind == MappingNode:
		return "a mapping"
	case n.Kind == SequenceNode:
		return "a list"
	case n.Kind == AliasNode:
		return "an alias"
	}
	return "the value " + quoteShort(n.Raw)
}

func quoteShort(s string) string {
	if len([]rune(s)) > 40 {
		s = string([]rune(s)[:37]) + "..."
	}
	return "`" + s + "`"
}

// EqualFold is strings.EqualFold with the common all-ASCII case inline
// (GetFold runs for most keys of every document): ASCII bytes are folded
// here, and at the first non-ASCII byte the rest goes to strings.EqualFold,
// since Unicode folding can match strings of different byte lengths (the
// Kelvin sign is k).
func EqualFold(a, b string) bool {
	n := min(len(a), len(b))
	for i := 0; i < n; i++ {
		x, y := a[i], b[i]
		if x|y >= 0x80 {
			return strings.EqualFold(a[i:], b[i:])
		}
		if x == y {
			continue
		}
		if 'A' <= x && x <= 'Z' {
			x += 'a' - 'A'
		}
		if 'A' <= y && y <= 'Z' {
			y += 'a' - 'A'
		}
		if x != y {
			return false
		}
	}
	// All ASCII and equal so far: the longer has more characters left.
	return len(a) == len(b)
}
