package rules

import (
	"strings"

	"github.com/appspec-lint/appspec-lint/lint"
)

// ResourcesForbiddenEC2 is AS210.
var ResourcesForbiddenEC2 = &lint.Rule{
	ID: "AS210", Name: "resources-forbidden-ec2", Severity: lint.Warning,
	Platforms: lint.EC2, Category: "structure",
	Summary: "Resources belongs to Lambda/ECS appspecs; the EC2 agent ignores it",
	Doc: `Resources is the heart of a Lambda or ECS AppSpec, but the EC2/On-Premises
agent reads only version, os, files, permissions, hooks and
file_exists_behavior, and silently ignores the rest. A file with Resources is
normally linted as Lambda or ECS, so this rule speaks when the file is linted as
EC2 anyway (--platform ec2, or platform: ec2 in the config), or when the key is
a misspelling such as Resource: that platform detection does not recognise.
Either the platform is wrong, or the section was pasted from a Lambda/ECS
example and does nothing.

Bad:

    version: 0.0
    os: linux
    Resource:
      - TargetService:
          Type: AWS::ECS::Service

Good:

    version: 0.0
    os: linux
    files:
      - source: /
        destination: /var/www/html
`,
	Document: func(p *lint.Pass) {
		root := p.Spec.Root
		if root == nil {
			return
		}
		for _, pair := range root.Pairs {
			name := structKeyName(pair.Key)
			switch {
			case strings.EqualFold(name, "Resources"):
				p.Report(pair.Key, "`%s` is part of Lambda and ECS appspecs; the EC2/On-Premises agent ignores it. Remove it, or lint this file with `--platform lambda` or `--platform ecs` if that is where it is deployed", name)
			case structIsResourcesLike(name):
				p.Report(pair.Key, "`%s` looks like the `Resources` section of Lambda and ECS appspecs; the EC2/On-Premises agent ignores it. Remove it, or, for a Lambda or ECS deployment, spell it `Resources`", name)
			}
		}
	},
}

// UnknownTopLevelKey is AS211.
var UnknownTopLevelKey = &lint.Rule{
	ID: "AS211", Name: "unknown-top-level-key", Severity: lint.Warning,
	Platforms: lint.EC2, Category: "structure",
	Summary: "the EC2 agent reads only version, os, files, permissions, hooks and file_exists_behavior",
	Doc: `The EC2/On-Premises agent reads six top-level keys, exactly as written
(lowercase): version, os, files, permissions, hooks and file_exists_behavior.
Any other key is ignored without a word, so a misspelling silently drops a
whole section: with Hooks: (capital H, the Lambda/ECS spelling) no script runs;
with file_exist_behavior: the deployment keeps the default DISALLOW.

A lifecycle event written at the top level (ApplicationStart: at column 1,
often after a hooks: section whose other events are indented) is ignored
with its scripts: the message says which line hooks: is on, or that it is
missing, and the indentation the event needs; when the events directly
follow hooks: (or there is no hooks: at all) the fix indents them under it.

When the unknown key is a misspelling of version or os and the real key is
missing, the agent fails the deployment ("invalid version value ()",
"unsupported operating system ()"), so the finding is an error. Resources is
reported by AS210.

Bad:

    version: 0.0
    os: linux
    Hooks:
      AfterInstall:
        - location: scripts/install.sh

Good:

    version: 0.0
    os: linux
    hooks:
      AfterInstall:
        - location: scripts/install.sh
`,
	Document: func(p *lint.Pass) {
		root := p.Spec.Root
		if root == nil {
			return
		}
		renamed := map[string]bool{}
		for i, pair := range root.Pairs {
			key := pair.Key
			name := structKeyName(key)
			if key.Kind == lint.ScalarNode && structIn(name, structTopKeys) {
				continue
			}
			if strings.EqualFold(name, "Resources") || structIsResourcesLike(name) {
				continue // AS210
			}
			want := structSuggestKey(name, structTopKeys)
			if ev := canonIsTopEvent(pair); ev != "" {
				canonReportTopEvent(p, i, ev)
				continue
			}
			if want == "" && structNormalize(name) == "overwrite" {
				p.Report(key, "`%s` is not an AppSpec key and is ignored; to replace files that already exist, write `file_exists_behavior: OVERWRITE`", name)
				continue
			}
			if want == "" {
				p.Report(key, "`%s` is not an AppSpec key and the agent ignores it; the top-level keys are version, os, files, permissions, hooks and file_exists_behavior", name)
				continue
			}
			var d *lint.Diagnostic
			switch want {
			case "hooks", "files", "permissions":
				d = p.Report(key, "`%s` is not an AppSpec key, so the agent skips this whole section%s", name, didYouMean("`"+want+"`"))
			default:
				d = p.Report(key, "`%s` is not an AppSpec key and the agent ignores it%s", name, didYouMean("`"+want+"`"))
			}
			if root.Get(want) != nil {
				d.Message += " `" + want + "` is also present: merge the two"
				continue
			}
			if key.Kind == lint.ScalarNode && !renamed[want] {
				// Only one key may be renamed to want, or the fix would
				// write a duplicate key.
				renamed[want] = true
				d.WithFix(lint.IntentFix, "rename to "+want, structRenameKey(key, want))
			}
			// Without the real key the agent fails: AS201 and AS205 stay quiet
			// about a key that differs only in case, so this is the error.
			if strings.EqualFold(name, want) {
				switch want {
				case "version":
					d.WithSeverity(lint.Error)
					d.Message = "`" + name + "` is not `version`: keys are case-sensitive, so the agent finds no version and fails the deployment with \"invalid version value ()\"; write `version`"
				case "os":
					d.WithSeverity(lint.Error)
					d.Message = "`" + name + "` is not `os`: keys are case-sensitive, so the agent finds no os and fails the deployment with \"unsupported operating system ()\"; write `os`"
				}
			}
		}
	},
}

// structIsResourcesLike reports whether a key is a misspelling of Resources
// (Resource, Ressources), which platform detection does not recognise, so
// the file is linted as EC2.
func structIsResourcesLike(name string) bool {
	if structIn(name, structTopKeys) {
		return false // the common case: none is near Resources (TestTopKeysAreNotResourcesLike)
	}
	if len(name) < len("Resources")-2 {
		// Three characters short at least: farther than structSuggestKey
		// allows for a name that short, and no spelling of Resources.
		return false
	}
	return !strings.EqualFold(name, "Resources") && structSuggestKey(name, []string{"Resources"}) != ""
}

// structEC2Events are the EC2/On-Premises lifecycle event names.
var structEC2Events = []string{
	"ApplicationStop", "DownloadBundle", "BeforeInstall", "Install", "AfterInstall",
	"ApplicationStart", "ValidateService", "BeforeBlockTraffic", "BlockTraffic",
	"AfterBlockTraffic", "BeforeAllowTraffic", "AllowTraffic", "AfterAllowTraffic",
}

// structIn reports whether s is exactly one of list.
func structIn(s string, list []string) bool {
	for _, l := range list {
		if s == l {
			return true
		}
	}
	return false
}

func init() { register(ResourcesForbiddenEC2, UnknownTopLevelKey) }
