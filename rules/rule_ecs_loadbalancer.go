package rules

import (
	"strings"

	"github.com/appspec-lint/appspec-lint/lint"
)

// ecsLoadBalancer finds the LoadBalancerInfo of a Properties mapping: its
// pair, and the mapping the container keys are read from (the only item
// when it was written as a one-item list, which AS705 reports).
func ecsLoadBalancer(props *lint.Node) (*lint.Pair, *lint.Node) {
	lbi := props.GetFold("LoadBalancerInfo")
	v := lbi.ValueNode()
	switch {
	case v == nil:
		return lbi, nil
	case v.Kind == lint.MappingNode:
		return lbi, v
	case v.Kind == lint.SequenceNode && len(v.Items) == 1:
		if item := v.Items[0].Resolve(); item.Kind == lint.MappingNode {
			return lbi, item
		}
	}
	return lbi, nil
}

// EcsContainerName is AS705.
var EcsContainerName = &lint.Rule{
	ID: "AS705", Name: "ecs-container-name", Severity: lint.Error,
	Platforms: lint.ECS, Category: "ecs",
	Summary: "ECS: LoadBalancerInfo must name the container that receives traffic",
	Doc: `LoadBalancerInfo tells CodeDeploy which container of the task definition the
load balancer's target groups send traffic to: ContainerName (a container
defined in the task definition) and ContainerPort. Both are required; AWS's
AppSpec validator rejects a missing or empty ContainerName. Whether the name
exists in the task definition can only be checked against it, not here.

LoadBalancerInfo is a mapping, not a list, and ContainerName and
ContainerPort go under it, not directly under Properties.

Bad:

    Properties:
      TaskDefinition: arn:aws:ecs:us-east-1:111122223333:task-definition/web:3
      ContainerName: web
      ContainerPort: 80

Good:

    Properties:
      TaskDefinition: arn:aws:ecs:us-east-1:111122223333:task-definition/web:3
      LoadBalancerInfo:
        ContainerName: web
        ContainerPort: 80
`,
	Document: func(p *lint.Pass) {
		for _, t := range ecsTargets(p) {
			if props := t.PropsMap(); props != nil {
				ecsCheckContainerName(p, t.Props, props)
			}
		}
	},
}

func ecsCheckContainerName(p *lint.Pass, propsPair *lint.Pair, props *lint.Node) {
	lbi, m := ecsLoadBalancer(props)
	if lbi == nil {
		for _, name := range []string{"ContainerName", "ContainerPort"} {
			if stray := props.GetFold(name); stray != nil {
				p.Report(stray.Key, "`%s` belongs under `LoadBalancerInfo`, not directly under `%s`; write `LoadBalancerInfo:` and indent `ContainerName` and `ContainerPort` under it", ecsKey(stray), ecsKey(propsPair))
				return
			}
		}
		ecsReportMissing(p, propsPair.Key, props, "`"+ecsKey(propsPair)+"`", "LoadBalancerInfo",
			"add `LoadBalancerInfo:` with the `ContainerName` and `ContainerPort` that the load balancer sends traffic to")
		return
	}
	v := lbi.ValueNode()
	switch {
	case v.IsEmpty():
		p.Report(lbi.Key, "`%s` is empty; it needs the `ContainerName` and `ContainerPort` that the load balancer sends traffic to", ecsKey(lbi))
		return
	case v.Kind == lint.SequenceNode:
		d := p.Report(lbi.Key, "`%s` is a list; write it as a mapping, without the `- `", ecsKey(lbi))
		if m != nil {
			ecsUnlistFix(p, d, v, m)
		}
	case m == nil:
		p.Report(v, "`%s` is %s; it must be a mapping with `ContainerName` and `ContainerPort`", ecsKey(lbi), v.Describe())
		return
	}
	if m == nil {
		return
	}
	cn := m.GetFold("ContainerName")
	if cn == nil {
		ecsReportMissing(p, lbi.Key, m, "`"+ecsKey(lbi)+"`", "ContainerName",
			"add `ContainerName:` with the name of the container (as the task definition names it) that receives the traffic")
		return
	}
	switch cv := cn.ValueNode(); {
	case cv.IsNull():
		p.Report(cn.Key, "`%s` has no value; write the name of the container, as the task definition names it, that receives the traffic", ecsKey(cn))
	case cv.Kind != lint.ScalarNode:
		p.Report(cv, "`%s` is %s; it must be the name of a container of the task definition", ecsKey(cn), cv.Describe())
	case strings.TrimSpace(cv.Value) == "":
		p.Report(cv, "`%s` is empty; write the name of the container, as the task definition names it, that receives the traffic", ecsKey(cn))
	}
}

// ecsUnlistFix attaches the fix that turns a one-item list into its item:
// the `- ` becomes spaces in block style, the brackets go in flow style.
func ecsUnlistFix(p *lint.Pass, d *lint.Diagnostic, list, item *lint.Node) {
	if len(item.Pairs) == 0 {
		return
	}
	first := item.Pairs[0].Key.Range.Start
	switch {
	case ecsBlock(p, list) && ecsBlock(p, item) && first.Col > 2 && ecsCharAt(p, lint.Pos{Line: first.Line, Col: first.Col - 2}) == '-' &&
		list.Range.Start == (lint.Pos{Line: first.Line, Col: first.Col - 2}):
		dash := lint.Range{Start: list.Range.Start, End: lint.Pos{Line: first.Line, Col: first.Col - 1}}
		d.WithFix(lint.IntentFix, "write it as a mapping", lint.Edit{Range: dash, NewText: " "})
	case list.Style == lint.Flow:
		open := lint.Range{Start: list.Range.Start, End: lint.Pos{Line: list.Range.Start.Line, Col: list.Range.Start.Col + 1}}
		close := lint.Range{Start: lint.Pos{Line: list.Range.End.Line, Col: list.Range.End.Col - 1}, End: list.Range.End}
		d.WithFix(lint.IntentFix, "write it as a mapping", lint.Edit{Range: open}, lint.Edit{Range: close})
	}
}

// EcsContainerPort is AS706.
var EcsContainerPort = &lint.Rule{
	ID: "AS706", Name: "ecs-container-port", Severity: lint.Error,
	Platforms: lint.ECS, Category: "ecs",
	Summary: "ECS: LoadBalancerInfo.ContainerPort must be the port number",
	Doc: `ContainerPort is the port of the container that receives the load balancer's
traffic. It is required, and the docs make it the one property written as a
number rather than a string (AWS's own validator reads it as an integer).

- missing, empty, or the "" left from the official template: error;
- not a number (text, a list, 80.5) or outside 1-65535: error;
- a quoted number, "80": warning, with a fix that removes the quotes. The
  docs say number, but about one ECS file in twenty in public repositories
  quotes it (some from widely followed tutorials), and no report shows the
  service rejecting it, so this is not treated as a certain failure;
- 0: warning, as AWS's validator does: no traffic can reach port 0.

A placeholder that a pipeline replaces (<CONTAINER_PORT>, ${PORT}) is not
reported.

Bad:

    LoadBalancerInfo:
      ContainerName: web
      ContainerPort: ""

Good:

    LoadBalancerInfo:
      ContainerName: web
      ContainerPort: 80
`,
	Document: func(p *lint.Pass) {
		for _, t := range ecsTargets(p) {
			if props := t.PropsMap(); props != nil {
				if lbi, m := ecsLoadBalancer(props); m != nil {
					ecsCheckContainerPort(p, lbi, m)
				}
			}
		}
	},
}

func ecsCheckContainerPort(p *lint.Pass, lbi *lint.Pair, m *lint.Node) {
	cp := m.GetFold("ContainerPort")
	if cp == nil {
		ecsReportMissing(p, lbi.Key, m, "`"+ecsKey(lbi)+"`", "ContainerPort",
			"add `ContainerPort:` with the port number of the container that receives the traffic, such as `ContainerPort: 80`")
		return
	}
	v := cp.ValueNode()
	kind, n := ecsNumber(v)
	switch kind {
	case ecsNumNone:
		p.Report(cp.Key, "`%s` has no value; write the port number of the container, such as `%s: 80`", ecsKey(cp), ecsKey(cp))
	case ecsNumEmpty:
		p.Report(v, "`%s` is empty; write the port number of the container as a bare number, such as `80`", ecsKey(cp))
	case ecsNumFloat:
		p.Report(v, "`%s` is %s, not a whole number; write the port number of the container, such as `80`", ecsKey(cp), v.Describe())
	case ecsNumOther:
		p.Report(v, "`%s` is %s, not a number; write the port number of the container, such as `80`", ecsKey(cp), v.Describe())
	case ecsNumInt, ecsNumQuoted:
		switch {
		case n < 0 || n > 65535:
			p.Report(v, "`%s` is %d, which is not a port number (1-65535)", ecsKey(cp), n)
		case kind == ecsNumQuoted:
			d := p.Report(v, "`%s` is the quoted string %s; the docs make it the one property written as a number: remove the quotes", ecsKey(cp), v.Raw).
				WithSeverity(lint.Warning).
				WithFix(lint.IntentFix, "remove the quotes", lint.Edit{Range: v.Range, NewText: strings.TrimSpace(v.Value)})
			if n == 0 {
				d.Message += "; and 0 is not a port traffic can reach"
			}
		case n == 0:
			p.Report(v, "`%s` is 0, a port no traffic can reach; write the container port of the task definition's port mapping", ecsKey(cp)).
				WithSeverity(lint.Warning)
		}
	}
}

func init() { register(EcsContainerName, EcsContainerPort) }
