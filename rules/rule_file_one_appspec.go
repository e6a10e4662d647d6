package rules

import (
	"path"

	"github.com/appspec-lint/appspec-lint/lint"
)

// OneAppSpecPerRevision is AS104.
var OneAppSpecPerRevision = &lint.Rule{
	ID: "AS104", Name: "one-appspec-per-revision", Severity: lint.Warning,
	Platforms: lint.EC2, Category: "file",
	Summary: "appspec.yaml is ignored when appspec.yml sits beside it",
	Doc: `A revision carries one AppSpec file. When the revision root holds both
appspec.yml and appspec.yaml, the EC2 agent reads the name the deployment
configures first, and that is appspec.yml unless codedeploy-local is told
otherwise (--appspec-filename); it tries appspec.yaml only when there is no
appspec.yml (A-cmd app_spec_real_path), and hook scripts are looked up through
appspec.yml too. So appspec.yaml is silently ignored, whatever it says. Keep
one of them. The finding is reported on each of the two when it is linted
(for a directory, its folder is the revision; for an archive, the one the
agent reads).

Bad:

    deploy/
      appspec.yml
      appspec.yaml    <- edited, but never read

Good:

    deploy/
      appspec.yml
`,
	Revision: func(p *lint.Pass) {
		b := p.Doc.Bundle
		if b.StandIn() || !b.AtRoot() || !b.HasRoot("appspec.yml") || !b.HasRoot("appspec.yaml") {
			return
		}
		switch path.Base(b.Linted) {
		case "appspec.yaml":
			p.Report(fileNameStart, "appspec.yml is in the same folder, and the agent reads appspec.yml first (the deployment's default name): this appspec.yaml is never used; delete one of the two (merge any changes into the one you keep)")
		case "appspec.yml":
			p.Report(fileNameStart, "appspec.yaml is in the same folder but is never used: the agent reads appspec.yml first (the deployment's default name); delete appspec.yaml (merge any changes it has into this file)")
		}
	},
}

func init() { register(OneAppSpecPerRevision) }
