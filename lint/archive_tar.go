package lint

import (
	"archive/tar"
	"bufio"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"io/fs"
)

// limitError is a limit reached while streaming a tgz.
type limitError struct{ msg string }

func (e *limitError) Error() string { return e.msg }

// countingReader counts the compressed bytes read from the file.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// streamGuard stops a decompressed stream at the total-bytes limit, or as
// soon as it expands more than the ratio limit allows: a gzip bomb is cut
// off after a few MiB, not after it has filled memory or time.
type streamGuard struct {
	r          io.Reader
	compressed *countingReader
	limits     ArchiveLimits
	n          int64
	err        error
}

func (g *streamGuard) Read(p []byte) (int, error) {
	if g.err != nil {
		return 0, g.err
	}
	n, err := g.r.Read(p)
	g.n += int64(n)
	switch {
	case g.n > g.limits.MaxTotalBytes:
		g.err = &limitError{fmt.Sprintf("stopped reading after %s of uncompressed data (limit on total bytes); entries past that point are not checked", sizeText(g.limits.MaxTotalBytes))}
	case g.n > streamRatioFloor && g.n > g.limits.MaxRatio*max(g.compressed.n, 1):
		g.err = &limitError{fmt.Sprintf("stopped reading after %s: the data expands %d times (from %s of the file), more than the %d:1 this linter accepts (limit on compression ratio, against gzip bombs); entries past that point are not checked",
			sizeText(g.n), g.n/max(g.compressed.n, 1), sizeText(g.compressed.n), g.limits.MaxRatio)}
	}
	if g.err != nil {
		return n, g.err
	}
	return n, err
}

// tarStream starts a pass over the archive. A plain tar is read from the
// file (tar seeks over the contents it skips); a tgz through gzip and a
// guard that enforces the limits.
func (ix *archiveIndex) tarStream() (*tar.Reader, *streamGuard, error) {
	sr := io.NewSectionReader(ix.f, 0, ix.size)
	if ix.kind == TarRevisionKind {
		return tar.NewReader(sr), nil, nil
	}
	cr := &countingReader{r: sr}
	gz, err := gzip.NewReader(bufio.NewReader(cr))
	if err != nil {
		return nil, nil, fmt.Errorf("%s: not a gzip-compressed tar (tgz) archive: %v", ix.display, err)
	}
	g := &streamGuard{r: gz, compressed: cr, limits: ix.limits}
	return tar.NewReader(g), g, nil
}

// nextHeader is tar.Reader.Next, accepting names archive/tar calls insecure
// (they are handled as unsafe entries here).
func nextHeader(tr *tar.Reader) (*tar.Header, error) {
	hdr, err := tr.Next()
	if err != nil && errors.Is(err, tar.ErrInsecurePath) && hdr != nil {
		err = nil
	}
	return hdr, err
}

// readTar lists a tar or tgz in one pass, keeping the contents of entries
// up to the memory budget.
func (ix *archiveIndex) readTar() error {
	tr, guard, err := ix.tarStream()
	if err != nil {
		return err
	}
	defer func() {
		if guard != nil {
			ix.readSize = guard.n
		}
	}()
	entries := 0
	for ord := 0; ; ord++ {
		hdr, err := nextHeader(tr)
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return ix.tarFailed(err, ord)
		}
		if hdr.Typeflag == tar.TypeXGlobalHeader {
			if c := hdr.PAXRecords["comment"]; c != "" {
				ix.comment = c
			}
			continue
		}
		if entries++; entries > ix.limits.MaxEntries {
			ix.partial = true
			ix.note("only the first %d entries were read (limit on entries)", ix.limits.MaxEntries)
			return nil
		}
		name, reason := cleanEntryName(hdr.Name)
		if reason != "" {
			ix.unsafe = append(ix.unsafe, UnsafeEntry{Name: hdr.Name, Reason: reason})
			continue
		}
		if name == "" {
			continue
		}
		info := hdr.FileInfo().Mode()
		e := &archiveEntry{name: name, mtime: hdr.ModTime, ord: ord, mode: info.Perm() | info&(fs.ModeSetuid|fs.ModeSetgid|fs.ModeSticky)}
		switch hdr.Typeflag {
		case tar.TypeDir:
			e.mode |= fs.ModeDir
		case tar.TypeSymlink:
			e.mode |= fs.ModeSymlink
			e.link = hdr.Linkname
		case tar.TypeLink:
			target, reason := cleanEntryName(hdr.Linkname)
			switch {
			case reason != "" || target == "":
				e.refused = fmt.Sprintf("a hard link to %s, which is outside the revision", hdr.Linkname)
			case ix.entries[target] == nil:
				e.refused = fmt.Sprintf("a hard link to %s, which comes later in the archive or not at all", hdr.Linkname)
			default:
				e.hardlink = target
				e.size = ix.entries[target].size
			}
		case tar.TypeReg, '\x00', tar.TypeCont, tar.TypeGNUSparse:
			e.size = hdr.Size
			if e.size > ix.limits.MaxEntryBytes {
				e.refused = fmt.Sprintf("%s, above the %s this linter reads of one archive entry (limit on entry size); not read", sizeText(e.size), sizeText(ix.limits.MaxEntryBytes))
			} else if ix.heldSize+e.size <= ix.limits.MaxHeldBytes {
				data, _, err := readAtMost(tr, e.size)
				if err != nil {
					return ix.tarFailed(err, ord)
				}
				ix.hold(e, data, true)
			}
		default: // devices and fifos: listed, never read
			e.mode = info
		}
		ix.add(e)
	}
}

// tarFailed turns a read error into a note (a limit: what was read stands)
// or an error (a damaged archive).
func (ix *archiveIndex) tarFailed(err error, ord int) error {
	var le *limitError
	if errors.As(err, &le) {
		ix.partial = true
		ix.notes = append(ix.notes, le.msg)
		return nil
	}
	if ord == 0 {
		return fmt.Errorf("%s: not a readable %s archive: %v", ix.display, ix.kind, err)
	}
	return fmt.Errorf("%s: the archive is damaged after %d entries: %v", ix.display, ord, err)
}

// fetchTar reads the contents of the given entries in a new pass over the
// archive, holding them whatever the budget (each is within the entry
// limit). The caller holds ix.mu.
func (ix *archiveIndex) fetchTar(want []*archiveEntry) error {
	byOrd := map[int]*archiveEntry{}
	last := 0
	for _, e := range want {
		byOrd[e.ord] = e
		last = max(last, e.ord)
	}
	tr, guard, err := ix.tarStream()
	if err != nil {
		return err
	}
	defer func() {
		if guard != nil {
			ix.readSize = guard.n
		}
	}()
	for ord := 0; ord <= last; ord++ {
		if _, err := nextHeader(tr); err != nil {
			return ix.refetchFailed(err)
		}
		e := byOrd[ord]
		if e == nil {
			continue
		}
		data, over, err := readAtMost(tr, e.size)
		if err != nil {
			return ix.refetchFailed(err)
		}
		if !over {
			ix.hold(e, data, true)
		}
	}
	return nil
}

func (ix *archiveIndex) refetchFailed(err error) error {
	var le *limitError
	if errors.As(err, &le) {
		return fmt.Errorf("not read: %s", le.msg)
	}
	return fmt.Errorf("cannot read it again from %s: %v", ix.display, err)
}
