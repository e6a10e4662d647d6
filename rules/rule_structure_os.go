package rules

import (
	"path"
	"strings"

	"github.com/appspec-lint/appspec-lint/lint"
)

// OSRequired is AS205.
var OSRequired = &lint.Rule{
	ID: "AS205", Name: "os-required", Severity: lint.Error,
	Platforms: lint.EC2, Category: "structure",
	Summary: "an EC2/On-Premises appspec must declare os: linux or os: windows",
	Doc: `The EC2/On-Premises agent checks os right after version and accepts only its
own operating system. Without an os key the deployment fails with "unsupported
operating system ()". A file that is not a mapping of keys at all (a list, or a
single value) has no os either, and the agent fails on it.

When the file gives a hint (a Windows destination such as c:\app, .ps1 or .bat
hook scripts, or Linux paths and .sh scripts) the fix inserts the matching os
line after version.

Bad:

    version: 0.0
    files:
      - source: /
        destination: /var/www/html

Good:

    version: 0.0
    os: linux
    files:
      - source: /
        destination: /var/www/html
`,
	Document: func(p *lint.Pass) {
		root := structRoot(p)
		if root == nil {
			return
		}
		if root.Kind != lint.MappingNode {
			p.Report(structRootRange(p.Doc, root),
				"the appspec is %s, not a mapping of keys; the agent needs top-level keys such as `version: 0.0` and `os: linux`", root.Describe())
			return
		}
		// A key that differs only in case (OS:) is reported by AS211, which
		// renames it.
		if p.Spec.OS != nil || root.GetFold("os") != nil {
			return
		}
		d := p.Report(firstKeyRange(root), "the appspec has no os; add `os: linux` or `os: windows` (the agent fails with \"unsupported operating system ()\")")
		if guess := structGuessOS(p.Spec); guess != "" && p.Spec.Version != nil && p.Spec.Version.Key.Range.Start.Col == 1 && structLineOnly(p.Doc, p.Spec.Version) {
			d.WithFix(lint.IntentFix, "add `os: "+guess+"` after version", structInsertAfter(p.Doc, p.Spec.Version, "os: "+guess))
		}
	},
}

// structGuessOS infers the target OS from destinations and hook script
// names, or returns "" when the file gives no clear hint either way.
func structGuessOS(s *lint.Spec) string {
	linux, windows := 0, 0
	for _, f := range s.FileEntries {
		if v := structScalar(f.Destination.ValueNode()); v != nil {
			switch {
			case structWindowsAbs(v.Value):
				windows++
			case strings.HasPrefix(v.Value, "/"):
				linux++
			}
		}
	}
	for _, ev := range s.Events {
		for _, sc := range ev.Scripts {
			if v := structScalar(sc.Location.ValueNode()); v != nil {
				switch strings.ToLower(path.Ext(strings.ReplaceAll(v.Value, `\`, "/"))) {
				case ".ps1", ".bat", ".cmd", ".exe":
					windows++
				case ".sh", ".bash":
					linux++
				}
			}
		}
	}
	switch {
	case linux > 0 && windows == 0:
		return "linux"
	case windows > 0 && linux == 0:
		return "windows"
	}
	return ""
}

// OSValue is AS206.
var OSValue = &lint.Rule{
	ID: "AS206", Name: "os-value", Severity: lint.Error,
	Platforms: lint.EC2, Category: "structure",
	Summary: "os must be exactly linux or windows",
	Doc: `The agent compares os with its own operating system name, "linux" or
"windows", exactly and case-sensitively. Linux, ubuntu, amazonlinux or
windows_server all fail the deployment with "unsupported operating system".
Every Linux distribution (Amazon Linux, Ubuntu Server, RHEL) is "linux"; every
Windows Server version is "windows".

Bad:

    version: 0.0
    os: Ubuntu

Good:

    version: 0.0
    os: linux
`,
	Document: func(p *lint.Pass) {
		pair := p.Spec.OS
		if pair == nil {
			return
		}
		// Positions come from the value as written (an alias is reported
		// where it is used), the content from what it resolves to.
		at, v := pair.Value, pair.Value.Resolve()
		if v == nil || v.IsNull() {
			p.Report(pair.Key, "os has no value; write `os: linux` or `os: windows`")
			return
		}
		if v.Kind != lint.ScalarNode {
			p.Report(at, "os is %s; it must be the single word `linux` or `windows`", v.Describe())
			return
		}
		if v.Value == "linux" || v.Value == "windows" {
			return
		}
		want := structOSSuggest(v.Value)
		if want == "" {
			p.Report(at, "os is %s; the agent accepts only `linux` or `windows`", v.Describe())
			return
		}
		why := structWhyNearMiss(v.Value, want)
		p.Report(at, "os is %s, but the agent accepts only `linux` or `windows`%s; write `os: %s`", v.Describe(), why, want).
			WithFix(lint.IntentFix, "set os to "+want, lint.Edit{Range: at.Range, NewText: want})
	},
}

// structLinuxNames are operating system names people write for a Linux host.
var structLinuxNames = []string{"linux", "ubuntu", "amazon", "amzn", "al2", "rhel", "redhat", "red hat", "centos", "debian", "fedora", "suse", "sles", "oracle", "rocky", "alma", "unix"}

// structOSSuggest maps what was written for os to linux or windows, or "".
func structOSSuggest(v string) string {
	l := strings.ToLower(strings.TrimSpace(v))
	if l == "" {
		return ""
	}
	if strings.HasPrefix(l, "win") {
		return "windows"
	}
	for _, n := range structLinuxNames {
		if strings.Contains(l, n) {
			return "linux"
		}
	}
	return suggest(l, []string{"linux", "windows"}, 2)
}

// OSMatchesHost is AS207.
var OSMatchesHost = &lint.Rule{
	ID: "AS207", Name: "os-matches-host", Severity: lint.Info,
	Platforms: lint.EC2, Category: "structure", OptIn: true,
	Summary: "reminder: an appspec deploys only to instances of the os it names",
	Doc: `Each CodeDeploy agent accepts only its own operating system: the Linux agent
rejects os: windows and the Windows agent rejects os: linux, with "unsupported
operating system". A deployment group that mixes Linux and Windows instances
therefore fails on one kind of them; such fleets need one deployment group (and
one revision) per operating system.

A file cannot tell which instances it will be deployed to, so this rule never
finds a mistake: it is a reminder on the os line and is off by default (the
reference lists it as an error because that is what the agent reports when the
hosts do not match). Turn it on with --enable AS207.

Bad:

    # deployed to a group whose instances run Windows Server
    version: 0.0
    os: linux

Good:

    # deployed to a group whose instances run Amazon Linux
    version: 0.0
    os: linux
`,
	Document: func(p *lint.Pass) {
		v := structScalar(p.Spec.OS.ValueNode())
		if v == nil {
			return
		}
		at := p.Spec.OS.Value
		switch v.Value {
		case "linux":
			p.Report(at, "this revision deploys only to instances running the Linux CodeDeploy agent; a Windows Server instance in the deployment group fails with \"unsupported operating system (linux)\"")
		case "windows":
			p.Report(at, "this revision deploys only to instances running the Windows CodeDeploy agent; a Linux instance in the deployment group fails with \"unsupported operating system (windows)\"")
		}
	},
}

func init() { register(OSRequired, OSValue, OSMatchesHost) }
