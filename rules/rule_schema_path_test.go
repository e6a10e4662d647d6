package rules

import (
	"strings"
	"testing"

	"github.com/appspec-lint/appspec-lint/lint"
	"github.com/appspec-lint/appspec-lint/schema"
)

// TestSchemaPathMatchOwners holds the in-place pattern reader to the plain
// reading (split at each /) on every pattern of the owners table and on
// odd ones, against paths of every length near theirs.
func TestSchemaPathMatchOwners(t *testing.T) {
	split := func(pattern string, path []string) bool {
		want := strings.Split(pattern, "/")[1:]
		if len(want) != len(path) {
			return false
		}
		for i, w := range want {
			if w != "*" && w != path[i] {
				return false
			}
		}
		return true
	}
	patterns := []string{"", "/", "//", "/a/", "/*", "/*/*", "/files/*/source", "files", "/files/"}
	for _, o := range schemaOwners {
		patterns = append(patterns, o.path)
	}
	for _, pattern := range patterns {
		segs := strings.Split(pattern, "/")[1:]
		paths := [][]string{nil, {""}, {"", ""}, {"x"}, {"x", "y", "z"}, segs, append(append([]string{}, segs...), "x")}
		if len(segs) > 0 {
			paths = append(paths, segs[:len(segs)-1])
			other := append([]string{}, segs...)
			other[len(other)-1] += "x"
			paths = append(paths, other)
		}
		for _, path := range paths {
			if got, want := schemaPathMatch(pattern, path), split(pattern, path); got != want {
				t.Errorf("schemaPathMatch(%q, %q) = %v, want %v", pattern, path, got, want)
			}
		}
	}
}

// TestSchemaMessageFallbacks: the general messages for constraints the
// embedded schemas do not have today (a list that needs two items, a limit
// on another list or mapping, a pattern other than "not blank", a number
// type, a list that no noun names, a false schema), which a schema edit
// would bring out.
func TestSchemaMessageFallbacks(t *testing.T) {
	p := &lint.Pass{Platform: lint.EC2}
	for _, c := range []struct {
		v    schema.Violation
		want string
	}{
		{schema.Violation{Kind: schema.MinItems, Path: []string{"files"}, Got: 1, Limit: "2"},
			"`files` has 1 item, but it needs at least 2"},
		{schema.Violation{Kind: schema.MaxItems, Path: []string{"permissions", "0", "acls"}, Got: 3, Limit: "2"},
			"`acls` has 3 items, but at most 2 are allowed"},
		{schema.Violation{Kind: schema.MaxItems, Path: []string{"permissions", "0", "acls"}, Got: 2, Limit: "1"},
			"`acls` has 2 items, but at most 1 is allowed"},
		{schema.Violation{Kind: schema.MinItems, Path: []string{"files"}, Got: 0, Limit: "1"},
			"`files` is empty; it needs at least 1 item"},
		{schema.Violation{Kind: schema.Pattern, Path: []string{"permissions", "0", "owner"}, Want: []any{"^[a-z]+$"}},
			"`owner` is nothing, which does not have the required form"},
		{schema.Violation{Kind: schema.MaxProperties, Path: []string{"files", "0"}, Got: 3, Limit: "2"},
			"this files entry has 3 keys, but at most 2 are allowed"},
		{schema.Violation{Kind: schema.Type, Path: []string{"permissions", "0", "mask"}, Want: []any{"number", "boolean"}},
			"`mask` is nothing, but it must be a number or a boolean (`true` or `false`)"},
		{schema.Violation{Kind: schema.Type, Path: []string{"permissions", "0", "mask"}, Want: []any{"null"}},
			"`mask` is nothing, but it must be empty"},
		{schema.Violation{Kind: schema.Type, Path: []string{"permissions", "0", "masks", "1"}, Want: []any{"string"}},
			"this item of `masks` is nothing, but it must be a text"},
		{schema.Violation{Kind: schema.Other, Path: []string{"permissions", "0", "mask"}},
			"`mask` does not match the AppSpec schema of its platform"},
	} {
		if got := schemaMessage(p, &c.v, ""); got != c.want {
			t.Errorf("%s at %q: got %q, want %q", c.v.Kind, c.v.Pointer(), got, c.want)
		}
	}
}
