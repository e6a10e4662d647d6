package rules

import (
	"strings"

	"github.com/appspec-lint/appspec-lint/lint"
)

// The Hooks of a Lambda AppSpec: a list of one-key mappings, each naming a
// Lambda function for BeforeAllowTraffic or AfterAllowTraffic.

// LambdaHooksListForm is AS608.
var LambdaHooksListForm = &lint.Rule{
	ID: "AS608", Name: "lambda-hooks-list-form", Severity: lint.Error,
	Platforms: lint.Lambda, Category: "lambda",
	Summary: "Hooks is a list of one-key mappings: `- BeforeAllowTraffic: fn`",
	Doc: `In a Lambda (and ECS) AppSpec, Hooks is a list: each item is one mapping with
one hook name and the function to run, "- BeforeAllowTraffic: fn". It is not
a mapping of names to values as in an EC2 appspec's hooks; AWS's validator
reads it as a list of mappings and rejects anything else. The fix turns a
mapping into the list (in YAML, a "- " before each name; in JSON, each pair in
its own { } inside [ ]).

An item that holds two hooks is a warning: the docs give one hook per item,
and the service's handling of more is not documented. Its fix splits it.

Bad:

    Hooks:
      BeforeAllowTraffic: CheckBeforeTraffic
      AfterAllowTraffic: CheckAfterTraffic

Good:

    Hooks:
      - BeforeAllowTraffic: CheckBeforeTraffic
      - AfterAllowTraffic: CheckAfterTraffic
`,
	Document: func(p *lint.Pass) {
		hooks := p.Spec.ServerlessHooks
		v := hooks.ValueNode()
		if v == nil || v.IsNull() {
			return
		}
		name := structKeyName(hooks.Key)
		switch v.Kind {
		case lint.ScalarNode:
			p.Report(v, "`%s` is %s; it must be a list of hooks, each `- BeforeAllowTraffic: functionName`", name, lambdaDescribe(v))
		case lint.MappingNode:
			if len(v.Pairs) == 0 {
				return
			}
			d := p.Report(hooks.Key, "`%s` is a mapping; in a Lambda AppSpec it is a list, one hook per item: `- %s: ...`", name, structKeyName(v.Pairs[0].Key)).
				Supersede(hooks.Key, lint.Range{Start: v.Range.Start, End: v.Range.Start})
			if lambdaHookValuesPlain(v) {
				if edits := lambdaMappingToList(p.Doc, v); edits != nil {
					d.WithFix(lint.IntentFix, "make "+name+" a list", edits...)
				}
			}
		case lint.SequenceNode:
			for _, item := range v.Items {
				lambdaCheckHookItem(p, item)
			}
		}
	},
}

// lambdaHookValuesPlain reports whether every value of m is a scalar, the
// case the list fix handles.
func lambdaHookValuesPlain(m *lint.Node) bool {
	for _, pair := range m.Pairs {
		if v := pair.Value.Resolve(); v == nil || v.Kind != lint.ScalarNode {
			return false
		}
	}
	return true
}

func lambdaCheckHookItem(p *lint.Pass, item *lint.Node) {
	m := item.Resolve()
	switch {
	case m.IsNull():
		p.Report(lambdaItemRange(p.Doc, item), "this Hooks item is empty; remove it, or write `- BeforeAllowTraffic: functionName`")
	case m.Kind == lint.ScalarNode:
		if s := suggest(strings.TrimSpace(m.Value), LambdaHooks, 4); s != "" {
			p.Report(m, "this Hooks item is only the name `%s`; write it with the function to run: `- %s: functionName`", m.Value, s)
			return
		}
		p.Report(m, "this Hooks item is %s; each item is a hook name and the function to run: `- BeforeAllowTraffic: %s`", m.Describe(), m.Value)
	case m.Kind == lint.SequenceNode:
		p.Report(m, "this Hooks item is a list; each item is one mapping: `- BeforeAllowTraffic: functionName`")
	case m.Kind == lint.MappingNode && len(m.Pairs) > 1:
		d := p.Report(m.Pairs[1].Key, "this Hooks item holds %d hooks; write each as its own list item: `- %s: ...`", len(m.Pairs), structKeyName(m.Pairs[1].Key)).
			WithSeverity(lint.Warning)
		if edits := lambdaSplitItem(p.Doc, m); edits != nil {
			d.WithFix(lint.IntentFix, "one hook per item", edits...)
		}
	}
}

// lambdaSplitItem returns the edits that split a mapping item with several
// pairs into one item per pair: in block style the two spaces before each
// further key become "- "; in flow style } { are inserted between the pairs.
func lambdaSplitItem(d *lint.Document, m *lint.Node) []lint.Edit {
	var edits []lint.Edit
	if lambdaIsFlow(m) {
		if m.Parent == nil || !lambdaIsFlow(m.Parent) {
			return nil
		}
		for i := 1; i < len(m.Pairs); i++ {
			at, next := m.Pairs[i-1].Span().End, m.Pairs[i].Key.Range.Start
			edits = append(edits,
				lint.Edit{Range: lint.Range{Start: at, End: at}, NewText: "}"},
				lint.Edit{Range: lint.Range{Start: next, End: next}, NewText: "{"})
		}
		return edits
	}
	for _, pair := range m.Pairs[1:] {
		k := pair.Key.Range.Start
		line := []rune(d.Lines.Line(k.Line))
		if k.Col < 3 || k.Col-1 > len(line) || strings.TrimSpace(string(line[:k.Col-1])) != "" {
			return nil
		}
		r := lint.Range{Start: lint.Pos{Line: k.Line, Col: k.Col - 2}, End: k}
		edits = append(edits, lint.Edit{Range: r, NewText: "- "})
	}
	return edits
}

// lambdaEC2Events are the EC2/On-Premises lifecycle events, and
// lambdaECSEvents the ECS ones, for explaining a hook of the wrong platform.
var (
	lambdaEC2Events = []string{"ApplicationStop", "DownloadBundle", "BeforeInstall", "Install", "AfterInstall",
		"ApplicationStart", "ValidateService", "BeforeBlockTraffic", "BlockTraffic", "AfterBlockTraffic"}
	lambdaECSEvents = []string{"BeforeInstall", "Install", "AfterInstall", "TestTraffic", "AfterAllowTestTraffic"}
	// lambdaSAMHooks are the names AWS SAM uses for the two hooks in a
	// function's DeploymentPreference.
	lambdaSAMHooks = map[string]string{"pretraffic": "BeforeAllowTraffic", "posttraffic": "AfterAllowTraffic"}
)

// LambdaHookNames is AS609.
var LambdaHookNames = &lint.Rule{
	ID: "AS609", Name: "lambda-hook-names", Severity: lint.Error,
	Platforms: lint.Lambda, Category: "lambda",
	Summary: "a Lambda deployment has two hooks: BeforeAllowTraffic and AfterAllowTraffic",
	Doc: `A Lambda deployment runs Start, BeforeAllowTraffic, AllowTraffic,
AfterAllowTraffic and End; only BeforeAllowTraffic and AfterAllowTraffic can
run a function. Any other name is rejected by AWS's validator and is an error:

- an EC2/On-Premises event (BeforeInstall, ApplicationStart, ValidateService,
  ...) or an ECS one (AfterAllowTestTraffic): they exist on the other
  platforms only;
- AllowTraffic, Start, End: run by CodeDeploy itself;
- PreTraffic and PostTraffic: the names of the same hooks in an AWS SAM
  template's DeploymentPreference, not in an AppSpec;
- a misspelling, with a fix that renames it.

A name that differs only in case is a warning: whether the service matches hook
names without regard to case is not documented.

Bad:

    Hooks:
      - BeforeInstall: CheckBeforeTraffic
      - AfterAllowTrafic: CheckAfterTraffic

Good:

    Hooks:
      - BeforeAllowTraffic: CheckBeforeTraffic
      - AfterAllowTraffic: CheckAfterTraffic
`,
	Document: func(p *lint.Pass) {
		for _, h := range lambdaHooks(p.Spec) {
			lambdaCheckHookName(p, h.Pair.Key)
		}
	},
}

func lambdaCheckHookName(p *lint.Pass, key *lint.Node) {
	if key.Kind != lint.ScalarNode {
		p.Report(key, "a hook name must be BeforeAllowTraffic or AfterAllowTraffic, not %s", key.Describe())
		return
	}
	name := key.Value
	trimmed := strings.TrimSpace(name)
	for _, h := range LambdaHooks {
		if name == h {
			return
		}
		if strings.EqualFold(trimmed, h) {
			p.Report(key, "`%s` is written `%s` in the AWS docs; use that case, as it is not documented whether other cases are accepted", name, h).
				WithSeverity(lint.Warning).
				WithFix(lint.IntentFix, "rename to "+h, structRenameKey(key, h))
			return
		}
	}
	rename := func(d *lint.Diagnostic, to string) {
		d.WithFix(lint.IntentFix, "rename to "+to, structRenameKey(key, to))
	}
	lower := strings.ToLower(trimmed)
	inEC2, inECS := structFoldIn(trimmed, lambdaEC2Events), structFoldIn(trimmed, lambdaECSEvents)
	switch {
	case lambdaSubstIndex(trimmed) != nil:
		// a placeholder for the pipeline to fill in: AS612
	case trimmed == "":
		p.Report(lambdaItemKeyAt(key), "the hook name is empty; write BeforeAllowTraffic or AfterAllowTraffic")
	case lambdaSAMHooks[lower] != "":
		to := lambdaSAMHooks[lower]
		rename(p.Report(key, "`%s` is the AWS SAM name of this hook (in a DeploymentPreference); in an AppSpec it is `%s`", name, to), to)
	case strings.EqualFold(trimmed, "AllowTraffic") || strings.EqualFold(trimmed, "Start") || strings.EqualFold(trimmed, "End"):
		p.Report(key, "`%s` is run by CodeDeploy itself and cannot have a hook; use BeforeAllowTraffic (before traffic shifts) or AfterAllowTraffic (after it has shifted)", name)
	case inEC2 && inECS:
		p.Report(key, "`%s` is an EC2/On-Premises and ECS event; a Lambda deployment has only the hooks BeforeAllowTraffic and AfterAllowTraffic", name)
	case inEC2:
		p.Report(key, "`%s` is an EC2/On-Premises event; a Lambda deployment has only the hooks BeforeAllowTraffic and AfterAllowTraffic", name)
	case inECS:
		p.Report(key, "`%s` is an ECS event; a Lambda deployment has only the hooks BeforeAllowTraffic and AfterAllowTraffic", name)
	default:
		if s := suggest(trimmed, LambdaHooks, 4); s != "" {
			rename(p.Report(key, "`%s` is not a Lambda hook%s", name, didYouMean(s)), s)
			return
		}
		p.Report(key, "`%s` is not a Lambda hook; a Lambda deployment has only BeforeAllowTraffic and AfterAllowTraffic", hookShort(name))
	}
}

// lambdaItemKeyAt is where a finding about an empty key points: the key, or
// its whole pair when the key has no width.
func lambdaItemKeyAt(key *lint.Node) lint.Ranged {
	if key.Range.Start.Before(key.Range.End) || key.Parent == nil {
		return key
	}
	for _, pair := range key.Parent.Pairs {
		if pair.Key == key {
			return pair
		}
	}
	return key
}

// lambdaFunctionRef matches what Lambda's Invoke accepts as a function: a
// name, a name with a version or alias, a partial ARN or a full ARN (the
// FunctionName pattern of the Lambda API).
var lambdaFunctionRef = lazyRE(`^(arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}(-gov)?-[a-z]+-\d{1}:)?(\d{12}:)?(function:)?([a-zA-Z0-9-_.]+)(:(\$LATEST|[a-zA-Z0-9-_]+))?$`)

// LambdaHookValue is AS610.
var LambdaHookValue = &lint.Rule{
	ID: "AS610", Name: "lambda-hook-value", Severity: lint.Error,
	Platforms: lint.Lambda, Category: "lambda",
	Summary: "a hook's value is the name or ARN of a Lambda function",
	Doc: `Each hook names the Lambda function CodeDeploy invokes at that point of the
deployment: its name (my-check), name and alias (my-check:live), or ARN. An
empty value is rejected by AWS's validator; a value that cannot be a function
name (a path to a script, as in EC2 hooks, text with spaces, a list of
location entries) makes the invocation fail and with it the deployment.

Bad:

    Hooks:
      - BeforeAllowTraffic: ""
      - AfterAllowTraffic: scripts/smoke_test.sh

Good:

    Hooks:
      - BeforeAllowTraffic: CheckBeforeTraffic
      - AfterAllowTraffic: arn:aws:lambda:us-east-1:111122223333:function:CheckAfterTraffic
`,
	Document: func(p *lint.Pass) {
		for _, h := range lambdaHooks(p.Spec) {
			lambdaCheckHookValue(p, h.Pair)
		}
	},
}

func lambdaCheckHookValue(p *lint.Pass, pair *lint.Pair) {
	name := structKeyName(pair.Key)
	v := pair.Value.Resolve()
	if fn := lambdaCFNFunction(v); fn != "" {
		p.Report(lambdaNodeRange(p.Doc, v), "the function of %s is written with the CloudFormation function `%s`, which CodeDeploy does not evaluate in an AppSpec; write the function's name or ARN", name, fn)
		return
	}
	switch {
	case v.IsNull():
		p.Report(lambdaValueAt(pair), "%s has no function; give the name or ARN of the Lambda function to run, or remove the hook", name)
		return
	case v.IsEmpty():
		p.Report(lambdaValueAt(pair), "the function of %s is %s; give the name or ARN of the Lambda function to run, or remove the hook", name, lambdaDescribe(v))
		return
	}
	switch v.Kind {
	case lint.SequenceNode:
		if items := v.Items; len(items) > 0 && items[0].Resolve().GetFold("location") != nil {
			p.Report(v, "%s lists EC2 script entries (`location:`); a Lambda hook runs a Lambda function: write `%s: functionName`", name, name)
			return
		}
		p.Report(v, "%s is a list; a hook names one Lambda function: `%s: functionName`", name, name)
		return
	case lint.MappingNode:
		p.Report(v, "%s is a mapping; a hook names one Lambda function: `%s: functionName`", name, name)
		return
	}
	if v.Tag != "!!str" && !v.IsQuoted() && v.Tag != "!!int" {
		p.Report(v, "%s is %s, not a function name; give the name or ARN of the Lambda function to run", name, v.Describe())
		return
	}
	if lambdaHasSubst(v) {
		return // AS612
	}
	s := v.Value
	if lambdaFunctionRef.MatchString(s) && len(lambdaFunctionRef.FindStringSubmatch(s)[7]) <= 64 {
		return
	}
	switch t := strings.TrimSpace(s); {
	case t != s && lambdaFunctionRef.MatchString(t):
		p.Report(v, "the function name of %s has spaces around it; write `%s`", name, t).
			WithFix(lint.IntentFix, "remove the spaces", lint.Edit{Range: v.Range, NewText: lambdaQuote(t, v)})
	case strings.ContainsAny(t, "/\\") || strings.HasSuffix(t, ".sh") || strings.HasSuffix(t, ".py") || strings.HasSuffix(t, ".js") || strings.HasSuffix(t, ".ps1"):
		p.Report(v, "`%s` looks like a script; a Lambda hook runs a Lambda function, not a script: deploy the check as a function and give its name", hookShort(t))
	default:
		p.Report(v, "`%s` is not a Lambda function name or ARN; function names have up to 64 letters, digits, `-` and `_`", hookShort(t))
	}
}

// LambdaHookDuplicate is AS611.
var LambdaHookDuplicate = &lint.Rule{
	ID: "AS611", Name: "lambda-hook-duplicate", Severity: lint.Warning,
	Platforms: lint.Lambda, Category: "lambda",
	Summary: "each hook is given once: it runs once per deployment, with one function",
	Doc: `Each hook runs once per deployment and invokes one function. Listing the same
hook twice does not run two functions, and which one CodeDeploy uses is not
documented. Put both checks into one function, or keep one of the hooks. (The
same name twice in one mapping is AS111.)

Bad:

    Hooks:
      - BeforeAllowTraffic: CheckDatabase
      - BeforeAllowTraffic: CheckApi

Good:

    Hooks:
      - BeforeAllowTraffic: CheckDatabaseAndApi
`,
	Document: func(p *lint.Pass) {
		first := map[string]lambdaHook{}
		for _, h := range lambdaHooks(p.Spec) {
			k := h.Pair.Key
			if k.Kind != lint.ScalarNode {
				continue
			}
			name := strings.ToLower(strings.TrimSpace(k.Value))
			if !structFoldIn(name, LambdaHooks) {
				continue
			}
			prev, seen := first[name]
			if !seen {
				first[name] = h
				continue
			}
			if prev.Pair.Key.Parent == k.Parent && prev.Pair.Key.Value == k.Value {
				continue // the same key twice in one mapping: AS111
			}
			p.Report(k, "%s is already given above; each hook runs once per deployment with one function, so put both checks in one function or remove one", k.Value).
				WithRelated(prev.Pair.Key, "first "+prev.Pair.Key.Value)
		}
	},
}

// LambdaHookCallback is AS613.
var LambdaHookCallback = &lint.Rule{
	ID: "AS613", Name: "lambda-hook-callback", Severity: lint.Info,
	Platforms: lint.Lambda, Category: "lambda", OptIn: true,
	Summary: "hover note: a hook function must report back within one hour",
	Doc: `CodeDeploy invokes a hook function asynchronously and then waits for the
function to report its result: it must call PutLifecycleEventHookExecutionStatus
with the DeploymentId and LifecycleEventHookExecutionId from its event and a
status of Succeeded or Failed. What the function returns is ignored. If no
status arrives within one hour, the deployment fails. The function's role
needs codedeploy:PutLifecycleEventHookExecutionStatus. A Failed status from
BeforeAllowTraffic stops the deployment before any traffic moves; from
AfterAllowTraffic it rolls the alias back.

This note is opt-in (it would show on every hook).

Bad:

    Hooks:
      - BeforeAllowTraffic: FunctionThatNeverReportsBack

Good:

    Hooks:
      - BeforeAllowTraffic: CheckThatCallsPutLifecycleEventHookExecutionStatus
`,
	Document: func(p *lint.Pass) {
		for _, h := range lambdaHooks(p.Spec) {
			k := h.Pair.Key
			if k.Kind != lint.ScalarNode || !structFoldIn(k.Value, LambdaHooks) {
				continue
			}
			fn := "the function"
			if v := lambdaScalar(h.Pair.Value); v != nil && strings.TrimSpace(v.Value) != "" {
				fn = "`" + hookShort(v.Value) + "`"
			}
			p.Report(k, "%s must report its result with PutLifecycleEventHookExecutionStatus (DeploymentId and LifecycleEventHookExecutionId from its event) within one hour, or the deployment fails; its return value is ignored", fn)
		}
	},
}

func init() {
	register(LambdaHooksListForm, LambdaHookNames, LambdaHookValue, LambdaHookDuplicate, LambdaHookCallback)
}
