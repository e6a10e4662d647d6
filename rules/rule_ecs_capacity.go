package rules

import (
	"strings"

	"github.com/appspec-lint/appspec-lint/lint"
)

// ecsStrategy returns the CapacityProviderStrategy pair of a Properties
// mapping and its mapping items (items of another shape are AS714's).
func ecsStrategy(props *lint.Node) (*lint.Pair, []*lint.Node) {
	cps := props.GetFold("CapacityProviderStrategy")
	list := cps.ValueNode()
	if list == nil || list.Kind != lint.SequenceNode {
		return cps, nil
	}
	var items []*lint.Node
	for _, it := range list.Items {
		if it = it.Resolve(); it.Kind == lint.MappingNode {
			items = append(items, it)
		}
	}
	return cps, items
}

// ecsStrategyNumber reads Base or Weight of a strategy item: ok is false
// when the value is absent or not a usable whole number.
func ecsStrategyNumber(item *lint.Node, key string) (pair *lint.Pair, n int64, ok bool) {
	pair = item.GetFold(key)
	if pair == nil {
		return nil, 0, false
	}
	kind, n := ecsNumber(pair.Value)
	return pair, n, kind == ecsNumInt || kind == ecsNumQuoted
}

// ecsProviderName is the CapacityProvider of a strategy item, for messages.
func ecsProviderName(item *lint.Node) string {
	if v := structScalar(item.GetFold("CapacityProvider").ValueNode()); v != nil && strings.TrimSpace(v.Value) != "" {
		return ecsCode(v.Value)
	}
	return "the provider"
}

// EcsCapacityBaseOnce is AS712.
var EcsCapacityBaseOnce = &lint.Rule{
	ID: "AS712", Name: "ecs-capacity-base-once", Severity: lint.Error,
	Platforms: lint.ECS, Category: "ecs",
	Summary: "ECS: only one capacity provider of the strategy may set a Base",
	Doc: `Base is the minimum number of tasks to run on a capacity provider before the
weights share out the rest. Only one provider in a capacity provider strategy
may have a base (ECS and the AppSpec docs both say so). Base: 0 is the
default and counts as no base: the AWS example itself writes Base: 1 on one
provider and Base: 0 on the other.

Bad:

    CapacityProviderStrategy:
      - CapacityProvider: FARGATE
        Base: 1
        Weight: 1
      - CapacityProvider: FARGATE_SPOT
        Base: 2
        Weight: 3

Good:

    CapacityProviderStrategy:
      - CapacityProvider: FARGATE
        Base: 1
        Weight: 1
      - CapacityProvider: FARGATE_SPOT
        Weight: 3
`,
	Document: func(p *lint.Pass) {
		ecsPropsEach(p, func(props *lint.Node) {
			_, items := ecsStrategy(props)
			var first *lint.Node // the first item with a base
			var firstBase *lint.Pair
			for _, item := range items {
				base, n, ok := ecsStrategyNumber(item, "Base")
				if !ok || n == 0 {
					continue
				}
				if first == nil {
					first, firstBase = item, base
					continue
				}
				p.Report(base.Key, "%s has a `Base` of %d, but %s already has one (line %d); only one capacity provider of a strategy may set a base: set the others to 0 or remove them",
					ecsProviderName(item), n, ecsProviderName(first), firstBase.Key.Range.Start.Line).
					WithRelated(firstBase, "the first base")
			}
		})
	},
}

// EcsCapacityWeight is AS713.
var EcsCapacityWeight = &lint.Rule{
	ID: "AS713", Name: "ecs-capacity-weight", Severity: lint.Error,
	Platforms: lint.ECS, Category: "ecs",
	Summary: "ECS: with several capacity providers, at least one needs a Weight above 0",
	Doc: `Weight is the share of the tasks (after any Base) that a capacity provider
receives; it defaults to 0. With several providers, at least one must have a
weight above 0; the docs say that a strategy whose providers all have weight
0 fails.

Bad:

    CapacityProviderStrategy:
      - CapacityProvider: FARGATE
        Base: 1
      - CapacityProvider: FARGATE_SPOT
        Weight: 0

Good:

    CapacityProviderStrategy:
      - CapacityProvider: FARGATE
        Base: 1
      - CapacityProvider: FARGATE_SPOT
        Weight: 1
`,
	Document: func(p *lint.Pass) {
		ecsPropsEach(p, func(props *lint.Node) {
			cps, items := ecsStrategy(props)
			providers := 0
			for _, item := range items {
				if item.GetFold("CapacityProvider") != nil {
					providers++
				}
			}
			if providers < 2 {
				return
			}
			for _, item := range items {
				w := item.GetFold("Weight")
				if w == nil {
					continue
				}
				kind, n := ecsNumber(w.Value)
				if n > 0 || (kind != ecsNumInt && kind != ecsNumQuoted && kind != ecsNumNone) {
					return // a weight above 0, or one AS714 reports
				}
			}
			p.Report(cps.Key, "none of the %d capacity providers has a `Weight` above 0 (the default is 0), and a strategy whose providers all weigh 0 fails; give at least one provider a weight, such as `Weight: 1`", providers)
		})
	},
}

// EcsCapacityTypes is AS714.
var EcsCapacityTypes = &lint.Rule{
	ID: "AS714", Name: "ecs-capacity-types", Severity: lint.Error,
	Platforms: lint.ECS, Category: "ecs",
	Summary: "ECS: CapacityProviderStrategy items have a CapacityProvider name and whole-number Base/Weight",
	Doc: `CapacityProviderStrategy is a list of items, each naming a CapacityProvider
(FARGATE, FARGATE_SPOT, or a provider of the cluster: a string of up to 255
characters) with an optional Base (a whole number, 0 to 100000) and Weight
(0 to 1000). A missing provider name, text where a number belongs, or a
number outside these ranges is rejected. A number in quotes ("1") is a
warning, with a fix that removes the quotes: the docs specify numbers.

Bad:

    CapacityProviderStrategy:
      - Base: one
        Weight: 1

Good:

    CapacityProviderStrategy:
      - CapacityProvider: FARGATE
        Base: 1
        Weight: 1
`,
	Document: func(p *lint.Pass) {
		ecsPropsEach(p, func(props *lint.Node) { ecsCheckStrategyTypes(p, props) })
	},
}

func ecsCheckStrategyTypes(p *lint.Pass, props *lint.Node) {
	cps := props.GetFold("CapacityProviderStrategy")
	if cps == nil {
		return
	}
	list := cps.ValueNode()
	switch {
	case list.IsNull():
		return
	case list.Kind == lint.MappingNode:
		p.Report(cps.Key, "`%s` is a mapping; it must be a list: write each capacity provider as an item starting with `- `", ecsKey(cps))
		return
	case list.Kind != lint.SequenceNode:
		p.Report(list, "`%s` is %s; it must be a list of `- CapacityProvider: ...` items", ecsKey(cps), list.Describe())
		return
	}
	for i, item := range list.Items {
		item = item.Resolve()
		if item.Kind != lint.MappingNode || len(item.Pairs) == 0 {
			what := "empty"
			if !item.IsEmpty() {
				what = item.Describe()
			}
			p.Report(ecsItemRange(p, item), "item %d of `%s` is %s; it must be a mapping with `CapacityProvider` and optionally `Base` and `Weight`", i+1, ecsKey(cps), what)
			continue
		}
		ecsCheckProvider(p, item)
		ecsCheckStrategyNumber(p, item, "Base", 100000)
		ecsCheckStrategyNumber(p, item, "Weight", 1000)
	}
}

func ecsCheckProvider(p *lint.Pass, item *lint.Node) {
	cp := item.GetFold("CapacityProvider")
	if cp == nil {
		ecsReportMissing(p, item.Pairs[0].Key, item, "this capacity provider item", "CapacityProvider",
			"add `CapacityProvider:` with the provider's name (FARGATE, FARGATE_SPOT, or a capacity provider of the cluster)")
		return
	}
	v := cp.ValueNode()
	switch {
	case v.IsNull():
		p.Report(cp.Key, "`%s` has no value; write the provider's name (FARGATE, FARGATE_SPOT, or a capacity provider of the cluster)", ecsKey(cp))
	case v.Kind != lint.ScalarNode || v.Tag != "!!str":
		p.Report(v, "`%s` is %s; it must be the name of a capacity provider", ecsKey(cp), v.Describe())
	case strings.TrimSpace(v.Value) == "":
		p.Report(v, "`%s` is empty; write the provider's name (FARGATE, FARGATE_SPOT, or a capacity provider of the cluster)", ecsKey(cp))
	case len([]rune(v.Value)) > 255:
		p.Report(v, "`%s` is %d characters long; capacity provider names have at most 255", ecsKey(cp), len([]rune(v.Value)))
	}
}

func ecsCheckStrategyNumber(p *lint.Pass, item *lint.Node, key string, max int64) {
	pair := item.GetFold(key)
	if pair == nil {
		return
	}
	v := pair.ValueNode()
	kind, n := ecsNumber(v)
	switch kind {
	case ecsNumNone:
		p.Report(pair.Key, "`%s` has no value; write a whole number from 0 to %d, or remove it (the default is 0)", ecsKey(pair), max)
	case ecsNumEmpty, ecsNumFloat, ecsNumOther:
		p.Report(v, "`%s` is %s; it must be a whole number from 0 to %d", ecsKey(pair), v.Describe(), max)
	case ecsNumInt, ecsNumQuoted:
		switch {
		case n < 0 || n > max:
			p.Report(v, "`%s` is %d; it must be from 0 to %d", ecsKey(pair), n, max)
		case kind == ecsNumQuoted:
			p.Report(v, "`%s` is the quoted string %s; the docs specify a number: remove the quotes", ecsKey(pair), v.Raw).
				WithSeverity(lint.Warning).
				WithFix(lint.IntentFix, "remove the quotes", lint.Edit{Range: v.Range, NewText: strings.TrimSpace(v.Value)})
		}
	}
}

func init() { register(EcsCapacityBaseOnce, EcsCapacityWeight, EcsCapacityTypes) }
