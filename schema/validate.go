package schema

import (
	"errors"
	"fmt"
	"math/big"
	"sort"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"

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
	if int(k) < len(kindNames) {
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
	if root == nil {
		return nil, nil
	}
	sch, ordered, err := compile(p)
	if err != nil {
		return nil, err
	}
	in := Convert(root, opts)
	if in == nil {
		return nil, nil
	}
	verr := sch.Validate(in.Value)
	if verr == nil {
		return nil, nil
	}
	var ve *jsonschema.ValidationError
	if !errors.As(verr, &ve) {
		return nil, verr
	}
	var out []*Violation
	seen := map[string]bool{}
	var walk func(e *jsonschema.ValidationError)
	walk = func(e *jsonschema.ValidationError) {
		for _, v := range violations(e, in, ordered) {
			id := fmt.Sprintf("%d %s %s", v.Kind, v.Pointer(), v.Property)
			if !seen[id] {
				seen[id] = true
				out = append(out, v)
			}
		}
		for _, c := range e.Causes {
			walk(c)
		}
	}
	walk(ve)
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i].at(), out[j].at()
		if a != b {
			return a.Before(b)
		}
		if out[i].Kind != out[j].Kind {
			return out[i].Kind < out[j].Kind
		}
		if pi, pj := out[i].Pointer(), out[j].Pointer(); pi != pj {
			return pi < pj
		}
		return out[i].Property < out[j].Property
	})
	return out, nil
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
	sch, _, err := compile(p)
	if err != nil {
		return err
	}
	return sch.Validate(v)
}

// violations turns one validator error into violations (none for the
// grouping errors, whose causes carry the detail).
func violations(e *jsonschema.ValidationError, in *Instance, ordered any) []*Violation {
	ptr := Pointer(e.InstanceLocation)
	base := Violation{Path: e.InstanceLocation, Node: in.Node(ptr), Key: in.Key(ptr)}
	one := func(k Kind, mod func(v *Violation)) []*Violation {
		v := base
		v.Kind = k
		if mod != nil {
			mod(&v)
		}
		return []*Violation{&v}
	}
	switch k := e.ErrorKind.(type) {
	case *kind.Required:
		var out []*Violation
		for _, name := range k.Missing {
			v := base
			v.Kind, v.Property = Required, name
			out = append(out, &v)
		}
		return out
	case *kind.AdditionalProperties:
		allowed := allowedKeys(ordered, e.SchemaURL)
		var out []*Violation
		for _, name := range k.Properties {
			kp := ptr + "/" + escapeToken(name)
			out = append(out, &Violation{Kind: Additional, Path: e.InstanceLocation, Property: name,
				Allowed: allowed, Node: in.Node(kp), Key: in.Key(kp)})
		}
		return out
	case *kind.Type:
		want := make([]any, len(k.Want))
		for i, w := range k.Want {
			want[i] = w
		}
		return one(Type, func(v *Violation) { v.Got, v.Want = k.Got, want })
	case *kind.Const:
		return one(Const, func(v *Violation) { v.Got, v.Want = k.Got, []any{k.Want} })
	case *kind.Enum:
		return one(Enum, func(v *Violation) { v.Got, v.Want = k.Got, k.Want })
	case *kind.MinItems:
		return one(MinItems, func(v *Violation) { v.Got, v.Limit = k.Got, fmt.Sprint(k.Want) })
	case *kind.MaxItems:
		return one(MaxItems, func(v *Violation) { v.Got, v.Limit = k.Got, fmt.Sprint(k.Want) })
	case *kind.MinLength:
		return one(MinLength, func(v *Violation) { v.Got, v.Limit = k.Got, fmt.Sprint(k.Want) })
	case *kind.Pattern:
		return one(Pattern, func(v *Violation) { v.Got, v.Want = k.Got, []any{k.Want} })
	case *kind.Minimum:
		return one(Minimum, func(v *Violation) { v.Got, v.Limit = ratString(k.Got), ratString(k.Want) })
	case *kind.Maximum:
		return one(Maximum, func(v *Violation) { v.Got, v.Limit = ratString(k.Got), ratString(k.Want) })
	case *kind.MinProperties:
		return one(MinProperties, func(v *Violation) { v.Got, v.Limit = k.Got, fmt.Sprint(k.Want) })
	case *kind.MaxProperties:
		return one(MaxProperties, func(v *Violation) { v.Got, v.Limit = k.Got, fmt.Sprint(k.Want) })
	case *kind.PropertyNames:
		kp := ptr + "/" + escapeToken(k.Property)
		return []*Violation{{Kind: PropertyName, Path: e.InstanceLocation, Property: k.Property,
			Node: in.Node(kp), Key: in.Key(kp)}}
	case *kind.Schema, *kind.Group, *kind.Reference, *kind.AllOf, *kind.AnyOf, *kind.OneOf:
		return nil // the causes say what is wrong
	}
	if len(e.Causes) > 0 {
		return nil
	}
	return one(Other, func(v *Violation) { v.Got = e.ErrorKind.KeywordPath() })
}

func ratString(r *big.Rat) string {
	if r == nil {
		return ""
	}
	if r.IsInt() {
		return r.Num().String()
	}
	return r.FloatString(3)
}

// allowedKeys lists the "properties" of the schema at a schema location
// ("https://appspec-lint.dev/schema/ec2.json#/$defs/script/additionalProperties"
// or the schema itself), in the order the schema file gives them.
func allowedKeys(ordered any, schemaURL string) []string {
	_, frag, ok := strings.Cut(schemaURL, "#")
	if !ok {
		frag = ""
	}
	frag = strings.TrimSuffix(frag, "/additionalProperties")
	props, _ := pointerGet(ordered, frag).(object)
	if p, ok := props.get("properties").(object); ok {
		out := make([]string, 0, len(p))
		for _, m := range p {
			out = append(out, m.Key)
		}
		return out
	}
	return nil
}
