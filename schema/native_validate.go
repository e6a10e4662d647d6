package schema

import (
	"encoding/json"
	"fmt"
	"math"
	"math/big"
	"strconv"
	"unicode/utf8"
)

// validation checks one converted document against a compiled schema and
// collects its violations in the order the reference library's error tree
// gives them, depth first (which of two alike violations at one place is
// kept depends on it).
type validation struct {
	in  *Instance
	out []*Violation
	// quiet: only whether the value is valid matters (the if of an
	// if/then/else); nothing is collected and the first error ends it.
	quiet  bool
	failed bool
}

// leaf records one violation at the instance location path.
func (vd *validation) leaf(k Kind, path []string, mod func(v *Violation)) {
	vd.failed = true
	if vd.quiet {
		return
	}
	p := make([]string, len(path))
	copy(p, path)
	v := &Violation{Kind: k, Path: p}
	if k != Additional && k != PropertyName {
		ptr := Pointer(p)
		v.Node, v.Key = vd.in.lookup(ptr)
	}
	if mod != nil {
		mod(v)
	}
	vd.out = append(vd.out, v)
}

// valid reports whether v is valid against s, collecting nothing.
func (vd *validation) valid(s *node, v any, path []string) bool {
	sub := validation{in: vd.in, quiet: true}
	sub.validate(s, v, path)
	return !sub.failed
}

// errorsOf validates v against s and returns what it finds without adding
// it to vd (the branches of an anyOf count only if none matches).
func (vd *validation) errorsOf(s *node, v any, path []string) (failed bool, found []*Violation) {
	sub := validation{in: vd.in, quiet: vd.quiet}
	sub.validate(s, v, path)
	return sub.failed, sub.out
}

func (vd *validation) validate(s *node, v any, path []string) {
	if vd.quiet && vd.failed {
		return
	}
	if s.boolSchema != nil {
		if !*s.boolSchema {
			vd.leaf(Other, path, func(x *Violation) { x.Got = []string(nil) })
		}
		return
	}
	t := typeOf(v)
	if s.types != 0 {
		if s.types&t == 0 && !(s.types&tInteger != 0 && t == tNumber && isInteger(v)) {
			vd.leaf(Type, path, func(x *Violation) {
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
	if s.constVal != nil && !equals(v, *s.constVal) {
		vd.leaf(Const, path, func(x *Violation) { x.Got, x.Want = v, []any{*s.constVal} })
		return
	}
	if s.enum != nil {
		matched := false
		for _, e := range s.enum {
			if equals(v, e) {
				matched = true
				break
			}
		}
		if !matched {
			vd.leaf(Enum, path, func(x *Violation) { x.Got, x.Want = v, s.enum })
			return
		}
	}
	if s.ref != nil {
		vd.validate(s.ref, v, path)
	}
	switch tv := v.(type) {
	case map[string]any:
		vd.object(s, tv, path)
	case []any:
		vd.array(s, tv, path)
	case string:
		vd.str(s, tv, path)
	case int64, float64, json.Number:
		vd.number(s, v, path)
	}
	vd.cond(s, v, path)
}

func (vd *validation) object(s *node, obj map[string]any, path []string) {
	if s.minProps != nil && len(obj) < *s.minProps {
		vd.leaf(MinProperties, path, func(x *Violation) { x.Got, x.Limit = len(obj), strconv.Itoa(*s.minProps) })
	}
	if s.maxProps != nil && len(obj) > *s.maxProps {
		vd.leaf(MaxProperties, path, func(x *Violation) { x.Got, x.Limit = len(obj), strconv.Itoa(*s.maxProps) })
	}
	for _, name := range s.required {
		if _, ok := obj[name]; !ok {
			vd.leaf(Required, path, func(x *Violation) { x.Property = name })
		}
	}
	if vd.quiet && vd.failed {
		return
	}
	if s.props == nil && s.addl == nil && !s.addlFalse && s.propNames == nil {
		return
	}
	var additional []string
	for name, val := range obj {
		if vd.quiet && vd.failed {
			return
		}
		if sub, ok := s.props[name]; ok {
			vd.validate(sub, val, append(path, name))
		} else if s.addl != nil {
			vd.validate(s.addl, val, append(path, name))
		} else if s.addlFalse {
			additional = append(additional, name)
		}
	}
	for _, name := range additional {
		vd.leaf(Additional, path, func(x *Violation) {
			x.Property, x.Allowed = name, s.allowed
			x.Node, x.Key = vd.in.lookup(Pointer(path) + "/" + escapeToken(name))
		})
	}
	if s.propNames != nil {
		for name := range obj {
			failed, found := vd.errorsOf(s.propNames, name, nil)
			if !failed {
				continue
			}
			vd.leaf(PropertyName, path, func(x *Violation) {
				x.Property = name
				x.Node, x.Key = vd.in.lookup(Pointer(path) + "/" + escapeToken(name))
			})
			// The reference library keeps the key's own errors as the
			// causes, located at the key's root (the empty pointer).
			vd.out = append(vd.out, found...)
		}
	}
}

func (vd *validation) array(s *node, arr []any, path []string) {
	if s.minItems != nil && len(arr) < *s.minItems {
		vd.leaf(MinItems, path, func(x *Violation) { x.Got, x.Limit = len(arr), strconv.Itoa(*s.minItems) })
	}
	if s.maxItems != nil && len(arr) > *s.maxItems {
		vd.leaf(MaxItems, path, func(x *Violation) { x.Got, x.Limit = len(arr), strconv.Itoa(*s.maxItems) })
	}
	if s.items != nil {
		for i, item := range arr {
			if vd.quiet && vd.failed {
				return
			}
			vd.validate(s.items, item, append(path, strconv.Itoa(i)))
		}
	}
	if s.contains != nil {
		var causes []*Violation
		matched := false
		for i, item := range arr {
			failed, found := vd.errorsOf(s.contains, item, append(path, strconv.Itoa(i)))
			if !failed {
				matched = true
			} else {
				causes = append(causes, found...)
			}
		}
		if !matched {
			if len(arr) == 0 {
				vd.leaf(Other, path, func(x *Violation) { x.Got = []string{"contains"} })
			} else {
				vd.failed = true
				vd.out = append(vd.out, causes...)
			}
		}
	}
}

func (vd *validation) str(s *node, str string, path []string) {
	if s.minLength != nil {
		if n := utf8.RuneCountInString(str); n < *s.minLength {
			vd.leaf(MinLength, path, func(x *Violation) { x.Got, x.Limit = n, strconv.Itoa(*s.minLength) })
		}
	}
	if s.match != nil && !s.match(str) {
		vd.leaf(Pattern, path, func(x *Violation) { x.Got, x.Want = str, []any{s.pattern} })
	}
}

func (vd *validation) number(s *node, v any, path []string) {
	if s.minimum == nil && s.maximum == nil {
		return
	}
	// The common case, an integer against integer limits, without big.Rat.
	if i, ok := v.(int64); ok && (s.minimum == nil || s.minInt != nil) && (s.maximum == nil || s.maxInt != nil) {
		if (s.minInt == nil || i >= *s.minInt) && (s.maxInt == nil || i <= *s.maxInt) {
			return
		}
	}
	num := ratOf(v)
	if num == nil {
		return
	}
	if s.minimum != nil && num.Cmp(s.minimum) < 0 {
		vd.leaf(Minimum, path, func(x *Violation) { x.Got, x.Limit = ratString(num), ratString(s.minimum) })
	}
	if s.maximum != nil && num.Cmp(s.maximum) > 0 {
		vd.leaf(Maximum, path, func(x *Violation) { x.Got, x.Limit = ratString(num), ratString(s.maximum) })
	}
}

func (vd *validation) cond(s *node, v any, path []string) {
	if len(s.anyOf) > 0 {
		var causes []*Violation
		matched := false
		for _, sub := range s.anyOf {
			failed, found := vd.errorsOf(sub, v, path)
			if !failed {
				matched = true
				break
			}
			causes = append(causes, found...)
		}
		if !matched {
			vd.failed = true
			vd.out = append(vd.out, causes...)
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

// typeOf is a converted value's JSON type (numbers are tNumber).
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
	if _, ok := v.(int64); ok {
		return true
	}
	r := ratOf(v)
	return r != nil && r.IsInt()
}

// equals is JSON equality, numbers by value.
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
	case int64, float64, json.Number:
		if typeOf(b) != tNumber {
			return false
		}
		if xi, ok := a.(int64); ok {
			if yi, ok := b.(int64); ok {
				return xi == yi
			}
		}
		r1, r2 := ratOf(a), ratOf(b)
		return r1 != nil && r2 != nil && r1.Cmp(r2) == 0
	}
	return false
}
