package rules

import (
	"fmt"
	"path"
	"strings"

	"github.com/appspec-lint/appspec-lint/lint"
)

// Revision-level rules read p.Doc.Bundle: how CodeDeploy unpacks the
// revision and where the agent finds the appspec. Findings about the
// revision as a whole point at the start of the appspec, or, when there is
// none, at the start of the stand-in document for the archive.

// bundleWhat names the revision in messages: "`app.zip`", or "the revision
// `build/`" for a directory.
func bundleWhat(b *lint.Bundle) string {
	if b.Kind.IsArchive() {
		return "`" + b.Name() + "`"
	}
	return "the revision `" + strings.TrimSuffix(b.Path, "/") + "/`"
}

// bundleList quotes up to three names, then says how many more.
func bundleList(names []string) string {
	var q []string
	for i, n := range names {
		if i == 3 {
			q = append(q, fmt.Sprintf("%d more", len(names)-3))
			break
		}
		q = append(q, "`"+n+"`")
	}
	switch len(q) {
	case 0:
		return ""
	case 1:
		return q[0]
	}
	return strings.Join(q[:len(q)-1], ", ") + " and " + q[len(q)-1]
}

// bundleRepack suggests how to build the archive from inside dir, so that
// dir's contents are at its root.
func bundleRepack(b *lint.Bundle, dir string) string {
	name := b.Name()
	switch b.Kind {
	case lint.ZipRevisionKind:
		return fmt.Sprintf("`aws deploy push --source %s ...`, or `cd %s && zip -r ../%s .`", dir, dir, name)
	case lint.TarRevisionKind:
		return fmt.Sprintf("`tar -cf %s -C %s .`", name, dir)
	case lint.TgzRevisionKind:
		return fmt.Sprintf("`tar -czf %s -C %s .`", name, dir)
	}
	return ""
}

// bundleNoAppSpec is AS101 for a revision: an archive in which no appspec
// was found at all.
func bundleNoAppSpec(p *lint.Pass) {
	b := p.Doc.Bundle
	if !b.StandIn() || b.Kind == lint.OtherArchiveKind {
		return
	}
	p.Report(fileNameStart, "%s has no appspec.yml or appspec.yaml at its root (nor in a single top-level folder), so the agent fails every deployment of it with \"did not find an AppSpec file within the unpacked revision directory\"; add appspec.yml at the root of the archive", bundleWhat(b))
}

// AppSpecAtRoot is AS801.
var AppSpecAtRoot = &lint.Rule{
	ID: "AS801", Name: "appspec-at-root", Severity: lint.Error,
	Platforms: lint.EC2, Category: "revision",
	Summary: "the appspec must be at the root of the revision bundle",
	Doc: `The agent unpacks the bundle and looks for appspec.yml (then appspec.yaml)
at its root, nowhere else: an appspec in a subfolder is not found and the
deployment fails with "did not find an AppSpec file within the unpacked
revision directory". There is one exception: when the top of the bundle holds
a single folder, and that folder holds a file named like "appspec", the agent
removes that level first; this is what makes GitHub archives (repo-1a2b3c/...)
work. A second entry at the top, such as the __MACOSX/ folder macOS Finder
adds to a zip, prevents it.

This is checked when linting a bundle (appspec-lint app.zip), or a file with
--revision-root set to the folder that becomes the bundle. An appspec below
the root while another sits at the root is only ignored (a warning).

Bad:

    app.zip
      deploy/appspec.yml
      deploy/scripts/start.sh
      README.md

Good:

    app.zip              (zip -r ../app.zip . from inside deploy/)
      appspec.yml
      scripts/start.sh
`,
	Revision: func(p *lint.Pass) {
		b := p.Doc.Bundle
		if b.StandIn() || b.Linted == b.AppSpec || b.AtRoot() {
			return
		}
		dir := path.Dir(b.Linted)
		if b.AppSpec != "" {
			p.Report(fileNameStart, "this appspec is at `%s` in %s, where the agent never looks: it reads `%s` at the root, so this file is ignored; delete it, or merge it into `%s`", b.Linted, bundleWhat(b), b.AppSpec, b.AppSpec).
				WithSeverity(lint.Warning)
			return
		}
		var why string
		if top := strings.SplitN(b.Linted, "/", 2)[0] + "/"; strings.Count(b.Linted, "/") == 1 && len(b.Top) > 1 {
			var others []string
			for _, t := range b.Top {
				if t != top {
					others = append(others, t)
				}
			}
			why = fmt.Sprintf("; the agent removes a top-level folder like `%s` only when it is alone at the top, and here it is next to %s", top, bundleList(others))
		}
		fix := "move it, and the files it names, to the root of the revision, or lint with --revision-root " + path.Join(b.Path, dir)
		if b.Kind.IsArchive() {
			fix = fmt.Sprintf("build the archive from inside `%s/` so that the appspec is at its root (%s)", dir, bundleRepack(b, dir))
		}
		p.Report(fileNameStart, "the appspec is at `%s` in %s, but the agent looks for it only at the root of the unpacked revision, so the deployment fails with \"did not find an AppSpec file within the unpacked revision directory\"%s; %s", b.Linted, bundleWhat(b), why, fix)
	},
}

// bundleGitHubFolder matches the single folder of a GitHub archive:
// owner-repo-<abbreviated commit>.
var bundleGitHubFolder = lazyRE(`^[A-Za-z0-9_.-]+-[0-9a-f]{7,40}/$`)

var bundleCommitID = lazyRE(`^[0-9a-f]{40}$`)

// bundleGitHub says why an archive looks like one GitHub makes (a zipball
// or tarball of a commit), or "" when it does not.
func bundleGitHub(b *lint.Bundle) string {
	switch {
	case !b.Kind.IsArchive():
		return ""
	case bundleCommitID.MatchString(strings.TrimSpace(b.Comment)):
		return "its comment is a commit id"
	case len(b.Top) == 1 && bundleGitHubFolder.MatchString(b.Top[0]):
		return fmt.Sprintf("its single top-level folder `%s` is named like GitHub's owner-repo-commit folders", b.Top[0])
	}
	return ""
}

func init() { register(AppSpecAtRoot) }
