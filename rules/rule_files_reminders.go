package rules

import (
	"github.com/appspec-lint/appspec-lint/lint"
)

// FilesWholeBundleIncludesAppspec is AS311.
var FilesWholeBundleIncludesAppspec = &lint.Rule{
	ID: "AS311", Name: "files-whole-bundle-includes-appspec", Severity: lint.Info,
	Platforms: lint.EC2, Category: "files", OptIn: true,
	Summary: "reminder: source: / also copies the appspec and the hook scripts",
	Doc: `source: / copies the whole revision, so appspec.yml, the hook scripts and
anything else at the root (build files, .git leftovers) end up in the
destination too. That is documented and usually harmless, but worth knowing
when the destination is a web root. This is a reminder, off by default; turn it
on with --enable AS311.

Bad:

    files:
      - source: /
        destination: /var/www/html

Good:

    files:
      - source: public
        destination: /var/www/html
`,
	File: func(p *lint.Pass, f *lint.FileEntry) {
		v := filesPath(f.Source)
		if v == nil || !filesIsRoot(v.Value) {
			return
		}
		dst := "the destination"
		if d := filesPath(f.Destination); d != nil {
			dst = "`" + d.Value + "`"
		}
		p.Report(v, "this copies the whole revision, including the appspec and the hook scripts, to %s; copy a subdirectory instead if those should not be there", dst)
	},
}

// FilesExistingFile is AS312.
var FilesExistingFile = &lint.Rule{
	ID: "AS312", Name: "files-existing-file", Severity: lint.Info,
	Platforms: lint.EC2, Category: "files", OptIn: true,
	Summary: "reminder: with DISALLOW, a file already at the destination fails the deployment",
	Doc: `Unless file_exists_behavior (or the deployment's own setting) says otherwise,
the agent uses DISALLOW: when a file it is about to install already exists and
was not installed by the last successful deployment of the same deployment
group, the deployment fails with "a specified file already exists at this
location". This bites the first deployment to a directory that already holds
files, and any deployment after files were changed by hand. This is a reminder
on each files entry when the file does not choose OVERWRITE or RETAIN; it is
off by default, turn it on with --enable AS312.

Bad:

    files:
      - source: /
        destination: /var/www/html

Good:

    files:
      - source: /
        destination: /var/www/html
    file_exists_behavior: OVERWRITE
`,
	File: func(p *lint.Pass, f *lint.FileEntry) {
		if v := structScalar(p.Spec.FileExistsBehavior.ValueNode()); v != nil && (v.Value == "OVERWRITE" || v.Value == "RETAIN") {
			return
		}
		d := filesPath(f.Destination)
		if d == nil {
			return
		}
		p.Report(d, "with DISALLOW (the default), a file already under `%s` that the last successful deployment did not install fails the deployment (\"a specified file already exists at this location\"); set `file_exists_behavior: OVERWRITE` or `RETAIN` if that can happen", d.Value)
	},
}

func init() { register(FilesWholeBundleIncludesAppspec, FilesExistingFile) }
