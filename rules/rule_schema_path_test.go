package rules

import (
	"strings"
	"testing"
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
