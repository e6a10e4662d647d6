package lint

import (
	"archive/zip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"strings"
)

// maxLinkTarget bounds the stored target of a symbolic link.
const maxLinkTarget = 4096

// readZip lists a zip's entries. Contents are decompressed only when read.
func (ix *archiveIndex) readZip() error {
	// archive/zip loads the whole central directory: refuse one that
	// announces more entries than the limit before it does.
	if n, ok := zipDeclaredEntries(ix.f, ix.size); ok && n > uint64(ix.limits.MaxEntries) {
		return fmt.Errorf("%s: the zip lists %d entries, more than the %d entries this linter reads from one archive (limit on entries); not read", ix.display, n, ix.limits.MaxEntries)
	}
	zr, err := zip.NewReader(ix.f, ix.size)
	if err != nil && !(errors.Is(err, zip.ErrInsecurePath) && zr != nil) {
		return fmt.Errorf("%s: not a readable zip archive: %v", ix.display, zipErrText(err))
	}
	ix.comment = zr.Comment
	for i, zf := range zr.File {
		if i >= ix.limits.MaxEntries {
			ix.partial = true
			ix.note("only the first %d entries were read (limit on entries)", ix.limits.MaxEntries)
			break
		}
		// Info-ZIP's unzip, which the agent runs, reads backslashes as
		// folder separators in names written by Windows tools.
		stored := strings.ReplaceAll(zf.Name, "\\", "/")
		name, reason := cleanEntryName(stored)
		if reason != "" {
			ix.unsafe = append(ix.unsafe, UnsafeEntry{Name: zf.Name, Reason: reason})
			continue
		}
		if name == "" {
			continue
		}
		mode := zf.Mode()
		e := &archiveEntry{name: name, mtime: zf.Modified, zf: zf}
		switch {
		case strings.HasSuffix(stored, "/") || mode.IsDir():
			e.mode = fs.ModeDir | mode.Perm()
			if mode.Perm() == 0 {
				e.mode |= 0o755
			}
		case mode&fs.ModeSymlink != 0:
			e.mode = fs.ModeSymlink | 0o777
			e.link = ix.zipLinkTarget(zf)
		default:
			e.mode = mode
			e.size = int64(min(zf.UncompressedSize64, math.MaxInt64))
			e.refused = ix.zipRefusal(zf)
		}
		ix.add(e)
	}
	return nil
}

// zipRefusal says why an entry's contents will not be read, from what its
// header declares: too large, or compressed more than a real file would be.
func (ix *archiveIndex) zipRefusal(zf *zip.File) string {
	size := zf.UncompressedSize64
	if size > uint64(ix.limits.MaxEntryBytes) {
		return fmt.Sprintf("%s uncompressed, above the %s this linter reads of one archive entry (limit on entry size); not read", sizeText(int64(min(size, math.MaxInt64))), sizeText(ix.limits.MaxEntryBytes))
	}
	if size > zipRatioFloor && size > uint64(ix.limits.MaxRatio)*max(zf.CompressedSize64, 1) {
		return fmt.Sprintf("expands %d times (%s from %s), more than the %d:1 this linter accepts from compressed data (limit on compression ratio, against zip bombs); not read",
			size/max(zf.CompressedSize64, 1), sizeText(int64(size)), sizeText(int64(zf.CompressedSize64)), ix.limits.MaxRatio)
	}
	return ""
}

// zipLinkTarget reads a symbolic link's target (the entry's contents); a
// target that cannot be read leads nowhere.
func (ix *archiveIndex) zipLinkTarget(zf *zip.File) string {
	if zf.UncompressedSize64 > maxLinkTarget {
		return ""
	}
	rc, err := zf.Open()
	if err != nil {
		return ""
	}
	defer rc.Close()
	data, over, err := readAtMost(rc, maxLinkTarget)
	if err != nil || over {
		return ""
	}
	return string(data)
}

// readZipEntry decompresses an entry, never more than the size its header
// declares (archive/zip fails past it) nor than the limits allow.
func (ix *archiveIndex) readZipEntry(e *archiveEntry) ([]byte, error) {
	want := min(e.size, ix.limits.MaxEntryBytes)
	if ix.readSize+want > ix.limits.MaxTotalBytes {
		return nil, fmt.Errorf("not read: reading it would decompress more than %s from %s in this run (limit on total bytes)", sizeText(ix.limits.MaxTotalBytes), ix.display)
	}
	rc, err := e.zf.Open()
	if err != nil {
		return nil, fmt.Errorf("cannot read it from %s: %v", ix.display, zipErrText(err))
	}
	defer rc.Close()
	data, over, err := readAtMost(rc, want)
	ix.readSize += int64(len(data))
	switch {
	case err != nil:
		e.refused = fmt.Sprintf("cannot decompress it from %s: %v (a damaged archive, or data that expands past the size its header declares)", ix.display, zipErrText(err))
		return nil, errors.New(e.refused)
	case over:
		e.refused = fmt.Sprintf("expands past the %s its header declares; not read", sizeText(want))
		return nil, errors.New(e.refused)
	}
	ix.hold(e, data, false)
	return data, nil
}

func zipErrText(err error) string {
	if errors.Is(err, zip.ErrFormat) || errors.Is(err, zip.ErrChecksum) || errors.Is(err, zip.ErrAlgorithm) {
		return strings.TrimPrefix(err.Error(), "zip: ")
	}
	return err.Error()
}

// zipDeclaredEntries reads the entry count from a zip's end-of-central-
// directory record (or its zip64 form); ok is false when there is none.
func zipDeclaredEntries(r io.ReaderAt, size int64) (uint64, bool) {
	const eocdLen = 22
	n := min(size, 0xFFFF+eocdLen)
	if n < eocdLen {
		return 0, false
	}
	buf := make([]byte, n)
	if _, err := r.ReadAt(buf, size-n); err != nil && err != io.EOF {
		return 0, false
	}
	for i := len(buf) - eocdLen; i >= 0; i-- {
		if string(buf[i:i+4]) != "PK\x05\x06" {
			continue
		}
		if count := binary.LittleEndian.Uint16(buf[i+10:]); count != 0xFFFF {
			return uint64(count), true
		}
		// zip64: a locator sits just before the record and points at the
		// zip64 end-of-central-directory record.
		if i < 20 || string(buf[i-20:i-16]) != "PK\x06\x07" {
			return 0, false
		}
		off := binary.LittleEndian.Uint64(buf[i-20+8:])
		if off > uint64(size) {
			return 0, false
		}
		rec := make([]byte, 56)
		if _, err := r.ReadAt(rec, int64(off)); err != nil || string(rec[:4]) != "PK\x06\x06" {
			return 0, false
		}
		return binary.LittleEndian.Uint64(rec[32:]), true
	}
	return 0, false
}
