package rules

import (
	"strings"

	"github.com/appspec-lint/appspec-lint/lint"
)

// ecsHookEvents are the ECS lifecycle events a hook can run at, in run order.
var ecsHookEvents = []string{"BeforeInstall", "AfterInstall", "AfterAllowTestTraffic", "BeforeAllowTraffic", "AfterAllowTraffic"}

const ecsHookList = "BeforeInstall, AfterInstall, AfterAllowTestTraffic, BeforeAllowTraffic and AfterAllowTraffic"

// ecsHookEntry is one `EventName: FunctionName` of the Hooks section: a key
// of a list item, or of a Hooks mapping written without dashes (AS716).
type ecsHookEntry struct {
	Pair   *lint.Pair
	InList bool
}

// ecsHookEntries lists the hooks of an ECS appspec, in both forms.
func ecsHookEntries(s *lint.Spec) []ecsHookEntry {
	h := s.ServerlessHooks.ValueNode()
	var out []ecsHookEntry
	switch {
	case h == nil:
	case h.Kind == lint.MappingNode:
		for _, pair := range h.Pairs {
			out = append(out, ecsHookEntry{Pair: pair})
		}
	case h.Kind == lint.SequenceNode:
		for _, item := range h.Items {
			if item = item.Resolve(); item.Kind == lint.MappingNode {
				for _, pair := range item.Pairs {
					out = append(out, ecsHookEntry{Pair: pair, InList: true})
				}
			}
		}
	}
	return out
}

// ecsHooksEC2Form reports whether the hooks are written the EC2 way: an event
// holding a list of scripts (in a Hooks mapping, any list; in a Hooks list,
// a list of mappings such as `- location: ...`).
func ecsHooksEC2Form(entries []ecsHookEntry) bool {
	for _, e := range entries {
		v := e.Pair.ValueNode()
		if v == nil || v.Kind != lint.SequenceNode {
			continue
		}
		if !e.InList {
			return true
		}
		for _, it := range v.Items {
			if it.Resolve().Kind == lint.MappingNode {
				return true
			}
		}
	}
	return false
}

// ecsEC2Events explains the EC2/On-Premises events for an ECS author: what
// to use instead.
var ecsEC2Events = map[string]string{
	"ApplicationStop":    "did you mean BeforeInstall? It runs before the replacement task set is created",
	"ApplicationStart":   "did you mean AfterInstall? It runs once the replacement task set is created",
	"ValidateService":    "to validate the new tasks, use AfterAllowTestTraffic (after test traffic reaches them) or AfterAllowTraffic (after production traffic does)",
	"BeforeBlockTraffic": "ECS deployments have no block-traffic step; use BeforeAllowTraffic or AfterAllowTraffic",
	"AfterBlockTraffic":  "ECS deployments have no block-traffic step; use BeforeAllowTraffic or AfterAllowTraffic",
	"DownloadBundle":     "ECS deployments download nothing; use BeforeInstall",
}

// ecsSteps are the ECS lifecycle steps that CodeDeploy performs itself, with
// the hooks around them.
var ecsSteps = map[string]string{
	"Start":        "BeforeInstall",
	"Install":      "BeforeInstall or AfterInstall",
	"TestTraffic":  "AfterAllowTestTraffic",
	"AllowTraffic": "BeforeAllowTraffic or AfterAllowTraffic",
	"End":          "AfterAllowTraffic",
}

// EcsHooksListForm is AS716.
var EcsHooksListForm = &lint.Rule{
	ID: "AS716", Name: "ecs-hooks-list-form", Severity: lint.Error,
	Platforms: lint.ECS, Category: "ecs",
	Summary: "ECS: Hooks is a list of single-key `- EventName: FunctionName` items",
	Doc: `In an ECS appspec, Hooks is a list; each item is a mapping with one key, the
lifecycle event, whose value is the Lambda function to run:

    Hooks:
      - BeforeInstall: CheckBeforeInstall
      - AfterAllowTestTraffic: RunSmokeTests

A mapping without the dashes, two hooks in one item, or an item that is not a
mapping does not have this shape. The EC2/On-Premises form (an event holding
a list of "- location:" scripts) does not exist for ECS: an ECS deployment
has no instances to run scripts on; hooks are Lambda functions. The fix adds
the missing dashes, or splits an item in two.

Bad:

    Hooks:
      BeforeInstall: CheckBeforeInstall
      AfterAllowTestTraffic: RunSmokeTests

Good:

    Hooks:
      - BeforeInstall: CheckBeforeInstall
      - AfterAllowTestTraffic: RunSmokeTests
`,
	Document: func(p *lint.Pass) {
		hooks := p.Spec.ServerlessHooks
		v := hooks.ValueNode()
		if v.IsNull() {
			return
		}
		entries := ecsHookEntries(p.Spec)
		if ecsHooksEC2Form(entries) {
			var ec2 []string
			for _, e := range entries {
				if _, ok := ecsEC2Events[ecsKey(e.Pair)]; ok {
					ec2 = append(ec2, "`"+ecsKey(e.Pair)+"`")
				}
			}
			extra := ""
			if len(ec2) > 0 {
				extra = "; " + ecsJoin(ec2) + " are EC2 events that ECS does not have"
				if len(ec2) == 1 {
					extra = "; " + ec2[0] + " is an EC2 event that ECS does not have"
				}
			}
			p.Report(hooks.Key, "`%s` is written in the EC2/On-Premises form, events with lists of scripts; an ECS deployment runs no scripts, its hooks are Lambda functions, one list item each: `- BeforeInstall: MyCheckFunction` (events: %s)%s",
				ecsKey(hooks), ecsHookList, extra).Supersede(v)
			return
		}
		switch v.Kind {
		case lint.MappingNode:
			d := p.Report(hooks.Key, "`%s` is a mapping; in an ECS appspec it is a list, one `- EventName: FunctionName` item per hook", ecsKey(hooks))
			if edits, ok := ecsSplitPairs(p, v); ok {
				d.WithFix(lint.IntentFix, "write Hooks as a list", edits...)
			}
		case lint.SequenceNode:
			for i, item := range v.Items {
				ecsCheckHookItem(p, i, item.Resolve())
			}
		default:
			p.Report(v, "`%s` is %s; it must be a list of `- EventName: FunctionName` items", ecsKey(hooks), v.Describe())
		}
	},
}

func ecsCheckHookItem(p *lint.Pass, i int, item *lint.Node) {
	switch {
	case item.Kind == lint.MappingNode && len(item.Pairs) == 1:
		return
	case item.Kind == lint.MappingNode && len(item.Pairs) > 1:
		second := item.Pairs[1].Key
		d := p.Report(second, "item %d of Hooks holds %d hooks; each item holds one: start a new item for `%s` with `- `", i+1, len(item.Pairs), structKeyName(second))
		if edits, ok := ecsSplitHookItem(p, item); ok {
			d.WithFix(lint.IntentFix, "put each hook in its own item", edits...)
		}
	case item.IsEmpty():
		p.Report(ecsItemRange(p, item), "item %d of Hooks is empty; write `EventName: FunctionName` or remove it", i+1)
	default:
		p.Report(ecsItemRange(p, item), "item %d of Hooks is %s; it must be one `EventName: FunctionName` pair, such as `- BeforeInstall: MyCheckFunction`", i+1, item.Describe())
	}
}

// ecsSplitHookItem are the edits that give each key of a Hooks item after
// the first its own item.
func ecsSplitHookItem(p *lint.Pass, item *lint.Node) ([]lint.Edit, bool) {
	if item.Style == lint.Flow {
		return ecsSplitFlow(item, 1), true
	}
	if !ecsBlock(p, item) {
		return nil, false
	}
	first := item.Pairs[0].Key.Range.Start
	if first.Col < 3 || ecsCharAt(p, lint.Pos{Line: first.Line, Col: first.Col - 2}) != '-' {
		return nil, false
	}
	var edits []lint.Edit
	for _, pair := range item.Pairs[1:] {
		at := pair.Key.Range.Start
		if at.Col != first.Col || !ecsLinePrefixBlank(p, at) {
			return nil, false
		}
		dash := lint.Range{Start: lint.Pos{Line: at.Line, Col: at.Col - 2}, End: at}
		edits = append(edits, lint.Edit{Range: dash, NewText: "- "})
	}
	return edits, true
}

// EcsHookNames is AS717.
var EcsHookNames = &lint.Rule{
	ID: "AS717", Name: "ecs-hook-names", Severity: lint.Error,
	Platforms: lint.ECS, Category: "ecs",
	Summary: "ECS: hooks run only at BeforeInstall, AfterInstall, AfterAllowTestTraffic, BeforeAllowTraffic, AfterAllowTraffic",
	Doc: `An ECS deployment runs hook functions at five lifecycle events, in this order:
BeforeInstall, AfterInstall, AfterAllowTestTraffic, BeforeAllowTraffic and
AfterAllowTraffic. Any other name is rejected by AWS's AppSpec validator, and
the function never runs.

The common mix-up is an EC2/On-Premises event: ApplicationStop,
ApplicationStart, ValidateService, BeforeBlockTraffic and AfterBlockTraffic
exist only for instances. The message names the ECS event to use instead
(ApplicationStart: AfterInstall; ValidateService: AfterAllowTestTraffic or
AfterAllowTraffic). Start, Install, TestTraffic, AllowTraffic and End are
steps CodeDeploy performs itself and cannot run hooks. A misspelling of one of
the five is renamed by the fix; a name that differs only in case is a warning
with the same fix (AWS's validator compares names exactly).

Bad:

    Hooks:
      - ValidateService: CheckServiceHealth

Good:

    Hooks:
      - AfterAllowTraffic: CheckServiceHealth
`,
	Document: func(p *lint.Pass) {
		entries := ecsHookEntries(p.Spec)
		if ecsHooksEC2Form(entries) {
			return // AS716 explains the whole section
		}
		listed := map[string]bool{}
		for _, e := range entries {
			listed[ecsKey(e.Pair)] = true
		}
		for _, e := range entries {
			ecsCheckHookName(p, e.Pair.Key, listed)
		}
	},
}

func ecsCheckHookName(p *lint.Pass, key *lint.Node, listed map[string]bool) {
	name := structKeyName(key)
	if structFoldIn(name, ecsHookEvents) {
		for _, want := range ecsHookEvents {
			if name != want && strings.EqualFold(name, want) {
				p.Report(key, "`%s` is written `%s` in the docs; write it so (AWS's AppSpec validator compares hook names exactly)", name, want).
					WithSeverity(lint.Warning).
					WithFix(lint.IntentFix, "rename to "+want, structRenameKey(key, want))
			}
		}
		return
	}
	if advice, ok := ecsEC2Events[name]; ok {
		p.Report(key, "`%s` is an EC2/On-Premises event; an ECS deployment runs hooks only at %s, so this function never runs; %s", name, ecsHookList, advice)
		return
	}
	if use, ok := ecsSteps[name]; ok {
		p.Report(key, "`%s` is a step that CodeDeploy performs itself and cannot run a hook; use %s", name, use)
		return
	}
	if want := structSuggestKey(name, ecsHookEvents); want != "" && key.Kind == lint.ScalarNode {
		if listed[want] {
			p.Report(key, "`%s` is not an ECS hook%s `%s` is already listed: merge the two", name, didYouMean("`"+want+"`"), want)
			return
		}
		p.Report(key, "`%s` is not an ECS hook, so its function never runs%s", name, didYouMean("`"+want+"`")).
			WithFix(lint.IntentFix, "rename to "+want, structRenameKey(key, want))
		return
	}
	p.Report(key, "%s is not an ECS hook, so its function never runs; the hooks are %s", ecsCode(name), ecsHookList)
}

// EcsHookValue is AS718.
var EcsHookValue = &lint.Rule{
	ID: "AS718", Name: "ecs-hook-value", Severity: lint.Error,
	Platforms: lint.ECS, Category: "ecs",
	Summary: "ECS: each hook names the Lambda function to run",
	Doc: `The value of an ECS hook is the Lambda function that CodeDeploy invokes at
that event: its name, or its ARN. An empty value is rejected (AWS's
validator reports it; the official template leaves "" to fill in). A value
that is neither a function name (letters, digits, - and _) nor a Lambda
function ARN is a warning. Placeholders that a pipeline replaces are not
reported.

Bad:

    Hooks:
      - AfterAllowTestTraffic: ""

Good:

    Hooks:
      - AfterAllowTestTraffic: RunSmokeTests
`,
	Document: func(p *lint.Pass) {
		entries := ecsHookEntries(p.Spec)
		if ecsHooksEC2Form(entries) {
			return
		}
		for _, e := range entries {
			ecsCheckHookValue(p, e.Pair)
		}
	},
}

var ecsLambdaRef = lazyRE(`^(arn:aws[a-zA-Z-]*:lambda:[a-z0-9-]+:[0-9]{12}:function:|[0-9]{12}:function:)?[A-Za-z0-9_-]{1,140}(:(\$LATEST|[A-Za-z0-9_-]+))?$`)

func ecsCheckHookValue(p *lint.Pass, pair *lint.Pair) {
	v := pair.ValueNode()
	name := ecsKey(pair)
	switch {
	case v.IsNull():
		p.Report(pair.Key, "`%s` names no function; write the name or ARN of the Lambda function to run, or remove the hook", name)
		return
	case v.Kind != lint.ScalarNode:
		p.Report(v, "`%s` is %s; a hook names one Lambda function, by name or ARN", name, v.Describe())
		return
	}
	s := strings.TrimSpace(v.Value)
	switch {
	case s == "":
		p.Report(v, "`%s` is empty; write the name or ARN of the Lambda function to run, or remove the hook", name)
	case ecsPlaceholder(s) || ecsLambdaRef.MatchString(s):
	case strings.HasPrefix(s, "arn:"):
		p.Report(v, "%s is not the ARN of a Lambda function (arn:aws:lambda:<region>:<account>:function:<name>)", ecsCode(s)).
			WithSeverity(lint.Warning)
	default:
		p.Report(v, "%s is not a Lambda function name (letters, digits, `-` and `_`) or ARN", ecsCode(s)).
			WithSeverity(lint.Warning)
	}
}

// EcsTestTrafficHook is AS719.
var EcsTestTrafficHook = &lint.Rule{
	ID: "AS719", Name: "ecs-test-traffic-hook", Severity: lint.Info,
	Platforms: lint.ECS, Category: "ecs", OptIn: true,
	Summary: "ECS: AfterAllowTestTraffic runs only with a test listener",
	Doc: `A note (opt-in): AfterAllowTestTraffic runs after the test listener sends
traffic to the replacement task set. A deployment group without a test
listener has no test traffic step, and the hook does not run. To check the
new tasks without a test listener, use AfterInstall or BeforeAllowTraffic.

Bad:

    # deployment group without a test listener
    Hooks:
      - AfterAllowTestTraffic: RunSmokeTests

Good:

    Hooks:
      - BeforeAllowTraffic: RunSmokeTests
`,
	Document: func(p *lint.Pass) {
		for _, e := range ecsHookEntries(p.Spec) {
			if ecsKey(e.Pair) == "AfterAllowTestTraffic" {
				p.Report(e.Pair.Key, "AfterAllowTestTraffic runs only when the deployment group has a test listener; without one, this function is not called")
			}
		}
	},
}

// EcsHookCallback is AS720.
var EcsHookCallback = &lint.Rule{
	ID: "AS720", Name: "ecs-hook-callback", Severity: lint.Info,
	Platforms: lint.ECS, Category: "ecs", OptIn: true,
	Summary: "ECS: a hook function must report back to CodeDeploy within one hour",
	Doc: `A note (opt-in): CodeDeploy invokes the hook's Lambda function and then waits
for the function to call PutLifecycleEventHookExecutionStatus with the
deployment ID and the hook execution ID from its event, and a status of
Succeeded or Failed. Without that call within one hour the deployment fails.
A Failed status at AfterInstall or later can roll the deployment back; at
BeforeInstall no replacement task set exists yet, so there is nothing to roll
back.

Bad:

    # the function returns without calling PutLifecycleEventHookExecutionStatus
    Hooks:
      - AfterAllowTestTraffic: RunSmokeTests

Good:

    # the function calls PutLifecycleEventHookExecutionStatus when done
    Hooks:
      - AfterAllowTestTraffic: RunSmokeTests
`,
	Document: func(p *lint.Pass) {
		for _, e := range ecsHookEntries(p.Spec) {
			name := ecsKey(e.Pair)
			if !structFoldIn(name, ecsHookEvents) {
				continue
			}
			rollback := "a Failed status rolls the deployment back"
			if strings.EqualFold(name, "BeforeInstall") {
				rollback = "at BeforeInstall no replacement task set exists yet, so a Failed status cannot roll back"
			}
			p.Report(e.Pair.Key, "the %s function must call PutLifecycleEventHookExecutionStatus within one hour, or the deployment fails; %s", name, rollback)
		}
	},
}

func init() {
	register(EcsHooksListForm, EcsHookNames, EcsHookValue, EcsTestTrafficHook, EcsHookCallback)
}
