package schema

import (
	"bytes"
	"fmt"
	"reflect"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/appspec-lint/appspec-lint/lint"
)

// The embedded schemas use only part of what the validator implements: no
// boolean subschema, contains only inside an if (where nothing is
// reported), no collection or fractional constant, integer limits only.
// customCases hold the rest to the reference library on small schemas of
// their own, so that a schema edit that starts using it is checked as the
// reference would check it.
var customCases = []struct {
	name, schema string
	docs         []customDoc
}{
	{"boolean schemas", `{"properties": {"no": false, "any": true}, "items": false}`, []customDoc{
		{"no: 1\nany: 1\n", []string{"other /no"}},
		{"[1]", []string{"other /0"}},
		{"[]", nil},
	}},
	{"contains", `{"contains": {"type": "string"}}`, []customDoc{
		{"[]", []string{"other "}},
		{"[1, 2]", []string{"type /0", "type /1"}},
		{"[1, a]", nil},
	}},
	{"collection constants", `{"properties": {"c": {"const": {"k": [1, 2.0]}}, "e": {"enum": [[1], {"a": null}]}}}`, []customDoc{
		{"c: {k: [1, 2]}", nil}, // numbers by value
		{"c: {k: [1, 3]}", []string{"const /c"}},
		{"c: {k: [1]}", []string{"const /c"}},
		{"c: {j: [1, 2]}", []string{"const /c"}},
		{"c: {k: [1, 2], x: 1}", []string{"const /c"}},
		{"c: [1, 2]", []string{"const /c"}},
		{"c: x", []string{"const /c"}},
		{"e: [1]", nil},
		{"e: {a: ~}", nil},
		{"e: {a: 1}", []string{"enum /e"}},
		{"e: [1, 1]", []string{"enum /e"}},
	}},
	{"fractional numbers", `{"properties": {"n": {"const": 1.5}, "m": {"minimum": 0.5, "maximum": 2.25}}}`, []customDoc{
		{"n: 1.5", nil},
		{"n: 1", []string{"const /n"}},
		{"m: 0.25", []string{"minimum /m got 0.250 limit 0.500"}},
		{"m: 3", []string{"maximum /m got 3 limit 2.250"}},
		{"m: 1", nil},
	}},
	// A quiet validation (an if) stops at its first error: the rest of a
	// list, or the then of an if nested in it, is not looked at.
	{"quiet list", `{"if": {"items": {"type": "string"}}, "then": {"maxItems": 1}}`, []customDoc{
		{"[1, 2]", nil},
		{"[a, b]", []string{"maxItems  got 2 limit 1"}},
	}},
	{"quiet nested if", `{"if": {"anyOf": [{"type": "string"}], "if": true, "then": {"type": "array"}}, "else": {"const": 0}}`, []customDoc{
		{"1", []string{"const "}},
		{"a", []string{"const "}},
		{"0", nil},
	}},
}

type customDoc struct {
	src  string
	want []string // each violation's kind and pointer, and for a limit what was got
}

// TestCustomSchemasMatchReference validates each custom case's documents
// natively, in place and converted, and with the reference, and wants the
// same violations from all three, and the ones the case lists.
func TestCustomSchemasMatchReference(t *testing.T) {
	for _, c := range customCases {
		ordered, err := decodeOrdered([]byte(c.schema))
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		native, err := compileNative(ordered)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader([]byte(c.schema)))
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		comp := jsonschema.NewCompiler()
		comp.DefaultDraft(jsonschema.Draft2020)
		const id = BaseURL + "custom.json"
		if err := comp.AddResource(id, doc); err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		ref, err := comp.Compile(id)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		for _, d := range c.docs {
			root := lint.Parse("appspec.yml", []byte(d.src)).Root
			want, err := referenceValidateWith(ref, ordered, root, Options{})
			if err != nil {
				t.Fatalf("%s %q: %v", c.name, d.src, err)
			}
			for _, inPlace := range []bool{true, false} {
				if got := validateWith(native, root, Options{}, inPlace); !reflect.DeepEqual(got, want) {
					t.Errorf("%s %q (in place %v):\nnative    %s\nreference %s", c.name, d.src, inPlace, dumpViolations(got), dumpViolations(want))
				}
			}
			var got []string
			for _, v := range want {
				s := v.Kind.String() + " " + v.Pointer()
				if v.Limit != "" {
					s += fmt.Sprintf(" got %v limit %s", v.Got, v.Limit)
				}
				got = append(got, s)
			}
			if !reflect.DeepEqual(got, d.want) {
				t.Errorf("%s %q: %q, want %q", c.name, d.src, got, d.want)
			}
		}
	}
}
