package rules

import (
	"fmt"
	"strings"

	"github.com/appspec-lint/appspec-lint/lint"
)

// permACE is one ACL entry as the agent's AceInfo reads it.
type permACE struct {
	Default bool
	Type    string // user, group, mask, other
	Name    string
}

// permACEError is why the agent rejects an entry: Base is set for the
// "use mode to set the base acl entry" failure (AS414), otherwise the entry
// breaks the grammar (AS413).
type permACEError struct {
	Base bool
	Msg  string
}

const permACLForm = "[d[efault]:][u[ser]|g[roup]|m[ask]|o[ther]:]name:perms"

// permParseACE follows AceInfo#initialize step by step: the entry is split
// on ":" into 2 to 4 parts, read from the right (perms, name, tag, default).
func permParseACE(s string) (permACE, *permACEError) {
	var ace permACE
	parts := strings.Split(s, ":")
	if s == "" {
		parts = nil // Ruby: "".split(":", -1) is []
	}
	n := len(parts)
	if n == 0 {
		return ace, &permACEError{Msg: fmt.Sprintf("it is empty; write %s, such as `u:bob:rw`", permACLForm)}
	}
	if n < 2 || n > 4 {
		return ace, &permACEError{Msg: fmt.Sprintf("it has %d colon-separated part%s; an entry has 2 to 4: %s, such as `u:bob:rw`", n, plural(n), permACLForm)}
	}
	// parts from the right: perms, name, tag, default
	perms, name := parts[n-1], parts[n-2]
	if n == 4 {
		if parts[0] != "d" && parts[0] != "default" {
			return ace, &permACEError{Msg: fmt.Sprintf("a 4-part entry must start with `d:` or `default:`, not `%s:`", parts[0])}
		}
		ace.Default = true
	}
	if n >= 3 {
		switch tag := parts[n-3]; tag {
		case "d", "default":
			if ace.Default {
				return ace, &permACEError{Msg: "`default` is given twice; write `d:u:name:perms` or `d:name:perms`"}
			}
			ace.Default = true
		case "m", "mask":
			ace.Type = "mask"
		case "o", "other":
			ace.Type = "other"
		case "g", "group":
			ace.Type = "group"
		case "u", "user":
			ace.Type = "user"
		case "":
			return ace, &permACEError{Msg: "the tag before the name is empty; write u[ser], g[roup], m[ask], o[ther] or d[efault] there, or drop the extra `:`"}
		default:
			hint := ""
			if g := suggest(tag, []string{"u", "user", "g", "group", "m", "mask", "o", "other", "d", "default"}, 2); g != "" && len(tag) > 1 {
				hint = didYouMean("`" + g + "`")
			}
			return ace, &permACEError{Msg: fmt.Sprintf("`%s` is not an ACL tag; use u[ser], g[roup], m[ask], o[ther] or d[efault]%s", tag, hint)}
		}
	}
	switch name {
	case "m", "mask":
		if ace.Type == "" {
			ace.Type = "mask"
		} else {
			ace.Name = "mask"
		}
	case "o", "other":
		if ace.Type == "" {
			ace.Type = "other"
		} else {
			ace.Name = "other"
		}
	default:
		if ace.Type == "" {
			ace.Type = "user"
		}
		ace.Name = name
	}
	if (ace.Type == "mask" || ace.Type == "other") && ace.Name != "" {
		article := "a"
		if ace.Type == "other" {
			article = "an"
		}
		return ace, &permACEError{Msg: fmt.Sprintf("%s `%s` entry cannot name a user or group (`%s`); write `%s::perms`", article, ace.Type, ace.Name, ace.Type[:1])}
	}
	if !ace.Default && ace.Type != "mask" && ace.Name == "" {
		return ace, &permACEError{Base: true}
	}
	if len(perms) == 1 && perms[0] >= '0' && perms[0] <= '7' {
		return ace, nil
	}
	for _, c := range perms {
		if c != 'r' && c != 'w' && c != 'x' && c != '-' {
			return ace, &permACEError{Msg: fmt.Sprintf("the permissions `%s` contain %s; use r, w, x and -, or one octal digit 0-7", perms, permShowChar(c))}
		}
	}
	return ace, nil
}

// permACLItems returns the acls list items that are text, with their
// reading; nil when acls is not a list.
func permACLItems(perm *lint.Permission) (items []*lint.Node, texts []string) {
	list := perm.Acls.ValueNode()
	if permLoad(list).Kind != permRbArray {
		return nil, nil
	}
	for _, item := range list.Items {
		if v := permLoad(item); v.Kind == permRbString {
			items = append(items, item.Resolve())
			texts = append(texts, v.Str)
		}
	}
	return items, texts
}

// PermissionsACLFormat is AS413.
var PermissionsACLFormat = &lint.Rule{
	ID: "AS413", Name: "permissions-acl-format", Severity: lint.Error,
	Platforms: lint.EC2, Category: "permissions",
	Summary: "an ACL entry the agent cannot parse fails the deployment",
	Doc: `Each acls entry is a setfacl-style text with 2 to 4 colon-separated parts:
an optional d: or default:, an optional tag (u[ser], g[roup], m[ask],
o[ther]; user when omitted), the user or group name, and the permissions,
written with r, w, x and - or as one octal digit 0-7. A mask or other entry
takes no name. Anything else fails the deployment ("Invalid acl entry" or
"contains an invalid character").

Bad:

    permissions:
      - object: /var/www/html
        acls:
          - u:bob:rwxd
          - m:bob:rw
          - x:u:bob:rw

Good:

    permissions:
      - object: /var/www/html
        acls:
          - u:bob:rwx
          - m::rw
          - d:u:bob:rw
`,
	Permission: func(p *lint.Pass, perm *lint.Permission) {
		if !permIsLinuxEC2(p) {
			return
		}
		items, texts := permACLItems(perm)
		for i, item := range items {
			if _, err := permParseACE(texts[i]); err != nil && !err.Base {
				p.Report(item, "ACL entry %s is invalid: %s", permCode(item.Raw), err.Msg)
			}
		}
	},
}

// PermissionsACLBaseEntry is AS414.
var PermissionsACLBaseEntry = &lint.Rule{
	ID: "AS414", Name: "permissions-acl-base-entry", Severity: lint.Error,
	Platforms: lint.EC2, Category: "permissions",
	Summary: "ACL entries for the owner, owning group or others must be set with mode",
	Doc: `An ACL entry without a user or group name (u::rw, g::r, o::r, or the two-part
o:r) is a base entry: it is part of the file's mode. The agent
refuses these and fails the deployment ("Use mode to set the base acl entry").
Set mode instead, and keep acls for named users and groups. Mask entries
(m::rw) and default entries (d:u::rw) are allowed.

Bad:

    permissions:
      - object: /var/www/html
        acls:
          - u::rwx
          - g::rx

Good:

    permissions:
      - object: /var/www/html
        mode: 750
        acls:
          - u:deploy:rwx
`,
	Permission: func(p *lint.Pass, perm *lint.Permission) {
		if !permIsLinuxEC2(p) {
			return
		}
		items, texts := permACLItems(perm)
		for i, item := range items {
			if ace, err := permParseACE(texts[i]); err != nil && err.Base {
				p.Report(item, "ACL entry %s has no user or group name, so it sets the %s permissions, which the agent refuses (\"use mode to set the base acl entry\"); %s",
					permCode(item.Raw), permBaseWho(ace.Type), permBaseHint(ace.Type))
			}
		}
	},
}

func permBaseWho(t string) string {
	switch t {
	case "user":
		return "owner's"
	case "group":
		return "owning group's"
	}
	return "others'"
}

func permBaseHint(t string) string {
	switch t {
	case "user":
		return "set them with `mode`, or name a user: `u:name:rw`"
	case "group":
		return "set them with `mode`, or name a group: `g:name:rw`"
	}
	return "set them with `mode`"
}

// PermissionsACLDefaultOnFile is AS415.
var PermissionsACLDefaultOnFile = &lint.Rule{
	ID: "AS415", Name: "permissions-acl-default-on-file", Severity: lint.Error,
	Platforms: lint.EC2, Category: "permissions",
	Summary: "a default (d:) ACL entry reaching a file fails the deployment",
	Doc: `Default ACL entries (d: or default:) are inherited by new files in a
directory, so they exist only on directories. The agent checks every file an
entry applies to and fails the deployment if the entry has a default ACL ("the
-d parameter ... is supported for directories only"). That happens when
object is a copied file, and also when object is a directory that receives
copied files and type includes file (the default). Put default entries in an
entry with type: [directory], and file ACLs in another with type: [file].

Bad:

    files:
      - source: site
        destination: /var/www/html
    permissions:
      - object: /var/www/html
        acls:
          - u:deploy:rwx
          - d:u:deploy:rwx

Good:

    files:
      - source: site
        destination: /var/www/html
    permissions:
      - object: /var/www/html
        acls:
          - u:deploy:rwx
          - d:u:deploy:rwx
        type:
          - directory
`,
	Document: func(p *lint.Pass) {
		if !permIsLinuxEC2(p) || len(p.Spec.PermEntries) == 0 {
			return
		}
		files := permFilesOf(p)
		for _, perm := range p.Spec.PermEntries {
			items, texts := permACLItems(perm)
			if len(items) == 0 {
				continue
			}
			in := permInfoOf(perm)
			if !in.objectOK || !in.abs || !in.typesOK || !in.file {
				continue
			}
			var why string
			var related *lint.FileEntry
			switch {
			case files.copied[in.object] != nil:
				related = files.copied[in.object]
				why = fmt.Sprintf("%s is a file this deployment copies", permObjectText(in))
			case files.known && in.patternOK && in.pattern == "**" && in.exceptOK && len(in.excepts) == 0 && files.receives(in.object):
				why = fmt.Sprintf("this entry also applies to the files copied below %s (its type includes `file`)", permObjectText(in))
			default:
				continue
			}
			for i, item := range items {
				ace, err := permParseACE(texts[i])
				if err != nil || !ace.Default {
					continue
				}
				fix := "remove it"
				if related == nil {
					fix = "add `type: [directory]` to this entry and put file ACLs in a separate entry with `type: [file]`"
				}
				d := p.Report(item, "default ACL entry %s applies only to directories, but %s, so the agent fails the deployment; %s", permCode(item.Raw), why, fix)
				if related != nil {
					d.WithRelated(related.Node, "the file is copied here")
				}
			}
		}
	},
}

// PermissionsACLListForm is AS416.
var PermissionsACLListForm = &lint.Rule{
	ID: "AS416", Name: "permissions-acl-list-form", Severity: lint.Error,
	Platforms: lint.EC2, Category: "permissions",
	Summary: "acls must be a list of text entries",
	Doc: `acls is a list of entries, even with one. The agent iterates over it and
splits each entry on ":", so a single value (acls: u:bob:rw), a mapping, or an
item that YAML 1.1 reads as something other than text (a number such as 1000:7,
which is base 60, or an empty item) crashes it and the deployment fails.

Bad:

    permissions:
      - object: /var/www/html
        acls: u:deploy:rwx

Good:

    permissions:
      - object: /var/www/html
        acls:
          - u:deploy:rwx
`,
	Permission: func(p *lint.Pass, perm *lint.Permission) {
		if perm.Acls == nil || !permIsLinuxEC2(p) {
			return
		}
		n := perm.Acls.ValueNode()
		switch v := permLoad(n); v.Kind {
		case permRbNil, permRbOther:
			return
		case permRbHash:
			p.Report(n, "`acls` is a mapping, but it must be a list of entries such as `- u:bob:rw`; the agent crashes on it")
			return
		case permRbArray:
			for _, item := range n.Items {
				iv := permLoad(item)
				switch iv.Kind {
				case permRbString, permRbOther:
				case permRbNil:
					p.Report(item.Resolve(), "empty ACL entry; the agent crashes on it. Remove it or write an entry such as `u:bob:rw`")
				default:
					it := item.Resolve()
					d := p.Report(it, "ACL entry %s is read by YAML 1.1 as %s, not text, and the agent crashes on it; quote it", permCode(it.Raw), iv.name())
					if it.Kind == lint.ScalarNode && !it.Tagged && it.Range.Start.Line == it.Range.End.Line {
						d.WithFix(lint.IntentFix, "quote the entry", lint.Edit{Range: it.Range, NewText: `"` + it.Value + `"`})
					}
				}
			}
			return
		}
		d := p.Report(n, "`acls` must be a list; the agent crashes on the single value %s. Write it as a list item: `- %s`", permCode(n.Raw), n.Value)
		if text, ok := permFlowList(n); ok {
			d.WithFix(lint.IntentFix, "make acls a list", lint.Edit{Range: n.Range, NewText: text})
		}
	},
}

func init() {
	register(PermissionsACLFormat, PermissionsACLBaseEntry, PermissionsACLDefaultOnFile, PermissionsACLListForm)
}
