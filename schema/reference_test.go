package schema

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"

	"github.com/appspec-lint/appspec-lint/lint"
)

// The reference: the schemas compiled and checked by
// santhosh-tekuri/jsonschema (which validates each against the 2020-12
// meta-schema), and the violations it finds, as the linter computed them
// before it had its own validator. TestNativeMatchesReference holds the
// native validator to it on every document we have.

var reference [len(platforms)]struct {
	once    sync.Once
	schema  *jsonschema.Schema
	ordered any
	err     error
}

func referenceCompile(p lint.Platform) (*jsonschema.Schema, any, error) {
	c := &reference[index(p)]
	c.once.Do(func() {
		src := Source(p)
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(src))
		if err != nil {
			c.err = err
			return
		}
		if c.ordered, c.err = decodeOrdered(src); c.err != nil {
			return
		}
		comp := jsonschema.NewCompiler()
		comp.DefaultDraft(jsonschema.Draft2020)
		if c.err = comp.AddResource(ID(p), doc); c.err != nil {
			return
		}
		c.schema, c.err = comp.Compile(ID(p))
	})
	return c.schema, c.ordered, c.err
}

func referenceValidate(root *lint.Node, p lint.Platform, opts Options) ([]*Violation, error) {
	if root == nil {
		return nil, nil
	}
	sch, ordered, err := referenceCompile(p)
	if err != nil {
		return nil, err
	}
	return referenceValidateWith(sch, ordered, root, opts)
}

// referenceValidateWith is referenceValidate with a compiled schema and its
// ordered tree (for the allowed keys of an additionalProperties violation).
func referenceValidateWith(sch *jsonschema.Schema, ordered any, root *lint.Node, opts Options) ([]*Violation, error) {
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
		for _, v := range referenceViolations(e, in, ordered) {
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

func referenceViolations(e *jsonschema.ValidationError, in *Instance, ordered any) []*Violation {
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

// TestReferenceCompile: every schema is valid against the 2020-12
// meta-schema, as the reference library checks it.
func TestReferenceCompile(t *testing.T) {
	for _, p := range allPlatforms {
		if _, _, err := referenceCompile(p); err != nil {
			t.Errorf("%s: %v", FileName(p), err)
		}
	}
}

// referenceInputs are every appspec document of the repository's testdata
// and of the real corpus (APPSPEC_CORPUS, or shared/ beside the project).
func referenceInputs(t *testing.T) []string {
	var out []string
	corpus := os.Getenv("APPSPEC_CORPUS")
	if corpus == "" {
		corpus = "../../shared/corpus/real"
	}
	for _, root := range []string{"../testdata", "../rules/testdata", corpus} {
		filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return nil
			}
			switch strings.ToLower(filepath.Ext(path)) {
			case ".yml", ".yaml", ".json":
				out = append(out, path)
			}
			return nil
		})
	}
	if len(out) < 100 {
		t.Fatalf("only %d inputs found", len(out))
	}
	return out
}

// TestNativeMatchesReference validates every document (and the walk cases
// of walk_test.go) against every platform's schema (so a valid EC2 file
// checked as ECS gives many violations of every kind), with and without
// folded keys, natively (reading the tree in place, as the linter does) and
// with the reference (given the converted document), and wants the same
// violations: kinds, locations, keys, values, limits and nodes.
func TestNativeMatchesReference(t *testing.T) {
	files := referenceInputs(t)
	type input struct {
		name string
		root *lint.Node
	}
	var inputs []input
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if doc := lint.Parse(filepath.Base(f), src); doc.Root != nil {
			inputs = append(inputs, input{f, doc.Root})
		}
	}
	for _, c := range walkCases {
		if doc := lint.Parse("appspec.yml", []byte(c.src)); doc.Root != nil {
			inputs = append(inputs, input{"walk case " + c.name, doc.Root})
		}
	}
	compared, violations := 0, 0
	for _, in := range inputs {
		for _, p := range allPlatforms {
			for _, opts := range []Options{{}, DefaultOptions(lint.Lambda), DefaultOptions(lint.ECS)} {
				want, werr := referenceValidate(in.root, p, opts)
				got, gerr := Validate(in.root, p, opts)
				if werr != nil || gerr != nil {
					t.Fatalf("%s as %s: errors %v, %v", in.name, FileName(p), werr, gerr)
				}
				compared++
				violations += len(want)
				got, gotNames := splitPropertyNames(got)
				want, wantNames := splitPropertyNames(want)
				if !reflect.DeepEqual(got, want) || !reflect.DeepEqual(gotNames, wantNames) {
					t.Errorf("%s as %s (fold %d):\nnative    %s\nreference %s", in.name, FileName(p), len(opts.FoldKeys), dumpViolations(got), dumpViolations(want))
				}
			}
		}
	}
	t.Logf("%d validations of %d documents, %d violations, all alike", compared, len(inputs), violations)
	if violations < 1000 {
		t.Errorf("only %d violations compared: the inputs do not exercise the validator", violations)
	}
}

// splitPropertyNames takes the propertyNames violations out, as a sorted
// list of their keys. The reference places such a violation at whatever its
// reused path buffer holds by then (v6.0.3 keeps a slice of the instance
// location that later siblings append over: it said /version/0 for a key of
// /Resources/0), so only the key is compared; the native validator gives
// the mapping's own location.
func splitPropertyNames(vs []*Violation) (rest []*Violation, names []string) {
	for _, v := range vs {
		if v.Kind == PropertyName {
			names = append(names, v.Property)
		} else {
			rest = append(rest, v)
		}
	}
	sort.Strings(names)
	return rest, names
}

func dumpViolations(vs []*Violation) string {
	var b strings.Builder
	for _, v := range vs {
		fmt.Fprintf(&b, "\n  %s %s %q got=%#v want=%#v limit=%q allowed=%v node=%v key=%v", v.Kind, v.Pointer(), v.Property, v.Got, v.Want, v.Limit, v.Allowed, v.Node != nil, v.Key != nil)
	}
	return b.String()
}
