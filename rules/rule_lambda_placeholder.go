package rules

import (
	"strings"
	"unicode/utf8"

	"github.com/appspec-lint/appspec-lint/lint"
)

// lambdaDocsPlaceholders is the placeholder text of the AppSpec reference's
// structure page, with what to write instead. Nobody names a function so:
// left in, the deployment fails.
var lambdaDocsPlaceholders = map[string]string{
	"name-of-lambda-function-to-deploy":                          "the name of the function to deploy",
	"alias-of-lambda-function-to-deploy":                         "the alias whose traffic shifts",
	"version-of-the-lambda-function-traffic-currently-points-to": "the version the alias serves now, for example `\"1\"`",
	"version-of-the-lambda-function-to-shift-traffic-to":         "the version to shift to, for example `\"2\"`",
}

// lambdaTemplateNames are the logical names of the official template and the
// structure page, which both say to replace them. They are matched exactly:
// myFunction is a natural name of one's own.
var lambdaTemplateNames = []string{"MyFunction", "name-of-function-to-deploy"}

// lambdaIn reports whether s is one of list, exactly.
func lambdaIn(s string, list []string) bool {
	for _, l := range list {
		if s == l {
			return true
		}
	}
	return false
}

// LambdaTemplatePlaceholder is AS612.
var LambdaTemplatePlaceholder = &lint.Rule{
	ID: "AS612", Name: "lambda-template-placeholder", Severity: lint.Error,
	Platforms: lint.Lambda, Category: "lambda",
	Summary: "placeholders of the AWS template, or of a pipeline, are left in",
	Doc: `The AWS template and reference pages for Lambda AppSpecs are full of text to
replace. Left in, some of it breaks the deployment and some is harmless; and
pipelines often keep the AppSpec as a template with their own placeholders.
Severity depends on what is left:

- error: the template's hook name LifeCycleEvent (not a hook: the deployment is
  rejected), and the reference's placeholder text as a value
  (name-of-lambda-function-to-deploy, alias-of-..., version-of-...);
- warning: a hook function named like the reference's example,
  BeforeAllowTrafficHookFunctionName: it is unlikely to exist;
- info: placeholders a pipeline fills in, {{NAME}}, ${NAME}, #{Namespace.Var},
  <NAME>, $NAME, __NAME__, %NAME%, @NAME@. They are normal in a template, but
  CodeDeploy never replaces them, so the file must be rendered before it is
  deployed; the other rules leave such values alone;
- info: the template's logical name MyFunction. The logical name is free text,
  so this is harmless, but the template asks to replace it.

The names of the AWS example (myLambdaFunction, myLambdaFunctionAlias,
LambdaFunctionToValidateBeforeTrafficShift) are not reported: real projects
create functions with those names when they follow the docs.

Bad:

    Resources:
      - MyFunction:
          Type: AWS::Lambda::Function
          Properties:
            Name: "{{FUNCTION_NAME}}"
    Hooks:
      - LifeCycleEvent: ""

Good:

    Resources:
      - orders:
          Type: AWS::Lambda::Function
          Properties:
            Name: orders
    Hooks:
      - BeforeAllowTraffic: CheckOrdersBeforeTraffic
`,
	Document: func(p *lint.Pass) {
		for _, h := range lambdaHooks(p.Spec) {
			lambdaLifeCycleEvent(p, h)
		}
		logical := map[*lint.Node]bool{}
		for _, r := range lambdaResources(p.Spec) {
			if r.Name == nil {
				continue
			}
			k := r.Name.Key
			logical[k] = true
			if k.Kind == lint.ScalarNode && lambdaIn(strings.TrimSpace(k.Value), lambdaTemplateNames) {
				p.Report(k, "`%s` is the template's placeholder for the logical name; the name is free text and does not select the function (Properties' Name does), but the template asks to replace it, for example with the function's name", k.Value).
					WithSeverity(lint.Info)
			}
		}
		for _, top := range []*lint.Node{p.Spec.Resources.ValueNode(), p.Spec.ServerlessHooks.ValueNode()} {
			lambdaWalkScalars(top, func(n *lint.Node) { lambdaCheckPlaceholder(p, n, logical[n]) })
		}
	},
}

// lambdaLifeCycleEvent reports the template's LifeCycleEvent hook. It
// supersedes the hook: AS609 (unknown name) and AS610 (empty function) would
// report the same unfinished line.
func lambdaLifeCycleEvent(p *lint.Pass, h lambdaHook) {
	k := h.Pair.Key
	if k.Kind != lint.ScalarNode || !strings.EqualFold(strings.TrimSpace(k.Value), "LifeCycleEvent") {
		return
	}
	what := "and give the function to run"
	if v := h.Pair.Value.Resolve(); v.IsEmpty() {
		what = "and give the function to run (the value is empty), or delete the hook if there is no validation function"
	}
	p.Report(k, "`%s` is the AWS template's placeholder: replace it with BeforeAllowTraffic or AfterAllowTraffic %s", k.Value, what).
		Supersede(h.Pair)
}

// lambdaWalkScalars calls f for every scalar (keys included) under n.
func lambdaWalkScalars(n *lint.Node, f func(*lint.Node)) {
	stack := []*lint.Node{n}
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if n == nil || n.Kind == lint.AliasNode {
			continue
		}
		switch n.Kind {
		case lint.ScalarNode:
			f(n)
		case lint.MappingNode:
			for i := len(n.Pairs) - 1; i >= 0; i-- {
				stack = append(stack, n.Pairs[i].Value, n.Pairs[i].Key)
			}
		case lint.SequenceNode:
			for i := len(n.Items) - 1; i >= 0; i-- {
				stack = append(stack, n.Items[i])
			}
		}
	}
}

func lambdaCheckPlaceholder(p *lint.Pass, n *lint.Node, isLogicalName bool) {
	if n.IsNull() {
		return
	}
	s := strings.TrimSpace(n.Value)
	if want, ok := lambdaDocsPlaceholders[strings.ToLower(s)]; ok && !isLogicalName {
		p.Report(n, "`%s` is the placeholder text of the AppSpec reference; replace it with %s", s, want).
			Supersede(n)
		return
	}
	if !isLogicalName && !n.IsKey && len(s) > len("HookFunctionName") && strings.HasSuffix(strings.ToLower(s), "hookfunctionname") {
		p.Report(n, "`%s` is the example name of the AppSpec reference; replace it with the name of your validation function", s).
			WithSeverity(lint.Warning)
		return
	}
	m := lambdaSubstIndex(n.Value)
	if m == nil {
		return
	}
	ph := n.Value[m[0]:m[1]]
	p.Report(lambdaSubRange(n, m), "`%s` is a placeholder; CodeDeploy does not fill it in, so make sure your pipeline replaces it before the file is deployed", hookShort(ph)).
		WithSeverity(lint.Info)
}

// lambdaSubRange is the range of bytes m[0]:m[1] of scalar n's value: exact
// when the value is written on one line without escapes, else the scalar.
func lambdaSubRange(n *lint.Node, m []int) lint.Range {
	raw := n.Raw
	quote := 0
	if n.IsQuoted() && len(raw) >= 2 {
		raw, quote = raw[1:len(raw)-1], 1
	}
	if raw != n.Value || n.Range.Start.Line != n.Range.End.Line || strings.ContainsAny(raw, "\r\n") {
		return n.Range
	}
	start := n.Range.Start.Col + quote + utf8.RuneCountInString(n.Value[:m[0]])
	end := start + utf8.RuneCountInString(n.Value[m[0]:m[1]])
	line := n.Range.Start.Line
	return lint.Range{Start: lint.Pos{Line: line, Col: start}, End: lint.Pos{Line: line, Col: end}}
}

func init() {
	register(LambdaTemplatePlaceholder)
}
