// Package rules holds every appspec-lint rule. Each file defines one rule or
// a small family and registers it in init; All returns them sorted by ID.
// The lint engine never imports this package: callers hand All() to lint.New.
package rules

import (
	"sort"

	"github.com/appspec-lint/appspec-lint/lint"
)

var registry []*lint.Rule

func register(rs ...*lint.Rule) { registry = append(registry, rs...) }

// All returns every rule, sorted by ID. The slice is a fresh copy; the rules
// are shared.
func All() []*lint.Rule {
	out := append([]*lint.Rule(nil), registry...)
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}
