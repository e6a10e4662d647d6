package rules

import (
	"github.com/appspec-lint/appspec-lint/lint"
)

var permTypeNames = []string{"file", "directory"}

// PermissionsTypeValues is AS403.
var PermissionsTypeValues = &lint.Rule{
	ID: "AS403", Name: "permissions-type-values", Severity: lint.Error,
	Platforms: lint.EC2, Category: "permissions",
	Summary: "type items must be file or directory",
	Doc: `type lists the kinds of objects an entry applies to: file, directory, or both
(the default when type is omitted). The values are case-sensitive; anything
else fails the deployment ("object type not supported for permissions"). An
empty list is accepted but makes the entry apply to nothing.

Bad:

    permissions:
      - object: /var/www/html
        mode: 644
        type:
          - files

Good:

    permissions:
      - object: /var/www/html
        mode: 644
        type:
          - file
`,
	Permission: func(p *lint.Pass, perm *lint.Permission) {
		if perm.Type == nil || !permIsLinuxEC2(p) {
			return
		}
		list := perm.Type.ValueNode()
		if permLoad(list).Kind != permRbArray {
			return // AS404
		}
		if len(list.Items) == 0 {
			p.Report(list, "`type` is an empty list, so this entry applies to nothing; list `file` and/or `directory`, or remove `type` to apply to both").
				WithSeverity(lint.Warning)
			return
		}
		for _, item := range list.Items {
			v := permLoad(item)
			if v.Kind == permRbString && (v.Str == "file" || v.Str == "directory") {
				continue
			}
			if v.Kind == permRbNil {
				p.Report(item.Resolve(), "empty `type` item, and the agent fails the deployment; write `file` or `directory`")
				continue
			}
			guess := ""
			if v.Kind == permRbString {
				guess = suggest(v.Str, permTypeNames, 3)
			}
			d := p.Report(item.Resolve(), "`type` item %s is not supported, and the agent fails the deployment; use `file` or `directory`%s", permCode(item.Resolve().Raw), didYouMean(permTick(guess)))
			if guess != "" {
				d.WithFix(lint.IntentFix, "replace with "+guess, lint.Edit{Range: item.Resolve().Range, NewText: guess})
			}
		}
	},
}

// PermissionsTypeListForm is AS404.
var PermissionsTypeListForm = &lint.Rule{
	ID: "AS404", Name: "permissions-type-list-form", Severity: lint.Error,
	Platforms: lint.EC2, Category: "permissions",
	Summary: "type must be a list, not a single value",
	Doc: `type is a list, even with one item. The agent iterates over it, and a single
value such as "type: file" makes it crash with a Ruby error instead of a
message, so the deployment fails. The reference lists this as a warning; the
agent is the truth for EC2, so it is an error here.

Bad:

    permissions:
      - object: /var/www/html
        type: file

Good:

    permissions:
      - object: /var/www/html
        type:
          - file
`,
	Permission: func(p *lint.Pass, perm *lint.Permission) {
		if perm.Type == nil || !permIsLinuxEC2(p) {
			return
		}
		n := perm.Type.ValueNode()
		v := permLoad(n)
		switch v.Kind {
		case permRbNil, permRbArray, permRbOther:
			return
		case permRbHash:
			p.Report(n, "`type` is a mapping, but it must be a list such as `[file]` or `[file, directory]`; the agent crashes on it")
			return
		}
		if v.Kind == permRbString && (v.Str == "file" || v.Str == "directory") {
			d := p.Report(n, "`type` must be a list; the agent crashes on the single value %s. Write `type: [%s]`", permCode(n.Raw), v.Str)
			if text, ok := permFlowList(n); ok {
				d.WithFix(lint.IntentFix, "make type a list", lint.Edit{Range: n.Range, NewText: text})
			}
			return
		}
		p.Report(n, "`type` must be a list of `file` and/or `directory`; the agent crashes on the single value %s", permCode(n.Raw))
	},
}

// PermissionsTypeFileSemantics is AS422.
var PermissionsTypeFileSemantics = &lint.Rule{
	ID: "AS422", Name: "permissions-type-file-semantics", Severity: lint.Info,
	Platforms: lint.EC2, Category: "permissions", OptIn: true,
	Summary: "with pattern \"**\", type file reaches files at any depth",
	Doc: `The user guide says type file applies only to the files directly inside
object. The agent does that only for a pattern other than "**": with the
default pattern "**" it matches every file this deployment copies anywhere
below object, at any depth. Either way it never applies to a directory object
itself, and it only sees files this deployment copies, not files already on
the instance. This note is opt-in.

Bad:

    permissions:
      - object: /var/www/html
        mode: 644
        type:
          - file    # also matches /var/www/html/css/site.css

Good:

    permissions:
      - object: /var/www/html
        pattern: "*.html"
        mode: 644
        type:
          - file    # only *.html directly inside /var/www/html
`,
	Permission: func(p *lint.Pass, perm *lint.Permission) {
		if perm.Type == nil || !permIsLinuxEC2(p) {
			return
		}
		list := perm.Type.ValueNode()
		in := permInfoOf(perm)
		if permLoad(list).Kind != permRbArray || !in.patternOK || in.pattern != "**" {
			return
		}
		for _, item := range list.Items {
			if v := permLoad(item); v.Kind == permRbString && v.Str == "file" {
				p.Report(item.Resolve(), "with pattern `**`, `file` matches every copied file below %s at any depth, not only the files directly inside it as the user guide says", permObjectText(in))
				return
			}
		}
	},
}

func init() { register(PermissionsTypeValues, PermissionsTypeListForm, PermissionsTypeFileSemantics) }
