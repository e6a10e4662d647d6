package rules

import (
	"path"
	"strings"
	"unicode"

	"github.com/appspec-lint/appspec-lint/lint"
)

// The agent applies permissions during Install, and only to what this
// deployment's files section creates (installer.rb generate_instructions):
// an object that is a copied file is set directly; an object that is a
// directory is matched against the copied files and created directories
// under it (pattern, except, type). This file gives rules the static part of
// that picture: where the files go, which objects are single copied files,
// and how the agent reads an entry's object, type, pattern and except.

// permFiles is what the files section tells about copy targets.
type permFiles struct {
	// known is false when some files entry is malformed or has a
	// destination that is not an absolute Linux path: then nothing can be
	// concluded about where files go.
	known bool
	// dests are the cleaned destinations, in order.
	dests []string
	// copied maps the cleaned path of each single file that is clearly
	// copied (its source is a file-looking path) to its files entry.
	copied map[string]*lint.FileEntry
	// destSet holds the destinations; above holds every destination and
	// each of its ancestors, so lookups cost one walk up a path rather
	// than a scan of all destinations.
	destSet, above map[string]bool
	// copies are the readable entries, for guessing what a relative
	// object meant.
	copies []permCopy
}

// permCopy is one files entry: its source relative to the bundle root
// ("" for the whole bundle), its cleaned destination, and the base name of
// a clearly single-file source ("" otherwise).
type permCopy struct {
	rel, dest, fileBase string
}

// permFilesOf reads the files section once per document for the four rules
// that need it (Document.Memo); they only read the result.
func permFilesOf(p *lint.Pass) permFiles {
	return p.Doc.Memo(permFilesKey{}, func() any { return readPermFiles(p.Spec) }).(permFiles)
}

type permFilesKey struct{}

// readPermFiles reads the files section. It is linear in its size.
func readPermFiles(s *lint.Spec) permFiles {
	f := permFiles{known: true, copied: map[string]*lint.FileEntry{}, destSet: map[string]bool{}, above: map[string]bool{}}
	if s.Files == nil {
		return f
	}
	list := s.Files.ValueNode()
	switch permLoad(list).Kind {
	case permRbNil:
		return f
	case permRbArray:
	default:
		f.known = false
		return f
	}
	if len(s.FileEntries) != len(list.Items) {
		f.known = false // an item that is not a mapping
	}
	for _, fe := range s.FileEntries {
		dst := permLoad(fe.Destination.ValueNode())
		src := permLoad(fe.Source.ValueNode())
		if dst.Kind != permRbString || src.Kind != permRbString || !strings.HasPrefix(dst.Str, "/") {
			f.known = false
			continue
		}
		d := path.Clean(dst.Str)
		f.dests = append(f.dests, d)
		f.destSet[d] = true
		for a := d; !f.above[a]; a = permParent(a) {
			f.above[a] = true
		}
		base, ok := permSourceFile(src.Str)
		if ok {
			f.copied[path.Join(d, base)] = fe
		}
		f.copies = append(f.copies, permCopy{rel: strings.TrimPrefix(path.Clean("/"+src.Str), "/"), dest: d, fileBase: base})
	}
	return f
}

// permSourceFile returns the base name of a files source that clearly names
// one file: no glob, no trailing slash, and a base name with an extension
// that is not a directory convention such as conf.d.
func permSourceFile(src string) (string, bool) {
	if src != strings.TrimSpace(src) || strings.ContainsAny(src, "*?[\\") || strings.HasSuffix(src, "/") {
		return "", false
	}
	base := path.Base(src)
	ext := path.Ext(base)
	if base == "." || base == ".." || base == "/" || ext == base || len(ext) < 2 || ext == ".d" {
		return "", false
	}
	if !strings.ContainsFunc(ext[1:], unicode.IsLetter) {
		return "", false // v1.2, 2024.01: more likely a directory
	}
	return base, true
}

// receives reports whether the deployment copies files under dir: some
// destination is dir or lies below it.
func (f permFiles) receives(dir string) bool { return f.above[dir] }

// related reports whether obj can meet anything this deployment creates: it
// is at or under a destination, or a destination lies under it.
func (f permFiles) related(obj string) bool {
	if f.above[obj] || f.copied[obj] != nil {
		return true
	}
	for a := obj; ; a = permParent(a) {
		if f.destSet[a] {
			return true
		}
		if a == "/" {
			return false
		}
	}
}

// permParent is the parent of a cleaned absolute path ("/" for "/"),
// without allocating.
func permParent(p string) string {
	i := strings.LastIndexByte(p, '/')
	if i <= 0 {
		return "/"
	}
	return p[:i]
}

// permInfo is the agent's reading of one permissions entry. Each ok flag
// says whether that part is well formed; rules only reason about parts that
// are.
type permInfo struct {
	perm *lint.Permission

	object   string // stripped, and cleaned when absolute
	objectOK bool   // a scalar with text
	abs      bool

	file, dir bool // the types it applies to
	typesOK   bool

	pattern   string // "**" when omitted
	patternOK bool

	excepts  []string
	exceptOK bool
}

func permInfoOf(perm *lint.Permission) permInfo {
	in := permInfo{perm: perm}

	if obj := permLoad(perm.Object.ValueNode()); obj.Kind == permRbString || obj.Kind == permRbInt || obj.Kind == permRbFloat || obj.Kind == permRbBool {
		in.object = strings.TrimSpace(obj.Str)
		in.objectOK = in.object != ""
		if strings.HasPrefix(in.object, "/") {
			in.abs = true
			in.object = path.Clean(in.object)
		}
	}

	in.file, in.dir, in.typesOK = permTypes(perm)

	switch pat := permLoad(perm.Pattern.ValueNode()); pat.Kind {
	case permRbNil:
		in.pattern, in.patternOK = "**", true
	case permRbString:
		in.pattern, in.patternOK = pat.Str, true
	}

	in.exceptOK = true
	ex := perm.Except.ValueNode()
	switch permLoad(ex).Kind {
	case permRbNil:
	case permRbArray:
		for _, item := range ex.Items {
			v := permLoad(item)
			if v.Kind != permRbString {
				in.exceptOK = false
				break
			}
			in.excepts = append(in.excepts, v.Str)
		}
	default:
		in.exceptOK = false
	}
	return in
}

// permTypes reads an entry's type list: omitted means both; ok is false
// when the value is not a list of `file` and `directory`.
func permTypes(perm *lint.Permission) (file, dir, ok bool) {
	t := perm.Type.ValueNode()
	switch permLoad(t).Kind {
	case permRbNil:
		return true, true, true
	case permRbArray:
		for _, item := range t.Items {
			v := permLoad(item)
			switch {
			case v.Kind == permRbString && v.Str == "file":
				file = true
			case v.Kind == permRbString && v.Str == "directory":
				dir = true
			default:
				return false, false, false
			}
		}
		return file, dir, true
	}
	return false, false, false
}

// permIsLinuxEC2 is the guard of every permissions rule except AS401: on
// Windows the whole section fails (AS401), so details are noise.
func permIsLinuxEC2(p *lint.Pass) bool { return p.IsLinux() }

// permObjectText is how messages name an entry's object.
func permObjectText(in permInfo) string {
	if in.objectOK {
		return "`" + in.object + "`"
	}
	return "the object"
}
