package rules

import (
	"fmt"
	"path"
	"strconv"
	"strings"

	"github.com/appspec-lint/appspec-lint/lint"
)

// PermissionsOverlap is AS420.
var PermissionsOverlap = &lint.Rule{
	ID: "AS420", Name: "permissions-overlap", Severity: lint.Error,
	Platforms: lint.EC2, Category: "permissions",
	Summary: "two entries that apply to the same copied file fail the deployment",
	Doc: `The agent refuses to set permissions on one file twice: when a second entry
matches a file an earlier entry already matched, the deployment fails during
Install ("the permissions setting for (...) is specified more than once").
This happens with two entries for the same object that both apply to files
(for example both without a pattern), and with an entry for a directory
below another entry's object when the outer entry uses the default pattern
"**", which already reaches every copied file below it. The rule reports the
cases it can prove from the files section; merge the entries, or split them
by type or by disjoint patterns.

Bad:

    files:
      - source: app
        destination: /var/www/app
    permissions:
      - object: /var/www
        owner: www-data
      - object: /var/www/app
        mode: 750

Good:

    files:
      - source: app
        destination: /var/www/app
    permissions:
      - object: /var/www
        owner: www-data
        type:
          - directory
      - object: /var/www/app
        owner: www-data
        mode: 750
        type:
          - file
`,
	Document: func(p *lint.Pass) {
		if !permIsLinuxEC2(p) || len(p.Spec.PermEntries) < 2 {
			return
		}
		files := permFilesOf(p)
		permOverlaps(files, p.Spec.PermEntries, func(a, b permInfo, why string) {
			p.Report(b.perm.Object.Value, "%s; the agent fails the deployment (\"permissions setting ... is specified more than once\"). Merge the two entries, or split them with `type` or with patterns that do not overlap", why).
				WithRelated(a.perm.Object.Value, "the earlier entry")
		})
	},
}

// permOverlaps finds, for each entry, an earlier entry that provably sets
// permissions on the same copied file, without comparing every pair: it
// indexes earlier entries by object and by ancestor directory.
func permOverlaps(files permFiles, perms []*lint.Permission, report func(a, b permInfo, why string)) {
	type group struct {
		first, firstPlainEx, firstStar *permInfo
		byPattern                      map[string]*permInfo
	}
	groups := map[string]*group{}
	starAt := map[string][2]*permInfo{} // object -> first ** entry, first ** entry without except
	innerUnder := map[string]*permInfo{}

	// certain reports whether in provably matches a copied file below (or
	// at) its object by itself.
	certain := func(in *permInfo) bool {
		return files.copied[in.object] != nil ||
			(in.pattern == "**" && len(in.excepts) == 0 && files.receives(in.object))
	}
	for _, perm := range perms {
		in := permInfoOf(perm)
		b := &in
		if !in.objectOK || !in.abs || !in.typesOK || !in.file || !in.patternOK || !in.exceptOK {
			continue
		}
		var found *permInfo
		var why string
		// earlier records candidate a when it is the first conflict found;
		// reason formats the message with a's line.
		earlier := func(a *permInfo, reason func(line int) string) {
			if a != nil && found == nil {
				found, why = a, reason(a.perm.Object.Key.Range.Start.Line)
			}
		}
		obj := in.object
		g := groups[obj]
		if g == nil {
			g = &group{byPattern: map[string]*permInfo{}}
			groups[obj] = g
		}
		// Same object.
		switch {
		case files.copied[obj] != nil:
			earlier(g.first, func(line int) string {
				return fmt.Sprintf("this entry and the one on line %d both apply to `%s`, a file this deployment copies", line, obj)
			})
		case files.receives(obj) && len(in.excepts) == 0:
			all := func(line int) string {
				return fmt.Sprintf("this entry and the one on line %d both apply to the files copied below `%s`", line, obj)
			}
			if in.pattern == "**" {
				earlier(g.firstPlainEx, all)
			} else {
				earlier(g.firstStar, func(line int) string {
					return fmt.Sprintf("the entry on line %d (pattern `**`) already applies to every file copied below `%s`, including those matching `%s`", line, obj, in.pattern)
				})
				earlier(g.byPattern[in.pattern], func(line int) string {
					return fmt.Sprintf("this entry and the one on line %d both apply to any copied file matching `%s` in `%s`", line, in.pattern, obj)
				})
			}
		}
		// An earlier entry for an ancestor directory with pattern **.
		if found == nil && certain(b) && obj != "/" {
			what := "the files copied below `" + obj + "`"
			if files.copied[obj] != nil {
				what = "`" + obj + "`"
			}
			for dir := path.Dir(obj); ; dir = path.Dir(dir) {
				star := starAt[dir]
				a := star[0]
				if files.copied[obj] != nil && path.Dir(obj) == dir && (a == nil || len(a.excepts) > 0) {
					a = star[1] // a direct child can be excluded by except
				}
				if a != nil {
					earlier(a, func(line int) string {
						return fmt.Sprintf("the entry on line %d for `%s` (pattern `**`) already applies to every copied file below it, including %s", line, a.object, what)
					})
					break
				}
				if dir == "/" {
					break
				}
			}
		}
		// An earlier entry for a directory below this one, when this one is **.
		if found == nil && in.pattern == "**" {
			if a := innerUnder[obj]; a != nil && !(files.copied[a.object] != nil && path.Dir(a.object) == obj && len(in.excepts) > 0) {
				earlier(a, func(line int) string {
					return fmt.Sprintf("with pattern `**` this entry applies to every copied file below `%s`, including those of the entry on line %d for `%s`", obj, line, a.object)
				})
			}
		}
		if found != nil {
			report(*found, in, why)
		}

		// Index this entry for the ones after it.
		if g.first == nil {
			g.first = b
		}
		if len(in.excepts) == 0 {
			if g.firstPlainEx == nil {
				g.firstPlainEx = b
			}
			if in.pattern == "**" && g.firstStar == nil {
				g.firstStar = b
			}
			if g.byPattern[in.pattern] == nil {
				g.byPattern[in.pattern] = b
			}
		}
		if in.pattern == "**" {
			star := starAt[obj]
			if star[0] == nil {
				star[0] = b
			}
			if star[1] == nil && len(in.excepts) == 0 {
				star[1] = b
			}
			starAt[obj] = star
		}
		if certain(b) && obj != "/" {
			for dir := path.Dir(obj); ; dir = path.Dir(dir) {
				if innerUnder[dir] == nil {
					innerUnder[dir] = b
				}
				if dir == "/" {
					break
				}
			}
		}
	}
}

// PermissionsObjectOutsideFiles is AS421.
var PermissionsObjectOutsideFiles = &lint.Rule{
	ID: "AS421", Name: "permissions-object-outside-files", Severity: lint.Warning,
	Platforms: lint.EC2, Category: "permissions",
	Summary: "an object outside every files destination is never changed",
	Doc: `Permissions apply only to what this deployment creates: the files it copies
and the directories it makes, as listed in the files section. The agent
matches each entry against those paths; an object that is not at, above or
below any files destination matches nothing, and the entry silently does
nothing (files already on the instance are never touched). Likewise a relative
object never matches, and with no files section at all every entry is a no-op.
Point object at a copied path, or change the files already on the instance in
a hook script.

Bad:

    files:
      - source: app
        destination: /opt/app
    permissions:
      - object: /var/log/app
        owner: app

Good:

    files:
      - source: app
        destination: /opt/app
    permissions:
      - object: /opt/app
        owner: app
`,
	Document: func(p *lint.Pass) {
		if !permIsLinuxEC2(p) || len(p.Spec.PermEntries) == 0 {
			return
		}
		files := permFilesOf(p)
		if !files.known {
			return
		}
		guesses := 0
		for _, perm := range p.Spec.PermEntries {
			in := permInfoOf(perm)
			if !in.objectOK {
				continue
			}
			at := perm.Object.Value
			switch {
			case strings.Contains(in.object, "*"):
				dir, glob := path.Split(in.object)
				hint := "use `object` for the directory and `pattern` for the glob"
				if dir != "" && !strings.Contains(dir, "*") && glob != "" {
					hint = fmt.Sprintf("write `object: %s` and `pattern: \"%s\"`", path.Clean(dir), glob)
				}
				p.Report(at, "object %s contains `*`, but the agent reads `object` literally, as one path, so the entry matches nothing; %s", permObjectText(in), hint)
			case len(files.dests) == 0:
				p.Report(at, "this deployment copies no files (there are no `files` entries), so the entry does nothing: the agent sets permissions only on what `files` copies. Add the `files` mapping, or set permissions in a hook script")
			case !in.abs:
				if in.object[0] == '~' {
					continue // expanded to the agent's home directory; unknown here
				}
				// The agent expands a relative object against its working
				// directory, which for the system service is /.
				resolved := path.Clean("/" + in.object)
				if files.related(resolved) {
					continue
				}
				guess := ""
				if guesses < 20 { // each guess scans the files section
					guesses++
					guess = permGuessObject(files, in.object)
				}
				d := p.Report(at, "object %s is relative: the agent resolves it against its working directory (normally `/`) to `%s`, which this deployment does not copy, so the entry does nothing; write the absolute path%s", permObjectText(in), resolved, didYouMean(permTick(guess))).
					WithRelated(p.Spec.Files.Key, "files are copied here")
				if guess != "" && at.Resolve().Kind == lint.ScalarNode {
					text := guess
					if !permReSafeWord.MatchString(guess) {
						text = strconv.Quote(guess)
					}
					d.WithFix(lint.IntentFix, "use the copied path "+guess, lint.Edit{Range: at.Resolve().Range, NewText: text})
				}
			case !files.related(in.object):
				p.Report(at, "object %s is not at, above or below any `files` destination, so the entry does nothing: the agent sets permissions only on what this deployment copies. Point it at a copied path, or change existing files in a hook script", permObjectText(in)).
					WithRelated(p.Spec.Files.Key, "files are copied here")
			}
		}
	},
}

// permGuessObject proposes the copied path that a relative object most
// likely names, reading it as a path inside the bundle: "" unless exactly
// one files entry copies it.
func permGuessObject(files permFiles, obj string) string {
	// o is not empty: an object that resolves to / is above every
	// destination, and the caller asks only about unrelated objects.
	o := strings.TrimPrefix(path.Clean("/"+obj), "/")
	guess := ""
	for _, c := range files.copies {
		var g string
		switch {
		case c.rel == "":
			g = path.Join(c.dest, o)
		case o == c.rel && c.fileBase != "":
			g = path.Join(c.dest, c.fileBase)
		case o == c.rel:
			g = c.dest
		case strings.HasPrefix(o, c.rel+"/"):
			g = path.Join(c.dest, o[len(c.rel)+1:])
		default:
			continue
		}
		if guess != "" && g != guess {
			return "" // ambiguous
		}
		guess = g
	}
	return guess
}

func permTick(s string) string {
	if s == "" {
		return ""
	}
	return "`" + s + "`"
}

// PermissionsOwnerExists is AS423.
var PermissionsOwnerExists = &lint.Rule{
	ID: "AS423", Name: "permissions-owner-exists", Severity: lint.Info,
	Platforms: lint.EC2, Category: "permissions", OptIn: true,
	Summary: "owner and group must exist on the instance",
	Doc: `The agent looks owner and group up by name on the instance during Install; if
the user or group does not exist there, chown fails and so does the
deployment. This cannot be checked from the appspec; the note, opt-in, is a
reminder to create them first, for example in a BeforeInstall script, which
runs before the files are copied. root, which every instance has, is not
reported.

Bad:

    permissions:
      - object: /opt/app
        owner: appuser     # created only by a later hook

Good:

    permissions:
      - object: /opt/app
        owner: root
        group: root
`,
	Permission: func(p *lint.Pass, perm *lint.Permission) {
		if !permIsLinuxEC2(p) {
			return
		}
		for _, kv := range []struct {
			pair *lint.Pair
			what string
		}{{perm.Owner, "user"}, {perm.Group, "group"}} {
			if v := permLoad(kv.pair.ValueNode()); kv.pair == nil || v.Kind != permRbString || v.Str == "root" {
				continue
			}
			n := kv.pair.ValueNode()
			p.Report(n, "the %s %s must exist on the instance before Install, or chown fails and the deployment with it", kv.what, permCode(n.Raw))
		}
	},
}

func init() { register(PermissionsOverlap, PermissionsObjectOutsideFiles, PermissionsOwnerExists) }
