package rules

import (
	"path"
	"strings"

	"github.com/appspec-lint/appspec-lint/lint"
)

// PermissionsPatternDefault is AS405.
var PermissionsPatternDefault = &lint.Rule{
	ID: "AS405", Name: "permissions-pattern-default", Severity: lint.Info,
	Platforms: lint.EC2, Category: "permissions", OptIn: true,
	Summary: "without a pattern (or with \"**\") an entry applies to everything under object",
	Doc: `When pattern is omitted the agent uses "**": the entry applies to every file
and directory this deployment creates below object, at any depth (limited by
type). This is often what you want; the note is opt-in and only makes the
scope visible.

Bad:

    permissions:
      - object: /var/www/html
        mode: 755            # directories and files alike

Good:

    permissions:
      - object: /var/www/html
        pattern: "*.html"    # only the pages directly inside
        mode: 644
        type:
          - file
`,
	Permission: func(p *lint.Pass, perm *lint.Permission) {
		if !permIsLinuxEC2(p) || perm.Object == nil {
			return
		}
		in := permInfoOf(perm)
		if !in.patternOK || in.pattern != "**" {
			return
		}
		kinds := "file and directory"
		switch {
		case in.typesOK && in.file && !in.dir:
			kinds = "file"
		case in.typesOK && in.dir && !in.file:
			kinds = "directory"
		}
		if pat := perm.Pattern.ValueNode(); pat != nil && !pat.IsNull() {
			p.Report(pat, "pattern `**` applies this entry to every %s this deployment creates below %s, at any depth", kinds, permObjectText(in))
			return
		}
		p.Report(perm.Object.Key, "no pattern, so the agent uses `**`: this entry applies to every %s this deployment creates below %s, at any depth", kinds, permObjectText(in))
	},
}

// PermissionsPatternOnFileObject is AS406.
var PermissionsPatternOnFileObject = &lint.Rule{
	ID: "AS406", Name: "permissions-pattern-on-file-object", Severity: lint.Error,
	Platforms: lint.EC2, Category: "permissions",
	Summary: "a pattern on an object that is a copied file fails the deployment",
	Doc: `When object is a single file this deployment copies, the entry applies to that
file alone. If type includes file, the agent then requires pattern to be
omitted or "**" and fails the deployment during Install otherwise ("an invalid
pattern ..., such as a pattern for a file applied to a directory"). The rule
only fires when the files section clearly copies a file to object.

Bad:

    files:
      - source: config/app.conf
        destination: /etc/myapp
    permissions:
      - object: /etc/myapp/app.conf
        pattern: "*.conf"
        mode: 640

Good:

    files:
      - source: config/app.conf
        destination: /etc/myapp
    permissions:
      - object: /etc/myapp/app.conf
        mode: 640
`,
	Document: func(p *lint.Pass) {
		permEachOnCopiedFile(p, func(in permInfo, fe *lint.FileEntry) {
			if !in.patternOK || in.pattern == "**" {
				return
			}
			pat := in.perm.Pattern.ValueNode()
			p.Report(pat, "%s is a single file this deployment copies, so a pattern does not apply, and the agent fails the deployment on it; remove `pattern` (or set an object that is a directory)", permObjectText(in)).
				WithRelated(fe.Node, "the file is copied here")
		})
	},
}

// PermissionsExceptOnFileObject is AS407.
var PermissionsExceptOnFileObject = &lint.Rule{
	ID: "AS407", Name: "permissions-except-on-file-object", Severity: lint.Error,
	Platforms: lint.EC2, Category: "permissions",
	Summary: "except on an object that is a copied file fails the deployment",
	Doc: `When object is a single file this deployment copies and type includes file,
the agent requires except to be empty and fails the deployment during Install
otherwise ("the except parameter ... contains an invalid format").

Bad:

    files:
      - source: bin/app.jar
        destination: /opt/app
    permissions:
      - object: /opt/app/app.jar
        except: [app.log]
        mode: 750

Good:

    files:
      - source: bin/app.jar
        destination: /opt/app
    permissions:
      - object: /opt/app/app.jar
        mode: 750
`,
	Document: func(p *lint.Pass) {
		permEachOnCopiedFile(p, func(in permInfo, fe *lint.FileEntry) {
			if !in.exceptOK || len(in.excepts) == 0 {
				return
			}
			p.Report(in.perm.Except.ValueNode(), "%s is a single file this deployment copies, so `except` does not apply, and the agent fails the deployment on it; remove `except`", permObjectText(in)).
				WithRelated(fe.Node, "the file is copied here")
		})
	},
}

// permEachOnCopiedFile calls fn for each entry whose object is clearly a
// file this deployment copies and whose type includes file: the entries the
// agent checks with validate_file_permission and validate_file_acl.
func permEachOnCopiedFile(p *lint.Pass, fn func(in permInfo, fe *lint.FileEntry)) {
	if !permIsLinuxEC2(p) || len(p.Spec.PermEntries) == 0 {
		return
	}
	files := permFilesOf(p)
	if len(files.copied) == 0 {
		return
	}
	for _, perm := range p.Spec.PermEntries {
		in := permInfoOf(perm)
		if !in.objectOK || !in.abs || !in.typesOK || !in.file {
			continue
		}
		if fe := files.copied[in.object]; fe != nil {
			fn(in, fe)
		}
	}
}

// PermissionsExceptNeedsPattern is AS408.
var PermissionsExceptNeedsPattern = &lint.Rule{
	ID: "AS408", Name: "permissions-except-needs-pattern", Severity: lint.Info,
	Platforms: lint.EC2, Category: "permissions", OptIn: true,
	Summary: "except without pattern relies on the default pattern \"**\"",
	Doc: `The user guide describes except as exceptions to pattern. Without a pattern
the agent uses "**", so except still works; writing the pattern makes the
intent explicit. Style only, opt-in.

Bad:

    permissions:
      - object: /var/www/html
        except: [uploads]
        owner: www-data

Good:

    permissions:
      - object: /var/www/html
        pattern: "**"
        except: [uploads]
        owner: www-data
`,
	Permission: func(p *lint.Pass, perm *lint.Permission) {
		if !permIsLinuxEC2(p) || perm.Except == nil || perm.Except.ValueNode().IsEmpty() {
			return
		}
		if perm.Pattern != nil && !perm.Pattern.ValueNode().IsNull() {
			return
		}
		p.Report(perm.Except.Key, "`except` without `pattern`: the agent applies the default pattern `**`; write `pattern: \"**\"` to make that explicit")
	},
}

// PermissionsExceptForm is AS409.
var PermissionsExceptForm = &lint.Rule{
	ID: "AS409", Name: "permissions-except-form", Severity: lint.Error,
	Platforms: lint.EC2, Category: "permissions",
	Summary: "except must be a list of name globs",
	Doc: `except is a list of simple globs, even with one item: [a, b] or "- a" items.
The agent iterates over it, so a single value such as "except: *.log" (besides
being a YAML alias when unquoted) or "except: logs" crashes it, and the
deployment fails. Items must be text; a number or an empty item crashes the
agent when it compares names during Install. The reference lists a plain
string as a form problem; the agent crashes on it, so it is an error.

Bad:

    permissions:
      - object: /var/www/html
        except: uploads

Good:

    permissions:
      - object: /var/www/html
        except: [uploads]
`,
	Permission: func(p *lint.Pass, perm *lint.Permission) {
		if !permIsLinuxEC2(p) || perm.Except == nil {
			return
		}
		n := perm.Except.ValueNode()
		switch v := permLoad(n); v.Kind {
		case permRbNil, permRbOther:
			return
		case permRbHash:
			p.Report(n, "`except` is a mapping, but it must be a list of names or globs such as `[uploads, \"*.log\"]`; the agent crashes on it")
			return
		case permRbArray:
			for _, item := range n.Items {
				iv := permLoad(item)
				switch iv.Kind {
				case permRbString, permRbOther:
					continue
				case permRbNil:
					p.Report(item.Resolve(), "empty `except` item; the agent crashes on it when it matches names. Remove it")
				default:
					d := p.Report(item.Resolve(), "`except` item %s is read as %s, not text; the agent crashes on it when it matches names. Quote it", permCode(item.Resolve().Raw), iv.name())
					if item.Resolve().Kind == lint.ScalarNode && !item.Resolve().Tagged {
						d.WithFix(lint.IntentFix, "quote the item", lint.Edit{Range: item.Resolve().Range, NewText: `"` + item.Resolve().Value + `"`})
					}
				}
			}
			return
		}
		d := p.Report(n, "`except` must be a list; the agent crashes on the single value %s. Write `except: [%s]`", permCode(n.Raw), n.Value)
		if text, ok := permFlowList(n); ok {
			d.WithFix(lint.IntentFix, "make except a list", lint.Edit{Range: n.Range, NewText: text})
		}
	},
}

// PermissionsGlobNoSlash is AS410.
var PermissionsGlobNoSlash = &lint.Rule{
	ID: "AS410", Name: "permissions-glob-no-slash", Severity: lint.Warning,
	Platforms: lint.EC2, Category: "permissions",
	Summary: "pattern and except match names directly under object, never paths",
	Doc: `Apart from "**", pattern and except are simple globs (only * is a wildcard)
that the agent compares with the path of each copied object relative to
object, and a relative path that contains "/" never matches. So a pattern or
except item containing "/" does nothing: except: [/var/www/html/ReadMe.txt]
(as in the user guide's own example) excludes nothing, and a pattern such as
"*my-folder*" only reaches direct children, not deeper levels. Write the bare
name and set object to the directory that holds it.

Bad:

    permissions:
      - object: /var/www/html
        except: [/var/www/html/ReadMe.txt]
        mode: 644
        type:
          - file

Good:

    permissions:
      - object: /var/www/html
        except: [ReadMe.txt]
        mode: 644
        type:
          - file
`,
	Permission: func(p *lint.Pass, perm *lint.Permission) {
		if !permIsLinuxEC2(p) {
			return
		}
		in := permInfoOf(perm)
		if pat := perm.Pattern.ValueNode(); in.patternOK && in.pattern != "**" && strings.Contains(in.pattern, "/") {
			d := p.Report(pat, "pattern %s contains `/`, so it never matches: the agent compares it only with names directly inside %s; use a bare name glob and set `object` to the directory that holds the files", permCode(pat.Raw), permObjectText(in))
			permSlashFix(d, in, pat)
		}
		ex := perm.Except.ValueNode()
		if permLoad(ex).Kind != permRbArray {
			return
		}
		for _, item := range ex.Items {
			v := permLoad(item)
			if v.Kind != permRbString || !strings.Contains(v.Str, "/") {
				continue
			}
			d := p.Report(item.Resolve(), "`except` item %s contains `/`, so it never matches and excludes nothing: the agent compares it only with names directly inside %s", permCode(item.Resolve().Raw), permObjectText(in))
			permSlashFix(d, in, item.Resolve())
		}
	},
}

// permSlashFix offers the bare name when a glob is an absolute path whose
// directory is the object: then the name means exactly what was meant.
func permSlashFix(d *lint.Diagnostic, in permInfo, n *lint.Node) {
	v := permLoad(n)
	if !in.abs || v.Kind != permRbString || !strings.HasPrefix(v.Str, "/") || strings.HasSuffix(v.Str, "/") {
		return
	}
	clean := path.Clean(v.Str)
	if path.Dir(clean) != in.object {
		return
	}
	base := path.Base(clean)
	text := base
	if !permReSafeWord.MatchString(base) || strings.HasPrefix(base, "*") {
		text = `"` + base + `"`
	}
	d.WithFix(lint.IntentFix, "use the bare name "+base, lint.Edit{Range: n.Range, NewText: text})
}

func init() {
	register(PermissionsPatternDefault, PermissionsPatternOnFileObject, PermissionsExceptOnFileObject,
		PermissionsExceptNeedsPattern, PermissionsExceptForm, PermissionsGlobNoSlash)
}
