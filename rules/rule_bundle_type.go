package rules

import (
	"fmt"
	"path"

	"github.com/appspec-lint/appspec-lint/lint"
)

// BundleTypeEC2 is AS802.
var BundleTypeEC2 = &lint.Rule{
	ID: "AS802", Name: "bundle-type-ec2", Severity: lint.Error,
	Platforms: lint.EC2, Category: "revision",
	Summary: "an EC2/On-Premises bundle must be a zip, tar or tgz archive",
	Doc: `CodeDeploy unpacks three bundle types for EC2/On-Premises: zip, tar and tgz
(a gzip-compressed tar, .tar.gz). The deployment names the type
(--s3-location bundleType=zip|tar|tgz) and the agent refuses any other; a 7z,
rar, bzip2- or xz-compressed tar cannot be deployed. The linter recognises
these archives by their extension and does not read them.

Bad:

    app.tar.bz2
    app.7z

Good:

    app.zip      (aws deploy push makes one)
    app.tar.gz
`,
	Revision: func(p *lint.Pass) {
		b := p.Doc.Bundle
		if b.Kind != lint.OtherArchiveKind {
			return
		}
		p.Report(fileNameStart, "`%s` is a .%s archive, which CodeDeploy does not unpack: an EC2/On-Premises revision must be a zip, tar or tgz (.tar.gz) bundle (`--s3-location bundleType=zip|tar|tgz`); repack it, for example with `aws deploy push`, which makes a zip", b.Name(), b.Type)
	},
}

// TarOnWindows is AS803.
var TarOnWindows = &lint.Rule{
	ID: "AS803", Name: "tar-on-windows", Severity: lint.Error,
	Platforms: lint.EC2, Category: "revision",
	Summary: "tar and tgz bundles are not supported for Windows Server instances",
	Doc: `For Windows Server instances the documentation supports zip bundles only.
The Windows agent unpacks a tar or tgz with a Ruby fallback, after logging
that the bundle format is not supported on Windows and that unpacking may
fail. Bundle a Windows revision as a zip.

Bad:

    app.tgz holding an appspec with os: windows

Good:

    app.zip holding an appspec with os: windows
`,
	Revision: func(p *lint.Pass) {
		b := p.Doc.Bundle
		if b.StandIn() || (b.Kind != lint.TarRevisionKind && b.Kind != lint.TgzRevisionKind) || !p.Spec.IsWindows() {
			return
		}
		p.Report(p.Spec.OS.Value, "the bundle `%s` is a %s archive, which CodeDeploy does not support for Windows Server instances (`os: windows`): the agent warns that unpacking may fail and unpacks it with a fallback; bundle a Windows revision as a zip", b.Name(), b.Kind)
	},
}

// bundlePipelineArtifact reports whether an archive is an input artifact of
// CodePipeline's Amazon ECS (Blue/Green) deploy action, which reads the
// appspec from a zip next to taskdef.json or imageDetail.json: there the
// archive is fine.
func bundlePipelineArtifact(p *lint.Pass) bool {
	b := p.Doc.Bundle
	return p.Platform == lint.ECS && (b.HasRoot("taskdef.json") || b.HasRoot("imageDetail.json"))
}

func bundlePlatformName(p lint.Platform) string {
	if p == lint.ECS {
		return "an Amazon ECS"
	}
	return "a Lambda"
}

// BundleTypeServerless is AS804.
var BundleTypeServerless = &lint.Rule{
	ID: "AS804", Name: "bundle-type-serverless", Severity: lint.Error,
	Platforms: lint.Serverless, Category: "revision",
	Summary: "a Lambda or ECS appspec is deployed as a YAML or JSON file, not in an archive",
	Doc: `For Lambda and Amazon ECS deployments, CodeDeploy reads the AppSpec itself:
the S3 revision's bundleType is YAML or JSON, and any other type is rejected
with "BundleType must be either YAML or JSON". The appspec can also be passed
inline (AppSpecContent). aws deploy push, which makes zip bundles, is for
EC2/On-Premises only.

An archive holding an ECS appspec next to taskdef.json or imageDetail.json is
taken for an input artifact of CodePipeline's ECS (Blue/Green) deploy action,
which does read the appspec from a zip, and is not reported.

Bad:

    aws deploy create-deployment ... --s3-location bucket=b,key=app.zip,bundleType=zip
    (app.zip holding a Lambda appspec.yml)

Good:

    aws deploy create-deployment ... --s3-location bucket=b,key=appspec.yml,bundleType=YAML
`,
	Revision: func(p *lint.Pass) {
		b := p.Doc.Bundle
		if b.StandIn() || !b.Kind.IsArchive() || bundlePipelineArtifact(p) {
			return
		}
		p.Report(fileNameStart, "this is %s appspec inside the %s archive `%s`, but for Lambda and ECS deployments CodeDeploy reads the appspec itself from S3 with bundleType YAML or JSON and rejects other bundles with \"BundleType must be either YAML or JSON\"; upload the appspec file on its own (or pass it inline as AppSpecContent); `aws deploy push` is for EC2/On-Premises only", bundlePlatformName(p.Platform), b.Kind, b.Name())
	},
}

// ServerlessFileName is AS805.
var ServerlessFileName = &lint.Rule{
	ID: "AS805", Name: "serverless-file-name", Severity: lint.Info,
	Platforms: lint.Serverless, Category: "revision",
	Summary: "a Lambda or ECS appspec in an archive is expected to be named appspec.yaml",
	Doc: `The CodeDeploy limits page describes a Lambda or ECS revision as a file
named appspec.yaml, or an archive holding one, and CodePipeline's Amazon ECS
(Blue/Green) deploy action reads appspec.yaml from its input artifact unless
the action's AppSpecTemplatePath names another file. An ECS artifact (an
archive with taskdef.json or imageDetail.json beside the appspec) whose
appspec has another name needs that setting. When the appspec is uploaded on
its own, or passed inline, its name does not matter (and an archive of a
Lambda appspec is AS804's).

Bad:

    artifact.zip
      appspec.yml
      taskdef.json

Good:

    artifact.zip
      appspec.yaml
      taskdef.json
`,
	Revision: func(p *lint.Pass) {
		b := p.Doc.Bundle
		if b.StandIn() || !b.Kind.IsArchive() || !bundlePipelineArtifact(p) || path.Base(b.Linted) == "appspec.yaml" {
			return
		}
		p.Report(fileNameStart, "CodePipeline's ECS (Blue/Green) deploy action reads `appspec.yaml` from this artifact unless its AppSpecTemplatePath names another file, and this appspec is `%s`: rename it to appspec.yaml, or set AppSpecTemplatePath to `%s`", path.Base(b.Linted), path.Base(b.Linted))
	},
}

// GitHubOnlyEC2 is AS806.
var GitHubOnlyEC2 = &lint.Rule{
	ID: "AS806", Name: "github-only-ec2", Severity: lint.Info,
	Platforms: lint.Serverless, Category: "revision",
	Summary: "GitHub revisions work only for EC2/On-Premises deployments",
	Doc: `CodeDeploy can deploy a commit straight from GitHub (or Bitbucket) only to
EC2/On-Premises instances. A Lambda or ECS deployment reads its appspec from
S3 or from AppSpecContent. The finding is given for an archive that looks
like one GitHub makes: a zip or tar whose comment is a commit id, or whose
single top-level folder is named owner-repo-commit.

Bad:

    octo-app-1a2b3c4.zip (a GitHub zipball) holding a Lambda appspec

Good:

    appspec.yaml uploaded to S3 (bundleType YAML)
`,
	Revision: func(p *lint.Pass) {
		b := p.Doc.Bundle
		why := bundleGitHub(b)
		if b.StandIn() || why == "" {
			return
		}
		p.Report(fileNameStart, "`%s` looks like a GitHub archive (%s), but GitHub revisions work only for EC2/On-Premises deployments: %s deployment reads its appspec from S3 or from AppSpecContent", b.Name(), why, bundlePlatformName(p.Platform))
	},
}

// GitHubBundleType is AS807.
var GitHubBundleType = &lint.Rule{
	ID: "AS807", Name: "github-bundle-type", Severity: lint.Info,
	Platforms: lint.EC2, Category: "revision", OptIn: true,
	Summary: "note: the agent fetches a GitHub revision as a tarball on Linux and a zipball on Windows",
	Doc: `For a GitHub revision the agent downloads the commit itself: as a tarball on
Linux and a zipball on Windows, unless the deployment's bundle type says zip
or tar; any other type (tgz) is refused. Since a tar bundle is not supported
on Windows (AS803), leave the type unset or set zip there. This note is given
for an archive that looks like one GitHub makes (its comment is a commit id,
or its single top-level folder is named owner-repo-commit); it is opt-in.

Bad:

    a GitHub revision with bundleType tgz

Good:

    a GitHub revision with bundleType zip, tar, or none
`,
	Revision: func(p *lint.Pass) {
		b := p.Doc.Bundle
		why := bundleGitHub(b)
		if b.StandIn() || why == "" {
			return
		}
		host := "on Linux instances as a tarball (bundle type tar) unless the deployment sets the bundle type to zip"
		if p.Spec.IsWindows() {
			host = "on Windows Server as a zipball (bundle type zip) unless the deployment sets tar, which Windows does not support"
		}
		p.Report(fileNameStart, "`%s` looks like a GitHub archive (%s): when CodeDeploy deploys a commit from GitHub, the agent downloads it itself, %s; a bundle type other than zip or tar (tgz) is refused", b.Name(), why, host)
	},
}

// LocalBundleTypes is AS810.
var LocalBundleTypes = &lint.Rule{
	ID: "AS810", Name: "local-bundle-types", Severity: lint.Info,
	Platforms: lint.EC2, Category: "revision", OptIn: true,
	Summary: "note: codedeploy-local deploys a directory unless told the bundle type",
	Doc: `codedeploy-local, which runs a deployment on the host it is run on, takes a
bundle type with --type: directory (its default), zip, tar or tgz. An archive
needs its type; a directory is deployed as it is. This note says how to try
the revision being linted; it is opt-in.

Bad:

    codedeploy-local --bundle-location app.zip

Good:

    codedeploy-local --bundle-location app.zip --type zip
`,
	Revision: func(p *lint.Pass) {
		b := p.Doc.Bundle
		if b.StandIn() {
			return
		}
		if b.Kind.IsArchive() {
			p.Report(fileNameStart, "to try this revision on an instance with the agent installed: `codedeploy-local --bundle-location %s --type %s`; codedeploy-local takes a directory by default, so an archive needs --type zip, tar or tgz", b.Name(), b.Kind)
			return
		}
		p.Report(fileNameStart, "to try this revision on an instance with the agent installed: `codedeploy-local --bundle-location %s` (a directory is codedeploy-local's default bundle type; an archive needs --type zip, tar or tgz)", bundleLocalDir(b))
	},
}

func bundleLocalDir(b *lint.Bundle) string {
	if b.Base == "" {
		return b.Path
	}
	return fmt.Sprintf("%s/%s", b.Path, b.Base)
}

func init() {
	register(BundleTypeEC2, TarOnWindows, BundleTypeServerless, ServerlessFileName, GitHubOnlyEC2, GitHubBundleType, LocalBundleTypes)
}
