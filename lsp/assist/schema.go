// Package assist holds the editor help of the language server as plain
// functions over a lint.Document: hover text and completion items. It knows
// nothing of the protocol; the server converts positions and results.
package assist

import (
	"encoding/json"
	"sort"
	"strings"
	"sync"

	"github.com/appspec-lint/appspec-lint/lint"
	"github.com/appspec-lint/appspec-lint/schema"
)

// node is one JSON Schema object, decoded.
type node = map[string]any

var (
	schemaOnce sync.Map // lint.Platform -> *loaded
)

type loaded struct {
	once sync.Once
	root node
}

// rootSchema returns the decoded schema of a platform (EC2 when unknown).
func rootSchema(p lint.Platform) node {
	if p != lint.Lambda && p != lint.ECS {
		p = lint.EC2
	}
	v, _ := schemaOnce.LoadOrStore(p, &loaded{})
	l := v.(*loaded)
	l.once.Do(func() {
		_ = json.Unmarshal(schema.Source(p), &l.root)
	})
	return l.root
}

// sch is a position in a platform's schema: the object and the name of the
// $defs entry it came from ("" if none).
type sch struct {
	root node
	n    node
	def  string
	fold bool // Lambda and ECS match keys ignoring case
}

func schemaFor(p lint.Platform) sch {
	r := rootSchema(p)
	return sch{root: r, n: r, fold: p == lint.Lambda || p == lint.ECS}.deref()
}

func (s sch) ok() bool { return s.n != nil }

// deref follows $ref (within the same file) until a schema without one.
func (s sch) deref() sch {
	for i := 0; i < 8 && s.n != nil; i++ {
		ref, _ := s.n["$ref"].(string)
		if !strings.HasPrefix(ref, "#/$defs/") {
			break
		}
		name := strings.TrimPrefix(ref, "#/$defs/")
		defs, _ := s.root["$defs"].(node)
		target, _ := defs[name].(node)
		if target == nil {
			break
		}
		// Keep the referring schema's own description, which is the more
		// specific one (an event's text over "the scripts").
		merged := node{}
		for k, v := range target {
			merged[k] = v
		}
		if d, ok := s.n["description"]; ok {
			merged["description"] = d
		}
		s.n, s.def = merged, name
	}
	return s
}

// props returns the properties of an object schema.
func (s sch) props() node {
	p, _ := s.n["properties"].(node)
	return p
}

// key returns the schema of a mapping key's value.
func (s sch) key(name string) sch {
	if s.n == nil {
		return sch{}
	}
	props := s.props()
	if v, ok := props[name].(node); ok {
		return sch{root: s.root, n: v, fold: s.fold}.deref()
	}
	if s.fold {
		for k, v := range props {
			if strings.EqualFold(k, name) {
				if vn, ok := v.(node); ok {
					return sch{root: s.root, n: vn, fold: s.fold}.deref()
				}
			}
		}
	}
	if v, ok := s.n["additionalProperties"].(node); ok {
		return sch{root: s.root, n: v, fold: s.fold}.deref()
	}
	return sch{}
}

// canonicalKey returns the schema's own spelling of a key (case folded for
// Lambda and ECS), or name.
func (s sch) canonicalKey(name string) string {
	if _, ok := s.props()[name]; ok || !s.fold {
		return name
	}
	for k := range s.props() {
		if strings.EqualFold(k, name) {
			return k
		}
	}
	return name
}

// item returns the schema of a list's items.
func (s sch) item() sch {
	if s.n == nil {
		return sch{}
	}
	if v, ok := s.n["items"].(node); ok {
		return sch{root: s.root, n: v, fold: s.fold}.deref()
	}
	return sch{}
}

// walk follows a path of keys ("[]" for a list item).
func (s sch) walk(path []string) sch {
	for _, seg := range path {
		if !s.ok() {
			return s
		}
		if seg == "[]" {
			s = s.item()
		} else {
			s = s.key(seg)
		}
	}
	return s
}

func (s sch) description() string {
	d, _ := s.n["description"].(string)
	return d
}

// types lists the JSON types the schema allows.
func (s sch) types() []string {
	switch t := s.n["type"].(type) {
	case string:
		return []string{t}
	case []any:
		var out []string
		for _, x := range t {
			if str, ok := x.(string); ok {
				out = append(out, str)
			}
		}
		return out
	}
	if _, ok := s.n["properties"]; ok {
		return []string{"object"}
	}
	return nil
}

func (s sch) is(typ string) bool {
	for _, t := range s.types() {
		if t == typ {
			return true
		}
	}
	return false
}

// values lists the allowed values (enum or const), null left out, as text.
func (s sch) values(key string) []string {
	var raw []any
	if e, ok := s.n["enum"].([]any); ok {
		raw = e
	} else if c, ok := s.n["const"]; ok {
		raw = []any{c}
	}
	var out []string
	seen := map[string]bool{}
	for _, v := range raw {
		var t string
		switch x := v.(type) {
		case nil:
			continue
		case string:
			t = x
			if key == "version" {
				t = `"` + x + `"`
			}
		case float64:
			t = formatNum(x)
			if key == "version" && x == 0 {
				t = "0.0"
			}
		default:
			b, _ := json.Marshal(x)
			t = string(b)
		}
		if !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	return out
}

func formatNum(f float64) string {
	b, _ := json.Marshal(f)
	return string(b)
}

// enumHasNull reports whether an empty value is allowed by the enum.
func (s sch) enumHasNull() bool {
	e, _ := s.n["enum"].([]any)
	for _, v := range e {
		if v == nil {
			return true
		}
	}
	return false
}

// keyNames returns the property names in the schema's file order when it
// can be recovered, otherwise sorted. The EC2 events keep the run order the
// schema lists them in.
func (s sch) keyNames() []string {
	props := s.props()
	names := make([]string, 0, len(props))
	for k := range props {
		names = append(names, k)
	}
	order := keyOrder(s.root)
	sort.SliceStable(names, func(i, j int) bool {
		oi, iok := order[names[i]]
		oj, jok := order[names[j]]
		if iok && jok && oi != oj {
			return oi < oj
		}
		return names[i] < names[j]
	})
	return names
}

var orderCache sync.Map // node pointer key -> map[string]int

// keyOrder gives each property name the offset of its first appearance in
// the schema text, so completions follow the file's order.
func keyOrder(root node) map[string]int {
	for _, p := range []lint.Platform{lint.EC2, lint.Lambda, lint.ECS} {
		if rootSchema(p) == nil || !sameMap(rootSchema(p), root) {
			continue
		}
		if v, ok := orderCache.Load(p); ok {
			return v.(map[string]int)
		}
		src := string(schema.Source(p))
		m := map[string]int{}
		var collect func(n node)
		collect = func(n node) {
			for k, v := range n {
				if k == "properties" {
					if pn, ok := v.(node); ok {
						for name := range pn {
							if _, done := m[name]; !done {
								m[name] = strings.Index(src, `"`+name+`":`)
							}
						}
					}
				}
				if c, ok := v.(node); ok {
					collect(c)
				}
			}
		}
		collect(root)
		orderCache.Store(p, m)
		return m
	}
	return nil
}

func sameMap(a, b node) bool {
	if len(a) != len(b) {
		return false
	}
	ai, _ := a["$id"].(string)
	bi, _ := b["$id"].(string)
	return ai == bi
}
