package rules

import (
	"strings"

	"github.com/appspec-lint/appspec-lint/lint"
)

// HookRunasWindows is AS511.
var HookRunasWindows = &lint.Rule{
	ID: "AS511", Name: "hook-runas-windows", Severity: lint.Warning,
	Platforms: lint.EC2, Category: "hooks",
	Summary: "runas does nothing on Windows Server instances",
	Doc: `runas switches user with "su", which exists only on Linux. The Windows agent
ignores the key and runs every script as its own account (LocalSystem by
default), so a script that relies on runas runs with other rights than the
author expects. The user guide says to leave runas out on Windows; the fix
deletes the line.

Bad:

    os: windows
    hooks:
      AfterInstall:
        - location: scripts\configure.ps1
          runas: Administrator

Good:

    os: windows
    hooks:
      AfterInstall:
        - location: scripts\configure.ps1
`,
	Script: func(p *lint.Pass, s *lint.Script) {
		if s.Runas == nil || !p.Spec.IsWindows() {
			return
		}
		d := p.Report(s.Runas.Key, "runas is not supported on Windows Server instances: the agent ignores it and runs the script as its own account (LocalSystem by default); remove it")
		if span := s.Runas.Span(); hookOwnLines(p.Doc, span) && s.Node.Style != lint.Flow && len(s.Node.Pairs) > 1 && s.Node.Pairs[0] != s.Runas {
			d.WithFix(lint.IntentFix, "remove runas", hookDeleteLines(p.Doc, span))
		}
	},
}

// HookRunasPassword is AS512.
var HookRunasPassword = &lint.Rule{
	ID: "AS512", Name: "hook-runas-password", Severity: lint.Info,
	Platforms: lint.EC2, Category: "hooks", OptIn: true,
	Summary: "the runas user must exist and must not need a password",
	Doc: `With runas, the agent runs the script as "su <user> -c <script>". CodeDeploy
stores no password, so this works only when su needs none: the agent runs as
root (the default), and the user exists on the instance. An agent set up to
run as another user gets "su: must be run from a terminal" or an
authentication failure, and the script fails. runas: root is left alone.

Opt-in: a reminder for hover and review.

Bad:

    hooks:
      ApplicationStart:
        - location: scripts/start.sh
          runas: deploy

Good:

    hooks:
      ApplicationStart:
        - location: scripts/start.sh
          runas: deploy   # exists on the AMI; the agent runs as root
`,
	Script: func(p *lint.Pass, s *lint.Script) {
		if s.Runas == nil || !p.IsLinux() {
			return
		}
		v := s.Runas.ValueNode()
		if v.Kind != lint.ScalarNode || hookNil(v) {
			return
		}
		user := hookShort(strings.TrimSpace(v.Value))
		if user == "" || user == "root" {
			return
		}
		p.Report(v, "the agent runs this script with `su %s -c`: the user %s must exist on the instance, and this works without a password only while the agent runs as root", user, user)
	},
}

// HookSudo is AS513.
var HookSudo = &lint.Rule{
	ID: "AS513", Name: "hook-sudo-undocumented", Severity: lint.Info,
	Platforms: lint.EC2, Category: "hooks",
	Summary: "sudo is honoured by the agent but undocumented; any value but false means yes",
	Doc: `The agent accepts a sudo key in a script entry (not in the user guide): when
its value is true it runs the script with "sudo". It tests the value the Ruby
way, so everything except false, no, off and an empty value means yes: the
quoted text "false", the number 0, or n all turn sudo on. That is a real
mistake and is reported as a warning, with a fix writing false. On Windows
the agent ignores sudo (warning too). A value the agent's YAML reader
cannot load at all, a date or a float without digits such as .e+3, fails
the deployment (error). A plain sudo: true on Linux gets an info note that
the key is undocumented.

The rule runs by default: sudo is rare, and when present it is usually one
of these cases.

Bad:

    hooks:
      ApplicationStart:
        - location: scripts/start.sh
          sudo: "false"

Good:

    hooks:
      ApplicationStart:
        - location: scripts/start.sh
          sudo: false
`,
	Script: func(p *lint.Pass, s *lint.Script) {
		if s.Sudo == nil {
			return
		}
		n := s.Sudo.Value.Resolve()
		v := hookRuby(n)
		if !v.truthy() {
			return
		}
		// The load fails before any truth test, on Linux or Windows.
		if hookReportUnloadable(p, "sudo", n, "`sudo: true` or `sudo: false`") {
			return
		}
		if p.Spec.IsWindows() {
			p.Report(s.Sudo.Key, "sudo is ignored on Windows Server instances: the agent runs the script as its own account; remove it").
				WithSeverity(lint.Warning)
			return
		}
		if v.Kind == hookRubyTrue {
			p.Report(s.Sudo.Key, "sudo is not in the AppSpec documentation; the agent honours it and runs the script with `sudo`, but other tools may not know it")
			return
		}
		d := p.Report(n, "sudo is %s, which the agent treats as true (only false, no, off or an empty value turn it off), so the script runs with `sudo`; write `sudo: false` or `sudo: true`", hookSudoShow(n)).
			WithSeverity(lint.Warning)
		if hookLooksFalse(n) && hookSingleLine(n) {
			d.WithFix(lint.IntentFix, "write false", lint.Edit{Range: n.Range, NewText: "false"})
		}
	},
}

// hookSudoShow shows a sudo value in a message.
func hookSudoShow(n *lint.Node) string {
	if n.Kind != lint.ScalarNode {
		return n.Describe()
	}
	if n.IsQuoted() {
		return "the quoted text " + hookShort(n.Raw)
	}
	return hookShow(n)
}

// hookLooksFalse reports whether a scalar reads as "no" to a person.
func hookLooksFalse(n *lint.Node) bool {
	if n.Kind != lint.ScalarNode {
		return false
	}
	switch strings.ToLower(strings.TrimSpace(n.Value)) {
	case "false", "no", "off", "n", "0", "":
		return true
	}
	return false
}

func init() { register(HookRunasWindows, HookRunasPassword, HookSudo) }
