package schema

import (
	"cmp"
	"errors"
	"fmt"
	"math/big"
	"slices"
	"strings"

	"github.com/appspec-lint/appspec-lint/lint"
)

// Kind is the kind of constraint a value violates.
type Kind int

const (
	Other         Kind = iota
	Required           // a required key is missing (Property)
	Additional         // a key the schema does not allow (Property)
	Type               // the value has the wrong type (Want lists the allowed ones)
	Const              // the value is not the one allowed (Want)
	Enum               // the value is not one of Want
	MinItems           // too few list items (Limit)
	MaxItems           // too many list items (Limit)
	MinLength          // a text is too short (empty)
	Pattern            // a text does not have the required form (Want[0] is the pattern)
	Minimum            // a number is too small (Limit)
	Maximum            // a number is too large (Limit)
	MinProperties      // a mapping has too few keys (Limit)
	MaxProperties      // a mapping has too many keys (Limit)
	PropertyName       // a key does not have the required form (Property)
)

var kindNames = [...]string{"other", "required", "additionalProperties", "type", "const", "enum",
	"minItems", "maxItems", "minLength", "pattern", "minimum", "maximum", "minProperties",
	"maxProperties", "propertyNames"}

func (k Kind) String() string {
	if k >= 0 && int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "other"
}

// Violation is one schema error, positioned.
type Violation struct {
	Kind Kind
	// Path is the instance location: the keys and list indexes (as decimal
	// text) from the root to the value concerned. For Required and
	// Additional it is the mapping that lacks or has the key.
	Path []string
	// Property is the missing key (Required), the key not allowed
	// (Additional), or the key of the wrong form (PropertyName).
	Property string
	// Got is the value as the validator saw it, for Type the JSON type name.
	Got any
	// Want is what the schema allows: the types (Type), the value (Const),
	// the values (Enum), the pattern (Pattern).
	Want []any
	// Limit is the bound of MinItems, MaxItems, Minimum, Maximum,
	// MinProperties and MaxProperties.
	Limit string
	// Allowed lists, for Additional, the keys the schema allows in this
	// mapping, in the order the schema documents them.
	Allowed []string

	// Node is the node at Path as written in the document (for Additional,
	// the value of the key not allowed); Key is the mapping key whose value
	// Node is (nil for the root and for list items).
	Node *lint.Node
	Key  *lint.Node
}

// Pointer is the violation's instance location as a JSON pointer.
func (v *Violation) Pointer() string { return Pointer(v.Path) }

// Validate checks a document's tree against a platform's schema (0 for the
// umbrella). opts adjust how the tree is read (see Options). It returns the
// violations in document order, or an error when the schema does not
// compile (a bug) — never for a bad document. A document too large to check
// after alias expansion gives no violations.
func Validate(root *lint.Node, p lint.Platform, opts Options) ([]*Violation, error) {
	return validateTree(root, p, opts, true)
}

// validateTree is Validate; inPlace false makes it convert the document
// even when it could be read in place (the tests compare the two).
func validateTree(root *lint.Node, p lint.Platform, opts Options, inPlace bool) ([]*Violation, error) {
	if root == nil {
		return nil, nil
	}
	sch, err := compile(p)
	if err != nil {
		return nil, err
	}
	return validateWith(sch, root, opts, inPlace), nil
}

// validateWith checks a document's tree against a compiled schema.
func validateWith(sch *node, root *lint.Node, opts Options, inPlace bool) []*Violation {
	var vd validation
	if w := getWalker(root, opts); inPlace && w.direct() {
		// The common case: the tree read in place (see walk.go).
		vd.w = w
		vd.validate(sch, docValue(root, nil, 0), w.path[:0])
		putWalker(w)
	} else {
		putWalker(w)
		in := Convert(root, opts)
		if in == nil {
			return nil
		}
		vd.in = in
		vd.validate(sch, value{x: in.Value}, nil)
	}
	if len(vd.out) == 0 {
		return nil
	}
	out := dedupe(vd.out)
	sortViolations(out)
	return out
}

// dedupe keeps the first of the violations alike in kind, location and key
// (the branches of an anyOf often say the same thing).
func dedupe(vs []*Violation) []*Violation {
	out := vs[:0]
	if len(vs) > 32 {
		type id struct {
			kind          Kind
			ptr, property string
		}
		seen := make(map[id]bool, len(vs))
		for _, v := range vs {
			k := id{v.Kind, v.Pointer(), v.Property}
			if !seen[k] {
				seen[k] = true
				out = append(out, v)
			}
		}
		return out
	}
next:
	for _, v := range vs {
		for _, o := range out {
			// Equal paths are equal pointers: escaping keeps keys apart.
			if o.Kind == v.Kind && o.Property == v.Property && slices.Equal(o.Path, v.Path) {
				continue next
			}
		}
		out = append(out, v)
	}
	return out
}

// sortViolations orders violations by place in the document, then kind,
// location and key; alike ones keep their order.
func sortViolations(out []*Violation) {
	slices.SortStableFunc(out, func(a, b *Violation) int {
		if pa, pb := a.at(), b.at(); pa != pb {
			if pa.Before(pb) {
				return -1
			}
			return 1
		}
		if a.Kind != b.Kind {
			return cmp.Compare(a.Kind, b.Kind)
		}
		if pa, pb := a.Pointer(), b.Pointer(); pa != pb {
			return strings.Compare(pa, pb)
		}
		return strings.Compare(a.Property, b.Property)
	})
}

// at is where a violation sits in the document, for ordering.
func (v *Violation) at() lint.Pos {
	switch {
	case v.Key != nil:
		return v.Key.Range.Start
	case v.Node != nil:
		return v.Node.Range.Start
	}
	return lint.Pos{}
}

// ValidateValue checks a plain value (as decoded by encoding/json with
// UseNumber) against a platform's schema (0 for the umbrella). It is for
// tests and tools; linting uses Validate.
func ValidateValue(v any, p lint.Platform) error {
	sch, err := compile(p)
	if err != nil {
		return err
	}
	var vd validation
	vd.validate(sch, value{x: v}, nil)
	if len(vd.out) == 0 {
		return nil
	}
	sortViolations(vd.out)
	msgs := make([]string, len(vd.out))
	for i, x := range vd.out {
		msgs[i] = fmt.Sprintf("at %q: %s %s %v", x.Pointer(), x.Kind, x.Property, x.Got)
	}
	return errors.New(strings.Join(msgs, "; "))
}

func ratString(r *big.Rat) string {
	if r.IsInt() {
		return r.Num().String()
	}
	return r.FloatString(3)
}
