package lint

import (
	"fmt"
	"io/fs"
	"path"
	"path/filepath"
	"strings"
)

// DefaultAppSpecName is the name a deployment configures unless told
// otherwise (codedeploy-local --appspec-filename): the agent tries it first,
// then appspec.yaml, then appspec.yml.
const DefaultAppSpecName = "appspec.yml"

// Bundle is what the linter knows about the revision an appspec was read
// from: how CodeDeploy would unpack it and where the agent would look for
// the appspec. The engine fills it in; rules read it (Rule.Revision) and
// decide what is wrong. Paths are slash-separated and relative to the
// revision as stored (the archive's top, or the revision root directory).
type Bundle struct {
	// Kind is the form of the revision: a directory, a zip, tar or tgz
	// archive, or an archive of a type CodeDeploy does not unpack.
	Kind RevisionKind
	// Path is the archive or directory as the user named it ("app.zip").
	Path string
	// Type is the bundle type the archive's name says: "zip", "tar", "tgz",
	// or the extension of another archive type ("7z", "tar.bz2"); "" for a
	// directory.
	Type string

	// Top lists the entries at the top of the revision, sorted; folders end
	// in "/".
	Top []string
	// Stripped is the single top-level folder the agent removes when
	// unpacking (as in a GitHub archive), "" when there is none.
	Stripped string
	// Root lists the entries at the root the agent uses (after the strip).
	Root []string
	// AppSpec is the file the agent reads ("appspec.yml",
	// "repo-1a2b3c/appspec.yml"), "" when it finds none.
	AppSpec string
	// Linted is the appspec file being linted. It is AppSpec, or, when the
	// agent finds none, the file that was probably meant (a case variant, an
	// appspec.json or another name at the root, or an appspec deeper in the
	// tree). It is "" for the stand-in document of a revision with no
	// appspec at all (see StandIn).
	Linted string
	// Base is the folder the document's Revision is rooted at: the stripped
	// folder, or the linted appspec's folder; "" for the top.
	Base string
	// Found lists the appspec files found below the root when the agent
	// finds none at the root (archives only), shallowest first.
	Found []string

	// Unsafe lists entries refused because their names are absolute or
	// leave the revision with "..".
	Unsafe []UnsafeEntry
	// Comment is the archive's comment (GitHub puts the commit id there).
	Comment string
	// Partial says a limit stopped reading the archive before its end.
	Partial bool
}

// StandIn reports whether the document stands for the revision itself,
// because no appspec was found in it: its path is the archive's, its text is
// empty, and only Rule.Revision callbacks run on it.
func (b *Bundle) StandIn() bool { return b != nil && b.Linted == "" }

// Name is the revision's file name ("app.zip"), which CodeDeploy uses as
// the revision's name.
func (b *Bundle) Name() string { return filepath.Base(b.Path) }

// AtRoot reports whether the linted appspec sits at the root the agent uses.
func (b *Bundle) AtRoot() bool {
	return b.Linted != "" && path.Dir(b.Linted) == orDot(b.Stripped)
}

// Display names a file of the document's Revision for messages:
// "app.zip!scripts/start.sh", or "build/scripts/start.sh" for a directory.
func (b *Bundle) Display(name string) string {
	inner := path.Join(b.Base, name)
	if b.Kind.IsArchive() {
		return b.Path + "!" + inner
	}
	return filepath.Join(b.Path, filepath.FromSlash(inner))
}

// HasRoot reports whether the root the agent uses holds name ("appspec.yml",
// or "scripts/" for a folder).
func (b *Bundle) HasRoot(name string) bool {
	for _, n := range b.Root {
		if n == name {
			return true
		}
	}
	return false
}

func orDot(s string) string {
	if s == "" {
		return "."
	}
	return s
}

// revisionLister is a revision whose folders can be listed (DirRevision and
// ArchiveRevision are).
type revisionLister interface {
	Revision
	ReadDir(name string) ([]fs.DirEntry, error)
}

// ArchiveType tells an archive by its name: the bundle type ("zip", "tar",
// "tgz", or another archive's extension such as "7z") and how it is read.
// ok is false for a name that is not an archive's.
func ArchiveType(name string) (typ string, kind RevisionKind, ok bool) {
	lower := strings.ToLower(name)
	for _, t := range []struct {
		ext  string
		kind RevisionKind
	}{
		{".zip", ZipRevisionKind}, {".tar", TarRevisionKind}, {".tar.gz", TgzRevisionKind}, {".tgz", TgzRevisionKind},
		{".tar.bz2", OtherArchiveKind}, {".tbz2", OtherArchiveKind}, {".tbz", OtherArchiveKind},
		{".tar.xz", OtherArchiveKind}, {".txz", OtherArchiveKind}, {".tar.zst", OtherArchiveKind},
		{".tzst", OtherArchiveKind}, {".tar.lz", OtherArchiveKind}, {".7z", OtherArchiveKind}, {".rar", OtherArchiveKind},
	} {
		if strings.HasSuffix(lower, t.ext) && len(lower) > len(t.ext) {
			if t.kind == OtherArchiveKind {
				return t.ext[1:], t.kind, true
			}
			return t.kind.String(), t.kind, true
		}
	}
	return "", 0, false
}

// InspectRevision looks at a revision the way the CodeDeploy agent does
// after unpacking it: if its top holds exactly one entry, a folder with an
// entry whose name contains "appspec" (any case), that folder becomes the
// root; then it reads the configured name, appspec.yaml or appspec.yml,
// exactly as written, at the root. It returns nil when the revision cannot
// be listed.
func InspectRevision(rev Revision, configured string) *Bundle {
	l, ok := rev.(revisionLister)
	if !ok {
		return nil
	}
	top, err := l.ReadDir(".")
	if err != nil {
		return nil
	}
	b := &Bundle{Kind: rev.Kind(), Top: entryNames(top)}
	entries := top
	if len(top) == 1 {
		name := top[0].Name()
		if info, err := rev.Stat(name); err == nil && info.IsDir() {
			if inner, err := l.ReadDir(name); err == nil {
				for _, e := range inner {
					if strings.Contains(strings.ToLower(e.Name()), "appspec") {
						b.Stripped, entries = name, inner
						break
					}
				}
			}
		}
	}
	b.Root = entryNames(entries)
	for _, want := range []string{configured, "appspec.yaml", "appspec.yml"} {
		for _, e := range entries {
			if e.Name() == want && isRegular(rev, path.Join(b.Stripped, want)) {
				b.AppSpec = path.Join(b.Stripped, want)
				return b
			}
		}
	}
	return b
}

func entryNames(es []fs.DirEntry) []string {
	out := make([]string, 0, len(es))
	for _, e := range es {
		n := e.Name()
		if e.IsDir() {
			n += "/"
		}
		out = append(out, n)
	}
	return out
}

func isRegular(rev Revision, name string) bool {
	info, err := rev.Stat(name)
	return err == nil && info.Mode().IsRegular()
}

// appSpecRank orders the files a user may have meant as the appspec when the
// agent finds none: a case variant of its names, then appspec.json, then
// any other YAML or JSON file named like an appspec; -1 for the rest.
func appSpecRank(name string) int {
	lower := strings.ToLower(name)
	switch {
	case lower == "appspec.yml" || lower == "appspec.yaml":
		return 0
	case lower == "appspec.json":
		return 1
	case strings.Contains(lower, "appspec"):
		switch path.Ext(lower) {
		case ".yml", ".yaml", ".json":
			return 2
		}
	}
	return -1
}

// chooseAppSpec sets Linted: the agent's appspec, or else the file the user
// most likely meant, at the root or deeper. Deeper files are looked for in
// every folder except __MACOSX, without following links.
func (b *Bundle) chooseAppSpec(l revisionLister) {
	if b.AppSpec != "" {
		b.Linted = b.AppSpec
		return
	}
	entries, err := l.ReadDir(orDot(b.Stripped))
	if err != nil {
		return
	}
	best, bestRank := "", 3
	for _, e := range entries {
		full := path.Join(b.Stripped, e.Name())
		if r := appSpecRank(e.Name()); r >= 0 && r < bestRank && isRegular(l, full) {
			best, bestRank = full, r
		}
	}
	if best != "" {
		b.Linted = best
		return
	}
	// Breadth first, so the shallowest comes first.
	queue := []string{orDot(b.Stripped)}
	const maxFound, maxDirs = 10, 100_000
	for visited := 0; len(queue) > 0 && visited < maxDirs && len(b.Found) < maxFound; visited++ {
		dir := queue[0]
		queue = queue[1:]
		es, err := l.ReadDir(dir)
		if err != nil {
			continue
		}
		for _, e := range es {
			full := path.Join(dir, e.Name())
			switch {
			case e.IsDir() && e.Name() != "__MACOSX" && !skipDirs[e.Name()]:
				queue = append(queue, full)
			case !e.IsDir() && dir != orDot(b.Stripped) && IsAppSpecName(e.Name()) && e.Type().IsRegular() && len(b.Found) < maxFound:
				b.Found = append(b.Found, full)
			}
		}
	}
	if len(b.Found) > 0 {
		b.Linted = b.Found[0]
	}
}

// LoadArchive opens the bundle archive at file, named display in findings,
// and returns the document to lint as CodeDeploy would see it: the appspec
// the agent reads (or the file most likely meant), named
// "display!inner/path", with the archive as its Revision (rooted where the
// appspec is) and the Bundle facts. When the archive holds no appspec, the
// document is a stand-in for the archive itself (Bundle.StandIn); an archive
// of a type CodeDeploy does not unpack is not read and also gets a stand-in.
// Close the returned revision (nil for the latter) when done.
func LoadArchive(file, display, configured string, limits ArchiveLimits) (*Document, *ArchiveRevision, error) {
	typ, kind, ok := ArchiveType(file)
	if !ok {
		return nil, nil, fmt.Errorf("%s: not a zip, tar or tgz archive", display)
	}
	if kind == OtherArchiveKind {
		doc := Parse(display, nil)
		doc.Bundle = &Bundle{Kind: kind, Type: typ, Path: display}
		return doc, nil, nil
	}
	rev, err := OpenArchive(file, display, kind, limits)
	if err != nil {
		return nil, nil, err
	}
	b := InspectRevision(rev, configured)
	b.Path, b.Type = display, typ
	b.Unsafe, b.Comment, b.Partial = rev.Unsafe(), rev.Comment(), rev.Partial()
	b.chooseAppSpec(rev)
	if b.Linted == "" {
		if b.Partial {
			rev.Close()
			return nil, nil, fmt.Errorf("%s: no appspec in the part of the archive that was read (%s)", display, strings.Join(rev.Notes(), "; "))
		}
		doc := Parse(display, nil)
		doc.Revision, doc.Bundle = rev, b
		return doc, rev, nil
	}
	src, err := rev.ReadFile(b.Linted, min(limits.MaxEntryBytes, MaxAppSpecSize+1))
	if err != nil {
		rev.Close()
		if pe, ok := err.(*fs.PathError); ok {
			err = pe.Err
		}
		return nil, nil, fmt.Errorf("%s!%s: %v", display, b.Linted, err)
	}
	if len(src) > MaxAppSpecSize {
		rev.Close()
		return nil, nil, fmt.Errorf("%s!%s: larger than %d MiB; an AppSpec file is a few kilobytes, is this the right file?", display, b.Linted, MaxAppSpecSize>>20)
	}
	doc := Parse(display+"!"+b.Linted, src)
	if b.Base = path.Dir(b.Linted); b.Base == "." {
		b.Base = ""
	}
	sub := rev.Sub(b.Base)
	doc.Revision, doc.Bundle = sub, b
	sub.Prefetch(scriptNames(doc.Spec))
	return doc, rev, nil
}

// scriptNames lists the revision paths of the hook scripts an appspec
// names, the files rules read.
func scriptNames(s *Spec) []string {
	var out []string
	for _, ev := range s.Events {
		for _, sc := range ev.Scripts {
			if v := sc.Location.ValueNode(); v != nil && v.Kind == ScalarNode && len(out) < 256 {
				if name, ok := CleanRevisionPath(v.Value); ok && name != "." {
					out = append(out, name)
				}
			}
		}
	}
	return out
}

// DescribeDirRevision gives the Bundle facts of an appspec linted from a
// directory revision: root is the revision's directory as named by the user,
// linted the appspec's path inside it (slash-separated).
func DescribeDirRevision(rev Revision, root, linted string) *Bundle {
	b := InspectRevision(rev, DefaultAppSpecName)
	if b == nil {
		return nil
	}
	b.Path, b.Linted = root, linted
	if b.Stripped != "" && (linted == b.Stripped || strings.HasPrefix(linted, b.Stripped+"/")) {
		b.Base = b.Stripped
	}
	return b
}

// ensureBundle gives a document that has a Revision but no Bundle facts
// (a library user's, the test cases') the facts of a directory revision
// holding the document at its root.
func ensureBundle(doc *Document) {
	if doc.Bundle != nil || doc.Revision == nil {
		return
	}
	name := doc.BaseName()
	if name == "" || name == "." || name == "/" || name == "-" || name == "<stdin>" {
		name = DefaultAppSpecName
	}
	root := doc.Revision.Name()
	if d, ok := doc.Revision.(*DirRevision); ok {
		root = d.name
	}
	b := InspectRevision(doc.Revision, DefaultAppSpecName)
	if b == nil {
		return
	}
	b.Path, b.Linted = root, name
	b.Stripped, b.Root = "", b.Top // the document is at the top: nothing is stripped
	b.AppSpec = ""
	for _, want := range []string{DefaultAppSpecName, "appspec.yaml", "appspec.yml"} {
		if b.HasRoot(want) && isRegular(doc.Revision, want) {
			b.AppSpec = want
			break
		}
	}
	doc.Bundle = b
}
