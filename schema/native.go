package schema

import (
	"encoding/json"
	"fmt"
	"math/big"
	"regexp"
	"strings"
)

// The linter validates with its own small validator rather than a general
// JSON Schema library: the schemas use a handful of 2020-12 keywords, and a
// general library costs more than the rest of the linting together at
// process start (it compiles every draft's meta-schema in its package init)
// and per document. The validator below implements exactly those keywords,
// with the semantics of santhosh-tekuri/jsonschema (v6), which the tests use
// as the reference (native_test.go compares the two on every file we have,
// and checks each schema against the 2020-12 meta-schema). A keyword it does
// not know makes compilation fail, so a schema edit cannot silently go
// unchecked.

// node is one compiled (sub)schema.
type node struct {
	loc string // JSON pointer of the schema within its file ("" the root)

	boolSchema *bool // the schema is true or false

	types    jsonTypes // 0: any
	constVal *any
	enum     []any
	ref      *node
	refPtr   string // the $ref fragment, resolved after the whole file compiled

	minProps, maxProps *int
	required           []string
	props              map[string]*node
	allowed            []string // the "properties" keys in schema order (messages)
	addlFalse          bool     // additionalProperties: false
	addl               *node    // additionalProperties: a schema
	propNames          *node

	minItems, maxItems *int
	items              *node
	contains           *node

	minLength *int
	pattern   string            // the pattern as written
	match     func(string) bool // whether a text matches it

	minimum, maximum *big.Rat
	minInt, maxInt   *int64 // the limits when they are integers that fit

	anyOf             []*node
	ifS, thenS, elseS *node
}

// jsonTypes is a set of JSON types, in the order the reference library
// lists them in a type error.
type jsonTypes uint8

const (
	tNull jsonTypes = 1 << iota
	tBoolean
	tNumber
	tInteger
	tString
	tArray
	tObject
)

var typeNames = [...]string{"null", "boolean", "number", "integer", "string", "array", "object"}

func typeFromName(s string) jsonTypes {
	for i, n := range typeNames {
		if n == s {
			return 1 << i
		}
	}
	return 0
}

func (t jsonTypes) names() []string {
	var out []string
	for i, n := range typeNames {
		if t&(1<<i) != 0 {
			out = append(out, n)
		}
	}
	return out
}

// annotations are keywords that do not constrain a value.
var annotations = map[string]bool{"$schema": true, "$id": true, "$comment": true, "$defs": true,
	"title": true, "description": true, "markdownDescription": true, "default": true,
	"examples": true, "deprecated": true}

// compiler turns one schema file's ordered tree into nodes.
type compiler struct {
	doc   any
	nodes map[string]*node // by location
	refs  []*node
	err   error
}

// compileNative compiles a schema document (as decodeOrdered reads it).
func compileNative(doc any) (*node, error) {
	c := &compiler{doc: doc, nodes: map[string]*node{}}
	root := c.at("")
	for len(c.refs) > 0 && c.err == nil {
		n := c.refs[0]
		c.refs = c.refs[1:]
		frag, ok := strings.CutPrefix(n.refPtr, "#")
		if !ok {
			c.fail(n.loc, "$ref %q: only references within the file are supported", n.refPtr)
			break
		}
		if pointerGet(doc, frag) == nil {
			c.fail(n.loc, "$ref %q: nothing there", n.refPtr)
			break
		}
		n.ref = c.at(frag)
	}
	return root, c.err
}

func (c *compiler) fail(loc, format string, args ...any) {
	if c.err == nil {
		c.err = fmt.Errorf("schema at #%s: %s", loc, fmt.Sprintf(format, args...))
	}
}

// at compiles the schema at a location once.
func (c *compiler) at(loc string) *node {
	if n := c.nodes[loc]; n != nil {
		return n
	}
	n := &node{loc: loc}
	c.nodes[loc] = n
	c.fill(n, pointerGet(c.doc, loc))
	return n
}

func (c *compiler) sub(loc, key string) *node { return c.at(loc + "/" + escapeToken(key)) }

func (c *compiler) count(loc string, v any) *int {
	num, ok := v.(json.Number)
	i, err := num.Int64()
	if !ok || err != nil || i < 0 {
		c.fail(loc, "not a count: %v", v)
		return nil
	}
	n := int(i)
	return &n
}

func (c *compiler) rat(loc string, v any) *big.Rat {
	num, ok := v.(json.Number)
	r, ok2 := new(big.Rat).SetString(string(num))
	if !ok || !ok2 {
		c.fail(loc, "not a number: %v", v)
		return nil
	}
	return r
}

func (c *compiler) fill(n *node, v any) {
	if b, ok := v.(bool); ok {
		n.boolSchema = &b
		return
	}
	o, ok := v.(object)
	if !ok {
		c.fail(n.loc, "not a schema: %T", v)
		return
	}
	for _, m := range o {
		loc := n.loc + "/" + escapeToken(m.Key)
		switch m.Key {
		case "type":
			switch t := m.Value.(type) {
			case string:
				n.types = typeFromName(t)
			case []any:
				for _, s := range t {
					name, _ := s.(string)
					n.types |= typeFromName(name)
				}
			}
			if n.types == 0 {
				c.fail(loc, "unknown type %v", m.Value)
			}
		case "const":
			cv := plain(m.Value)
			n.constVal = &cv
		case "enum":
			list, ok := m.Value.([]any)
			if !ok {
				c.fail(loc, "enum is not a list")
			}
			for _, e := range list {
				n.enum = append(n.enum, plain(e))
			}
		case "$ref":
			n.refPtr, _ = m.Value.(string)
			c.refs = append(c.refs, n)
		case "minProperties":
			n.minProps = c.count(loc, m.Value)
		case "maxProperties":
			n.maxProps = c.count(loc, m.Value)
		case "required":
			list, _ := m.Value.([]any)
			for _, r := range list {
				s, ok := r.(string)
				if !ok {
					c.fail(loc, "required is not a list of names")
				}
				n.required = append(n.required, s)
			}
		case "properties":
			props, ok := m.Value.(object)
			if !ok {
				c.fail(loc, "properties is not an object")
			}
			n.props = make(map[string]*node, len(props))
			n.allowed = make([]string, 0, len(props))
			for _, p := range props {
				n.props[p.Key] = c.sub(loc, p.Key)
				n.allowed = append(n.allowed, p.Key)
			}
		case "additionalProperties":
			if b, ok := m.Value.(bool); ok {
				n.addlFalse = !b
			} else {
				n.addl = c.at(loc)
			}
		case "propertyNames":
			n.propNames = c.at(loc)
		case "minItems":
			n.minItems = c.count(loc, m.Value)
		case "maxItems":
			n.maxItems = c.count(loc, m.Value)
		case "items":
			n.items = c.at(loc)
		case "contains":
			n.contains = c.at(loc)
		case "minLength":
			n.minLength = c.count(loc, m.Value)
		case "pattern":
			n.pattern, _ = m.Value.(string)
			n.match = c.matcher(loc, n.pattern)
		case "minimum":
			n.minimum = c.rat(loc, m.Value)
			n.minInt = ratInt64(n.minimum)
		case "maximum":
			n.maximum = c.rat(loc, m.Value)
			n.maxInt = ratInt64(n.maximum)
		case "anyOf":
			list, _ := m.Value.([]any)
			for i := range list {
				n.anyOf = append(n.anyOf, c.sub(loc, fmt.Sprint(i)))
			}
		case "if":
			n.ifS = c.at(loc)
		case "then":
			n.thenS = c.at(loc)
		case "else":
			n.elseS = c.at(loc)
		default:
			if !annotations[m.Key] {
				c.fail(loc, "keyword %q is not supported by the linter's validator (schema/native.go)", m.Key)
			}
		}
	}
}

// matcher is a pattern's match function, nil when the pattern does not
// compile (and so neither does the schema). `\S` (the text has something
// other than white space), a dozen of the schemas' patterns, is a byte scan
// and needs no regexp: Go's \S is anything but \t \n \f \r and space, and
// any other byte starts such a character. No schema file repeats any other
// pattern, so each is compiled where it is.
func (c *compiler) matcher(loc, pattern string) func(string) bool {
	if pattern == `\S` {
		return hasNonSpace
	}
	re, err := regexp.Compile(pattern)
	if err != nil {
		c.fail(loc, "%v", err)
		return nil
	}
	return re.MatchString
}

func hasNonSpace(s string) bool {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\t', '\n', '\f', '\r', ' ':
		default:
			return true
		}
	}
	return false
}

func ratInt64(r *big.Rat) *int64 {
	if r == nil || !r.IsInt() || !r.Num().IsInt64() {
		return nil
	}
	i := r.Num().Int64()
	return &i
}

// plain turns an ordered value into the plain form a document value has
// (objects as map[string]any), for const and enum.
func plain(v any) any {
	switch t := v.(type) {
	case object:
		m := make(map[string]any, len(t))
		for _, mb := range t {
			m[mb.Key] = plain(mb.Value)
		}
		return m
	case []any:
		out := make([]any, len(t))
		for i, x := range t {
			out[i] = plain(x)
		}
		return out
	}
	return v
}
