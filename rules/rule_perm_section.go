package rules

import (
	"strings"

	"github.com/appspec-lint/appspec-lint/lint"
)

// PermissionsWindows is AS401.
var PermissionsWindows = &lint.Rule{
	ID: "AS401", Name: "permissions-windows", Severity: lint.Error,
	Platforms: lint.EC2, Category: "permissions",
	Summary: "a permissions section fails deployments to Windows Server",
	Doc: `Permissions (owner, group, mode, ACLs, SELinux contexts) exist only for Amazon
Linux, Ubuntu Server and RHEL instances. With os: windows the agent fails the
deployment at the first permissions entry ("specifies file permissions, but
the deployment is targeting one or more Windows Server instances"). Remove the
whole section; an empty one is harmless.

Bad:

    version: 0.0
    os: windows
    files:
      - source: \app
        destination: C:\inetpub\app
    permissions:
      - object: C:\inetpub\app
        owner: IIS_IUSRS

Good:

    version: 0.0
    os: windows
    files:
      - source: \app
        destination: C:\inetpub\app
`,
	Document: func(p *lint.Pass) {
		sec := p.Spec.Permissions
		if sec == nil || !p.Spec.IsWindows() || sec.ValueNode().IsEmpty() {
			return
		}
		d := p.Report(sec.Key, "permissions are not supported on Windows Server instances, and with `os: windows` the agent fails the deployment at the first entry; remove the `permissions` section")
		if r, ok := permWholeLines(p.Doc, sec); ok {
			d.WithFix(lint.IntentFix, "remove the permissions section", lint.Edit{Range: r})
		}
	},
}

// permWholeLines is the range of the lines a top-level pair occupies, from
// the start of its key's line to the start of the line after its value, for
// a fix that deletes it. ok is false when the pair shares a line with
// something else.
func permWholeLines(doc *lint.Document, pair *lint.Pair) (lint.Range, bool) {
	start := pair.Key.Range.Start
	end := pair.Span().End
	if start.Col != 1 {
		return lint.Range{}, false
	}
	rest := doc.Lines.Line(end.Line)
	if off := doc.Lines.Offset(end) - doc.Lines.Offset(lint.Pos{Line: end.Line, Col: 1}); off < len(rest) {
		tail := strings.TrimSpace(rest[off:])
		if tail != "" && !strings.HasPrefix(tail, "#") {
			return lint.Range{}, false
		}
	}
	if end.Line < doc.Lines.LineCount() {
		return lint.Range{Start: start, End: lint.Pos{Line: end.Line + 1, Col: 1}}, true
	}
	return lint.Range{Start: start, End: doc.Lines.EndOfLine(end.Line)}, true
}

// PermissionsObjectRequired is AS402.
var PermissionsObjectRequired = &lint.Rule{
	ID: "AS402", Name: "permissions-object-required", Severity: lint.Error,
	Platforms: lint.EC2, Category: "permissions",
	Summary: "every permissions entry needs an object",
	Doc: `Each permissions entry is a mapping that starts with object, the path of the
copied file or directory it applies to. The agent fails the deployment when an
entry has no object, or an empty one ("a permission listed in the application
specification file has no object value"). The section itself must be a list:
an entry written without its leading "- ", or a bare path, crashes the agent.

Bad:

    permissions:
      - owner: ec2-user
        group: ec2-user

Good:

    permissions:
      - object: /var/www/html
        owner: ec2-user
        group: ec2-user
`,
	Document: func(p *lint.Pass) {
		if p.Spec.Permissions == nil || !permIsLinuxEC2(p) {
			return
		}
		sec := p.Spec.Permissions.ValueNode()
		switch permLoad(sec).Kind {
		case permRbNil:
			return
		case permRbArray:
		case permRbHash:
			msg := "`permissions` is a mapping, but it must be a list of entries, each starting with `- object:`; the agent cannot read a mapping here and fails"
			if sec.Get("object") != nil {
				msg = "`permissions` holds a single entry written without its leading `- `, so it is a mapping, which the agent cannot read; write `- object: ...` and indent the entry's other keys under it"
			}
			p.Report(sec, "%s", msg)
			return
		default:
			p.Report(sec, "`permissions` is %s, but it must be a list of entries, each starting with `- object:`", sec.Describe())
			return
		}
		for _, item := range sec.Items {
			item = item.Resolve()
			if item.Kind != lint.MappingNode {
				if item.IsNull() {
					p.Report(item, "empty permissions entry; the agent fails on it. Remove the `-` or write `- object: /path`")
				} else {
					p.Report(item, "this permissions entry is %s, not a mapping; write `- object: /path` with the entry's settings under it", item.Describe())
				}
				continue
			}
			permCheckObject(p, item)
		}
	},
}

func permCheckObject(p *lint.Pass, entry *lint.Node) {
	pair := entry.Get("object")
	if pair == nil {
		for _, kp := range entry.Pairs {
			if suggest(kp.Key.Value, []string{"object"}, 2) != "" {
				p.Report(kp.Key, "this permissions entry has no `object` key (keys are case-sensitive); did you mean `object`?").
					WithFix(lint.IntentFix, "rename the key to object", structRenameKey(kp.Key, "object"))
				return
			}
		}
		p.Report(firstKeyRange(entry), "this permissions entry has no `object`, and the agent fails the deployment; add `object:` with the path of the copied file or directory it applies to")
		return
	}
	v := permLoad(pair.ValueNode())
	switch {
	case v.Kind == permRbNil:
		p.Report(pair.Key, "`object` has no value, and the agent fails the deployment; give the path of the copied file or directory this entry applies to")
	case v.Kind == permRbString && strings.TrimSpace(v.Str) == "":
		p.Report(pair.Value, "`object` is empty, and the agent fails the deployment; give the path of the copied file or directory this entry applies to")
	}
}

func init() { register(PermissionsWindows, PermissionsObjectRequired) }
