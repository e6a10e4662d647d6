package rules

import (
	"bytes"
	"strings"

	"github.com/appspec-lint/appspec-lint/lint"
)

// The EC2 agent looks for the AppSpec at the root of the unpacked revision
// under exactly these names (A-cmd app_spec_real_path): the deployment's
// configured name (default appspec.yml), then appspec.yaml, then appspec.yml.

// fileNameOf returns the file's base name, or "" when the file has no name
// of its own (standard input).
func fileNameOf(d *lint.Document) string {
	switch d.Path {
	case "", "-", "<stdin>":
		return ""
	}
	base := d.BaseName()
	if base == "." || base == "/" {
		return ""
	}
	return base
}

// fileLooksLikeAppSpec tells an AppSpec from other files that happen to be
// named appspec.* (some tools use appspec.json for their own manifests): a
// file that parsed must have at least one AppSpec top-level key.
func fileLooksLikeAppSpec(d *lint.Document) bool {
	if fileBrokenServerless(d) {
		return false
	}
	r := d.Root
	if r == nil || r.Kind != lint.MappingNode {
		return true
	}
	for _, k := range []string{"version", "os", "files", "permissions", "hooks", "resources", "file_exists_behavior"} {
		if r.GetFold(k) != nil {
			return true
		}
	}
	return false
}

// fileBrokenServerless: a file that did not parse is taken for EC2 (the
// platform comes from its shape), but if its text names Resources it is a
// Lambda or ECS appspec, and the EC2-only file rules stay quiet.
func fileBrokenServerless(d *lint.Document) bool {
	return d.Root == nil && d.SyntaxError != nil &&
		(bytes.Contains(d.Src, []byte("Resources")) || bytes.Contains(d.Src, []byte("resources:")) || bytes.Contains(d.Src, []byte("TargetService")))
}

// fileNameStart is where file-name findings point: the start of the file.
var fileNameStart = lint.Range{Start: lint.Pos{Line: 1, Col: 1}, End: lint.Pos{Line: 1, Col: 1}}

// FileName is AS101.
var FileName = &lint.Rule{
	ID: "AS101", Name: "file-name", Severity: lint.Error,
	Platforms: lint.EC2, Category: "file",
	Summary: "an EC2 appspec must be named appspec.yml or appspec.yaml",
	Doc: `The CodeDeploy agent only looks for appspec.yml (or appspec.yaml, agent 1.3.2
and later) at the root of the unpacked revision. A file with any other name,
such as appspec-prod.yml, is never read, and the deployment fails with "did
not find an AppSpec file within the unpacked revision directory". Custom names
only work with codedeploy-local --appspec-filename. Keeping one appspec per
environment is fine, as long as the build copies the right one to appspec.yml
at the root of the revision.

An archive linted as a revision (appspec-lint app.zip) that holds no appspec
at all gets this finding on the archive itself.

Bad:

    deploy/appspec-prod.yml

Good:

    appspec.yml   (at the root of the revision; copy appspec-prod.yml there when you build it)
`,
	Revision: bundleNoAppSpec,
	Document: func(p *lint.Pass) {
		base := fileNameOf(p.Doc)
		lower := strings.ToLower(base)
		if base == "" || lower == "appspec.yml" || lower == "appspec.yaml" || lower == "appspec.json" || !fileLooksLikeAppSpec(p.Doc) {
			return
		}
		p.Report(fileNameStart, "the file is named `%s`, but the CodeDeploy agent only finds `appspec.yml` or `appspec.yaml` at the root of the revision and fails the deployment otherwise; rename it to appspec.yml, or copy it to appspec.yml when you build the revision", base)
	},
}

// FileNameJSONEC2 is AS102.
var FileNameJSONEC2 = &lint.Rule{
	ID: "AS102", Name: "file-name-json-ec2", Severity: lint.Error,
	Platforms: lint.EC2, Category: "file",
	Summary: "the EC2 agent never reads appspec.json",
	Doc: `For EC2/On-Premises deployments the agent looks for appspec.yml or
appspec.yaml only; an appspec.json in the revision is ignored and the
deployment fails with "did not find an AppSpec file within the unpacked
revision directory" (a request to support JSON was closed as not planned,
aws/aws-codedeploy-agent#194). JSON files are fine for Lambda and ECS.
Since JSON is also YAML, renaming the file is enough.

Bad:

    appspec.json

Good:

    appspec.yml   (the same content; YAML reads JSON)
`,
	Document: func(p *lint.Pass) {
		base := fileNameOf(p.Doc)
		if strings.ToLower(base) != "appspec.json" || !fileLooksLikeAppSpec(p.Doc) {
			return
		}
		p.Report(fileNameStart, "the EC2 agent never reads `%s`: it only looks for `appspec.yml` or `appspec.yaml`, so the deployment fails with \"did not find an AppSpec file\"; rename the file to appspec.yml (JSON content is valid YAML, so it can stay as it is)", base)
	},
}

// FileNameCase is AS103.
var FileNameCase = &lint.Rule{
	ID: "AS103", Name: "file-name-case", Severity: lint.Error,
	Platforms: lint.EC2, Category: "file",
	Summary: "the appspec file name must be lower case",
	Doc: `The agent checks for the file with an exact, case-sensitive lookup
(File.exist? on "appspec.yml"), and Linux file systems are case-sensitive, so
AppSpec.yml or APPSPEC.YML is not found and the deployment fails with "did not
find an AppSpec file within the unpacked revision directory". Windows file
systems ignore case, so for os: windows this is only a warning.

Bad:

    AppSpec.yml

Good:

    appspec.yml
`,
	Document: func(p *lint.Pass) {
		base := fileNameOf(p.Doc)
		lower := strings.ToLower(base)
		if base == lower || (lower != "appspec.yml" && lower != "appspec.yaml") || fileBrokenServerless(p.Doc) {
			return
		}
		if p.Spec.IsWindows() {
			p.Report(fileNameStart, "the file is named `%s`; Windows finds it despite the case, but a Linux host would not: rename it to `%s`", base, lower).
				WithSeverity(lint.Warning)
			return
		}
		p.Report(fileNameStart, "the file is named `%s`, but the agent looks for `%s` and file lookups on Linux are case-sensitive, so the deployment fails with \"did not find an AppSpec file\"; rename it to `%s`", base, lower, lower)
	},
}

func init() { register(FileName, FileNameJSONEC2, FileNameCase) }
