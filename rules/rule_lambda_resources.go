package rules

import (
	"fmt"
	"strings"

	"github.com/appspec-lint/appspec-lint/lint"
)

// The shape of a Lambda AppSpec's Resources: one function, under a logical
// name, of type AWS::Lambda::Function, with its four properties.

// LambdaSingleResource is AS601.
var LambdaSingleResource = &lint.Rule{
	ID: "AS601", Name: "lambda-single-resource", Severity: lint.Error,
	Platforms: lint.Lambda, Category: "lambda",
	Summary: "a Lambda appspec lists exactly one function, as a list item",
	Doc: `A Lambda deployment shifts the traffic of one alias of one function from one
version to another, so Resources is a list with a single item: the function's
logical name, with its Type and Properties under it. AWS's AppSpec validator
rejects a second function ("only 1 Lambda resource"); the user guide's
wording is singular throughout. Deploy each function with its own AppSpec and
its own deployment.

This rule also reports a Resources written as a mapping (the "- " of the list
item missing) or as a plain value, and offers a fix that turns a mapping into
the list.

Bad:

    Resources:
      - orders:
          Type: AWS::Lambda::Function
          Properties: {Name: orders, Alias: live, CurrentVersion: "3", TargetVersion: "4"}
      - payments:
          Type: AWS::Lambda::Function
          Properties: {Name: payments, Alias: live, CurrentVersion: "7", TargetVersion: "8"}

Good:

    Resources:
      - orders:
          Type: AWS::Lambda::Function
          Properties: {Name: orders, Alias: live, CurrentVersion: "3", TargetVersion: "4"}
`,
	Document: func(p *lint.Pass) {
		res := p.Spec.Resources
		v := res.ValueNode()
		if v == nil || v.IsEmpty() {
			return // AS209
		}
		name := structKeyName(res.Key)
		switch v.Kind {
		case lint.ScalarNode:
			p.Report(v, "`%s` is %s; it must be a list holding the one function to deploy: `- myFunction:` with its Type and Properties under it", name, v.Describe())
		case lint.MappingNode:
			lambdaResourcesMapping(p, res, v)
		}
		rs := lambdaResources(p.Spec)
		for _, r := range rs[min(1, len(rs)):] {
			what := "a second function"
			if r.Name != nil {
				what = "`" + structKeyName(r.Name.Key) + "` is a second function"
			}
			p.Report(r.At(), "a Lambda deployment shifts traffic for one function; %s. CodeDeploy accepts one AWS::Lambda::Function resource per AppSpec: deploy it with its own appspec and deployment", what).
				WithRelated(rs[0].At(), "the first function")
		}
	},
}

// lambdaResourcesMapping reports Resources written as a mapping: either
// logical names without the list's "- ", or a resource body with neither the
// list item nor the logical name.
func lambdaResourcesMapping(p *lint.Pass, res *lint.Pair, m *lint.Node) {
	name := structKeyName(res.Key)
	valueStart := lint.Range{Start: m.Range.Start, End: m.Range.Start}
	if lambdaIsBody(m) {
		logical := lambdaLogicalNameFor(m)
		d := p.Report(res.Key, "`%s` holds Type and Properties directly; it is a list of functions, each under a logical name: `- %s:` with Type and Properties indented under it", name, logical).
			Supersede(res.Key, valueStart)
		var edits []lint.Edit
		if lambdaIsFlow(m) {
			edits = lambdaFlowWrap(m.Range.Start, m.Range.End, `[{"`+logical+`": `, "}]")
		} else {
			at := m.Pairs[0].Key.Range.Start
			edits = lambdaBlockWrap(p.Doc, at, m.Range.End.Line, "- "+logical+":"+lambdaNewline(p.Doc)+strings.Repeat(" ", at.Col-1+4), 4)
		}
		if edits != nil {
			d.WithFix(lint.IntentFix, "make it a list item named "+logical, edits...)
		}
		return
	}
	first := structKeyName(m.Pairs[0].Key)
	d := p.Report(res.Key, "`%s` is a mapping; it must be a list: write `- %s:`, with a dash, so that the function is a list item", name, first).
		Supersede(res.Key, valueStart)
	var edits []lint.Edit
	if lambdaIsFlow(m) && len(m.Pairs) == 1 {
		edits = lambdaFlowWrap(m.Range.Start, m.Range.End, "[", "]")
	} else {
		edits = lambdaMappingToList(p.Doc, m)
	}
	if edits != nil {
		d.WithFix(lint.IntentFix, "make "+name+" a list", edits...)
	}
}

// lambdaLogicalNameFor picks a logical name for a body that lacks one: its
// function name when that is a plain identifier, else myFunction.
func lambdaLogicalNameFor(body *lint.Node) string {
	props := body.GetFold("Properties").ValueNode()
	if n := lambdaScalar(props.GetFold("Name").ValueNode()); n != nil {
		return lambdaSafeName(n.Value, "myFunction")
	}
	return "myFunction"
}

// LambdaType is AS602.
var LambdaType = &lint.Rule{
	ID: "AS602", Name: "lambda-type", Severity: lint.Error,
	Platforms: lint.Lambda, Category: "lambda",
	Summary: "the resource's Type must be exactly AWS::Lambda::Function",
	Doc: `The resource of a Lambda AppSpec is typed AWS::Lambda::Function, written
exactly so: it is the only type a Lambda deployment knows, and AWS's validator
compares it as an exact string. Common slips are the SAM type
AWS::Serverless::Function, the alias or version types of CloudFormation
(AWS::Lambda::Alias, AWS::Lambda::Version: in an AppSpec the alias and the
versions are Properties of the function), a different case, and a missing
Type. The fix writes the right type.

Bad:

    Resources:
      - myFunction:
          Type: AWS::Serverless::Function

Good:

    Resources:
      - myFunction:
          Type: AWS::Lambda::Function
`,
	Document: func(p *lint.Pass) {
		for _, r := range lambdaResources(p.Spec) {
			if r.Body == nil {
				continue // AS603 reports a resource with nothing under it
			}
			if r.Type == nil {
				lambdaMissingType(p, r)
				continue
			}
			lambdaCheckType(p, r.Type)
		}
	},
}

func lambdaMissingType(p *lint.Pass, r *lambdaRes) {
	var d *lint.Diagnostic
	if r.Name != nil {
		d = p.Report(r.Name.Key, "the resource `%s` has no Type; add `Type: %s`", structKeyName(r.Name.Key), lambdaType)
	} else {
		d = p.Report(r.At(), "the resource has no Type; add `Type: %s`", lambdaType)
	}
	if len(r.Body.Pairs) == 0 {
		return
	}
	at := r.Body.Pairs[0].Key.Range.Start
	text := "Type: " + lambdaType + lambdaNewline(p.Doc) + strings.Repeat(" ", at.Col-1)
	if lambdaIsFlow(r.Body) {
		text = `"Type": "` + lambdaType + `", `
	} else if lambdaBlockWrap(p.Doc, at, at.Line, "", 0) == nil {
		return
	}
	d.WithFix(lint.IntentFix, "add Type: "+lambdaType, lint.Edit{Range: lint.Range{Start: at, End: at}, NewText: text})
}

// lambdaTypeMixups explains the types most often written instead.
var lambdaTypeMixups = map[string]string{
	"aws::serverless::function": "is the AWS SAM resource type; in an AppSpec the function's type is " + lambdaType,
	"aws::lambda::alias":        "is CloudFormation's alias type; in an AppSpec the resource is the function, typed " + lambdaType + ", and the alias goes under Properties as `Alias`",
	"aws::lambda::version":      "is CloudFormation's version type; in an AppSpec the resource is the function, typed " + lambdaType + ", and the versions go under Properties as CurrentVersion and TargetVersion",
	"aws::ecs::service":         "is the ECS type; a Lambda AppSpec deploys a function, typed " + lambdaType + " (an ECS AppSpec has a `TargetService` resource instead)",
}

func lambdaCheckType(p *lint.Pass, t *lint.Pair) {
	v := t.Value.Resolve()
	if fn := lambdaCFNFunction(v); fn != "" {
		p.Report(lambdaNodeRange(p.Doc, v), "Type is written with the CloudFormation function `%s`, which CodeDeploy does not evaluate; write `%s`", fn, lambdaType).
			WithFix(lint.IntentFix, "set Type to "+lambdaType, lint.Edit{Range: lambdaNodeRange(p.Doc, v), NewText: lambdaType})
		return
	}
	n := lambdaScalar(v)
	if n == nil || strings.TrimSpace(n.Value) == "" {
		d := p.Report(lambdaValueAt(t), "Type is %s; write `%s`", lambdaDescribe(v), lambdaType)
		if v.Kind == lint.ScalarNode && v.Range.Start.Before(v.Range.End) {
			text := lambdaType
			if v.IsQuoted() {
				text = lambdaQuote(lambdaType, v)
			}
			d.WithFix(lint.IntentFix, "set Type to "+lambdaType, lint.Edit{Range: v.Range, NewText: text})
		}
		return
	}
	if n.Value == lambdaType {
		return
	}
	if lambdaHasSubst(n) {
		return // AS612
	}
	fix := lint.Edit{Range: n.Range, NewText: lambdaType}
	if n.IsQuoted() {
		fix.NewText = lambdaQuote(lambdaType, n)
	}
	got := strings.TrimSpace(n.Value)
	var d *lint.Diagnostic
	switch why, known := lambdaTypeMixups[strings.ToLower(got)]; {
	case got == lambdaType:
		d = p.Report(n, "Type is `%s` with spaces around it; write exactly `%s`", n.Value, lambdaType)
	case strings.EqualFold(got, lambdaType):
		d = p.Report(n, "Type is `%s`; the type is case-sensitive: write `%s`", got, lambdaType)
	case known:
		if strings.HasPrefix(strings.ToLower(got), "aws::ecs") {
			p.Report(n, "`%s` %s", got, why)
			return
		}
		d = p.Report(n, "`%s` %s", got, why)
	case suggest(got, []string{lambdaType}, 6) != "":
		d = p.Report(n, "Type is `%s`, which is not a resource type%s", got, didYouMean("`"+lambdaType+"`"))
	default:
		d = p.Report(n, "Type is `%s`; the resource of a Lambda AppSpec is always `%s`", got, lambdaType)
	}
	d.WithFix(lint.IntentFix, "set Type to "+lambdaType, fix)
}

// lambdaDescribe names a value for messages, calling an empty string empty.
func lambdaDescribe(n *lint.Node) string {
	n = n.Resolve()
	switch {
	case n == nil || n.IsNull():
		return n.Describe()
	case n.Kind == lint.ScalarNode && strings.TrimSpace(n.Value) == "":
		return "empty"
	case n.Kind == lint.SequenceNode && len(n.Items) == 0:
		return "an empty list"
	case n.Kind == lint.MappingNode && len(n.Pairs) == 0:
		return "an empty mapping"
	}
	return n.Describe()
}

// LambdaPropsRequired is AS603.
var LambdaPropsRequired = &lint.Rule{
	ID: "AS603", Name: "lambda-props-required", Severity: lint.Error,
	Platforms: lint.Lambda, Category: "lambda",
	Summary: "Name, Alias, CurrentVersion and TargetVersion are all required",
	Doc: `A Lambda deployment moves the traffic of an alias (Alias) of a function (Name)
from the version it serves now (CurrentVersion) to a new one (TargetVersion).
The AppSpec reference marks all four properties required, and AWS's validator
rejects any that is missing or empty. (The comment in the official YAML
template calls the current version optional; the reference and the validator
do not.) The properties go under Properties, under the function's logical
name; when they are written directly under the logical name, the fix moves
them under a new Properties key.

Bad:

    Resources:
      - myFunction:
          Type: AWS::Lambda::Function
          Properties:
            Name: my-function
            TargetVersion: "2"

Good:

    Resources:
      - myFunction:
          Type: AWS::Lambda::Function
          Properties:
            Name: my-function
            Alias: live
            CurrentVersion: "1"
            TargetVersion: "2"
`,
	Document: func(p *lint.Pass) {
		if list := p.Spec.Resources.ValueNode(); list != nil && list.Kind == lint.SequenceNode {
			for _, item := range list.Items {
				if m := item.Resolve(); m != nil && m.Kind != lint.MappingNode && !m.IsNull() {
					lambdaItemNotMapping(p, m)
				}
			}
		}
		for _, r := range lambdaResources(p.Spec) {
			lambdaCheckProps(p, r)
		}
	},
}

// lambdaItemNotMapping reports a Resources item that is a plain value or a
// list instead of a logical name with a body.
func lambdaItemNotMapping(p *lint.Pass, n *lint.Node) {
	if n.Kind == lint.ScalarNode {
		p.Report(n, "the resource `%s` has nothing under it; write `- %s:` and put its Type and Properties under it", n.Value, n.Value)
		return
	}
	p.Report(n, "this Resources item is %s; a resource is written `- myFunction:` with its Type and Properties under it", n.Describe())
}

func lambdaCheckProps(p *lint.Pass, r *lambdaRes) {
	label := "the resource"
	if r.Name != nil {
		label = "`" + structKeyName(r.Name.Key) + "`"
	}
	if r.Body == nil {
		v := r.Name.Value.Resolve()
		if v.IsEmpty() {
			p.Report(r.Name.Key, "%s has nothing under it; give it `Type: %s` and Properties with Name, Alias, CurrentVersion and TargetVersion", label, lambdaType)
		} else {
			p.Report(v, "%s is %s; it must be a mapping with `Type: %s` and Properties with Name, Alias, CurrentVersion and TargetVersion", label, v.Describe(), lambdaType)
		}
		return
	}
	if r.Props == nil {
		lambdaMissingProperties(p, r, label)
		return
	}
	props := r.PropsNode()
	if props == nil {
		p.Report(lambdaValueAt(r.Props), "Properties of %s is %s; it must be a mapping with Name, Alias, CurrentVersion and TargetVersion", label, lambdaDescribe(r.Props.Value))
		return
	}
	for _, name := range lambdaPropNames {
		pair := props.GetFold(name)
		if pair == nil {
			d := p.Report(r.Props.Key, "Properties of %s has no `%s`; %s", label, name, lambdaPropWhat[name])
			if alt := lambdaPropLookalike(props, name); alt != nil {
				d.Message += fmt.Sprintf(" (is `%s` meant to be `%s`?)", structKeyName(alt.Key), name)
				d.WithFix(lint.IntentFix, "rename to "+name, structRenameKey(alt.Key, name))
			}
			continue
		}
		v := pair.Value.Resolve()
		switch {
		case v.IsNull():
			p.Report(lambdaValueAt(pair), "`%s` has no value; %s", structKeyName(pair.Key), lambdaPropWhat[name])
		case v.IsEmpty():
			p.Report(lambdaValueAt(pair), "`%s` is %s; %s", structKeyName(pair.Key), lambdaDescribe(v), lambdaPropWhat[name])
		}
	}
}

// lambdaPropWhat says what each property is, for messages.
var lambdaPropWhat = map[string]string{
	"Name":           "give the name of the Lambda function to deploy",
	"Alias":          "give the alias whose traffic CodeDeploy shifts (for example `live`)",
	"CurrentVersion": "give the version the alias serves now, as a number in quotes (for example `\"1\"`)",
	"TargetVersion":  "give the version to shift the alias to, as a number in quotes (for example `\"2\"`)",
}

// lambdaPropLookalike finds a key of props that is not one of the four and
// looks like name: it contains it (FunctionName, AliasName) or is a near
// miss (TargetVerison).
func lambdaPropLookalike(props *lint.Node, name string) *lint.Pair {
	for _, pair := range props.Pairs {
		k := structKeyName(pair.Key)
		if structFoldIn(k, lambdaPropNames) || pair.Key.Kind != lint.ScalarNode {
			continue
		}
		lk, ln := strings.ToLower(k), strings.ToLower(name)
		if strings.Contains(lk, ln) || structSuggestKey(k, []string{name}) != "" {
			return pair
		}
	}
	return nil
}

// lambdaMissingProperties reports a resource without Properties; when the
// properties are written directly in the body, the fix moves them under a
// Properties key.
func lambdaMissingProperties(p *lint.Pass, r *lambdaRes, label string) {
	var run []*lint.Pair
	contiguous := true
	for i, pair := range r.Body.Pairs {
		if !structFoldIn(structKeyName(pair.Key), lambdaPropNames) {
			continue
		}
		if len(run) > 0 && r.Body.Pairs[i-1] != run[len(run)-1] {
			contiguous = false
		}
		run = append(run, pair)
	}
	if len(run) == 0 {
		p.Report(r.At(), "%s has no Properties; add Properties with Name, Alias, CurrentVersion and TargetVersion", label)
		return
	}
	d := p.Report(run[0].Key, "`%s` belongs under `Properties:`; %s has no Properties, so CodeDeploy does not see its Name, Alias and versions", structKeyName(run[0].Key), label)
	if !contiguous {
		return
	}
	first, last := run[0], run[len(run)-1]
	var edits []lint.Edit
	if lambdaIsFlow(r.Body) {
		edits = lambdaFlowWrap(first.Key.Range.Start, last.Span().End, `"Properties": {`, "}")
	} else {
		at := first.Key.Range.Start
		edits = lambdaBlockWrap(p.Doc, at, last.Span().End.Line, "Properties:"+lambdaNewline(p.Doc)+strings.Repeat(" ", at.Col-1+2), 2)
	}
	if edits != nil {
		d.WithFix(lint.IntentFix, "move them under Properties", edits...)
	}
}

// LambdaResourceNameEmpty is AS607.
var LambdaResourceNameEmpty = &lint.Rule{
	ID: "AS607", Name: "lambda-resource-name-empty", Severity: lint.Error,
	Platforms: lint.Lambda, Category: "lambda",
	Summary: "the function resource needs a logical name above its Type and Properties",
	Doc: `Each Resources item is a logical name with the resource under it. The name is
free text (AWS's validator only requires it to be non-empty; the function
deployed is the one named in Properties), but it must be there: an empty name,
an empty list item, or Type and Properties written directly after the "- "
all break the structure. The fix adds the missing level, named after the
function.

Bad:

    Resources:
      - Type: AWS::Lambda::Function
        Properties:
          Name: my-function

Good:

    Resources:
      - my-function:
          Type: AWS::Lambda::Function
          Properties:
            Name: my-function
`,
	Document: func(p *lint.Pass) {
		list := p.Spec.Resources.ValueNode()
		if list == nil || list.Kind != lint.SequenceNode {
			return
		}
		for _, item := range list.Items {
			m := item.Resolve()
			switch {
			case m.IsNull():
				p.Report(lambdaItemRange(p.Doc, item), "this Resources item is empty; remove it, or write the function's logical name with its Type and Properties under it")
			case m.Kind != lint.MappingNode:
				// AS603
			case lambdaIsBody(m):
				lambdaMissingLogicalName(p, m)
			default:
				for _, pair := range m.Pairs {
					if k := pair.Key.Resolve(); k.Kind == lint.ScalarNode && strings.TrimSpace(k.Value) == "" {
						at := lint.Ranged(pair.Key)
						if !k.Range.Start.Before(k.Range.End) {
							at = pair
						}
						p.Report(at, "the resource's logical name is empty; name it, for example after the function: `- my-function:`")
					}
				}
			}
		}
	},
}

// lambdaItemRange is where a finding about a list item points: the item, or
// its "-" when the item is empty and has no width.
func lambdaItemRange(d *lint.Document, item *lint.Node) lint.Range {
	if item.Range.Start.Before(item.Range.End) {
		return item.Range
	}
	src := d.Src
	i := d.Lines.Offset(item.Range.Start)
	for i > 0 && (src[i-1] == ' ' || src[i-1] == '\t') {
		i--
	}
	if i > 0 && src[i-1] == '-' {
		start := d.Lines.PosAt(i - 1)
		return lint.Range{Start: start, End: lint.Pos{Line: start.Line, Col: start.Col + 1}}
	}
	return item.Range
}

// lambdaMissingLogicalName reports a Resources item whose Type and Properties
// sit directly after the "- ".
func lambdaMissingLogicalName(p *lint.Pass, m *lint.Node) {
	logical := lambdaLogicalNameFor(m)
	d := p.Report(m.Pairs[0].Key, "the resource has no logical name: Type and Properties must be indented under a name, as in `- %s:`", logical).
		Supersede(m)
	var edits []lint.Edit
	if lambdaIsFlow(m) {
		edits = lambdaFlowWrap(m.Range.Start, m.Range.End, `{"`+logical+`": `, "}")
	} else {
		at := m.Pairs[0].Key.Range.Start
		edits = lambdaBlockWrap(p.Doc, at, m.Range.End.Line, logical+":"+lambdaNewline(p.Doc)+strings.Repeat(" ", at.Col-1+2), 2)
	}
	if edits != nil {
		d.WithFix(lint.IntentFix, "add the logical name "+logical, edits...)
	}
}

func init() {
	register(LambdaSingleResource, LambdaType, LambdaPropsRequired, LambdaResourceNameEmpty)
}
