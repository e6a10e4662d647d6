package rules

import (
	"strings"

	"github.com/appspec-lint/appspec-lint/lint"
)

// The top-level checks of Lambda and ECS AppSpec files. The resources and
// hooks themselves are the AS6xx (Lambda) and AS7xx (ECS) rules.

// VersionQuotedServerless is AS204.
var VersionQuotedServerless = &lint.Rule{
	ID: "AS204", Name: "version-quoted-serverless", Severity: lint.Info,
	Platforms: lint.Serverless, Category: "structure",
	Summary: "Lambda/ECS: write version as the bare 0.0 of the AWS examples",
	Doc: `For Lambda and ECS deployments the CodeDeploy service, not the EC2 agent, reads
the AppSpec. It appears to accept a quoted "0.0" (third-party tools send it and
the deployment succeeds), but every AWS example, in YAML and in JSON, writes the
bare number 0.0, and the same file deployed to EC2 would fail. This is advice,
not an error.

Bad:

    version: "0.0"
    Resources:
      - MyFunction:
          Type: AWS::Lambda::Function

Good:

    version: 0.0
    Resources:
      - MyFunction:
          Type: AWS::Lambda::Function
`,
	Document: func(p *lint.Pass) {
		n := structScalar(p.Spec.Version.ValueNode())
		if n == nil || !n.IsQuoted() {
			return
		}
		at := p.Spec.Version.Value
		p.Report(at, "version is the quoted string %s; AWS examples write the bare number, `version: 0.0`", n.Raw).
			WithFix(lint.IntentFix, "remove the quotes", lint.Edit{Range: at.Range, NewText: "0.0"})
	},
}

// OSForbiddenServerless is AS208.
var OSForbiddenServerless = &lint.Rule{
	ID: "AS208", Name: "os-forbidden-serverless", Severity: lint.Error,
	Platforms: lint.Serverless, Category: "structure",
	Summary: "os, files, permissions and file_exists_behavior exist only in EC2 appspecs",
	Doc: `A Lambda or ECS AppSpec has only version, Resources and Hooks. The os, files,
permissions and file_exists_behavior sections belong to the EC2/On-Premises
structure: there is no instance to copy files to or set permissions on. A file
that mixes both is usually an EC2 appspec with Resources pasted in, or the
other way round; split it, or remove the EC2 sections.

Bad:

    version: 0.0
    os: linux
    Resources:
      - MyFunction:
          Type: AWS::Lambda::Function

Good:

    version: 0.0
    Resources:
      - MyFunction:
          Type: AWS::Lambda::Function
`,
	Document: func(p *lint.Pass) {
		root := p.Spec.Root
		if root == nil {
			return
		}
		for _, pair := range root.Pairs {
			name := structKeyName(pair.Key)
			for _, k := range structEC2OnlyKeys {
				if strings.EqualFold(name, k) {
					p.Report(pair.Key, "`%s` belongs to EC2/On-Premises appspecs; %s appspec has only `version`, `Resources` and `Hooks`. Remove it, or keep the EC2 sections in a separate appspec", name, structPlatformName(p.Platform))
				}
			}
		}
	},
}

// structPlatformName names a serverless platform for messages, with its
// article: "a Lambda", "an ECS".
func structPlatformName(pl lint.Platform) string {
	if pl == lint.ECS {
		return "an ECS"
	}
	return "a Lambda"
}

// ResourcesRequired is AS209.
var ResourcesRequired = &lint.Rule{
	ID: "AS209", Name: "resources-required", Severity: lint.Error,
	Platforms: lint.Serverless, Category: "structure",
	Summary: "Lambda/ECS appspecs need a non-empty Resources list",
	Doc: `Resources names what a Lambda or ECS deployment shifts traffic for: the Lambda
function alias and versions, or the ECS service's task definition and
container. Without it, or with an empty list, the service rejects the AppSpec
as invalid. (A file is linted as Lambda or ECS when it has Resources, or when
--platform says so.)

Bad:

    version: 0.0
    Resources: []

Good:

    version: 0.0
    Resources:
      - MyFunction:
          Type: AWS::Lambda::Function
          Properties:
            Name: my-function
            Alias: live
            CurrentVersion: "1"
            TargetVersion: "2"
`,
	Document: func(p *lint.Pass) {
		root := structRoot(p)
		if root == nil {
			return
		}
		if root.Kind != lint.MappingNode {
			p.Report(structRootRange(p.Doc, root),
				"the appspec is %s, not a mapping of keys; %s appspec needs `version: 0.0` and a `Resources` list", root.Describe(), structPlatformName(p.Platform))
			return
		}
		res := root.GetFold("Resources")
		if res == nil {
			p.Report(firstKeyRange(root), "the appspec has no `Resources`; %s appspec must list the resource to deploy under `Resources:`", structPlatformName(p.Platform))
			return
		}
		if v := res.Value.Resolve(); v.IsEmpty() {
			p.Report(res.Key, "`%s` is empty; list the %s to deploy under it", structKeyName(res.Key), structResourceWord(p.Platform))
		}
	},
}

func structResourceWord(pl lint.Platform) string {
	if pl == lint.ECS {
		return "ECS service (`- TargetService:`)"
	}
	return "Lambda function"
}

// UnknownTopLevelKeyServerless is AS212.
var UnknownTopLevelKeyServerless = &lint.Rule{
	ID: "AS212", Name: "unknown-top-level-key-serverless", Severity: lint.Warning,
	Platforms: lint.Serverless, Category: "structure",
	Summary: "Lambda/ECS appspecs have only version, Resources and Hooks",
	Doc: `The Lambda and ECS AppSpec structure has three top-level keys: version,
Resources and Hooks. Anything else is not part of it; a misspelt Hooks means
no hook function runs. (The EC2-only sections os, files, permissions and
file_exists_behavior are reported by AS208; a key that differs only in case is
AS213.)

Bad:

    version: 0.0
    Resources:
      - MyFunction:
          Type: AWS::Lambda::Function
    Hook:
      - BeforeAllowTraffic: CheckBeforeTraffic

Good:

    version: 0.0
    Resources:
      - MyFunction:
          Type: AWS::Lambda::Function
    Hooks:
      - BeforeAllowTraffic: CheckBeforeTraffic
`,
	Document: func(p *lint.Pass) {
		root := p.Spec.Root
		if root == nil {
			return
		}
		for _, pair := range root.Pairs {
			name := structKeyName(pair.Key)
			if structFoldIn(name, structServerlessKeys) || structFoldIn(name, structEC2OnlyKeys) {
				continue
			}
			want := structSuggestKey(name, structServerlessKeys)
			if want == "" {
				p.Report(pair.Key, "`%s` is not an AppSpec key; %s appspec has only `version`, `Resources` and `Hooks`", name, structPlatformName(p.Platform))
				continue
			}
			d := p.Report(pair.Key, "`%s` is not an AppSpec key%s", name, didYouMean("`"+want+"`"))
			if root.GetFold(want) == nil && pair.Key.Kind == lint.ScalarNode {
				d.WithFix(lint.IntentFix, "rename to "+want, structRenameKey(pair.Key, want))
			}
		}
	},
}

// structFoldIn reports whether s equals one of list, ignoring case.
func structFoldIn(s string, list []string) bool {
	for _, l := range list {
		if strings.EqualFold(s, l) {
			return true
		}
	}
	return false
}

// structResourceKeys are the documented keys inside a Lambda or ECS resource,
// in their documented case.
var structResourceKeys = []string{
	"Type", "Properties",
	// Lambda
	"Name", "Alias", "CurrentVersion", "TargetVersion",
	// ECS
	"TaskDefinition", "LoadBalancerInfo", "ContainerName", "ContainerPort",
	"PlatformVersion", "NetworkConfiguration", "AwsvpcConfiguration",
	"Subnets", "SecurityGroups", "AssignPublicIp",
	"CapacityProviderStrategy", "Base", "CapacityProvider", "Weight",
}

// KeyCaseServerless is AS213.
var KeyCaseServerless = &lint.Rule{
	ID: "AS213", Name: "key-case-serverless", Severity: lint.Info,
	Platforms: lint.Serverless, Category: "structure",
	Summary: "Lambda/ECS keys are best written in the PascalCase of the AWS examples",
	Doc: `The AWS pages disagree on the case of Lambda and ECS keys: the structure
pages show resources, type and properties, while the examples, the templates
and AWS's own validator use Resources, Type, Properties, CurrentVersion,
TaskDefinition and so on. Whether the service matches keys without regard to
case is not documented, so write them as the examples do (version stays
lowercase). This rule checks the top-level keys, the TargetService key and the
keys inside each resource; hook event names are checked by the Lambda (AS609)
and ECS (AS717) rules.

Bad:

    version: 0.0
    resources:
      - myFunction:
          type: AWS::Lambda::Function
          properties:
            name: my-function

Good:

    version: 0.0
    Resources:
      - myFunction:
          Type: AWS::Lambda::Function
          Properties:
            Name: my-function
`,
	Document: func(p *lint.Pass) {
		root := p.Spec.Root
		if root == nil {
			return
		}
		for _, pair := range root.Pairs {
			structCheckCase(p, pair.Key, structServerlessKeys)
		}
		res := root.GetFold("Resources").ValueNode()
		var items []*lint.Node
		switch {
		case res == nil:
		case res.Kind == lint.SequenceNode:
			items = res.Items
		case res.Kind == lint.MappingNode:
			items = []*lint.Node{res}
		}
		for _, item := range items {
			item = item.Resolve()
			if item == nil || item.Kind != lint.MappingNode {
				continue
			}
			for _, pair := range item.Pairs {
				// The key of a resource is its logical name, free text,
				// except the documented TargetService of ECS.
				structCheckCase(p, pair.Key, []string{"TargetService"})
				structWalkCase(p, pair.Value, 0)
			}
		}
	},
}

// structCheckCase reports key when it equals one of want except for case.
func structCheckCase(p *lint.Pass, key *lint.Node, want []string) {
	if key.Kind != lint.ScalarNode {
		return
	}
	k := key.Value
	if k == "" {
		return
	}
	for _, w := range want {
		// Most keys differ from most names in their first letter already.
		if k[0] < 0x80 && lowerASCII(k[0]) != lowerASCII(w[0]) {
			continue
		}
		if k != w && lint.EqualFold(k, w) {
			p.Report(key, "`%s` is written `%s` in the AWS examples; use that case, as it is not documented whether other cases are accepted", key.Value, w).
				WithFix(lint.IntentFix, "rename to "+w, structRenameKey(key, w))
			return
		}
	}
}

// structWalkCase checks the keys of a resource body, down to the depth of
// the deepest documented key (CapacityProviderStrategy items, AwsvpcConfiguration).
func structWalkCase(p *lint.Pass, n *lint.Node, depth int) {
	n = n.Resolve()
	if n == nil || depth > 5 {
		return
	}
	switch n.Kind {
	case lint.MappingNode:
		for _, pair := range n.Pairs {
			structCheckCase(p, pair.Key, structResourceKeys)
			structWalkCase(p, pair.Value, depth+1)
		}
	case lint.SequenceNode:
		for _, item := range n.Items {
			structWalkCase(p, item, depth+1)
		}
	}
}

func init() {
	register(VersionQuotedServerless, OSForbiddenServerless, ResourcesRequired, UnknownTopLevelKeyServerless, KeyCaseServerless)
}
