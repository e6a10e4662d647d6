package lint

import (
	"archive/zip"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"sort"
	"strings"
	"sync"
	"time"
)

// ArchiveLimits bound what reading a bundle archive may cost, so that a zip
// bomb, a huge bundle or a hostile archive can only make the linter stop
// early, never exhaust memory or time. Each limit is named in the message
// that reports reaching it.
type ArchiveLimits struct {
	// MaxEntries is how many entries are listed. A tar or tgz is read up to
	// there (the rest is left out, with a note); a zip whose directory
	// announces more is not read at all, since its directory is loaded whole.
	MaxEntries int
	// MaxEntryBytes is the largest entry whose contents are read; a larger
	// one is listed (name, size, mode) but reading it fails.
	MaxEntryBytes int64
	// MaxHeldBytes is how much entry content is kept in memory. A tar or tgz
	// is a stream: contents past this budget are read again on demand.
	MaxHeldBytes int64
	// MaxTotalBytes is how many uncompressed bytes one pass over a tgz may
	// produce, and how many bytes all reads from a zip may decompress.
	MaxTotalBytes int64
	// MaxRatio is the largest expansion accepted from compressed data: a
	// zip entry over 1 MiB, or a tgz stream over 16 MiB, that expands more
	// is a compression bomb and is not read (further).
	MaxRatio int64
}

// DefaultArchiveLimits fit real bundles (a few hundred MB of application
// with an appspec and a handful of scripts) with room to spare.
var DefaultArchiveLimits = ArchiveLimits{
	MaxEntries:    100_000,
	MaxEntryBytes: 8 << 20,
	MaxHeldBytes:  64 << 20,
	MaxTotalBytes: 1 << 30,
	MaxRatio:      100,
}

// Below these sizes the ratio is not checked: small, highly repetitive
// content (tar headers of empty files, a file of blank lines) is normal.
const (
	zipRatioFloor    = 1 << 20
	streamRatioFloor = 16 << 20
)

// maxLinkHops bounds symlink resolution, so a link loop ends.
const maxLinkHops = 40

// UnsafeEntry is an archive entry the linter refuses to use: its name is
// absolute or leaves the revision with "..". CodeDeploy's unpackers strip
// such names or skip the entry, so it never lands where its name says.
type UnsafeEntry struct {
	Name   string // as stored in the archive
	Reason string // "absolute path", "leaves the revision with .."
}

// ErrOutsideRevision is returned when a name or a link leads out of the
// revision.
var ErrOutsideRevision = errors.New("leads outside the revision")

// archiveEntry is one entry of an archive's index.
type archiveEntry struct {
	name     string // clean, slash-separated, relative to the archive's top
	mode     fs.FileMode
	size     int64
	mtime    time.Time
	link     string // symlink target, as stored
	hardlink string // tar hard link: the clean name of the entry it repeats
	implicit bool   // a directory only implied by deeper names

	data    []byte // contents, when held in memory
	held    bool
	refused string // why the contents are not read ("" when they can be)

	ord int // tar: position in the stream, to find it again
	zf  *zip.File
}

// archiveIndex is what is shared by an archive revision and its sub-views.
type archiveIndex struct {
	display string // the archive as the user named it
	kind    RevisionKind
	limits  ArchiveLimits
	f       *os.File
	size    int64

	entries  map[string]*archiveEntry
	children map[string]map[string]bool // directory ("" = top) -> child base names
	unsafe   []UnsafeEntry
	notes    []string
	comment  string
	partial  bool

	mu       sync.Mutex
	heldSize int64 // bytes of contents kept in memory
	readSize int64 // bytes decompressed by reads (zip) or by the latest pass (tar)
}

// ArchiveRevision is a zip, tar or tgz bundle read as CodeDeploy would unpack
// it, without extracting anything: the entries are listed in memory, their
// contents read on demand within ArchiveLimits, and links are resolved inside
// the archive only. It implements Revision; Sub gives a view rooted at a
// folder (the one the agent strips from a GitHub archive).
type ArchiveRevision struct {
	*archiveIndex
	base string // folder the view is rooted at; "" for the archive's top
}

// OpenArchive reads the index of the archive at file, of the given kind
// (ZipRevisionKind, TarRevisionKind or TgzRevisionKind). display is how
// messages name it. Close the revision when done.
func OpenArchive(file, display string, kind RevisionKind, limits ArchiveLimits) (*ArchiveRevision, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, err
	}
	info, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	if info.IsDir() {
		f.Close()
		return nil, fmt.Errorf("%s: is a directory", display)
	}
	ix := &archiveIndex{
		display: display, kind: kind, limits: limits, f: f, size: info.Size(),
		entries:  map[string]*archiveEntry{},
		children: map[string]map[string]bool{"": {}},
	}
	switch kind {
	case ZipRevisionKind:
		err = ix.readZip()
	case TarRevisionKind, TgzRevisionKind:
		err = ix.readTar()
	default:
		err = fmt.Errorf("%s: not a zip, tar or tgz archive", display)
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	return &ArchiveRevision{archiveIndex: ix}, nil
}

// Close releases the archive file.
func (r *ArchiveRevision) Close() error { return r.f.Close() }

// Name implements Revision.
func (r *ArchiveRevision) Name() string {
	if r.base != "" {
		return "archive " + r.display + "!" + r.base + "/"
	}
	return "archive " + r.display
}

// Kind implements Revision.
func (r *ArchiveRevision) Kind() RevisionKind { return r.kind }

// Sub returns a view of the revision rooted at dir (a folder of this view).
func (r *ArchiveRevision) Sub(dir string) *ArchiveRevision {
	dir = path.Clean("/" + dir)[1:]
	if dir == "" {
		return r
	}
	return &ArchiveRevision{archiveIndex: r.archiveIndex, base: path.Join(r.base, dir)}
}

// Unsafe lists the entries refused because their names are absolute or
// leave the archive.
func (r *ArchiveRevision) Unsafe() []UnsafeEntry { return r.unsafe }

// Notes says which limits stopped reading part of the archive.
func (r *ArchiveRevision) Notes() []string { return r.notes }

// Partial reports whether a limit left entries out of the listing, so that
// an absent name may simply not have been read.
func (r *ArchiveRevision) Partial() bool { return r.partial }

// Comment is the archive's comment: a zip's, or a tar's PAX global
// "comment" record (GitHub puts the commit id in both).
func (r *ArchiveRevision) Comment() string { return r.comment }

func (ix *archiveIndex) note(format string, args ...any) {
	ix.notes = append(ix.notes, fmt.Sprintf(format, args...))
}

// cleanEntryName turns a stored name into an index name: "./" prefixes and
// doubled slashes go; ok is false (with the reason) for names that are
// absolute or climb out with "..". An empty result is the top itself.
func cleanEntryName(stored string) (name, reason string) {
	n := stored
	if n == "" {
		return "", ""
	}
	if n[0] == '/' || (len(n) >= 2 && n[1] == ':' && ('a' <= n[0]|0x20 && n[0]|0x20 <= 'z')) {
		return "", "absolute path"
	}
	n = path.Clean(n)
	if n == ".." || strings.HasPrefix(n, "../") {
		return "", "leaves the revision with `..`"
	}
	if n == "." {
		return "", ""
	}
	return n, ""
}

// add records an entry, creating the folders its name implies. A later entry
// of the same name replaces an earlier one, as unpacking would.
func (ix *archiveIndex) add(e *archiveEntry) {
	if old := ix.entries[e.name]; old != nil && old.held {
		ix.heldSize -= int64(len(old.data))
	}
	ix.entries[e.name] = e
	if e.mode.IsDir() {
		if ix.children[e.name] == nil {
			ix.children[e.name] = map[string]bool{}
		}
	}
	for name := e.name; ; {
		dir, base := path.Split(name)
		dir = strings.TrimSuffix(dir, "/")
		if ix.children[dir] == nil {
			ix.children[dir] = map[string]bool{}
		}
		ix.children[dir][base] = true
		if dir == "" {
			return
		}
		if d := ix.entries[dir]; d != nil && d.mode.IsDir() {
			return
		} else if d == nil {
			ix.entries[dir] = &archiveEntry{name: dir, mode: fs.ModeDir | 0o755, implicit: true}
		}
		name = dir
	}
}

// full is the index name of a name of this view.
func (r *ArchiveRevision) full(name string) (string, error) {
	if strings.HasPrefix(name, "/") {
		return "", ErrOutsideRevision
	}
	n := path.Clean(name)
	if n == ".." || strings.HasPrefix(n, "../") {
		return "", ErrOutsideRevision
	}
	if n == "." {
		return r.base, nil
	}
	return path.Join(r.base, n), nil
}

// within reports whether index name n is inside the view (or is its root).
func (r *ArchiveRevision) within(n string) bool {
	return r.base == "" || n == r.base || strings.HasPrefix(n, r.base+"/")
}

// resolve finds the entry a name of this view leads to, following symbolic
// links component by component, and only as long as they stay inside the
// view. It returns the entry's index name; the view's root has a nil entry.
func (r *ArchiveRevision) resolve(name string, followLast bool) (string, *archiveEntry, error) {
	full, err := r.full(name)
	if err != nil {
		return "", nil, err
	}
	var parts []string
	if rel := strings.TrimPrefix(strings.TrimPrefix(full, r.base), "/"); rel != "" {
		parts = strings.Split(rel, "/")
	}
	cur := r.base
	hops := 0
	for i := 0; i < len(parts); i++ {
		next := parts[i]
		if cur != "" {
			next = cur + "/" + parts[i]
		}
		e := r.entries[next]
		if e == nil {
			return "", nil, fs.ErrNotExist
		}
		if e.mode&fs.ModeSymlink == 0 || (i == len(parts)-1 && !followLast) {
			cur = next
			continue
		}
		if hops++; hops > maxLinkHops {
			return "", nil, fmt.Errorf("more than %d symbolic links in a row (a loop?)", maxLinkHops)
		}
		t := strings.ReplaceAll(e.link, "\\", "/")
		if t == "" || t[0] == '/' || (len(t) >= 2 && t[1] == ':') {
			return "", nil, fmt.Errorf("symbolic link %s -> %s: %w", next, e.link, ErrOutsideRevision)
		}
		target := path.Join(path.Dir(next), t)
		if target == ".." || strings.HasPrefix(target, "../") || !r.within(strings.TrimPrefix(target, "./")) {
			return "", nil, fmt.Errorf("symbolic link %s -> %s: %w", next, e.link, ErrOutsideRevision)
		}
		if target == "." {
			target = ""
		}
		rest := parts[i+1:]
		parts = nil
		if rel := strings.TrimPrefix(strings.TrimPrefix(target, r.base), "/"); rel != "" {
			parts = strings.Split(rel, "/")
		}
		parts = append(parts, rest...)
		cur = r.base
		i = -1
	}
	if cur == r.base {
		return cur, nil, nil // the view's root
	}
	return cur, r.entries[cur], nil
}

// archiveInfo describes an entry (fs.FileInfo).
type archiveInfo struct {
	name  string
	size  int64
	mode  fs.FileMode
	mtime time.Time
}

func (i archiveInfo) Name() string       { return i.name }
func (i archiveInfo) Size() int64        { return i.size }
func (i archiveInfo) Mode() fs.FileMode  { return i.mode }
func (i archiveInfo) ModTime() time.Time { return i.mtime }
func (i archiveInfo) IsDir() bool        { return i.mode.IsDir() }
func (i archiveInfo) Sys() any           { return nil }

func infoOf(name string, e *archiveEntry) archiveInfo {
	if e == nil {
		return archiveInfo{name: ".", mode: fs.ModeDir | 0o755}
	}
	return archiveInfo{name: path.Base(name), size: e.size, mode: e.mode, mtime: e.mtime}
}

// Stat implements Revision. It follows links inside the revision; the mode
// keeps the archive's permission bits.
func (r *ArchiveRevision) Stat(name string) (fs.FileInfo, error) {
	full, e, err := r.resolve(name, true)
	if err != nil {
		return nil, &fs.PathError{Op: "stat", Path: name, Err: err}
	}
	return infoOf(full, e), nil
}

// Lstat is Stat without following a final symbolic link.
func (r *ArchiveRevision) Lstat(name string) (fs.FileInfo, error) {
	full, e, err := r.resolve(name, false)
	if err != nil {
		return nil, &fs.PathError{Op: "lstat", Path: name, Err: err}
	}
	return infoOf(full, e), nil
}

// ReadDir lists a folder of the revision, sorted by name, without following
// the links it holds.
func (r *ArchiveRevision) ReadDir(name string) ([]fs.DirEntry, error) {
	full, e, err := r.resolve(name, true)
	if err != nil {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: err}
	}
	if e != nil && !e.mode.IsDir() {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: errors.New("not a directory")}
	}
	kids := r.children[full]
	names := make([]string, 0, len(kids))
	for k := range kids {
		names = append(names, k)
	}
	sort.Strings(names)
	out := make([]fs.DirEntry, 0, len(names))
	for _, k := range names {
		child := k
		if full != "" {
			child = full + "/" + k
		}
		out = append(out, fs.FileInfoToDirEntry(infoOf(child, r.entries[child])))
	}
	return out, nil
}

// ReadFile implements Revision: at most limit bytes of a file, read from
// memory or decompressed on demand, within the archive's limits.
func (r *ArchiveRevision) ReadFile(name string, limit int64) ([]byte, error) {
	full, e, err := r.resolve(name, true)
	if err == nil && e == nil {
		err = errors.New("is a directory")
	}
	if err != nil {
		return nil, &fs.PathError{Op: "read", Path: name, Err: err}
	}
	if e.hardlink != "" {
		t := r.entries[e.hardlink]
		if t == nil || !r.within(e.hardlink) {
			return nil, &fs.PathError{Op: "read", Path: name, Err: fmt.Errorf("hard link to %s, which is not in the revision", e.hardlink)}
		}
		full, e = e.hardlink, t
	}
	switch {
	case e.mode.IsDir():
		return nil, &fs.PathError{Op: "read", Path: name, Err: errors.New("is a directory")}
	case !e.mode.IsRegular():
		return nil, &fs.PathError{Op: "read", Path: name, Err: errors.New("not a regular file")}
	}
	data, err := r.contents(full, e)
	if err != nil {
		return nil, &fs.PathError{Op: "read", Path: name, Err: err}
	}
	if limit >= 0 && int64(len(data)) > limit {
		data = data[:limit]
	}
	return data, nil
}

// contents returns a regular entry's whole contents.
func (ix *archiveIndex) contents(full string, e *archiveEntry) ([]byte, error) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if e.held {
		return e.data, nil
	}
	if e.refused != "" {
		return nil, errors.New(e.refused)
	}
	switch ix.kind {
	case ZipRevisionKind:
		return ix.readZipEntry(e)
	default:
		if err := ix.fetchTar([]*archiveEntry{e}); err != nil {
			return nil, err
		}
		if !e.held {
			return nil, fmt.Errorf("%s was not found again in %s", full, ix.display)
		}
		return e.data, nil
	}
}

// hold keeps data as e's contents, within the memory budget unless forced.
func (ix *archiveIndex) hold(e *archiveEntry, data []byte, force bool) bool {
	if !force && ix.heldSize+int64(len(data)) > ix.limits.MaxHeldBytes {
		return false
	}
	e.data, e.held = data, true
	ix.heldSize += int64(len(data))
	return true
}

// Prefetch reads the named files in one pass over a tar or tgz, so that the
// scripts an appspec names are in memory even when the bundle's contents
// exceed the budget held by the first pass. Names that are absent, or not
// readable, are skipped; a zip needs no prefetch.
func (r *ArchiveRevision) Prefetch(names []string) {
	if r.kind == ZipRevisionKind {
		return
	}
	var want []*archiveEntry
	seen := map[*archiveEntry]bool{}
	for _, n := range names {
		_, e, err := r.resolve(n, true)
		if err != nil || e == nil {
			continue
		}
		if e.hardlink != "" {
			e = r.entries[e.hardlink]
		}
		if e != nil && e.mode.IsRegular() && !e.held && e.refused == "" && !seen[e] {
			seen[e] = true
			want = append(want, e)
		}
	}
	if len(want) == 0 {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.fetchTar(want) // entries it cannot fetch stay unheld; ReadFile reports why
}

// sizeText writes a byte count for messages: "8 MiB", "1.5 GiB", "512 bytes".
func sizeText(n int64) string {
	switch {
	case n >= 1<<30 && n%(1<<30) == 0:
		return fmt.Sprintf("%d GiB", n>>30)
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// readAtMost reads r to the end, failing once more than max bytes come.
func readAtMost(rd io.Reader, max int64) ([]byte, bool, error) {
	data, err := io.ReadAll(io.LimitReader(rd, max+1))
	if err != nil {
		return nil, false, err
	}
	if int64(len(data)) > max {
		return nil, true, nil
	}
	return data, false, nil
}
