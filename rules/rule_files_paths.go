package rules

import (
	"strings"
	"unicode/utf8"

	"github.com/appspec-lint/appspec-lint/lint"
)

// filesOS is the file's os when it is one the agent knows, else "" (missing
// or wrong: AS205/AS206 report it, and path style cannot be judged).
func filesOS(p *lint.Pass) string {
	switch v := p.Spec.OSValue(); v {
	case "linux", "windows":
		return v
	}
	return ""
}

// filesPath returns the path string of a source or destination pair: a
// non-empty scalar that the agent reads as a string. Anything else is
// AS301/AS302's business.
//
// An alias is skipped: the agent's YAML loader refuses aliases, and a
// finding here would point at the anchor rather than at the entry.
func filesPath(pair *lint.Pair) *lint.Node {
	if pair == nil || pair.Value.Kind == lint.AliasNode {
		return nil
	}
	v := structScalar(pair.Value)
	if v == nil || filesRubyKind(v) != "" {
		return nil
	}
	return v
}

// filesShow is a path value for messages: in backticks, shortened when long.
func filesShow(v *lint.Node) string {
	s := []rune(v.Value)
	if len(s) > 60 {
		return "`" + string(s[:57]) + "...`"
	}
	return "`" + string(s) + "`"
}

// FilesDestinationAbsolute is AS304.
var FilesDestinationAbsolute = &lint.Rule{
	ID: "AS304", Name: "files-destination-absolute", Severity: lint.Error,
	Platforms: lint.EC2, Category: "files",
	Summary: "destination must be a fully qualified path",
	Doc: `destination is the directory on the instance that the files are copied into,
and the docs require a fully qualified path: /var/www/html on Linux, c:\inetpub
or \\server\share on Windows. The agent does not check it: a relative path such
as "." or "app" is resolved against the agent's own working directory, so the
files land somewhere no one looks and the deployment reports success. Neither
~ nor environment variables ($HOME, %APPDATA%) are expanded: they become
directories with those literal names. A destination in the style of the other
operating system is AS305.

Bad:

    os: linux
    files:
      - source: /
        destination: app

Good:

    os: linux
    files:
      - source: /
        destination: /home/ec2-user/app
`,
	File: func(p *lint.Pass, f *lint.FileEntry) {
		v := filesPath(f.Destination)
		if v == nil {
			return
		}
		d := v.Value
		os := filesOS(p)
		switch {
		case strings.HasPrefix(d, "/") && os != "windows":
			return
		case structWindowsAbs(d) && os != "linux":
			return
		case os == "linux" && structWindowsAbs(d), os == "windows" && strings.HasPrefix(d, "/"):
			return // AS305
		}
		example := "/var/www/html"
		if os == "windows" {
			example = `c:\inetpub\wwwroot`
		}
		switch {
		case strings.HasPrefix(d, "~/"):
			p.Report(v, "destination %s starts with `~`, which the agent does not expand: it creates a directory named `~`; write the full path, e.g. `/home/ec2-user%s`", filesShow(v), strings.TrimPrefix(d, "~"))
		case strings.HasPrefix(d, "$") || strings.HasPrefix(d, "%"):
			p.Report(v, "destination %s starts with an environment variable, which the agent does not expand; write the full path, e.g. `%s`", filesShow(v), example)
		case strings.TrimSpace(d) == "":
			p.Report(v, "destination is blank; write the fully qualified directory to copy to, e.g. `%s`", example)
		default:
			p.Report(v, "destination %s is a relative path: the agent resolves it against its own working directory, not the application's; write a fully qualified path, e.g. `%s`", filesShow(v), example)
		}
	},
}

// FilesDestinationOSStyle is AS305.
var FilesDestinationOSStyle = &lint.Rule{
	ID: "AS305", Name: "files-destination-os-style", Severity: lint.Warning,
	Platforms: lint.EC2, Category: "files",
	Summary: "the destination's path style contradicts os",
	Doc: `A destination such as c:\app in a file with os: linux is, on Linux, a
relative path with a colon and backslashes in its name; /var/www in a file with
os: windows is taken by the Windows agent on the current drive (C:\var\www).
Either the os line or the path is wrong: a revision deploys to one operating
system (see AS207).

Bad:

    os: linux
    files:
      - source: /
        destination: c:\inetpub\wwwroot

Good:

    os: windows
    files:
      - source: \
        destination: c:\inetpub\wwwroot
`,
	File: func(p *lint.Pass, f *lint.FileEntry) {
		v := filesPath(f.Destination)
		if v == nil {
			return
		}
		switch os := filesOS(p); {
		case os == "linux" && structWindowsAbs(v.Value) && !strings.HasPrefix(v.Value, "//"):
			p.Report(v, "destination %s is a Windows path, but os is linux: on Linux it is a relative path with that odd name. Use a Linux path such as `/var/www/html`, or set `os: windows`", filesShow(v))
		case os == "windows" && strings.HasPrefix(v.Value, "/") && !strings.HasPrefix(v.Value, "//"):
			p.Report(v, "destination %s is a Linux path, but os is windows: the Windows agent puts it on the current drive. Write the drive, e.g. `c:%s`, or set `os: linux`", filesShow(v), strings.ReplaceAll(v.Value, "/", `\`))
		}
	},
}

// filesIsRoot reports whether source names the whole revision.
func filesIsRoot(s string) bool {
	switch s {
	case "/", `\`, ".", "./", `.\`:
		return true
	}
	return false
}

// FilesSourceRootOS is AS306.
var FilesSourceRootOS = &lint.Rule{
	ID: "AS306", Name: "files-source-root-os", Severity: lint.Info,
	Platforms: lint.EC2, Category: "files", OptIn: true,
	Summary: "Windows appspecs write the whole revision as source: \\",
	Doc: `The docs write the whole revision as source: / on Linux and source: \ on
Windows. The agent joins either one to the revision's directory, so both work
everywhere; this is only the documented convention, and off by default (turn it
on with --enable AS306).

Bad:

    os: windows
    files:
      - source: /
        destination: c:\inetpub\wwwroot

Good:

    os: windows
    files:
      - source: \
        destination: c:\inetpub\wwwroot
`,
	File: func(p *lint.Pass, f *lint.FileEntry) {
		v := filesPath(f.Source)
		if v == nil || filesOS(p) != "windows" || v.Value != "/" {
			return
		}
		p.Report(v, "the Windows convention for the whole revision is `source: \\`; `/` works the same with the agent").
			WithFix(lint.IntentFix, "write \\", lint.Edit{Range: v.Range, NewText: `\`})
	},
}

// FilesSourceLeadingSlash is AS308.
var FilesSourceLeadingSlash = &lint.Rule{
	ID: "AS308", Name: "files-source-leading-slash", Severity: lint.Info,
	Platforms: lint.EC2, Category: "files", OptIn: true,
	Summary: "a source with a leading / is still relative to the revision",
	Doc: `source is always a path inside the revision, relative to the appspec: the agent
joins it to the directory the revision was unpacked in. source: /dist therefore
means the dist directory of the revision, not /dist on the build machine or the
instance. The leading / works, but reads like an absolute path; dist says the
same thing plainly. (A lone / is the whole revision and is fine.) This is
style advice, off by default; turn it on with --enable AS308.

Bad:

    files:
      - source: /dist
        destination: /var/www/html

Good:

    files:
      - source: dist
        destination: /var/www/html
`,
	File: func(p *lint.Pass, f *lint.FileEntry) {
		v := filesPath(f.Source)
		if v == nil || filesIsRoot(v.Value) {
			return
		}
		s := v.Value
		sep := "/"
		if filesOS(p) == "windows" && strings.HasPrefix(s, `\`) && !strings.HasPrefix(s, `\\`) {
			sep = `\`
		}
		if !strings.HasPrefix(s, sep) || strings.HasPrefix(s, sep+sep) {
			return
		}
		// Not empty: a lone separator is the root (filesIsRoot), and two
		// leading ones were ruled out above.
		rel := strings.TrimLeft(s, sep)
		text := rel
		if v.Style != lint.Plain {
			text = "'" + strings.ReplaceAll(rel, "'", "''") + "'"
		}
		p.Report(v, "source %s is relative to the revision root even with the leading `%s`; write `%s` to make that plain", filesShow(v), sep, rel).
			WithFix(lint.IntentFix, "drop the leading "+sep, lint.Edit{Range: v.Range, NewText: text})
	},
}

// filesMaxPath is the Windows path limit without long-path support.
const filesMaxPath = 260

// FilesWindowsLongPath is AS313.
var FilesWindowsLongPath = &lint.Rule{
	ID: "AS313", Name: "files-windows-long-path", Severity: lint.Warning,
	Platforms: lint.EC2, Category: "files",
	Summary: "Windows: a destination path longer than 260 characters fails",
	Doc: `Windows limits paths to 260 characters unless long paths are enabled. A deeper
destination fails during Install with "No such file or directory @
dir_s_mkdir". The fix is on the instance: set the LongPathsEnabled registry
value, use agent 1.4.0 or later, and restart the agent; or choose a shorter
destination. The rule counts the destination plus the name of a copied file
(for a single-file source); the files inside a copied directory make the real
paths longer still.

Bad:

    os: windows
    files:
      - source: \
        destination: c:\inetpub\wwwroot\a-very-long-directory-name\...\(more than 260 characters)

Good:

    os: windows
    files:
      - source: \
        destination: c:\inetpub\wwwroot\app
`,
	File: func(p *lint.Pass, f *lint.FileEntry) {
		v := filesPath(f.Destination)
		if v == nil || filesOS(p) != "windows" {
			return
		}
		full := strings.TrimRight(v.Value, `\/`)
		if src := filesPath(f.Source); src != nil && filesFileLike(src.Value) {
			full += `\` + filesBase(src.Value)
		}
		if n := utf8.RuneCountInString(full); n > filesMaxPath {
			p.Report(v, "the installed path is %d characters long (`%s...`); Windows fails beyond %d unless LongPathsEnabled is set on the instance and the agent (1.4.0 or later) restarted. Use a shorter destination",
				n, string([]rune(full)[:30]), filesMaxPath)
		}
	},
}

// FilesNonASCIIName is AS315.
var FilesNonASCIIName = &lint.Rule{
	ID: "AS315", Name: "files-non-ascii-name", Severity: lint.Info,
	Platforms: lint.EC2, Category: "files",
	Summary: "non-ASCII characters in a source or destination path",
	Doc: `File names with non-ASCII characters (accents, non-Latin scripts, typographic
quotes or dashes pasted from a document) have made the agent fail with "source
sequence is illegal/malformed utf-8", notably on Windows, where names pass
through the system code page. Prefer plain ASCII names, and check that a
lookalike character (an en dash, a non-breaking space) did not slip in.

Bad:

    files:
      - source: données
        destination: /var/www/html

Good:

    files:
      - source: donnees
        destination: /var/www/html
`,
	File: func(p *lint.Pass, f *lint.FileEntry) {
		for _, pair := range []*lint.Pair{f.Source, f.Destination} {
			v := filesPath(pair)
			if v == nil {
				continue
			}
			for _, r := range v.Value {
				if r >= utf8.RuneSelf {
					p.Report(v, "%s %s contains the non-ASCII character %q (U+%04X); such names have failed deployments with \"malformed utf-8\" errors, notably on Windows", pair.Key.Value, filesShow(v), r, r)
					break
				}
			}
		}
	},
}

func init() {
	register(FilesDestinationAbsolute, FilesDestinationOSStyle, FilesSourceRootOS, FilesSourceLeadingSlash, FilesWindowsLongPath, FilesNonASCIIName)
}
