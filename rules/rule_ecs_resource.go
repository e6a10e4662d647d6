package rules

import (
	"fmt"
	"strings"

	"github.com/appspec-lint/appspec-lint/lint"
)

// EcsSingleResource is AS701.
var EcsSingleResource = &lint.Rule{
	ID: "AS701", Name: "ecs-single-resource", Severity: lint.Error,
	Platforms: lint.ECS, Category: "ecs",
	Summary: "ECS: Resources holds one item, keyed TargetService",
	Doc: `An ECS deployment shifts traffic for one ECS service, so Resources is a list
with a single item, keyed TargetService, with the resource under it:

- a second item (or a second resource in the same item) is not deployed: the
  service and AWS's AppSpec validator accept one ECS resource;
- the key is the literal TargetService, not a name of your choosing (that is
  Lambda's form); a near miss such as TargetServices is renamed by the fix;
- Resources written as a mapping (no "- " before TargetService) is not the
  documented list; the fix adds the dash;
- Type and Properties written at the same indentation as TargetService are
  beside it, not inside it, so TargetService itself is empty; the fix
  indents them.

A key that differs from TargetService only in case is AS213's.

Bad:

    version: 0.0
    Resources:
      - TargetService:
        Type: AWS::ECS::Service
        Properties:
          TaskDefinition: arn:aws:ecs:us-east-1:111122223333:task-definition/web:3

Good:

    version: 0.0
    Resources:
      - TargetService:
          Type: AWS::ECS::Service
          Properties:
            TaskDefinition: arn:aws:ecs:us-east-1:111122223333:task-definition/web:3
`,
	Document: func(p *lint.Pass) {
		res := p.Spec.Resources
		v := res.ValueNode()
		if v == nil || v.IsNull() {
			return // AS209
		}
		switch v.Kind {
		case lint.MappingNode:
			ecsResourcesAsMapping(p, res, v)
		case lint.SequenceNode:
		default:
			p.Report(v, "`%s` is %s; it must be a list holding one `- TargetService:` item", ecsKey(res), v.Describe())
			return
		}
		items := ecsResourceItems(p.Spec)
		for i, item := range items {
			if i > 0 {
				// An extra item: say so once, and keep the other rules
				// from judging what is in it.
				p.Report(ecsItemRange(p, item), "`Resources` has %d items, but an ECS deployment updates one service; keep only the `TargetService` item", len(items)).
					Supersede(item)
				continue
			}
			if item.Kind != lint.MappingNode || len(item.Pairs) == 0 {
				what := "empty"
				if !item.IsEmpty() {
					what = item.Describe()
				}
				p.Report(ecsItemRange(p, item), "a Resources item must be the mapping `TargetService: {Type: ..., Properties: ...}`; this one is %s", what)
				continue
			}
			ecsCheckTargetKey(p, item.Pairs[0].Key, len(items) == 1)
		}
		for _, t := range ecsTargets(p) {
			ecsCheckItemPairs(p, t)
		}
	},
}

// ecsResourcesAsMapping reports Resources written as a mapping, and fixes it
// into the one-item list.
func ecsResourcesAsMapping(p *lint.Pass, res *lint.Pair, m *lint.Node) {
	d := p.Report(res.Key, "`%s` must be a list: write its item as `- TargetService:`, with a dash", ecsKey(res))
	if len(m.Pairs) != 1 {
		return
	}
	first := m.Pairs[0].Key
	switch {
	case ecsBlock(p, m) && first.Range.Start.Line > res.Key.Range.Start.Line && ecsLinePrefixBlank(p, first.Range.Start):
		edits := []lint.Edit{ecsInsert(first.Range.Start, "- ")}
		edits = append(edits, ecsIndentLines(p, first.Range.Start.Line+1, m.Range.End.Line, 2)...)
		d.WithFix(lint.IntentFix, "make Resources a list", edits...)
	case m.Style == lint.Flow:
		d.WithFix(lint.IntentFix, "make Resources a list", ecsInsert(m.Range.Start, "["), ecsInsert(m.Range.End, "]"))
	}
}

// ecsCheckTargetKey reports a resource key other than TargetService (case
// aside, which is AS213's). rename says whether the fix may rename it.
func ecsCheckTargetKey(p *lint.Pass, key *lint.Node, rename bool) {
	name := structKeyName(key)
	if strings.EqualFold(name, "TargetService") {
		return
	}
	var d *lint.Diagnostic
	if structSuggestKey(name, []string{"TargetService"}) != "" {
		d = p.Report(key, "the ECS resource is keyed `%s`%s", name, didYouMean("`TargetService`"))
	} else {
		d = p.Report(key, "the ECS resource is keyed `%s`, but an ECS appspec's resource must be keyed `TargetService` (it is not a name of your choosing)", name)
	}
	if rename && key.Kind == lint.ScalarNode {
		d.WithFix(lint.IntentFix, "rename to TargetService", structRenameKey(key, "TargetService"))
	}
}

// ecsCheckItemPairs reports keys written beside the resource key in one
// Resources item: Type/Properties that belong under it, or a second resource.
func ecsCheckItemPairs(p *lint.Pass, t *ecsTarget) {
	item := t.Item
	if len(item.Pairs) < 2 {
		return
	}
	if t.Dedented {
		second := item.Pairs[1].Key
		d := p.Report(t.Key, "`%s` is empty: `%s` (line %d) and the keys after it are written at its indentation, so they sit beside it instead of inside it; indent them by 2 more spaces",
			structKeyName(t.Key), structKeyName(second), second.Range.Start.Line)
		if ecsBlock(p, item) && second.Range.Start.Line > t.Key.Range.Start.Line && ecsLinePrefixBlank(p, second.Range.Start) {
			d.WithFix(lint.IntentFix, "indent the resource under "+structKeyName(t.Key), ecsIndentLines(p, second.Range.Start.Line, item.Range.End.Line, 2)...)
		}
		return
	}
	for _, pair := range item.Pairs[1:] {
		name := ecsKey(pair)
		if !structFoldIn(name, []string{"Type", "Properties"}) || t.Body == nil || len(t.Body.Pairs) == 0 {
			p.Report(pair.Key, "`%s` is a second resource in the same Resources item; an ECS deployment updates one service, under `%s`", name, structKeyName(t.Key))
			continue
		}
		target := t.Body.Pairs[0].Key
		d := p.Report(pair.Key, "`%s` is beside `%s`, not under it, so it is not part of the resource; indent it to line up with `%s` (line %d)",
			name, structKeyName(t.Key), structKeyName(target), target.Range.Start.Line)
		shift := target.Range.Start.Col - pair.Key.Range.Start.Col
		if shift > 0 && ecsBlock(p, item) && ecsBlock(p, t.Body) && ecsLinePrefixBlank(p, pair.Key.Range.Start) && t.Body.GetFold(name) == nil {
			d.WithFix(lint.IntentFix, fmt.Sprintf("indent %s under %s", name, structKeyName(t.Key)),
				ecsIndentLines(p, pair.Key.Range.Start.Line, pair.Span().End.Line, shift)...)
		}
	}
}

// EcsType is AS702.
var EcsType = &lint.Rule{
	ID: "AS702", Name: "ecs-type", Severity: lint.Error,
	Platforms: lint.ECS, Category: "ecs",
	Summary: "ECS: the TargetService resource needs Type: AWS::ECS::Service",
	Doc: `The resource of an ECS appspec is declared with Type: AWS::ECS::Service, the
only type CodeDeploy accepts for it; AWS's AppSpec validator rejects any
other. The value is case-sensitive. The fix writes the exact value, or adds
the missing line.

A resource keyed TargetService with Type: AWS::Lambda::Function is a Lambda
resource whose logical name happens to be TargetService: valid for a Lambda
deployment, but the key makes the linter read the file as ECS. That case is
a warning, and the ECS checks of its Properties are skipped; rename the
resource (for example - MyFunction:) or lint with --platform lambda.

Bad:

    Resources:
      - TargetService:
          Type: AWS::ECS::service
          Properties:
            TaskDefinition: arn:aws:ecs:us-east-1:111122223333:task-definition/web:3

Good:

    Resources:
      - TargetService:
          Type: AWS::ECS::Service
          Properties:
            TaskDefinition: arn:aws:ecs:us-east-1:111122223333:task-definition/web:3
`,
	Document: func(p *lint.Pass) {
		for _, t := range ecsTargets(p) {
			ecsCheckType(p, t)
		}
	},
}

const ecsServiceType = "AWS::ECS::Service"

func ecsCheckType(p *lint.Pass, t *ecsTarget) {
	name := structKeyName(t.Key)
	if t.Body == nil {
		v := t.Item.Pairs[0].Value.Resolve()
		what := "empty"
		if !v.IsEmpty() {
			what = v.Describe()
		}
		p.Report(t.Key, "`%s` is %s; under it write `Type: %s` and the `Properties` of the service", name, what, ecsServiceType)
		return
	}
	if t.Type == nil {
		d := ecsReportMissing(p, t.Key, t.Body, "`"+name+"`", "Type", "add `Type: "+ecsServiceType+"`")
		if d.Fix == nil && len(t.Body.Pairs) > 0 {
			first := t.Body.Pairs[0].Key
			switch {
			case ecsBlock(p, t.Body) && ecsLinePrefixBlank(p, first.Range.Start):
				d.WithFix(lint.IntentFix, "add Type: "+ecsServiceType,
					ecsInsert(first.Range.Start, "Type: "+ecsServiceType+"\n"+strings.Repeat(" ", first.Range.Start.Col-1)))
			case t.Body.Style == lint.Flow:
				d.WithFix(lint.IntentFix, "add Type: "+ecsServiceType, ecsInsert(first.Range.Start, `"Type": "`+ecsServiceType+`", `))
			}
		}
		return
	}
	v := t.Type.ValueNode()
	if v.IsNull() {
		p.Report(t.Type.Key, "`%s` has no value; write `%s: %s`", ecsKey(t.Type), ecsKey(t.Type), ecsServiceType).
			WithFix(lint.IntentFix, "set the type", valueEdit(p.Doc, t.Type, ecsServiceType))
		return
	}
	if v.Kind != lint.ScalarNode {
		p.Report(v, "`%s` is %s; write `%s`", ecsKey(t.Type), v.Describe(), ecsServiceType)
		return
	}
	if v.Value == ecsServiceType {
		return
	}
	if strings.Contains(strings.ToLower(v.Value), "lambda") {
		// A Lambda resource may have any logical name, TargetService
		// included, but that key makes the file read as ECS: say so rather
		// than judge a probably valid Lambda appspec by the ECS rules.
		d := p.Report(v, "the resource keyed `%s` is of type %s, but the `%s` key makes this file read as an ECS appspec, so it was not checked as a Lambda one; for Lambda, name the resource after the function (for example `- MyFunction:`) or lint with `--platform lambda`; for ECS, write `Type: %s`",
			name, ecsCode(v.Value), name, ecsServiceType).
			WithSeverity(lint.Warning)
		if t.Props != nil {
			d.Supersede(t.Props)
		}
		return
	}
	why := structWhyNearMiss(v.Value, ecsServiceType)
	p.Report(v, "`%s` is %s%s; the resource of an ECS appspec is of type `%s`", ecsKey(t.Type), v.Describe(), why, ecsServiceType).
		WithFix(lint.IntentFix, "set the type to "+ecsServiceType, ecsScalarEdit(p, v, ecsServiceType))
}

func init() { register(EcsSingleResource, EcsType) }
