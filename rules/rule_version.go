package rules

import (
	"strconv"

	"github.com/appspec-lint/appspec-lint/lint"
)

// VersionRequired is AS201.
var VersionRequired = &lint.Rule{
	ID: "AS201", Name: "version-required", Severity: lint.Error,
	Platforms: lint.AllPlatforms, Category: "structure",
	Summary: "the appspec must declare version: 0.0",
	Doc: `Every AppSpec file must start with the version of the AppSpec format. The only
version there is, and so the only value CodeDeploy accepts, is 0.0. Without it
the EC2 agent fails the deployment with "invalid version value ()".

Bad:

    os: linux
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
		if p.Spec.Root != nil && p.Spec.Version == nil && p.Spec.Root.GetFold("version") == nil {
			p.Report(firstKeyRange(p.Spec.Root), "the appspec has no version; add `version: 0.0` as the first line")
		}
	},
}

// VersionValue is AS202.
var VersionValue = &lint.Rule{
	ID: "AS202", Name: "version-value", Severity: lint.Error,
	Platforms: lint.AllPlatforms, Category: "structure",
	Summary: "version must be 0.0, the only AppSpec version (a warning on Lambda/ECS)",
	Doc: `The AppSpec format has one version, 0.0, reserved for future use.

On EC2/On-Premises this is an error: the agent compares the value with the
number 0.0 and rejects anything else with "invalid version value". 0 and 0.00
are the same number and pass.

On Lambda and ECS it is a warning. The docs allow only 0.0 there too, but the
CodeDeploy service, not the agent, reads these files, and there is no evidence
that it checks the version: about a third of the real ECS AppSpecs in the
project's corpus of public files say version: 1 (copied from other YAML
formats) and are used in working pipelines. Write 0.0 all the same, as the
service may start checking it; a quoted "0.0" is AS204's.

Bad:

    version: 1.0

Good:

    version: 0.0
`,
	Document: func(p *lint.Pass) {
		v := p.Spec.Version
		if v == nil {
			return
		}
		serverless := p.Platform != lint.EC2
		sev := lint.Error
		why := "the only AppSpec version is 0.0"
		if serverless {
			sev = lint.Warning
			why = "the docs allow only 0.0 (the service is not known to reject other values)"
		}
		want := "`version: 0.0`"
		if p.Doc.Format == lint.JSON {
			want = "`\"version\": 0.0`"
		}
		n := v.Value.Resolve()
		switch {
		case n.IsNull() && n.Range.Start.Before(n.Range.End):
			// Written out: null, ~
			p.Report(n, "version is %s; write %s", n.Raw, want).
				WithSeverity(sev).
				WithFix(lint.IntentFix, "set version to 0.0", lint.Edit{Range: n.Range, NewText: "0.0"})
			return
		case n.IsNull():
			p.Report(v.Key, "version has no value; write %s", want).
				WithSeverity(sev).
				WithFix(lint.IntentFix, "set version to 0.0", valueEdit(p.Doc, v, "0.0"))
			return
		case n.Kind != lint.ScalarNode:
			p.Report(n, "version is %s; write %s", n.Describe(), want).WithSeverity(sev)
			return
		}
		if n.IsQuoted() && !serverless {
			return // AS203 explains quoting
		}
		if f, err := strconv.ParseFloat(n.Value, 64); err == nil && f == 0 {
			return // a quoted "0.0" on Lambda/ECS is AS204's
		}
		d := p.Report(n, "version is %s, but %s; write %s", n.Describe(), why, want).
			WithSeverity(sev)
		if r, ok := versionValueRange(p.Doc, v, n); ok {
			d.WithFix(lint.IntentFix, "set version to 0.0", lint.Edit{Range: r, NewText: "0.0"})
		}
		if n.IsQuoted() {
			d.Supersede(n) // the fix drops the quotes too: AS204 need not say so
		}
	},
}

// versionValueRange is the text a new version replaces: the value, and a tag
// written before it (!!str 1.0, or !x with nothing after it), which would
// otherwise stay and apply to the new 0.0, or fuse with it (!x0.0). An
// anchor may be used elsewhere, so an anchored value gets no fix.
func versionValueRange(d *lint.Document, pair *lint.Pair, n *lint.Node) (lint.Range, bool) {
	if n.Anchor != "" {
		return lint.Range{}, false
	}
	if !n.Tagged {
		return n.Range, true
	}
	src := d.Src
	i := d.Lines.Offset(pair.Key.Range.End)
	for i < len(src) && (src[i] == ' ' || src[i] == '\t' || src[i] == ':' || src[i] == '\r' || src[i] == '\n') {
		i++
	}
	if i >= len(src) || src[i] != '!' || i > d.Lines.Offset(n.Range.Start) {
		return lint.Range{}, false
	}
	return lint.Range{Start: d.Lines.PosAt(i), End: n.Range.End}, true
}

// VersionQuotedEC2 is AS203.
var VersionQuotedEC2 = &lint.Rule{
	ID: "AS203", Name: "version-quoted-ec2", Severity: lint.Error,
	Platforms: lint.EC2, Category: "structure",
	Summary: "a quoted version (\"0.0\") fails on EC2/On-Premises",
	Doc: `The EC2 agent loads the file with Ruby's YAML parser and compares version with
the number 0.0. A quoted "0.0" is the string "0.0", which is not equal to the
number, so the deployment fails with "invalid version value (0.0)". The user
guide's advice to "specify version with a string" is wrong for EC2: every AWS
example, and the agent, use the bare token.

Bad:

    version: "0.0"

Good:

    version: 0.0
`,
	Document: func(p *lint.Pass) {
		v := p.Spec.Version
		if v == nil {
			return
		}
		n := v.Value.Resolve()
		if n.Kind == lint.ScalarNode && n.IsQuoted() {
			p.Report(n, "version is the quoted string %s; the EC2 agent compares it with the number 0.0 and fails the deployment. Remove the quotes: `version: 0.0`", n.Raw).
				WithFix(lint.IntentFix, "remove the quotes", lint.Edit{Range: n.Range, NewText: "0.0"})
		}
	},
}

func init() { register(VersionRequired, VersionValue, VersionQuotedEC2) }
