package lint

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/flate"
	"compress/gzip"
	"crypto/rand"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// testEntry is one entry of an archive built by a test.
type testEntry struct {
	name string
	body string
	mode fs.FileMode // permission bits; 0 means 0644 (0755 for folders)
	link string      // symlink target
	hard string      // tar hard link target
	dir  bool
}

var testTime = time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)

// writeTestArchive writes entries as a zip, tar or tgz (by the name's
// extension) into dir and returns its path.
func writeTestArchive(t testing.TB, dir, name string, entries []testEntry) string {
	t.Helper()
	p := filepath.Join(dir, name)
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	_, kind, _ := ArchiveType(name)
	switch kind {
	case ZipRevisionKind:
		zw := zip.NewWriter(f)
		for _, e := range entries {
			h := &zip.FileHeader{Name: e.name, Method: zip.Deflate, Modified: testTime}
			mode := e.mode
			switch {
			case e.dir:
				if mode == 0 {
					mode = 0o755
				}
				h.Name = strings.TrimSuffix(e.name, "/") + "/"
				h.SetMode(fs.ModeDir | mode)
			case e.link != "":
				h.SetMode(fs.ModeSymlink | 0o777)
			default:
				if mode == 0 {
					mode = 0o644
				}
				h.SetMode(mode)
			}
			w, err := zw.CreateHeader(h)
			if err != nil {
				t.Fatal(err)
			}
			if e.link != "" {
				io.WriteString(w, e.link)
			} else {
				io.WriteString(w, e.body)
			}
		}
		if err := zw.Close(); err != nil {
			t.Fatal(err)
		}
	case TarRevisionKind, TgzRevisionKind:
		var w io.Writer = f
		var gz *gzip.Writer
		if kind == TgzRevisionKind {
			gz = gzip.NewWriter(f)
			w = gz
		}
		tw := tar.NewWriter(w)
		for _, e := range entries {
			h := &tar.Header{Name: e.name, ModTime: testTime, Mode: int64(e.mode), Format: tar.FormatPAX}
			switch {
			case e.dir:
				h.Typeflag = tar.TypeDir
				if h.Mode == 0 {
					h.Mode = 0o755
				}
			case e.link != "":
				h.Typeflag, h.Linkname, h.Mode = tar.TypeSymlink, e.link, 0o777
			case e.hard != "":
				h.Typeflag, h.Linkname = tar.TypeLink, e.hard
				if h.Mode == 0 {
					h.Mode = 0o644
				}
			default:
				h.Typeflag, h.Size = tar.TypeReg, int64(len(e.body))
				if h.Mode == 0 {
					h.Mode = 0o644
				}
			}
			if err := tw.WriteHeader(h); err != nil {
				t.Fatal(err)
			}
			if h.Typeflag == tar.TypeReg {
				io.WriteString(tw, e.body)
			}
		}
		if err := tw.Close(); err != nil {
			t.Fatal(err)
		}
		if gz != nil {
			gz.Close()
		}
	default:
		t.Fatalf("%s: not an archive name", name)
	}
	return p
}

func openTestArchive(t *testing.T, p string, limits ArchiveLimits) *ArchiveRevision {
	t.Helper()
	_, kind, _ := ArchiveType(p)
	rev, err := OpenArchive(p, filepath.Base(p), kind, limits)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { rev.Close() })
	return rev
}

var sampleEntries = []testEntry{
	{name: "appspec.yml", body: "version: 0.0\nos: linux\n"},
	{name: "scripts/start.sh", body: "#!/bin/sh\necho start\n", mode: 0o755},
	{name: "scripts/stop.sh", body: "#!/bin/sh\necho stop\n"},
	{name: "web/", dir: true},
	{name: "web/index.html", body: "<p>hi</p>\n"},
}

// TestArchiveKinds: zip, tar and tgz give the same listing, contents and
// modes (the executable bit is kept); folders only implied by deeper names
// exist; ReadFile honours its limit.
func TestArchiveKinds(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"app.zip", "app.tar", "app.tgz", "app.tar.gz"} {
		t.Run(name, func(t *testing.T) {
			rev := openTestArchive(t, writeTestArchive(t, dir, name, sampleEntries), DefaultArchiveLimits)
			_, kind, _ := ArchiveType(name)
			if rev.Kind() != kind || !rev.Kind().IsArchive() || rev.Name() != "archive "+name {
				t.Errorf("kind %v name %q", rev.Kind(), rev.Name())
			}
			es, err := rev.ReadDir(".")
			if err != nil {
				t.Fatal(err)
			}
			if got := strings.Join(entryNames(es), " "); got != "appspec.yml scripts/ web/" {
				t.Errorf("top = %q", got)
			}
			info, err := rev.Stat("scripts/start.sh")
			if err != nil || info.Mode().Perm() != 0o755 || info.Size() != 21 || info.Name() != "start.sh" {
				t.Errorf("start.sh: %v %v", info, err)
			}
			if info, _ := rev.Stat("scripts/stop.sh"); info.Mode().Perm()&0o111 != 0 {
				t.Errorf("stop.sh must not be executable: %v", info.Mode())
			}
			if info, err := rev.Stat("scripts"); err != nil || !info.IsDir() {
				t.Errorf("implied folder scripts: %v %v", info, err)
			}
			if info, err := rev.Stat("."); err != nil || !info.IsDir() {
				t.Errorf("root: %v %v", info, err)
			}
			b, err := rev.ReadFile("scripts/start.sh", 9)
			if err != nil || string(b) != "#!/bin/sh" {
				t.Errorf("ReadFile limit: %q %v", b, err)
			}
			if _, err := rev.ReadFile("scripts", 10); err == nil {
				t.Error("reading a folder must fail")
			}
			if _, err := rev.Stat("nope.sh"); !errors.Is(err, fs.ErrNotExist) {
				t.Errorf("absent file: %v", err)
			}
			if _, err := rev.ReadFile("../appspec.yml", 10); !errors.Is(err, ErrOutsideRevision) {
				t.Errorf("`..` must not be read: %v", err)
			}
		})
	}
}

// TestArchiveDotSlashNames: `tar -czf app.tgz .` writes ./appspec.yml and a
// ./ entry; they are the same files as without the prefix.
func TestArchiveDotSlashNames(t *testing.T) {
	p := writeTestArchive(t, t.TempDir(), "app.tgz", []testEntry{
		{name: "./", dir: true},
		{name: "./appspec.yml", body: "version: 0.0\n"},
		{name: "./scripts//a.sh", body: "x"},
	})
	rev := openTestArchive(t, p, DefaultArchiveLimits)
	es, _ := rev.ReadDir(".")
	if got := strings.Join(entryNames(es), " "); got != "appspec.yml scripts/" {
		t.Errorf("top = %q", got)
	}
	if b, err := rev.ReadFile("scripts/a.sh", 10); err != nil || string(b) != "x" {
		t.Errorf("%q %v", b, err)
	}
}

// TestArchiveUnsafeEntries: absolute names and names climbing out with ..
// are listed as unsafe and never become entries.
func TestArchiveUnsafeEntries(t *testing.T) {
	dir := t.TempDir()
	entries := []testEntry{
		{name: "appspec.yml", body: "version: 0.0\n"},
		{name: "../evil", body: "x"},
		{name: "/abs/x", body: "x"},
		{name: "a/../../b", body: "x"},
		{name: "a/../fine", body: "ok"},
	}
	for _, name := range []string{"t.zip", "t.tar", "t.tgz"} {
		rev := openTestArchive(t, writeTestArchive(t, dir, name, entries), DefaultArchiveLimits)
		var got []string
		for _, u := range rev.Unsafe() {
			got = append(got, u.Name+" ("+u.Reason+")")
		}
		want := "../evil (leaves the revision with `..`), /abs/x (absolute path), a/../../b (leaves the revision with `..`)"
		if strings.Join(got, ", ") != want {
			t.Errorf("%s: unsafe = %q", name, strings.Join(got, ", "))
		}
		es, _ := rev.ReadDir(".")
		if got := strings.Join(entryNames(es), " "); got != "appspec.yml fine" {
			t.Errorf("%s: top = %q", name, got)
		}
		for _, n := range []string{"evil", "abs/x", "b", "../evil"} {
			if _, err := rev.Stat(n); err == nil {
				t.Errorf("%s: %s must not exist", name, n)
			}
		}
	}
	// Windows tools write backslashes and drive letters into zips.
	p := filepath.Join(dir, "win.zip")
	f, _ := os.Create(p)
	zw := zip.NewWriter(f)
	for _, n := range []string{`scripts\start.bat`, `C:\temp\x`, `..\up`} {
		w, _ := zw.Create(n)
		io.WriteString(w, "x")
	}
	zw.Close()
	f.Close()
	rev := openTestArchive(t, p, DefaultArchiveLimits)
	if _, err := rev.Stat("scripts/start.bat"); err != nil {
		t.Errorf("backslashes are folder separators: %v", err)
	}
	if len(rev.Unsafe()) != 2 {
		t.Errorf("unsafe = %v", rev.Unsafe())
	}
}

// TestArchiveLinks: links are followed only inside the revision; a link
// out (absolute, or climbing out), a loop, or a hard link to nowhere is
// refused; a folder link inside works; a sub-view is a wall too.
func TestArchiveLinks(t *testing.T) {
	dir := t.TempDir()
	entries := []testEntry{
		{name: "app/appspec.yml", body: "version: 0.0\n"},
		{name: "app/scripts/start.sh", body: "#!/bin/sh\n", mode: 0o755},
		{name: "app/start", link: "scripts/start.sh"},
		{name: "app/bin", link: "scripts"},
		{name: "app/passwd", link: "/etc/passwd"},
		{name: "app/up", link: "../../secret"},
		{name: "app/sibling", link: "../other.txt"},
		{name: "app/loop1", link: "loop2"},
		{name: "app/loop2", link: "loop1"},
		{name: "other.txt", body: "outside app/"},
	}
	for _, name := range []string{"l.zip", "l.tar", "l.tgz"} {
		rev := openTestArchive(t, writeTestArchive(t, dir, name, entries), DefaultArchiveLimits)
		if b, err := rev.ReadFile("app/start", 100); err != nil || string(b) != "#!/bin/sh\n" {
			t.Errorf("%s: link inside: %q %v", name, b, err)
		}
		if info, err := rev.Stat("app/start"); err != nil || info.Mode().Perm() != 0o755 {
			t.Errorf("%s: Stat follows the link to the script's mode: %v %v", name, info, err)
		}
		if info, err := rev.Lstat("app/start"); err != nil || info.Mode()&fs.ModeSymlink == 0 {
			t.Errorf("%s: Lstat: %v %v", name, info, err)
		}
		if b, err := rev.ReadFile("app/bin/start.sh", 100); err != nil || len(b) == 0 {
			t.Errorf("%s: folder link inside: %v", name, err)
		}
		for _, n := range []string{"app/passwd", "app/up"} {
			if _, err := rev.ReadFile(n, 100); !errors.Is(err, ErrOutsideRevision) {
				t.Errorf("%s: %s must not be followed out: %v", name, n, err)
			}
		}
		if _, err := rev.ReadFile("app/loop1", 100); err == nil || !strings.Contains(err.Error(), "loop") {
			t.Errorf("%s: loop: %v", name, err)
		}
		if b, err := rev.ReadFile("app/sibling", 100); err != nil || string(b) != "outside app/" {
			t.Errorf("%s: a link to another folder of the archive: %q %v", name, b, err)
		}
		sub := rev.Sub("app")
		if _, err := sub.ReadFile("sibling", 100); !errors.Is(err, ErrOutsideRevision) {
			t.Errorf("%s: from the app/ view, ../other.txt is outside: %v", name, err)
		}
		if _, err := sub.ReadFile("start", 100); err != nil {
			t.Errorf("%s: sub view: %v", name, err)
		}
		if _, err := sub.Stat("../other.txt"); err == nil {
			t.Errorf("%s: sub view must not reach ..", name)
		}
		es, _ := sub.ReadDir(".")
		if len(es) != 9 || sub.Name() != "archive "+name+"!app/" {
			t.Errorf("%s: sub listing %d, name %q", name, len(es), sub.Name())
		}
	}
	// Hard links (tar): to an earlier entry they read its contents; to a
	// name outside, or not (yet) in the archive, they are refused.
	p := writeTestArchive(t, dir, "h.tar", []testEntry{
		{name: "a.sh", body: "#!/bin/sh\n", mode: 0o755},
		{name: "b.sh", hard: "a.sh", mode: 0o755},
		{name: "c.sh", hard: "../x"},
		{name: "d.sh", hard: "later.sh"},
		{name: "later.sh", body: "x"},
	})
	rev := openTestArchive(t, p, DefaultArchiveLimits)
	if b, err := rev.ReadFile("b.sh", 100); err != nil || string(b) != "#!/bin/sh\n" {
		t.Errorf("hard link: %q %v", b, err)
	}
	if info, _ := rev.Stat("b.sh"); info.Size() != 10 {
		t.Errorf("hard link size %d", info.Size())
	}
	for _, n := range []string{"c.sh", "d.sh"} {
		if _, err := rev.ReadFile(n, 100); err == nil {
			t.Errorf("%s must not be read", n)
		}
	}
}

// TestZipEntryTooLarge: an entry declaring more than the entry limit is
// listed with its size but never decompressed.
func TestZipEntryTooLarge(t *testing.T) {
	p := filepath.Join(t.TempDir(), "big.zip")
	f, _ := os.Create(p)
	zw := zip.NewWriter(f)
	compressed := deflated(t, bytes.Repeat([]byte{0}, 1<<20))
	h := &zip.FileHeader{Name: "appspec.yml", Method: zip.Deflate, UncompressedSize64: 10 << 30, CompressedSize64: uint64(len(compressed))}
	w, _ := zw.CreateRaw(h)
	w.Write(compressed)
	zw.Close()
	f.Close()
	rev := openTestArchive(t, p, DefaultArchiveLimits)
	info, err := rev.Stat("appspec.yml")
	if err != nil || info.Size() != 10<<30 {
		t.Fatalf("%v %v", info, err)
	}
	_, err = rev.ReadFile("appspec.yml", 100)
	if err == nil || !strings.Contains(err.Error(), "10 GiB uncompressed, above the 8 MiB") || !strings.Contains(err.Error(), "limit on entry size") {
		t.Errorf("%v", err)
	}
	if rev.readSize != 0 {
		t.Errorf("decompressed %d bytes", rev.readSize)
	}
}

// TestZipBombLyingHeader: an entry that claims 100 bytes but decompresses
// to 64 MiB is cut off at 101 bytes: reading stops at once, memory stays
// small, and the error says why.
func TestZipBombLyingHeader(t *testing.T) {
	p := filepath.Join(t.TempDir(), "bomb.zip")
	f, _ := os.Create(p)
	zw := zip.NewWriter(f)
	compressed := deflated(t, bytes.Repeat([]byte{'a'}, 64<<20))
	h := &zip.FileHeader{Name: "appspec.yml", Method: zip.Deflate, UncompressedSize64: 100, CompressedSize64: uint64(len(compressed))}
	w, _ := zw.CreateRaw(h)
	w.Write(compressed)
	zw.Close()
	f.Close()
	if fi, _ := os.Stat(p); fi.Size() > 1<<20 {
		t.Fatalf("the bomb should be small: %d", fi.Size())
	}
	rev := openTestArchive(t, p, DefaultArchiveLimits)
	_, err := rev.ReadFile("appspec.yml", 1<<30)
	if err == nil || !strings.Contains(err.Error(), "expands past the size its header declares") {
		t.Errorf("%v", err)
	}
	if rev.readSize > 101 || rev.heldSize != 0 {
		t.Errorf("read %d bytes, held %d", rev.readSize, rev.heldSize)
	}
	// The refusal is remembered: no second decompression.
	if _, err := rev.ReadFile("appspec.yml", 10); err == nil {
		t.Error("a second read must fail too")
	}
}

// TestZipBombRatio: an honest entry of 4 MiB of zeros (within the size
// limit) compressed a thousand times is refused by the ratio limit.
func TestZipBombRatio(t *testing.T) {
	p := writeTestArchive(t, t.TempDir(), "zeros.zip", []testEntry{{name: "zeros.bin", body: strings.Repeat("\x00", 4<<20)}})
	rev := openTestArchive(t, p, DefaultArchiveLimits)
	_, err := rev.ReadFile("zeros.bin", 10)
	if err == nil || !strings.Contains(err.Error(), "limit on compression ratio") || !strings.Contains(err.Error(), "100:1") {
		t.Errorf("%v", err)
	}
	if rev.readSize != 0 {
		t.Errorf("decompressed %d bytes", rev.readSize)
	}
}

// TestZipTotalLimit: reads from one zip stop at the total limit.
func TestZipTotalLimit(t *testing.T) {
	random := make([]byte, 3000)
	rand.Read(random)
	p := writeTestArchive(t, t.TempDir(), "t.zip", []testEntry{{name: "a", body: string(random)}, {name: "b", body: string(random)}})
	limits := DefaultArchiveLimits
	limits.MaxTotalBytes, limits.MaxHeldBytes = 4000, 0
	rev := openTestArchive(t, p, limits)
	if _, err := rev.ReadFile("a", 10); err != nil {
		t.Fatal(err)
	}
	if _, err := rev.ReadFile("b", 10); err == nil || !strings.Contains(err.Error(), "limit on total bytes") {
		t.Errorf("%v", err)
	}
}

// TestZipTooManyEntries: a zip announcing more entries than the limit is
// refused before its directory is loaded.
func TestZipTooManyEntries(t *testing.T) {
	var es []testEntry
	for i := 0; i < 20; i++ {
		es = append(es, testEntry{name: strings.Repeat("x", i+1), body: "x"})
	}
	p := writeTestArchive(t, t.TempDir(), "many.zip", es)
	limits := DefaultArchiveLimits
	limits.MaxEntries = 10
	_, err := OpenArchive(p, "many.zip", ZipRevisionKind, limits)
	if err == nil || !strings.Contains(err.Error(), "lists 20 entries, more than the 10 entries") {
		t.Errorf("%v", err)
	}
	if n, ok := zipDeclaredEntries(bytes.NewReader(nil), 0); ok || n != 0 {
		t.Error("an empty file has no directory")
	}
}

// TestZip64TooManyEntries: past 65,534 entries a zip keeps its count in the
// zip64 end record (the classic record says 0xFFFF); that count is read too.
func TestZip64TooManyEntries(t *testing.T) {
	p := filepath.Join(t.TempDir(), "many.zip")
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(f)
	for i := 0; i <= 0xFFFF; i++ {
		// Stored, not deflated: a compressor per entry would take seconds.
		if _, err := zw.CreateHeader(&zip.FileHeader{Name: strconv.Itoa(i), Method: zip.Store}); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	f.Close()
	limits := DefaultArchiveLimits
	limits.MaxEntries = 0xFFFF
	_, err = OpenArchive(p, "many.zip", ZipRevisionKind, limits)
	if err == nil || !strings.Contains(err.Error(), "lists 65536 entries, more than the 65535 entries") {
		t.Errorf("%v", err)
	}
}

// TestTarTooManyEntries: a tar is read up to the entry limit, with a note.
func TestTarTooManyEntries(t *testing.T) {
	es := []testEntry{{name: "appspec.yml", body: "version: 0.0\n"}}
	for i := 0; i < 20; i++ {
		es = append(es, testEntry{name: strings.Repeat("x", i+1), body: "x"})
	}
	p := writeTestArchive(t, t.TempDir(), "many.tgz", es)
	limits := DefaultArchiveLimits
	limits.MaxEntries = 10
	rev := openTestArchive(t, p, limits)
	if !rev.Partial() || len(rev.Notes()) != 1 || !strings.Contains(rev.Notes()[0], "only the first 10 entries") {
		t.Errorf("notes %v", rev.Notes())
	}
	es2, _ := rev.ReadDir(".")
	if len(es2) != 10 {
		t.Errorf("%d entries listed", len(es2))
	}
}

// gzipBomb writes a tgz whose tar holds appspec.yml (when first) and then
// one entry declaring 1 GiB of zeros, made of many copies of one small gzip
// member: about 1 MB of file for 1 GiB of data.
func gzipBomb(t *testing.T, p string, appspecFirst bool) {
	t.Helper()
	var tarHead bytes.Buffer
	tw := tar.NewWriter(&tarHead)
	if appspecFirst {
		tw.WriteHeader(&tar.Header{Name: "appspec.yml", Mode: 0o644, Size: 13, Typeflag: tar.TypeReg})
		io.WriteString(tw, "version: 0.0\n")
	}
	tw.WriteHeader(&tar.Header{Name: "zeros.bin", Mode: 0o644, Size: 1 << 30, Typeflag: tar.TypeReg})
	tw.Flush() // no Close: the data follows in separate gzip members
	member := func(data []byte) []byte {
		var b bytes.Buffer
		gz, _ := gzip.NewWriterLevel(&b, gzip.BestCompression)
		gz.Write(data)
		gz.Close()
		return b.Bytes()
	}
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	f.Write(member(tarHead.Bytes()))
	zeros := member(make([]byte, 1<<20))
	for i := 0; i < 1024; i++ {
		f.Write(zeros)
	}
}

// TestTgzBomb: a gzip bomb stops after the ratio floor (16 MiB of output),
// not after its 1 GiB; what came before it (the appspec) is kept, with a
// note naming the limit.
func TestTgzBomb(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "bomb.tgz")
	gzipBomb(t, p, true)
	if fi, _ := os.Stat(p); fi.Size() > 2<<20 {
		t.Fatalf("bomb too big: %d", fi.Size())
	}
	rev := openTestArchive(t, p, DefaultArchiveLimits)
	if !rev.Partial() || len(rev.Notes()) != 1 || !strings.Contains(rev.Notes()[0], "limit on compression ratio") {
		t.Fatalf("notes %v", rev.Notes())
	}
	if rev.readSize > streamRatioFloor+(1<<20) {
		t.Errorf("decompressed %s before stopping", sizeText(rev.readSize))
	}
	if b, err := rev.ReadFile("appspec.yml", 100); err != nil || string(b) != "version: 0.0\n" {
		t.Errorf("%q %v", b, err)
	}
	if _, err := rev.ReadFile("zeros.bin", 100); err == nil || !strings.Contains(err.Error(), "limit on entry size") {
		t.Errorf("%v", err)
	}

	// With the appspec after the bomb there is nothing to lint: an error.
	p2 := filepath.Join(dir, "bomb2.tgz")
	gzipBomb(t, p2, false)
	_, _, err := LoadArchive(p2, "bomb2.tgz", DefaultAppSpecName, DefaultArchiveLimits)
	if err == nil || !strings.Contains(err.Error(), "no appspec in the part of the archive that was read") || !strings.Contains(err.Error(), "limit on compression ratio") {
		t.Errorf("%v", err)
	}
}

// TestTgzTotalLimit: incompressible data stops at the total limit.
func TestTgzTotalLimit(t *testing.T) {
	random := make([]byte, 64<<10)
	rand.Read(random)
	p := writeTestArchive(t, t.TempDir(), "r.tgz", []testEntry{
		{name: "appspec.yml", body: "version: 0.0\n"},
		{name: "a.bin", body: string(random)},
		{name: "b.bin", body: string(random)},
	})
	limits := DefaultArchiveLimits
	limits.MaxTotalBytes = 100 << 10
	rev := openTestArchive(t, p, limits)
	if !rev.Partial() || !strings.Contains(strings.Join(rev.Notes(), ""), "stopped reading after 100 KiB of uncompressed data (limit on total bytes)") {
		t.Errorf("notes %v", rev.Notes())
	}
}

// TestTarHeldBudget: contents beyond the memory budget are read again on
// demand, and Prefetch gets several in one pass.
func TestTarHeldBudget(t *testing.T) {
	for _, name := range []string{"b.tar", "b.tgz"} {
		p := writeTestArchive(t, t.TempDir(), name, sampleEntries)
		limits := DefaultArchiveLimits
		limits.MaxHeldBytes = 30 // appspec.yml (23 bytes) fits, nothing else
		rev := openTestArchive(t, p, limits)
		if rev.heldSize != 23 {
			t.Errorf("%s: held %d", name, rev.heldSize)
		}
		rev.Prefetch([]string{"scripts/start.sh", "scripts/stop.sh", "missing.sh", "../x"})
		if e := rev.entries["scripts/stop.sh"]; !e.held {
			t.Errorf("%s: prefetch did not hold stop.sh", name)
		}
		if b, err := rev.ReadFile("web/index.html", 100); err != nil || string(b) != "<p>hi</p>\n" {
			t.Errorf("%s: read again: %q %v", name, b, err)
		}
	}
}

// TestCorruptArchives: what cannot be read is an error naming the archive.
func TestCorruptArchives(t *testing.T) {
	dir := t.TempDir()
	junk := make([]byte, 5000)
	rand.Read(junk)
	good := writeTestArchive(t, dir, "good.tgz", sampleEntries)
	whole, _ := os.ReadFile(good)
	cases := map[string][]byte{
		"junk.zip":  junk,
		"junk.tar":  junk,
		"junk.tgz":  junk,
		"empty.zip": nil,
		"cut.tgz":   whole[:len(whole)/2],
	}
	for name, data := range cases {
		p := filepath.Join(dir, name)
		os.WriteFile(p, data, 0o644)
		_, kind, _ := ArchiveType(name)
		_, err := OpenArchive(p, name, kind, DefaultArchiveLimits)
		if err == nil || !strings.HasPrefix(err.Error(), name+": ") {
			t.Errorf("%s: %v", name, err)
		}
	}
	if _, err := OpenArchive(filepath.Join(dir, "nope.zip"), "nope.zip", ZipRevisionKind, DefaultArchiveLimits); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing file: %v", err)
	}
}

func deflated(t *testing.T, data []byte) []byte {
	t.Helper()
	var b bytes.Buffer
	w, _ := flate.NewWriter(&b, flate.BestCompression)
	w.Write(data)
	w.Close()
	return b.Bytes()
}

func TestArchiveType(t *testing.T) {
	for name, want := range map[string]string{
		"app.zip": "zip", "APP.ZIP": "zip", "a.tar": "tar", "a.tar.gz": "tgz", "a.tgz": "tgz",
		"a.tar.bz2": "tar.bz2", "a.7z": "7z", "a.yml": "", "zip": "", ".zip": "",
	} {
		if got, _, _ := ArchiveType(name); got != want {
			t.Errorf("ArchiveType(%q) = %q, want %q", name, got, want)
		}
	}
}

func TestSizeText(t *testing.T) {
	for n, want := range map[int64]string{8 << 20: "8 MiB", 1 << 30: "1 GiB", 3 << 29: "1.5 GiB", 100 << 10: "100 KiB", 1500: "1500 bytes", 1536 << 10: "1.5 MiB"} {
		if got := sizeText(n); got != want {
			t.Errorf("sizeText(%d) = %q, want %q", n, got, want)
		}
	}
}

// FuzzArchive: whatever the bytes, opening them as a zip, tar or tgz and
// reading every entry never panics, and reads stay within the limits.
func FuzzArchive(f *testing.F) {
	dir := f.TempDir()
	for _, name := range []string{"seed.zip", "seed.tar", "seed.tgz"} {
		p := writeTestArchive(f, dir, name, append(sampleEntries, testEntry{name: "l", link: "scripts/start.sh"}, testEntry{name: "../x", body: "x"}))
		b, _ := os.ReadFile(p)
		f.Add(b, uint8(0))
		f.Add(b[:len(b)/2], uint8(1))
	}
	f.Add([]byte("PK\x05\x06"+strings.Repeat("\x00", 18)), uint8(0))
	addArchiveCaseSeeds(f, dir)
	f.Fuzz(func(t *testing.T, data []byte, k uint8) {
		name := []string{"f.zip", "f.tar", "f.tgz"}[int(k)%3]
		p := filepath.Join(t.TempDir(), name)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		limits := ArchiveLimits{MaxEntries: 200, MaxEntryBytes: 1 << 16, MaxHeldBytes: 1 << 16, MaxTotalBytes: 1 << 20, MaxRatio: 100}
		_, kind, _ := ArchiveType(name)
		rev, err := OpenArchive(p, name, kind, limits)
		if err != nil {
			return
		}
		defer rev.Close()
		var walk func(dir string, depth int)
		walk = func(dir string, depth int) {
			es, err := rev.ReadDir(dir)
			if err != nil || depth > 20 {
				return
			}
			for _, e := range es {
				n := e.Name()
				if dir != "." {
					n = dir + "/" + n
				}
				rev.Stat(n)
				if e.IsDir() {
					walk(n, depth+1)
				} else if b, err := rev.ReadFile(n, 1<<20); err == nil && int64(len(b)) > limits.MaxEntryBytes {
					t.Fatalf("%s: read %d bytes, above the entry limit", n, len(b))
				}
			}
		}
		walk(".", 0)
		if b := InspectRevision(rev, DefaultAppSpecName); b != nil {
			b.chooseAppSpec(rev)
		}
	})
}
