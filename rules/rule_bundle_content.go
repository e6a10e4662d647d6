package rules

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/appspec-lint/appspec-lint/lint"
)

// MacOSFinderZip is AS808.
var MacOSFinderZip = &lint.Rule{
	ID: "AS808", Name: "macos-finder-zip", Severity: lint.Warning,
	Platforms: lint.EC2, Category: "revision",
	Summary: "the bundle holds the __MACOSX/ folder macOS Finder adds to a zip",
	Doc: `macOS Finder's Compress command adds a __MACOSX/ folder of "._" resource
files to the zip. CodeDeploy unpacks it with the rest: the instance gets a
folder of junk, and, since it sits at the top next to your folder, the agent
no longer strips that single top-level folder and does not find the appspec
inside it (AS801). The troubleshooting guide's advice: make the bundle with
aws deploy push or a command-line zip instead. A directory revision holding
__MACOSX/ (a Finder zip unpacked) would carry it into the bundle too.

Bad:

    app.zip (Finder: Compress "app")
      app/appspec.yml
      __MACOSX/app/._appspec.yml

Good:

    app.zip (cd app && zip -r ../app.zip .)
      appspec.yml
`,
	Revision: func(p *lint.Pass) {
		b := p.Doc.Bundle
		found := false
		for _, t := range b.Top {
			found = found || t == "__MACOSX/"
		}
		if !found {
			return
		}
		var strip string
		if len(b.Top) == 2 && b.Stripped == "" {
			other := b.Top[0]
			if other == "__MACOSX/" {
				other = b.Top[1]
			}
			if strings.HasSuffix(other, "/") {
				strip = fmt.Sprintf(", and, being next to `%s` at the top, it stops the agent from removing that folder level, so an appspec inside it is not found", other)
			}
		}
		if !b.Kind.IsArchive() {
			p.Report(fileNameStart, "%s holds `__MACOSX/`, left by unzipping a macOS Finder archive: a bundle made from it would deploy a folder of `._*` resource files%s; delete it", bundleWhat(b), strip)
			return
		}
		p.Report(fileNameStart, "%s holds `__MACOSX/`, which macOS Finder's Compress adds: it is unpacked on the instance as a folder of `._*` resource files%s; build the bundle with `aws deploy push` or a command-line zip (`zip -r`), or remove it with `zip -d %s '__MACOSX/*'`", bundleWhat(b), strip, b.Name())
	},
}

// RevisionNameLength is AS809.
var RevisionNameLength = &lint.Rule{
	ID: "AS809", Name: "revision-name-length", Severity: lint.Error,
	Platforms: lint.AllPlatforms, Category: "revision",
	Summary: "a revision's name is at most 100 characters",
	Doc: `CodeDeploy limits an application revision's name to 100 characters. The
bundle's file name becomes that name (the last part of its S3 key), so a
longer name, as generated names with several version strings and hashes can
be, is refused.

Bad:

    myservice-backend-api-release-2024.06.01-build-20240601123456-commit-1a2b3c4d5e6f7a8b9c0d-linux-x86_64-final.zip

Good:

    myservice-api-2024.06.01-1a2b3c4.zip
`,
	Revision: func(p *lint.Pass) {
		b := p.Doc.Bundle
		if !b.Kind.IsArchive() {
			return
		}
		if n := utf8.RuneCountInString(b.Name()); n > 100 {
			p.Report(fileNameStart, "the revision's name `%s` is %d characters long, but CodeDeploy accepts at most 100 characters for a revision name; shorten the file name", b.Name(), n)
		}
	},
}

// bundleHidden returns the first hidden part (a name starting with a dot,
// other than . and ..) of a revision path, or "".
func bundleHidden(name string) string {
	for name != "" {
		part, rest, _ := strings.Cut(name, "/")
		if len(part) > 1 && part[0] == '.' && part != ".." {
			return part
		}
		name = rest
	}
	return ""
}

// bundleHiddenRef is a files source or hook location naming a dotfile.
type bundleHiddenRef struct {
	node *lint.Node
	what string // "source" or "location"
	name string // revision path
	part string // its hidden part
}

// bundleHiddenRefs lists the sources and locations that name a dotfile, in
// document order.
func bundleHiddenRefs(s *lint.Spec) []bundleHiddenRef {
	var refs []bundleHiddenRef
	add := func(pair *lint.Pair, what string) {
		v := pair.ValueNode()
		if v == nil || v.Kind != lint.ScalarNode {
			return
		}
		name, ok := lint.CleanRevisionPath(v.Value)
		if !ok || name == "." {
			return
		}
		if part := bundleHidden(name); part != "" {
			refs = append(refs, bundleHiddenRef{node: v, what: what, name: name, part: part})
		}
	}
	for _, f := range s.FileEntries {
		add(f.Source, "source")
	}
	for _, ev := range s.Events {
		for _, sc := range ev.Scripts {
			add(sc.Location, "location")
		}
	}
	return refs
}

// HiddenFiles is AS811.
var HiddenFiles = &lint.Rule{
	ID: "AS811", Name: "hidden-files", Severity: lint.Info,
	Platforms: lint.EC2, Category: "revision",
	Summary: "aws deploy push --ignore-hidden-files leaves out the dotfiles the appspec names",
	Doc: `aws deploy push zips the source folder into a bundle. With
--ignore-hidden-files it leaves out every file and folder whose name starts
with a dot (the default is --no-ignore-hidden-files, which keeps them). An
appspec whose files or hooks name such a file (.env, .config/app.json,
scripts/.pre-check.sh) then deploys without it. For an archive that holds the
file, nothing is said.

Bad:

    files:
      - source: .env
        destination: /srv/app
    (bundled with aws deploy push --ignore-hidden-files)

Good:

    files:
      - source: .env
        destination: /srv/app
    (bundled with aws deploy push, which keeps dotfiles)
`,
	Document: func(p *lint.Pass) {
		b := p.Doc.Bundle
		archive := b != nil && b.Kind.IsArchive()
		// One finding per hidden name (.aws, .env), at its first use.
		var order []string
		byPart := map[string][]bundleHiddenRef{}
		for _, r := range bundleHiddenRefs(p.Spec) {
			if archive {
				if _, err := p.Doc.Revision.Stat(r.name); err == nil {
					continue // in the bundle already: nothing was left out
				}
			}
			if byPart[r.part] == nil {
				order = append(order, r.part)
			}
			byPart[r.part] = append(byPart[r.part], r)
		}
		for _, part := range order {
			refs := byPart[part]
			first := refs[0]
			more := ""
			if len(refs) > 1 {
				more = fmt.Sprintf(" (and %d more under `%s`)", len(refs)-1, part)
			}
			if archive {
				p.Report(first.node, "%s `%s`%s names a hidden file or folder (`%s` starts with a dot) and is not in %s: if the bundle was made with `aws deploy push --ignore-hidden-files`, dotfiles were left out of it; push without that flag (--no-ignore-hidden-files is the default)", first.what, first.name, more, part, bundleWhat(b))
				continue
			}
			p.Report(first.node, "%s `%s`%s names a hidden file or folder (`%s` starts with a dot): `aws deploy push --ignore-hidden-files` leaves dotfiles out of the bundle, and the deployment then misses them; push without that flag (--no-ignore-hidden-files is the default), or use a name without the leading dot", first.what, first.name, more, part)
		}
	},
}

// UnsafeEntryPath is AS812.
var UnsafeEntryPath = &lint.Rule{
	ID: "AS812", Name: "bundle-unsafe-path", Severity: lint.Warning,
	Platforms: lint.EC2, Category: "revision",
	Summary: "archive entries with absolute paths or .. do not unpack where their names say",
	Doc: `An archive entry whose name is absolute (/etc/app.conf) or climbs out with
".." (../config/app.conf) is not unpacked where its name says: GNU tar, which
the agent runs for tar and tgz bundles, strips the leading "/" and everything
up to the last "..", and unzip strips them too or skips the entry (the agent
then falls back to another unzipper that skips it). Either way the file ends
up at another path inside the revision, or nowhere. appspec-lint never reads
such entries. Build the archive with paths relative to its root; put files
meant for other places on the instance under files: destinations.

Bad:

    tar -cf app.tar appspec.yml /etc/myapp/app.conf

Good:

    tar -cf app.tar appspec.yml config/app.conf
    (files: - source: config/app.conf, destination: /etc/myapp)
`,
	Revision: func(p *lint.Pass) {
		b := p.Doc.Bundle
		if len(b.Unsafe) == 0 {
			return
		}
		var names []string
		for _, u := range b.Unsafe {
			names = append(names, u.Name)
		}
		what := "entry"
		verb := "is an absolute path or leaves the archive with `..`"
		if len(names) > 1 {
			what, verb = "entries", "are absolute paths or leave the archive with `..`"
		}
		p.Report(fileNameStart, "%s holds %d %s that CodeDeploy does not unpack where the names say: %s %s; the agent's tar and unzip strip the leading `/` or `../` parts, or skip the entry, and appspec-lint ignores them; build the archive with paths relative to its root", bundleWhat(b), len(names), what, bundleList(names), verb)
	},
}

func init() { register(MacOSFinderZip, RevisionNameLength, HiddenFiles, UnsafeEntryPath) }
