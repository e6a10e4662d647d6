package rules

import (
	"strings"

	"github.com/appspec-lint/appspec-lint/lint"
)

// FilesSourceExists is AS307.
var FilesSourceExists = &lint.Rule{
	ID: "AS307", Name: "files-source-exists", Severity: lint.Error,
	Platforms: lint.EC2, Category: "files",
	Summary: "a files source is not in the revision",
	Doc: `During Install the agent joins each source onto the directory it unpacked the
revision in. A directory there is copied with its contents; anything else is
copied as one file, so a source that does not exist fails the deployment with
"No such file or directory".

The rule runs when the linter can see the revision:

- an archive (zip, tar, tgz) is what CodeDeploy deploys, so a missing source
  is an error;
- a directory is often a source tree whose build output (dist/, target/)
  does not exist yet, so there a missing source is a warning. Ignore it when
  a build step creates the path before the revision is bundled.

Paths are read the way the agent on the file's os reads them. source: / (or
\ on Windows, or .) is the whole revision. A leading / is relative to the
revision. On os: windows, \ separates names (scripts\app is scripts/app),
and when the revision can list its folders names are compared without case,
as Windows does. On os: linux, \ is an ordinary character of a file name:
dist\app names one file "dist\app"; the rule says so and offers to write
dist/app. Wildcards are not expanded: target/*.war names a file literally
called "*.war", so the rule reports the pattern as missing and explains
why. A source with .. that leaves the revision can never be in it: that is an
error in a directory too.

Bad:

    files:
      - source: target/*.war
        destination: /opt/tomcat/webapps

Good:

    files:
      - source: target/app.war
        destination: /opt/tomcat/webapps
`,
	File: func(p *lint.Pass, f *lint.FileEntry) {
		rev := p.Doc.Revision
		v := filesPath(f.Source)
		if rev == nil || v == nil || filesIsRoot(v.Value) && !(contentOS(p) == "linux" && strings.Contains(v.Value, `\`)) {
			return
		}
		src := v.Value
		name, ok := contentResolve(p, src)
		if ok {
			_, _, err := contentStat(p, name)
			if err == nil || !contentIsMissing(err) {
				return
			}
		}
		archive := rev.Kind().IsArchive()
		where := "the revision directory"
		if archive {
			where = "the " + rev.Kind().String() + " revision"
		}
		const fails = "the deployment fails during Install with \"No such file or directory\""
		var d *lint.Diagnostic
		switch {
		case !ok:
			p.Report(v, "source %s leaves the revision with `..`, but the agent copies from the unpacked revision only, and %s; give a path inside the revision", filesShow(v), fails)
			return
		case contentGlob(src):
			hint := "name the file, or copy its whole directory"
			switch dir := contentGlobDir(name); {
			case dir == ".":
				hint = "name the file, or copy the whole revision with `source: " + contentSep(p) + "`"
			case dir != "":
				hint = "name the file, or copy the whole directory with `source: " + contentOSPath(p, dir) + "`"
			}
			d = p.Report(v, "source %s is a wildcard pattern, but the agent does not expand wildcards: it looks for a file literally named `%s`, which is not in %s, so %s; %s", filesShow(v), contentBase(name), where, fails, hint)
		default:
			if slash, found := contentLinuxBackslash(p, src); found {
				what := "write `" + slash + "`"
				if slash == "." {
					what = "for the whole revision write `/`"
				}
				d = p.Report(v, "source %s uses `\\`, which on Linux is part of a file name, not a separator: the agent looks for a file named `%s`, which is not in %s, so %s; %s", filesShow(v), hookShort(name), where, fails, what)
				if slash == "." {
					d.WithFix(lint.IntentFix, "write /", lint.Edit{Range: v.Range, NewText: "/"})
				} else if fix, ok := contentSlashFix(v); ok {
					d.WithFix(lint.IntentFix, "write / for \\", fix)
				}
				break
			}
			consequence := "; unless a build step creates it before the revision is bundled, " + fails
			if archive {
				consequence = ", so " + fails
			}
			d = p.Report(v, "source %s is not in %s%s; add it or correct the path (it is relative to the revision's root, where the appspec is)", filesShow(v), where, consequence)
		}
		if !archive {
			d.WithSeverity(lint.Warning)
		}
	},
}

// contentSep is the separator the file's os writes.
func contentSep(p *lint.Pass) string {
	if contentOS(p) == "windows" {
		return `\`
	}
	return "/"
}

// contentOSPath writes a revision name with the file's os separator.
func contentOSPath(p *lint.Pass, name string) string {
	return strings.ReplaceAll(name, "/", contentSep(p))
}

// contentBase is the last element of a slash-separated name.
func contentBase(name string) string {
	if i := strings.LastIndexByte(name, '/'); i >= 0 {
		return name[i+1:]
	}
	return name
}

func init() { register(FilesSourceExists) }
