package rules

import (
	"strings"

	"github.com/appspec-lint/appspec-lint/lint"
)

// HookLocationRequired is AS504.
var HookLocationRequired = &lint.Rule{
	ID: "AS504", Name: "hook-location-required", Severity: lint.Error,
	Platforms: lint.EC2, Category: "hooks",
	Summary: "every script entry needs a location",
	Doc: `Each script entry names the script to run with location, a path relative to
the root of the revision. When location is missing, empty or null, the agent
fails the deployment with "script with no location value". A location that
is a list or a mapping is no path either: it is reported here too.

Two common causes get their own message and fix: a key spelled differently
(Location:, locaton:, path:), and a key of the entry above written as its own
list item (- timeout: 300 under - location: ...), which makes it a second
entry with no location.

Bad:

    hooks:
      AfterInstall:
        - location: scripts/install.sh
        - timeout: 180

Good:

    hooks:
      AfterInstall:
        - location: scripts/install.sh
          timeout: 180
`,
	Event: func(p *lint.Pass, ev *lint.Event) {
		var entry *lint.Node // the last entry with a location so far
		for _, s := range ev.Scripts {
			if s.Location == nil {
				hookMissingLocation(p, s, entry)
				continue
			}
			entry = s.Node
			hookCheckLocationValue(p, s)
		}
	},
}

// hookCheckLocationValue reports a location that is no path.
func hookCheckLocationValue(p *lint.Pass, s *lint.Script) {
	v := s.Location.Value.Resolve()
	switch {
	case hookNil(v):
		p.Report(s.Location.Key, "location is empty, and the agent fails the deployment with \"script with no location value\"; write the path of the script inside the revision, e.g. `location: scripts/start.sh`")
	case v.Kind == lint.ScalarNode && strings.TrimSpace(v.Value) == "":
		p.Report(v, "location is blank, and the agent fails the deployment with \"script with no location value\"; write the path of the script inside the revision, e.g. `location: scripts/start.sh`")
	case v.Kind != lint.ScalarNode:
		p.Report(v, "location is %s, but it must be the path of a script inside the revision, e.g. `location: scripts/start.sh`", v.Describe())
	}
}

// hookLocationAliases are keys people write for location.
var hookLocationAliases = map[string]bool{"path": true, "file": true, "script": true, "source": true, "src": true}

// hookMissingLocation reports a script entry without location; entry is the
// last entry of the same event that has one.
func hookMissingLocation(p *lint.Pass, s *lint.Script, entry *lint.Node) {
	event := s.Event.Name()
	for _, pair := range s.Node.Pairs {
		k := pair.Key.Value
		if hookIsScriptKey(k) {
			continue
		}
		if suggest(k, []string{"location"}, 2) != "" || hookLocationAliases[strings.ToLower(k)] {
			note := ""
			if strings.EqualFold(k, "location") {
				note = " (keys are case-sensitive)"
			}
			p.Report(pair.Key, "this script entry of %s has no `location`%s, so the agent fails the deployment with \"script with no location value\"; did you mean location instead of `%s`?", event, note, hookShort(k)).
				WithFix(lint.IntentFix, "rename the key to location", structRenameKey(pair.Key, "location"))
			return
		}
	}
	if entry != nil && len(s.Node.Pairs) > 0 && hookOnlyScriptKeys(s.Node) {
		first := s.Node.Pairs[0].Key
		loc := entry.Get("location").Key
		if hookEntryHasAny(entry, s.Node) {
			p.Report(first, "`%s` starts a list item of its own (the `- ` before it), so it is a script entry with no location and the agent fails the deployment with \"script with no location value\"; the entry on line %d already has `%s`: keep one of them and remove this item", first.Value, loc.Range.Start.Line, first.Value)
			return
		}
		d := p.Report(first, "`%s` starts a list item of its own (the `- ` before it), so it is a script entry with no location and the agent fails the deployment with \"script with no location value\"; remove the `- ` so that it belongs to the entry on line %d", first.Value, loc.Range.Start.Line)
		if dash, ok := hookDashBefore(p.Doc, s.Node.Range); ok && first.Range.Start.Col == loc.Range.Start.Col {
			d.WithFix(lint.IntentFix, "join the entry above", lint.Edit{Range: dash, NewText: strings.Repeat(" ", dash.End.Col-dash.Start.Col)})
		}
		return
	}
	at := firstKeyRange(s.Node)
	if len(s.Node.Pairs) == 0 {
		at = s.Node.Range // {}
	}
	p.Report(at, "this script entry of %s has no location, and the agent fails the deployment with \"script with no location value\"; add `location:` with the path of the script inside the revision", event)
}

// hookOnlyScriptKeys reports whether a mapping holds only script keys: a
// piece of the entry above written as a list item of its own.
func hookOnlyScriptKeys(m *lint.Node) bool {
	for _, pair := range m.Pairs {
		if !hookIsScriptKey(pair.Key.Value) {
			return false
		}
	}
	return true
}

// hookEntryHasAny reports whether entry already has one of piece's keys, so
// that joining them would make a duplicate.
func hookEntryHasAny(entry, piece *lint.Node) bool {
	for _, pair := range piece.Pairs {
		if entry.Get(pair.Key.Value) != nil {
			return true
		}
	}
	return false
}

// HookLocationRelative is AS505.
var HookLocationRelative = &lint.Rule{
	ID: "AS505", Name: "hook-location-relative", Severity: lint.Error,
	Platforms: lint.EC2, Category: "hooks",
	Summary: "location is a path inside the revision, not on the instance",
	Doc: `The agent finds a script by joining location onto the root of the unpacked
revision (Ruby's File.join), whatever it looks like. So:

- a path of the instance (/opt/tomcat/bin/startup.sh, /var/www/..., /home/...,
  ~/..., C:\...) is looked up inside the revision, is not there, and the
  deployment fails with "Script does not exist at specified location": error.
  The first directory decides what "of the instance" means: /bin, /boot,
  /dev, /etc, /home, /lib, /lib64, /media, /mnt, /opt, /proc, /root, /run,
  /sbin, /srv, /sys, /tmp, /usr and /var, plus ~, drive letters and UNC
  paths. When the linter can see the revision and the file is there after
  all, it says so at info level instead;
- a path with .. that leaves the revision is an error too;
- any other leading / is harmless: /scripts/start.sh runs scripts/start.sh
  from the revision. It is reported as info, with a fix that drops the
  slash, because readers take it for a path on the instance. (A leading \ on
  Windows, as in the user guide's \before-install.bat, is left alone.)

Bad:

    hooks:
      ApplicationStart:
        - location: /opt/tomcat/bin/startup.sh

Good:

    hooks:
      ApplicationStart:
        - location: scripts/start_tomcat.sh
`,
	Script: func(p *lint.Pass, s *lint.Script) {
		v := s.Location.ValueNode()
		if v == nil || v.Kind != lint.ScalarNode || hookNil(v) {
			return
		}
		path := strings.TrimSpace(v.Value)
		if path == "" {
			return
		}
		switch {
		case hookWindowsAbs(path):
			p.Report(v, "location %s is a path on the instance, but the agent looks for it inside the revision (it joins location onto the revision's root), so the deployment fails with \"Script does not exist at specified location\"; give the script's path inside the revision, e.g. `scripts\\%s`", hookShow(v), hookShort(hookBase(path)))
			return
		case strings.HasPrefix(path, "~"):
			p.Report(v, "location %s starts with `~`, which the agent does not expand: it looks for a folder named `~` inside the revision and fails with \"Script does not exist at specified location\"; give the script's path inside the revision, e.g. `scripts/%s`", hookShow(v), hookShort(hookBase(path)))
			return
		}
		name, ok := lint.CleanRevisionPath(path)
		if name == "." {
			return // no script name at all; AS506 reports what is not found
		}
		if !ok {
			p.Report(v, "location %s leaves the revision with `..`; the agent only runs scripts from inside the revision: give the script's path inside it", hookShow(v))
			return
		}
		// A leading \ on Windows is the user guide's own style (\before-install.bat)
		// and a leading \ on Linux is AS507's: only / is explained here.
		if path[0] != '/' {
			return
		}
		exists := hookRevisionHas(p.Doc, name)
		if first := strings.SplitN(name, "/", 2)[0]; hookHostDirs[first] && !exists {
			p.Report(v, "location %s looks like a path on the instance, but the agent joins it onto the revision's root and runs `%s` from the revision, which the bundle is unlikely to hold: the deployment fails with \"Script does not exist at specified location\". Put the script in the revision and give its path there (e.g. `scripts/%s`); to run a program already on the instance, call it from such a script", hookShow(v), hookShort(name), hookShort(hookBase(name)))
			return
		}
		d := p.Report(v, "location %s starts with `/`, but the agent reads it relative to the revision's root (it runs `%s` from the revision), not as a path on the instance; drop the leading `/` to make that clear", hookShow(v), hookShort(name)).
			WithSeverity(lint.Info)
		if fix, ok := hookStripSlashes(p.Doc, v); ok {
			d.WithFix(lint.IntentFix, "drop the leading `/`", fix)
		}
	},
}

// hookWindowsAbs reports whether path is an absolute Windows path: a drive
// (C:\ or C:/) or a share (\\server). (Plain code: it runs for every script.)
func hookWindowsAbs(path string) bool {
	if len(path) >= 3 && path[1] == ':' && (path[2] == '\\' || path[2] == '/') {
		c := path[0] | 0x20
		return 'a' <= c && c <= 'z'
	}
	return strings.HasPrefix(path, `\\`)
}

// hookHostDirs are first directories that mark a path of the instance.
var hookHostDirs = map[string]bool{
	"bin": true, "boot": true, "dev": true, "etc": true, "home": true, "lib": true, "lib64": true,
	"media": true, "mnt": true, "opt": true, "proc": true, "root": true, "run": true, "sbin": true,
	"srv": true, "sys": true, "tmp": true, "usr": true, "var": true,
}

// hookBase is the last element of a path written with / or \.
func hookBase(path string) string {
	path = strings.TrimRight(path, "/\\")
	if i := strings.LastIndexAny(path, "/\\"); i >= 0 {
		path = path[i+1:]
	}
	if path == "" {
		return "start.sh"
	}
	return path
}

// hookRevisionHas reports whether the revision beside the appspec is known
// and holds a file at name.
func hookRevisionHas(d *lint.Document, name string) bool {
	if d.Revision == nil {
		return false
	}
	info, err := d.Revision.Stat(name)
	return err == nil && !info.IsDir()
}

// hookStripSlashes is the edit removing the leading slashes of a one-line
// scalar whose text, inside any quotes, is its value.
func hookStripSlashes(d *lint.Document, v *lint.Node) (lint.Edit, bool) {
	if !hookSingleLine(v) || (v.IsQuoted() && v.Raw[1:len(v.Raw)-1] != v.Value) {
		return lint.Edit{}, false // escapes in the quotes: leave it to the author
	}
	start := d.Lines.Offset(v.Range.Start)
	if v.IsQuoted() {
		start++
	}
	end := start
	for end < len(d.Src) && d.Src[end] == '/' {
		end++
	}
	if end == start {
		return lint.Edit{}, false
	}
	if !v.IsQuoted() && !hookPlainReadsAs(strings.TrimLeft(v.Value, "/")) {
		// `/#x` without its slash is a comment, `/"` an open quote, `/123`
		// a number: the plain text would no longer be the path.
		return lint.Edit{}, false
	}
	return lint.Edit{Range: lint.Range{Start: d.Lines.PosAt(start), End: d.Lines.PosAt(end)}}, true
}

// hookPlainReadsAs reports whether s, written as a plain value, reads back
// as the string s.
func hookPlainReadsAs(s string) bool {
	if hookPlainPath(s) {
		return true
	}
	v := lint.Parse("appspec.yml", []byte("k: "+s+"\n")).Root.Val("k")
	return v != nil && v.Kind == lint.ScalarNode && v.Tag == "!!str" && v.Value == s
}

// hookPlainPath is hookPlainReadsAs's fast path for the usual script path:
// letters, digits, `_`, `-`, `.` and at least one `/`, starting with a letter,
// digit or `_`. No YAML number, boolean, null or date has a `/`, and none of
// those characters is an indicator there, so such a path reads as itself
// without the parse.
func hookPlainPath(s string) bool {
	if s == "" || !(s[0] == '_' || isAlnumASCII(s[0])) {
		return false
	}
	slash := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '/':
			slash = true
		case c == '_' || c == '-' || c == '.' || isAlnumASCII(c):
		default:
			return false
		}
	}
	return slash
}

func isAlnumASCII(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}

// HookLocationWhitespace is AS507.
var HookLocationWhitespace = &lint.Rule{
	ID: "AS507", Name: "hook-location-whitespace", Severity: lint.Warning,
	Platforms: lint.EC2, Category: "hooks",
	Summary: "location has spaces or shell characters: it is one file name, not a command",
	Doc: `location names one script file. The agent checks that a file of exactly that
name exists in the revision, then builds a command line from its full path
(prefixed with "su <user> -c" when runas is set) and lets a shell run it. So
arguments (location: scripts/deploy.sh prod), an interpreter in front
(location: sh scripts/deploy.sh), spaces in a file name, and shell characters
(; & | $ and the like, or \ on Linux) all break: the file is not found, or
the shell splits the name. Keep location a plain path and put commands and
arguments inside the script.

Bad:

    hooks:
      ValidateService:
        - location: sh ./validate.sh

Good:

    hooks:
      ValidateService:
        - location: validate.sh
`,
	Script: func(p *lint.Pass, s *lint.Script) {
		v := s.Location.ValueNode()
		if v == nil || v.Kind != lint.ScalarNode || hookNil(v) {
			return
		}
		path := strings.TrimSpace(v.Value) // the agent strips the ends
		if path == "" {
			return
		}
		if i := hookLocationSpace.index(path); i >= 0 {
			words := strings.Fields(path)
			hint := "name only the script file and put arguments inside the script"
			if hookInterpreters[words[0]] {
				hint = "name only the script file (`" + hookShort(words[len(words)-1]) + "`) and give the script a `#!` line for its interpreter"
			}
			p.Report(v, "location %s contains a space: the agent looks for a file with exactly that name and runs its path through a shell, so arguments and spaces break it; %s", hookShow(v), hint)
			return
		}
		meta := &hookShellMeta
		if p.Spec.IsWindows() || hookWindowsAbs(path) {
			meta = &hookWindowsMeta // a Windows path: AS505 reports it on Linux
		}
		if i := meta.index(path); i >= 0 {
			c := path[i]
			extra := ""
			if c == '\\' {
				extra = " (on Linux `\\` is not a path separator: use `/`)"
			}
			p.Report(v, "location %s contains `%c`, which the shell that runs the script reads as a special character%s; rename the script or its folder to use letters, digits, `.`, `-`, `_` and `/` only", hookShow(v), c, extra)
		}
	},
}

// The characters AS507 looks for in a location.
var (
	hookShellMeta     = newByteSet(";&|$`<>()*?[]{}'\"\\")
	hookWindowsMeta   = newByteSet("&|<>^%\"*?")
	hookLocationSpace = newByteSet(" \t\n")
)

var hookInterpreters = map[string]bool{
	"sh": true, "bash": true, "zsh": true, "source": true, ".": true, "sudo": true, "python": true,
	"python3": true, "node": true, "ruby": true, "perl": true, "powershell": true, "powershell.exe": true,
	"cmd": true, "cmd.exe": true, "pwsh": true,
}

func init() { register(HookLocationRequired, HookLocationRelative, HookLocationWhitespace) }
