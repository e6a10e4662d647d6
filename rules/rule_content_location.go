package rules

import (
	"strings"

	"github.com/appspec-lint/appspec-lint/lint"
)

// HookLocationExists is AS506.
var HookLocationExists = &lint.Rule{
	ID: "AS506", Name: "hook-location-exists", Severity: lint.Error,
	Platforms: lint.EC2, Category: "hooks",
	Summary: "the script at location is not in the revision",
	Doc: `When an event comes, the agent joins each script's location onto the
directory it unpacked the revision in. If no file is there, the event fails
with "Script does not exist at specified location" (ScriptMissing). A
location that is a directory is found, but cannot be run, and the event
fails too.

The rule runs when the linter can see the revision (a directory or an
archive, not stdin), and reads paths as the agent on the file's os does: a
leading / is relative to the revision; on os: windows \ separates names;
on os: linux \ is part of a file name, so scripts\start.sh is one file named
"scripts\start.sh" (the rule offers to write scripts/start.sh when that
exists). A location with arguments (sh scripts/start.sh) is one file name
to the agent; the rule names the script it found in it.

ApplicationStop, BeforeBlockTraffic and AfterBlockTraffic run the scripts of
the last successful revision, not of this one. A script missing here does
not fail this deployment, but the next one, which runs this revision's
scripts for those events: there the finding is info, and a fix lands only on
the next deployment (a deployment stuck on it can be run with
--ignore-application-stop-failures). Events reserved for the agent (Install,
...) never run scripts and are AS503's.

A location that AS505 reports as a path of the instance (/opt/..., C:\...,
~/...) or as leaving the revision is not reported again here.

Bad:

    hooks:
      ApplicationStart:
        - location: scripts/start_server.sh   # the revision has scripts/start.sh

Good:

    hooks:
      ApplicationStart:
        - location: scripts/start.sh
`,
	Script: func(p *lint.Pass, s *lint.Script) {
		if p.Doc.Revision == nil || hookReserved(s.Event.Name()) != "" {
			return
		}
		v := s.Location.ValueNode()
		if v == nil || v.Kind != lint.ScalarNode || hookNil(v) {
			return
		}
		loc := v.Value
		if strings.TrimSpace(loc) == "" || contentHostPath(loc) {
			return // AS504, AS505
		}
		name, ok := contentResolve(p, loc)
		if !ok {
			return // AS505: leaves the revision
		}
		event := s.Event.Name()
		info, _, err := contentStat(p, name)
		var d *lint.Diagnostic
		switch {
		case err == nil && info.IsDir() && name == ".":
			d = p.Report(v, "location %s names the revision's root directory, not a script, so %s; give the path of the script file, e.g. `scripts/start.sh`", hookShow(v), contentFails(event, ""))
		case err == nil && info.IsDir():
			d = p.Report(v, "location %s is a directory of the revision, not a script: the agent finds it but cannot run it, so %s; name the script file inside it", hookShow(v), contentFails(event, ""))
		case err == nil || !contentIsMissing(err):
			return
		default:
			d = contentMissingScript(p, v, name, event)
		}
		if contentPreviousRevisionEvent(event) {
			d.WithSeverity(lint.Info)
		}
	},
}

// contentHostPath reports whether AS505 reports loc as a path of the
// instance: a drive letter or UNC path, ~, or a leading / before one of
// the instance's top directories (when no such file is in the revision
// either, which is AS505's condition; when it is there, it exists).
func contentHostPath(loc string) bool {
	loc = strings.TrimSpace(loc)
	if hookWindowsAbs(loc) || strings.HasPrefix(loc, "~") {
		return true
	}
	if !strings.HasPrefix(loc, "/") {
		return false
	}
	name, ok := lint.CleanRevisionPath(loc)
	return ok && hookHostDirs[strings.SplitN(name, "/", 2)[0]]
}

// contentMissingScript reports a location that names no file, with the
// likely intent when the revision shows it.
func contentMissingScript(p *lint.Pass, v *lint.Node, name, event string) *lint.Diagnostic {
	fails := contentFails(event, " with \"Script does not exist at specified location\"")
	if slash, ok := contentLinuxBackslash(p, v.Value); ok && slash != "." {
		d := p.Report(v, "location %s uses `\\`, which on Linux is part of a file name, not a separator: the revision has no file named `%s`, so %s; write `%s`", hookShow(v), hookShort(name), fails, hookShort(slash))
		if fix, ok := contentSlashFix(v); ok {
			d.WithFix(lint.IntentFix, "write / for \\", fix)
		}
		return d
	}
	if words := strings.Fields(v.Value); len(words) > 1 {
		for _, w := range words {
			if n, ok := contentResolve(p, w); ok && n != "." {
				if info, _, err := contentStat(p, n); err == nil && info.Mode().IsRegular() {
					return p.Report(v, "location %s is one file name to the agent, and the revision has no file of that name, so %s; write only the script's path, `%s`, and put commands and arguments inside the script", hookShow(v), fails, hookShort(w))
				}
			}
		}
	}
	return p.Report(v, "script %s is not in the revision, so %s; add the script or correct the path (it is relative to the revision's root, where the appspec is)", hookShow(v), fails)
}

func init() { register(HookLocationExists) }
