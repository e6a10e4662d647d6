package schema

import (
	"encoding/json"
	"math"

	"github.com/appspec-lint/appspec-lint/lint"
)

// value is one instance value as the validator reads it: a node of the
// document, read in place the way Convert would convert it (so that a
// valid document costs no copy), or a plain Go value (ValidateValue, a key
// name checked by propertyNames, or Convert's output when the document
// needs the general conversion).
type value struct {
	// t is a document value's node, aliases followed: a scalar, mapping or
	// list. It is nil for null and for a plain value.
	t *lint.Node
	// x is a plain value (nil for null).
	x any
	// node and key are where a document value is written: the node as
	// written (an alias stays the alias) and the key whose value it is (nil
	// for the root and for list items). A violation is placed there.
	node, key *lint.Node

	// A document value's JSON type, and its integer when it is one that
	// fits an int64, read once when the value is made: a value is checked
	// against several schemas ($ref, if, anyOf).
	typ   jsonTypes
	isInt bool
	i     int64
}

// docValue is the value of a node written at node (the root, a pair's value
// or a list item) at a depth, read as converter.value reads it: what is too
// deep, an alias to an unknown anchor or an unknown kind is null.
func docValue(node, key *lint.Node, depth int) value {
	v := value{node: node, key: key}
	if node == nil || depth > maxDepth {
		return v
	}
	t := node.Resolve()
	switch t.Kind {
	case lint.MappingNode:
		v.t, v.typ = t, tObject
	case lint.SequenceNode:
		v.t, v.typ = t, tArray
	case lint.ScalarNode:
		v.t, v.typ = t, tString // what scalarValue gives when nothing else
		switch t.Tag {
		case "!!null":
			v.typ = tNull
		case "!!bool":
			if _, ok := boolText(t.Value); ok {
				v.typ = tBoolean
			}
		case "!!int":
			if v.i, v.isInt = parseInt64(t.Value); v.isInt {
				v.typ = tNumber
			} else {
				v.typ = typeOf(scalarValue(t)) // a big number, or text
			}
		case "!!float":
			if _, ok := parseFloat(t.Value); ok {
				v.typ = tNumber
			}
		}
	}
	return v
}

// jsonType is the value's JSON type (numbers are tNumber), 0 for a plain
// NaN or infinity.
func (v value) jsonType() jsonTypes {
	if v.t == nil {
		return typeOf(v.x)
	}
	return v.typ
}

// int is the value when it is an integer that fits an int64 (what Convert
// gives as an int64), without boxing it.
func (v value) int() (int64, bool) {
	if v.t == nil {
		i, ok := v.x.(int64)
		return i, ok
	}
	return v.i, v.isInt
}

// float is a document value (v.t set) when Convert gives it as a float64.
func (v value) float() (float64, bool) {
	if v.t.Kind == lint.ScalarNode && v.t.Tag == "!!float" {
		return parseFloat(v.t.Value)
	}
	return 0, false
}

// isInteger reports whether a number is a whole number.
func (v value) isInteger() bool {
	if _, ok := v.int(); ok {
		return true
	}
	return isInteger(v.scalar())
}

// scalar is a scalar's or a plain value's converted value.
func (v value) scalar() any {
	if v.t == nil {
		return v.x
	}
	return scalarValue(v.t)
}

// text is the text of a value whose JSON type is string.
func (v value) text() string {
	if v.t == nil {
		s, _ := v.x.(string)
		return s
	}
	return v.t.Value // scalarValue gives a string scalar its Value
}

// plain is a document value (v.t set) as Convert gives it, for a
// violation's Got and for comparing a collection with a constant. depth is
// the value's (the length of its path).
func (w *walker) plain(v value, depth int) any {
	if v.t.Kind == lint.ScalarNode {
		return scalarValue(v.t)
	}
	// A fresh count: the document is known to be within maxValues, and the
	// walk has no cycle to cut (walker.direct).
	c := converter{fold: w.fold}
	return c.value(v.node, depth)
}

// equalsValue is equals for a document value (v.t set) read in place: a
// text or a scalar is compared without being copied; a collection is
// converted only when the constant is one.
func (w *walker) equalsValue(v value, c any, depth int) bool {
	switch v.t.Kind {
	case lint.ScalarNode:
		switch v.jsonType() {
		case tString:
			s, ok := c.(string)
			return ok && s == v.t.Value
		case tNumber:
			if eq, ok := equalsNumber(v, c); ok {
				return eq
			}
		}
		return equals(scalarValue(v.t), c)
	default:
		switch c.(type) {
		case map[string]any, []any:
			return equals(w.plain(v, depth), c)
		}
		return false // a mapping or list equals only a constant of its kind
	}
}

// equalsNumber compares a number with an integer constant without big.Rat
// (version: 0.0 against the const 0, in every EC2 appspec); ok is false
// when it cannot tell. A schema constant's number is a json.Number.
func equalsNumber(v value, c any) (eq, ok bool) {
	var ci int64
	switch t := c.(type) {
	case json.Number:
		i, err := t.Int64()
		if err != nil {
			return false, false
		}
		ci = i
	default:
		return false, typeOf(c) != tNumber // a number equals no other type
	}
	if i, ok := v.int(); ok {
		return i == ci, true
	}
	// equals reads a float64 by its shortest decimal text (ratOf), which is
	// the integer itself for a float64 that is an integer of at most 2^53,
	// so that it equals such a constant exactly when the floats are equal.
	if f, ok := v.float(); ok && -1<<53 <= ci && ci <= 1<<53 {
		return f == float64(ci), true
	}
	return false, false
}

// boolText reads a YAML 1.2 boolean's text: true or false in any case
// (strings.ToLower, then true or false). No text with a character past
// ASCII lowers to either: the only ones that lower to ASCII letters are the
// Kelvin sign (k) and the dotted capital I (i), letters neither word has.
func boolText(s string) (val, ok bool) {
	switch {
	case asciiEqualLower(s, "true"):
		return true, true
	case asciiEqualLower(s, "false"):
		return false, true
	}
	return false, false
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// asciiEqualLower reports whether s is the lower-case ASCII word lower with
// its letters in any case (a byte past ASCII matches none).
func asciiEqualLower(s, lower string) bool {
	if len(s) != len(lower) {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != lower[i] {
			return false
		}
	}
	return true
}

// typeOf is a plain value's JSON type (numbers are tNumber).
func typeOf(v any) jsonTypes {
	switch t := v.(type) {
	case nil:
		return tNull
	case bool:
		return tBoolean
	case float64:
		if math.IsNaN(t) || math.IsInf(t, 0) {
			return 0
		}
		return tNumber
	case int64, json.Number:
		return tNumber
	case string:
		return tString
	case []any:
		return tArray
	case map[string]any:
		return tObject
	}
	return 0
}
