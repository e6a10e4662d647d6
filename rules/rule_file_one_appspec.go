package rules

import (
	"github.com/appspec-lint/appspec-lint/lint"
)

// OneAppSpecPerRevision is AS104.
var OneAppSpecPerRevision = &lint.Rule{
	ID: "AS104", Name: "one-appspec-per-revision", Severity: lint.Warning,
	Platforms: lint.EC2, Category: "file",
	Summary: "appspec.yml is ignored when appspec.yaml sits beside it",
	Doc: `A revision carries one AppSpec file. When the revision root holds both
appspec.yml and appspec.yaml, the EC2 agent (1.3.2 and later) looks for
appspec.yaml first and uses it; appspec.yml is silently ignored, whatever it
says. Keep one of them. The finding is reported on the ignored appspec.yml
when the linter knows the revision (a file on disk: its directory).

Bad:

    deploy/
      appspec.yml     <- edited, but never read
      appspec.yaml

Good:

    deploy/
      appspec.yml
`,
	Document: func(p *lint.Pass) {
		if p.Doc.Revision == nil || fileNameOf(p.Doc) != "appspec.yml" {
			return
		}
		info, err := p.Doc.Revision.Stat("appspec.yaml")
		if err != nil || info.IsDir() {
			return
		}
		p.Report(fileNameStart, "appspec.yaml is in the same folder, and the agent reads appspec.yaml first: this appspec.yml is never used; delete one of the two (merge any changes into the one you keep)")
	},
}

func init() { register(OneAppSpecPerRevision) }
