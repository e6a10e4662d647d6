package rules

import (
	"path"
	"strconv"
	"strings"

	"github.com/appspec-lint/appspec-lint/lint"
)

// The agent turns the files section into a list of copy and mkdir
// instructions before it copies anything, keyed by the expanded target path.
// It fails the deployment when two copies share a target ("two source files
// named ... for the same destination") or when one entry copies a file to a
// path another entry needs as a directory. Without the revision the linter
// does not know the files, but some conflicts hold whatever the revision
// holds; these are found here.

// filesNorm is one files entry with its paths normalised for comparison.
type filesNorm struct {
	entry    *lint.FileEntry
	src      string // relative to the revision root, "" for the root, "/"-separated
	dst      string // absolute target directory: "/a/b", "c:/a", "//server/share"
	fileLike bool   // the source looks like a single file (app.jar, index.html)

	rawSrc, rawDst string // as written, for messages
	sep            string // the separator to show joined paths with
}

// showSrc names the entry's source for messages.
func (n filesNorm) showSrc() string {
	if n.src == "" {
		return "the whole revision"
	}
	return "`" + n.rawSrc + "`"
}

// showInstalled is where the entry installs a single-file source, as the
// user would write it.
func (n filesNorm) showInstalled() string {
	return "`" + strings.TrimRight(n.rawDst, `/\`) + n.sep + filesBase(n.rawSrc) + "`"
}

// filesConflict is one statically certain conflict between two entries.
type filesConflict struct {
	later, earlier *lint.FileEntry
	dir            bool // file-vs-directory (AS310) rather than duplicate target (AS309)
	message        string
}

// filesFileLike guesses whether a source names a single file: no trailing
// separator, and a last segment with an extension of 2-10 letters or digits,
// at least one a letter (app.jar, web.config, app.service, demo-0.0.1.war).
// conf.d, v1.2, .ebextensions or .env do not count: they may be directories,
// and a wrong guess here would be a false error.
func filesFileLike(s string) bool {
	if strings.HasSuffix(s, "/") || strings.HasSuffix(s, `\`) {
		return false
	}
	base := filesBase(s)
	i := strings.LastIndex(base, ".")
	if i <= 0 {
		return false
	}
	ext := base[i+1:]
	if len(ext) < 2 || len(ext) > 10 {
		return false
	}
	letter := false
	for _, c := range []byte(ext) {
		switch {
		case structIsLetter(c):
			letter = true
		case '0' <= c && c <= '9':
		default:
			return false
		}
	}
	return letter
}

// filesBase is the last segment of a source path, either separator.
func filesBase(s string) string {
	s = strings.TrimRight(s, `/\`)
	if i := strings.LastIndexAny(s, `/\`); i >= 0 {
		return s[i+1:]
	}
	return s
}

// filesSegments splits a path into its segments, dropping empty and "."
// segments and applying "..". When ".." climbs above the start, ok is false
// for a path inside the revision (it leaves it); on the instance (rooted),
// the system stays at the root, as it does for /.. itself.
func filesSegments(s string, rooted bool) (segs []string, ok bool) {
	for _, seg := range strings.Split(s, "/") {
		switch seg {
		case "", ".":
		case "..":
			if len(segs) == 0 {
				if rooted {
					continue
				}
				return nil, false
			}
			segs = segs[:len(segs)-1]
		default:
			segs = append(segs, seg)
		}
	}
	return segs, true
}

// filesNormalize returns the comparable form of an entry, or ok=false when
// its paths cannot be compared (missing, not strings, relative destination).
func filesNormalize(f *lint.FileEntry, windows bool) (filesNorm, bool) {
	src, dst := filesPath(f.Source), filesPath(f.Destination)
	if src == nil || dst == nil {
		return filesNorm{}, false
	}
	s, d := src.Value, dst.Value
	if windows {
		s = strings.ToLower(strings.ReplaceAll(s, `\`, "/"))
		d = strings.ToLower(strings.ReplaceAll(d, `\`, "/"))
	}
	srcPath, ok := filesJoinSegments(s, false)
	if !ok {
		return filesNorm{}, false
	}
	n := filesNorm{entry: f, src: srcPath, fileLike: filesFileLike(src.Value),
		rawSrc: src.Value, rawDst: dst.Value, sep: "/"}
	if windows && strings.Contains(dst.Value, `\`) {
		n.sep = `\`
	}
	var prefix string
	switch {
	case strings.HasPrefix(d, "//"):
		prefix = "//"
	case len(d) >= 3 && structIsLetter(d[0]) && d[1] == ':' && d[2] == '/':
		prefix, d = d[:2], d[2:]
	case strings.HasPrefix(d, "/"):
		prefix = "/"
	default:
		return filesNorm{}, false // relative: AS304
	}
	// /opt/../../etc is /etc on the instance; a UNC path's first segments
	// are its server and share, which `..` does not climb.
	dstPath, ok := filesJoinSegments(d, prefix != "//")
	if !ok {
		return filesNorm{}, false // `..` above a UNC share: not compared
	}
	switch prefix {
	case "/", "//":
		if len(d) == len(prefix)+len(dstPath) {
			n.dst = d // nothing was dropped: d is its own normal form
		} else {
			n.dst = prefix + dstPath
		}
	default:
		n.dst = strings.TrimSuffix(prefix+"/"+dstPath, "/")
	}
	return n, true
}

// filesJoinSegments is filesSegments(s) joined with /. A path already in
// that form (no empty, . or .. segment), as most are once the leading
// slashes are off, is its own answer, without splitting and joining.
func filesJoinSegments(s string, rooted bool) (string, bool) {
	t := strings.TrimLeft(s, "/")
	if filesCleanSegments(t) {
		return t, true
	}
	segs, ok := filesSegments(s, rooted)
	if !ok {
		return "", false
	}
	return strings.Join(segs, "/"), true
}

// filesCleanSegments reports whether every /-separated segment of t is
// neither empty nor . nor .. ("" has none).
func filesCleanSegments(t string) bool {
	for t != "" {
		seg := t
		if i := strings.IndexByte(t, '/'); i >= 0 {
			seg, t = t[:i], t[i+1:]
			if t == "" {
				return false // a trailing slash: an empty last segment
			}
		} else {
			t = ""
		}
		if seg == "" || seg == "." || seg == ".." {
			return false
		}
	}
	return true
}

// filesJoin appends a relative path (a base name, never empty) to a
// normalised destination.
func filesJoin(dst, rel string) string {
	if strings.HasSuffix(dst, "/") {
		return dst + rel
	}
	return dst + "/" + rel
}

// filesCutRel removes the relative path rel from the end of dst and returns
// what is left, the directory that rel was joined to. rel "." or "" leaves
// dst whole.
func filesCutRel(dst, rel string) (string, bool) {
	if rel == "" || rel == "." {
		return dst, true
	}
	// dst ends with "/"+rel, checked without building that string.
	if len(dst) <= len(rel) || dst[len(dst)-len(rel)-1] != '/' || dst[len(dst)-len(rel):] != rel {
		return "", false
	}
	base := dst[:len(dst)-len(rel)-1]
	if base == "" {
		base = "/"
	}
	return base, true
}

// filesParent is the normalised directory holding dst, or "" at a root.
func filesParent(dst string) string {
	i := strings.LastIndex(dst, "/")
	switch {
	case i < 0 || dst == "/" || strings.HasSuffix(dst, ":") || dst == "//":
		return ""
	case i == 0:
		return "/"
	case i == 1 && strings.HasPrefix(dst, "//"):
		return ""
	}
	return dst[:i]
}

// filesConflicts finds the conflicts between the entries of a document that
// hold whatever the revision contains, each pair once, reported on the entry
// that the conflict is found from (the later duplicate, the entry inside
// another's source, the entry needing a directory). It is linear in the number
// of entries: map lookups per path segment.
func filesConflicts(p *lint.Pass) []filesConflict {
	// AS309 and AS310 both read the conflicts: they are found once.
	return p.Doc.Memo(filesConflictsKey{}, func() any { return findFilesConflicts(p) }).([]filesConflict)
}

type filesConflictsKey struct{}

func findFilesConflicts(p *lint.Pass) []filesConflict {
	windows := filesOS(p) == "windows"
	norms := make([]filesNorm, 0, len(p.Spec.FileEntries))
	for _, f := range p.Spec.FileEntries {
		if n, ok := filesNormalize(f, windows); ok {
			norms = append(norms, n)
		}
	}
	if len(norms) < 2 {
		return nil
	}
	type key struct{ src, dst string }
	// Sized up front: a files section of thousands of entries would
	// otherwise grow each map many times over.
	first := make(map[key]int, len(norms))     // (source, destination) -> first entry
	byBase := make(map[key]int, len(norms))    // (file name, destination) of file-like sources -> first entry
	fileAt := make(map[string]int, len(norms)) // target path of a file-like source -> first entry
	for i, n := range norms {
		if _, ok := first[key{n.src, n.dst}]; !ok {
			first[key{n.src, n.dst}] = i
		}
		if n.fileLike {
			k := key{path.Base(n.src), n.dst}
			if _, ok := byBase[k]; !ok {
				byBase[k] = i
			}
			t := filesJoin(n.dst, path.Base(n.src))
			if _, ok := fileAt[t]; !ok {
				fileAt[t] = i
			}
		}
	}

	var out []filesConflict
	reported := map[[2]int]bool{}
	// add records that entry i conflicts with entry j; the finding goes on i,
	// the entry the message is about, and names j's line.
	add := func(i, j int, dir bool, msg func(line string) string) {
		pair := [2]int{min(i, j), max(i, j)}
		if i == j || reported[pair] {
			return
		}
		reported[pair] = true
		line := strconv.Itoa(norms[j].entry.Node.Range.Start.Line)
		out = append(out, filesConflict{later: norms[i].entry, earlier: norms[j].entry, dir: dir, message: msg(line)})
	}
	for i, n := range norms {
		// The same source to the same destination, twice.
		if j := first[key{n.src, n.dst}]; j != i {
			add(i, j, false, func(line string) string {
				return "this entry repeats the one on line " + line + " (same source and destination), so every file would be installed twice; remove one of them"
			})
			continue
		}
		base := path.Base(n.src)
		// Two different files with the same name into one directory.
		if n.fileLike {
			if j := byBase[key{base, n.dst}]; j != i {
				add(i, j, false, func(line string) string {
					return "`" + filesBase(n.rawSrc) + "` from line " + line + " is copied into the same destination, so both files would be installed as " + n.showInstalled() + "; rename one or give it another destination"
				})
			}
		}
		// A source inside another entry's source directory, copied to where
		// that entry already puts it. The ancestor anc installs this source
		// at ancDst/rel.
		// n.src is clean (segments joined by single slashes), so each split
		// into ancestor and rest is a cut at one of its slashes: slices,
		// not joined copies.
		for cut := -1; n.src != "" && cut < len(n.src); {
			anc, rel := "", n.src
			if cut >= 0 {
				anc, rel = n.src[:cut], n.src[cut+1:]
			}
			if next := strings.IndexByte(n.src[cut+1:], '/'); next >= 0 {
				cut += 1 + next
			} else {
				cut = len(n.src)
			}
			if ancDst, ok := filesCutRel(n.dst, rel); ok {
				if j, ok := first[key{anc, ancDst}]; ok {
					if n.fileLike {
						// The ancestor puts the file at n.dst; this entry
						// needs n.dst as the directory to copy it into.
						add(i, j, true, func(line string) string {
							return "the entry on line " + line + " copies " + norms[j].showSrc() + " to `" + norms[j].rawDst + "`, which installs the file " + n.showSrc() + " as `" + n.rawDst + "`, the path this entry needs as a directory. Remove this entry, or change its destination"
						})
					} else {
						add(i, j, false, func(line string) string {
							return "the entry on line " + line + " copies " + norms[j].showSrc() + " to `" + norms[j].rawDst + "`, which already installs " + n.showSrc() + " at `" + n.rawDst + "`: every file of it would be installed twice. Remove this entry, or change its destination"
						})
					}
					break
				}
			}
			if !n.fileLike {
				continue
			}
			// The ancestor installs the file at ancDst/rel = n.dst/base.
			if ancDst, ok := filesCutRel(n.dst, path.Dir(rel)); ok {
				if j, ok := first[key{anc, ancDst}]; ok {
					add(i, j, false, func(line string) string {
						return "the entry on line " + line + " copies " + norms[j].showSrc() + " to `" + norms[j].rawDst + "`, which already installs " + n.showSrc() + " as " + n.showInstalled() + ": it would be installed twice. Remove this entry, or change its destination"
					})
					break
				}
			}
		}
		// A file installed at a path this entry needs as a directory.
		for d := n.dst; d != ""; d = filesParent(d) {
			if j, ok := fileAt[d]; ok && j != i {
				add(i, j, true, func(line string) string {
					return "the entry on line " + line + " installs the file " + norms[j].showSrc() + " as " + norms[j].showInstalled() + ", a path this entry needs as a directory (its destination is `" + n.rawDst + "`); change one of the destinations"
				})
				break
			}
		}
	}
	return out
}

// FilesDuplicateDestination is AS309.
var FilesDuplicateDestination = &lint.Rule{
	ID: "AS309", Name: "files-duplicate-destination", Severity: lint.Error,
	Platforms: lint.EC2, Category: "files",
	Summary: "two files entries would install a file at the same path",
	Doc: `Before copying anything the agent lists every file it will install, and fails
the deployment with "two source files named ... for the same destination" when
two of them land on the same path. Without the revision the linter finds the
cases that fail whatever it holds: an entry written twice; two files with the
same name copied into one directory; and an entry that copies a part of the
revision to where another entry (often source: /) already puts it.

Bad:

    files:
      - source: /
        destination: /var/www/app
      - source: config
        destination: /var/www/app/config

Good:

    files:
      - source: /
        destination: /var/www/app
`,
	Document: func(p *lint.Pass) {
		for _, c := range filesConflicts(p) {
			if !c.dir {
				filesReportConflict(p, c)
			}
		}
	},
}

// FilesFileVsDirConflict is AS310.
var FilesFileVsDirConflict = &lint.Rule{
	ID: "AS310", Name: "files-file-vs-dir-conflict", Severity: lint.Error,
	Platforms: lint.EC2, Category: "files",
	Summary: "one files entry installs a file where another needs a directory",
	Doc: `A single-file source is copied into its destination directory under its own
name: source: app.conf with destination: /etc/app installs /etc/app/app.conf.
When another entry uses that path as a directory (destination:
/etc/app/app.conf, or a directory below it) the agent cannot both create the
file and the directory and fails the deployment. The rule judges a source to be
a single file by its name (an extension such as .jar, .conf or .html).

Bad:

    files:
      - source: nginx.conf
        destination: /etc/nginx
      - source: sites
        destination: /etc/nginx/nginx.conf

Good:

    files:
      - source: nginx.conf
        destination: /etc/nginx
      - source: sites
        destination: /etc/nginx/sites-enabled
`,
	Document: func(p *lint.Pass) {
		for _, c := range filesConflicts(p) {
			if c.dir {
				filesReportConflict(p, c)
			}
		}
	},
}

func filesReportConflict(p *lint.Pass, c filesConflict) {
	at := lint.Ranged(c.later.Node)
	if c.later.Source != nil {
		at = c.later.Source.Value
	}
	rel := lint.Ranged(c.earlier.Node)
	if c.earlier.Source != nil {
		rel = c.earlier.Source.Value
	}
	p.Report(at, "%s", c.message).WithRelated(rel, "the other entry")
}

func init() { register(FilesDuplicateDestination, FilesFileVsDirConflict) }
