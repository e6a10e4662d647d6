package schema

import (
	"encoding/json"
	"fmt"
	"github.com/appspec-lint/appspec-lint/lint"
	"math/big"
	"strconv"
	"unicode/utf8"
)

// validation checks one document against a compiled schema and collects
// its violations in the order the reference library's error tree gives
// them, depth first (which of two alike violations at one place is kept
// depends on it).
type validation struct {
	// w reads a document in place (values with a node); in is a converted
	// document, whose values are plain and placed by their pointer. Both
	// are nil for a plain value (ValidateValue).
	w  *walker
	in *Instance

	out []*Violation
	// quiet: only whether the value is valid matters (the if of an
	// if/then/else); nothing is collected and the first error ends it.
	quiet  bool
	failed bool
}

// place is where the value at path is written.
func (vd *validation) place(v value, path []string) (node, key *lint.Node) {
	if vd.in != nil {
		return vd.in.lookup(Pointer(path))
	}
	return v.node, v.key
}

// memberPlace is where the value of a mapping's key is written.
func (vd *validation) memberPlace(path []string, name string, v value) (node, key *lint.Node) {
	if vd.in != nil {
		return vd.in.lookup(Pointer(path) + "/" + escapeToken(name))
	}
	return v.node, v.key
}

// plain is v as Convert gives it (a violation's Got).
func (vd *validation) plain(v value, path []string) any {
	if v.t == nil {
		return v.x
	}
	return vd.w.plain(v, len(path))
}

// equals compares v with a schema constant.
func (vd *validation) equals(v value, c any, path []string) bool {
	if v.t == nil {
		return equals(v.x, c)
	}
	return vd.w.equalsValue(v, c, len(path))
}

// leaf records one violation of the value v at the instance location path.
func (vd *validation) leaf(k Kind, v value, path []string, mod func(x *Violation)) {
	vd.failed = true
	if vd.quiet {
		return
	}
	p := make([]string, len(path))
	copy(p, path)
	x := &Violation{Kind: k, Path: p}
	if k != Additional && k != PropertyName {
		x.Node, x.Key = vd.place(v, path)
	}
	if mod != nil {
		mod(x)
	}
	vd.out = append(vd.out, x)
}

// valid reports whether v is valid against s, collecting nothing.
func (vd *validation) valid(s *node, v value, path []string) bool {
	sub := validation{w: vd.w, in: vd.in, quiet: true}
	sub.validate(s, v, path)
	return !sub.failed
}

// errorsOf validates v against s and returns what it finds without adding
// it to vd (the branches of an anyOf count only if none matches).
func (vd *validation) errorsOf(s *node, v value, path []string) (failed bool, found []*Violation) {
	sub := validation{w: vd.w, in: vd.in, quiet: vd.quiet}
	sub.validate(s, v, path)
	return sub.failed, sub.out
}

func (vd *validation) validate(s *node, v value, path []string) {
	if vd.quiet && vd.failed {
		return
	}
	if s.boolSchema != nil {
		if !*s.boolSchema {
			vd.leaf(Other, v, path, func(x *Violation) { x.Got = []string(nil) })
		}
		return
	}
	t := v.jsonType()
	if s.types != 0 {
		if s.types&t == 0 && !(s.types&tInteger != 0 && t == tNumber && v.isInteger()) {
			vd.leaf(Type, v, path, func(x *Violation) {
				names := s.types.names()
				want := make([]any, len(names))
				for i, n := range names {
					want[i] = n
				}
				x.Got, x.Want = typeNames[bitIndex(t)], want
			})
			return
		}
	}
	if s.constVal != nil && !vd.equals(v, *s.constVal, path) {
		vd.leaf(Const, v, path, func(x *Violation) { x.Got, x.Want = vd.plain(v, path), []any{*s.constVal} })
		return
	}
	if s.enum != nil {
		matched := false
		for _, e := range s.enum {
			if vd.equals(v, e, path) {
				matched = true
				break
			}
		}
		if !matched {
			vd.leaf(Enum, v, path, func(x *Violation) { x.Got, x.Want = vd.plain(v, path), s.enum })
			return
		}
	}
	if s.ref != nil {
		vd.validate(s.ref, v, path)
	}
	switch t {
	case tObject:
		vd.object(s, v, path)
	case tArray:
		vd.array(s, v, path)
	case tString:
		vd.str(s, v, path)
	case tNumber:
		vd.number(s, v, path)
	}
	vd.cond(s, v, path)
}

// object checks a mapping: a document's, read through its fields, or a
// plain map.
func (vd *validation) object(s *node, v value, path []string) {
	if v.t == nil {
		vd.mapping(s, v, path, nil, v.x.(map[string]any))
		return
	}
	fs, start := vd.w.mappingFields(v.t)
	vd.mapping(s, v, path, fs, nil)
	vd.w.fields = vd.w.fields[:start]
}

// mapping checks the keys of a mapping: a document's fields fs, or the
// plain map m.
func (vd *validation) mapping(s *node, v value, path []string, fs []field, m map[string]any) {
	size := len(fs)
	if m != nil {
		size = len(m)
	}
	if s.minProps != nil && size < *s.minProps {
		vd.leaf(MinProperties, v, path, func(x *Violation) { x.Got, x.Limit = size, strconv.Itoa(*s.minProps) })
	}
	if s.maxProps != nil && size > *s.maxProps {
		vd.leaf(MaxProperties, v, path, func(x *Violation) { x.Got, x.Limit = size, strconv.Itoa(*s.maxProps) })
	}
	for _, name := range s.required {
		has := false
		if m != nil {
			_, has = m[name]
		} else {
			has = hasField(fs, name)
		}
		if !has {
			vd.leaf(Required, v, path, func(x *Violation) { x.Property = name })
		}
	}
	if vd.quiet && vd.failed {
		return
	}
	if s.props == nil && s.addl == nil && !s.addlFalse && s.propNames == nil {
		return
	}
	var additional []extra
	depth := len(path) + 1
	if m != nil {
		for name, x := range m {
			if !vd.property(s, name, value{x: x}, path, &additional) {
				return
			}
		}
	} else {
		for _, f := range fs {
			if !vd.property(s, f.name, fieldValue(f, depth), path, &additional) {
				return
			}
		}
	}
	for _, a := range additional {
		vd.leaf(Additional, v, path, func(x *Violation) {
			x.Property, x.Allowed = a.name, s.allowed
			x.Node, x.Key = vd.memberPlace(path, a.name, a.v)
		})
	}
	if s.propNames == nil {
		return
	}
	if m != nil {
		for name := range m {
			vd.propertyName(s, name, value{}, path)
		}
	} else {
		for _, f := range fs {
			vd.propertyName(s, f.name, fieldValue(f, depth), path)
		}
	}
}

// extra is a key the schema does not allow, and its value.
type extra struct {
	name string
	v    value
}

// property checks one key's value against the schema of that key; a key
// the schema does not allow is added to additional. It reports false when
// a quiet validation has failed (nothing more to learn).
func (vd *validation) property(s *node, name string, v value, path []string, additional *[]extra) bool {
	if vd.quiet && vd.failed {
		return false
	}
	if sub, ok := s.props[name]; ok {
		vd.validate(sub, v, append(path, name))
	} else if s.addl != nil {
		vd.validate(s.addl, v, append(path, name))
	} else if s.addlFalse {
		*additional = append(*additional, extra{name, v})
	}
	return true
}

// propertyName checks a key's name against propertyNames; v is the key's
// value (where the violation is placed).
func (vd *validation) propertyName(s *node, name string, v value, path []string) {
	// The name is validated as a text at the document's root, as the
	// reference library does.
	key := value{x: name}
	if vd.w != nil {
		key.node = vd.w.root
	}
	failed, found := vd.errorsOf(s.propNames, key, nil)
	if !failed {
		return
	}
	vd.leaf(PropertyName, v, path, func(x *Violation) {
		x.Property = name
		x.Node, x.Key = vd.memberPlace(path, name, v)
	})
	// The reference library keeps the key's own errors as the causes,
	// located at the key's root (the empty pointer).
	vd.out = append(vd.out, found...)
}

// array checks a list: a document's or a plain one.
func (vd *validation) array(s *node, v value, path []string) {
	var items []*lint.Node
	var list []any
	size := 0
	if v.t != nil {
		items = v.t.Items
		size = len(items)
	} else {
		list = v.x.([]any)
		size = len(list)
	}
	item := func(i int) value {
		if list != nil {
			return value{x: list[i]}
		}
		return docValue(items[i], nil, len(path)+1)
	}
	if s.minItems != nil && size < *s.minItems {
		vd.leaf(MinItems, v, path, func(x *Violation) { x.Got, x.Limit = size, strconv.Itoa(*s.minItems) })
	}
	if s.maxItems != nil && size > *s.maxItems {
		vd.leaf(MaxItems, v, path, func(x *Violation) { x.Got, x.Limit = size, strconv.Itoa(*s.maxItems) })
	}
	if s.items != nil {
		for i := range size {
			if vd.quiet && vd.failed {
				return
			}
			vd.validate(s.items, item(i), append(path, strconv.Itoa(i)))
		}
	}
	if s.contains != nil {
		// Whether an item matches, quietly; the items' errors are the
		// causes only when none does.
		matched := false
		for i := range size {
			if vd.valid(s.contains, item(i), append(path, strconv.Itoa(i))) {
				matched = true
				break
			}
		}
		if !matched {
			if size == 0 {
				vd.leaf(Other, v, path, func(x *Violation) { x.Got = []string{"contains"} })
			} else {
				vd.failed = true
				for i := 0; i < size && !vd.quiet; i++ {
					_, found := vd.errorsOf(s.contains, item(i), append(path, strconv.Itoa(i)))
					vd.out = append(vd.out, found...)
				}
			}
		}
	}
}

func (vd *validation) str(s *node, v value, path []string) {
	str := v.text()
	if s.minLength != nil {
		if n := utf8.RuneCountInString(str); n < *s.minLength {
			vd.leaf(MinLength, v, path, func(x *Violation) { x.Got, x.Limit = n, strconv.Itoa(*s.minLength) })
		}
	}
	if s.match != nil && !s.match(str) {
		vd.leaf(Pattern, v, path, func(x *Violation) { x.Got, x.Want = str, []any{s.pattern} })
	}
}

func (vd *validation) number(s *node, v value, path []string) {
	if s.minimum == nil && s.maximum == nil {
		return
	}
	// The common case, an integer against integer limits, without big.Rat.
	if i, ok := v.int(); ok && (s.minimum == nil || s.minInt != nil) && (s.maximum == nil || s.maxInt != nil) {
		if (s.minInt == nil || i >= *s.minInt) && (s.maxInt == nil || i <= *s.maxInt) {
			return
		}
	}
	num := ratOf(v.scalar())
	if num == nil {
		return
	}
	if s.minimum != nil && num.Cmp(s.minimum) < 0 {
		vd.leaf(Minimum, v, path, func(x *Violation) { x.Got, x.Limit = ratString(num), ratString(s.minimum) })
	}
	if s.maximum != nil && num.Cmp(s.maximum) > 0 {
		vd.leaf(Maximum, v, path, func(x *Violation) { x.Got, x.Limit = ratString(num), ratString(s.maximum) })
	}
}

func (vd *validation) cond(s *node, v value, path []string) {
	if len(s.anyOf) > 0 {
		// Whether a branch matches, quietly (one usually does); the
		// branches' errors are the causes only when none does.
		matched := false
		for _, sub := range s.anyOf {
			if vd.valid(sub, v, path) {
				matched = true
				break
			}
		}
		if !matched {
			vd.failed = true
			for i := 0; i < len(s.anyOf) && !vd.quiet; i++ {
				_, found := vd.errorsOf(s.anyOf[i], v, path)
				vd.out = append(vd.out, found...)
			}
		}
	}
	if s.ifS != nil {
		if vd.valid(s.ifS, v, path) {
			if s.thenS != nil {
				vd.validate(s.thenS, v, path)
			}
		} else if s.elseS != nil {
			vd.validate(s.elseS, v, path)
		}
	}
}

func bitIndex(t jsonTypes) int {
	for i := range typeNames {
		if t == 1<<i {
			return i
		}
	}
	return 0
}

// ratOf is a number's exact value as the reference library reads it (its
// text, as fmt prints it).
func ratOf(v any) *big.Rat {
	switch t := v.(type) {
	case int64:
		return new(big.Rat).SetInt64(t)
	case json.Number:
		r, ok := new(big.Rat).SetString(string(t))
		if ok {
			return r
		}
	case float64:
		r, ok := new(big.Rat).SetString(fmt.Sprint(t))
		if ok {
			return r
		}
	}
	return nil
}

func isInteger(v any) bool {
	r := ratOf(v)
	return r != nil && r.IsInt()
}

// equals is JSON equality, numbers by value. b is a schema constant (or a
// part of one): its numbers are json.Numbers.
func equals(a, b any) bool {
	switch x := a.(type) {
	case map[string]any:
		y, ok := b.(map[string]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for k, xv := range x {
			yv, ok := y[k]
			if !ok || !equals(xv, yv) {
				return false
			}
		}
		return true
	case []any:
		y, ok := b.([]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for i := range x {
			if !equals(x[i], y[i]) {
				return false
			}
		}
		return true
	case nil:
		return b == nil
	case bool:
		y, ok := b.(bool)
		return ok && x == y
	case string:
		y, ok := b.(string)
		return ok && x == y
	default: // a number: int64, float64 or json.Number
		if typeOf(b) != tNumber {
			return false
		}
		r1, r2 := ratOf(a), ratOf(b)
		return r1 != nil && r2 != nil && r1.Cmp(r2) == 0
	}
}
