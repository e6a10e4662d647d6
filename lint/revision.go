package lint

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path"
	"strings"
	"syscall"
)

// Revision is read access to the files CodeDeploy would unpack with the
// appspec, for rules that check scripts and sources. Names are slash
// separated and relative to the revision root. A Document has no Revision
// when the file came from stdin or an editor buffer without a directory.
type Revision interface {
	// Stat describes a file or directory; fs.ErrNotExist when absent.
	Stat(name string) (fs.FileInfo, error)
	// ReadFile returns at most limit bytes of a file.
	ReadFile(name string, limit int64) ([]byte, error)
	// Name describes the revision in messages ("directory deploy/").
	Name() string
	// Kind says what holds the revision: a directory on disk, or an archive
	// CodeDeploy would unpack (rules are stricter for an archive, which is
	// what gets deployed, than for a source tree whose build output may not
	// exist yet).
	Kind() RevisionKind
}

// RevisionKind is the form of a revision.
type RevisionKind int

const (
	DirRevisionKind RevisionKind = iota
	ZipRevisionKind
	TarRevisionKind
	TgzRevisionKind
	// OtherArchiveKind is an archive CodeDeploy does not unpack (.7z,
	// .tar.bz2, ...): the linter does not read it either.
	OtherArchiveKind
)

// IsArchive reports whether the revision is a bundle file.
func (k RevisionKind) IsArchive() bool { return k != DirRevisionKind }

func (k RevisionKind) String() string {
	return [...]string{"directory", "zip", "tar", "tgz", "archive"}[k]
}

// CleanRevisionPath turns a location or source as written in an appspec into
// a revision-relative name. A leading slash is dropped, as the agent joins
// locations onto the bundle root. ok is false for paths that would leave the
// revision ("..") or are empty.
func CleanRevisionPath(p string) (name string, ok bool) {
	p = strings.TrimSpace(strings.ReplaceAll(p, "\\", "/"))
	p = strings.TrimLeft(p, "/")
	if p == "" {
		return ".", true
	}
	if isCleanRelative(p) {
		return p, true // the common case, and path.Clean's scan is not free
	}
	p = path.Clean(p)
	if p == ".." || strings.HasPrefix(p, "../") {
		return "", false
	}
	return p, true
}

// isCleanRelative reports whether p (no leading slash) is what path.Clean
// would return unchanged: segments that are neither empty, "." nor "..".
func isCleanRelative(p string) bool {
	seg := 0 // length of the current segment
	for i := 0; i <= len(p); i++ {
		if i < len(p) && p[i] != '/' {
			seg++
			continue
		}
		if seg == 0 || seg == 1 && p[i-1] == '.' || seg == 2 && p[i-1] == '.' && p[i-2] == '.' {
			return false
		}
		seg = 0
	}
	return true
}

// DirRevision is a revision on disk. It reads through os.Root, so no name,
// symlink or ".." can reach outside the directory.
type DirRevision struct {
	root *os.Root
	name string
}

// OpenDirRevision opens dir as a revision. Close it when done.
func OpenDirRevision(dir string) (*DirRevision, error) {
	r, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	return &DirRevision{root: r, name: dir}, nil
}

// Name implements Revision.
func (r *DirRevision) Name() string { return "directory " + r.name }

// Kind implements Revision.
func (r *DirRevision) Kind() RevisionKind { return DirRevisionKind }

// Stat implements Revision.
func (r *DirRevision) Stat(name string) (fs.FileInfo, error) {
	if name == "." {
		return os.Stat(r.name)
	}
	return r.root.Stat(name)
}

// ReadDir lists a folder of the revision, sorted by name, without following
// the links it holds.
func (r *DirRevision) ReadDir(name string) ([]fs.DirEntry, error) {
	return fs.ReadDir(r.root.FS(), name)
}

// ReadFile implements Revision. Only regular files are read: opening a
// named pipe would block until something writes to it, so it is opened
// non-blocking and refused, like a device or a socket.
func (r *DirRevision) ReadFile(name string, limit int64) ([]byte, error) {
	f, err := r.root.OpenFile(name, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if info.IsDir() {
		return nil, errors.New("is a directory")
	}
	if !info.Mode().IsRegular() {
		return nil, errors.New("is not a regular file")
	}
	return io.ReadAll(io.LimitReader(f, limit))
}

// Close releases the directory handle.
func (r *DirRevision) Close() error { return r.root.Close() }
