package main

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// archEntry is one entry of an archive a test writes.
type archEntry struct {
	name, body string
	exec       bool
}

// writeArchive writes a zip, tar or tgz (by the name) into the current
// directory.
func writeArchive(t *testing.T, name string, entries []archEntry) {
	t.Helper()
	var buf bytes.Buffer
	mtime := time.Date(2024, 6, 1, 12, 0, 0, 0, time.UTC)
	mode := func(e archEntry) fs.FileMode {
		if e.exec {
			return 0o755
		}
		return 0o644
	}
	switch {
	case strings.HasSuffix(name, ".zip"):
		zw := zip.NewWriter(&buf)
		for _, e := range entries {
			h := &zip.FileHeader{Name: e.name, Method: zip.Deflate, Modified: mtime}
			h.SetMode(mode(e))
			w, _ := zw.CreateHeader(h)
			io.WriteString(w, e.body)
		}
		zw.Close()
	default:
		var w io.Writer = &buf
		gz := gzip.NewWriter(&buf)
		if !strings.HasSuffix(name, ".tar") {
			w = gz
		}
		tw := tar.NewWriter(w)
		for _, e := range entries {
			tw.WriteHeader(&tar.Header{Name: e.name, Mode: int64(mode(e)), Size: int64(len(e.body)), ModTime: mtime, Typeflag: tar.TypeReg})
			io.WriteString(tw, e.body)
		}
		tw.Close()
		gz.Close()
	}
	if err := os.WriteFile(name, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

const (
	cliEC2    = "version: 0.0\nos: linux\nhooks:\n  ApplicationStart:\n    - location: scripts/start.sh\n"
	cliScript = "#!/bin/sh\necho start\n"
)

// runCLI runs the command and renders what it did, as the golden files hold
// it.
func runCLI(args []string, stdin string) (string, int) {
	var stdout, stderr bytes.Buffer
	code := run(args, strings.NewReader(stdin), &stdout, &stderr)
	return fmt.Sprintf("$ appspec-lint %s\nexit: %d\n--- stdout\n%s--- stderr\n%s", strings.Join(args, " "), code, stdout.String(), stderr.String()), code
}

// cliGoldenDir is found before the tests change directory.
var cliGoldenDir, _ = filepath.Abs(filepath.Join("..", "..", "testdata", "cli"))

func checkGolden(t *testing.T, name, got string) {
	t.Helper()
	golden := filepath.Join(cliGoldenDir, name+".golden")
	if *update {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("missing %s (go test ./cmd/appspec-lint -update): %v", golden, err)
	}
	if got != string(want) {
		t.Errorf("output differs from %s\n--- got\n%s\n--- want\n%s", golden, got, want)
	}
}

// TestCLIArchives lints archives as revisions, in one run with a corrupt
// one: findings name paths inside the archives (app.zip!deploy/appspec.yml),
// the corrupt archive is reported on stderr with exit 2, and the others are
// still linted and reported.
func TestCLIArchives(t *testing.T) {
	t.Chdir(t.TempDir())
	writeArchive(t, "finder.zip", []archEntry{
		{name: "myapp/appspec.yml", body: cliEC2},
		{name: "myapp/scripts/start.sh", body: cliScript, exec: true},
		{name: "__MACOSX/myapp/._appspec.yml", body: "junk"},
	})
	writeArchive(t, "github.tgz", []archEntry{
		{name: "octo-app-1a2b3c4/appspec.yml", body: strings.Replace(cliEC2, "linux", "windows", 1)},
		{name: "octo-app-1a2b3c4/scripts/start.sh", body: cliScript, exec: true},
	})
	writeArchive(t, "empty.tar", []archEntry{{name: "index.html", body: "<p>hi</p>\n"}})
	writeArchive(t, "good.zip", []archEntry{{name: "appspec.yml", body: cliEC2}, {name: "scripts/start.sh", body: cliScript, exec: true}})
	os.WriteFile("corrupt.tgz", []byte("this is not gzip data"), 0o644)

	got, code := runCLI([]string{"--format", "json", "finder.zip", "github.tgz", "corrupt.tgz", "empty.tar", "good.zip"}, "")
	if code != 2 {
		t.Errorf("exit %d, want 2 (an unreadable archive)", code)
	}
	checkGolden(t, "archives-json", got)

	got, _ = runCLI([]string{"--color", "never", "finder.zip", "empty.tar"}, "")
	checkGolden(t, "archives-text", got)
}

// TestCLIRevisionFlags: --revision-root makes a folder above the appspec the
// revision (so the agent's root is checked), also for standard input;
// --no-revision turns revision checks off; bad uses exit 2.
func TestCLIRevisionFlags(t *testing.T) {
	t.Chdir(t.TempDir())
	os.MkdirAll("build/deploy/scripts", 0o755)
	os.WriteFile("build/deploy/appspec.yml", []byte(cliEC2), 0o644)
	os.WriteFile("build/deploy/appspec.yaml", []byte(cliEC2), 0o644)
	os.WriteFile("build/deploy/scripts/start.sh", []byte(cliScript), 0o755)
	os.WriteFile("build/VERSION", []byte("1\n"), 0o644)
	os.WriteFile("other.yml", []byte(cliEC2), 0o644)

	for _, c := range []struct {
		args  []string
		stdin string
		code  int
		has   []string
		not   []string
	}{
		// Default: the file's directory is the revision; both names sit there.
		{args: []string{"build/deploy/appspec.yml"}, code: 0, has: []string{"AS104"}, not: []string{"AS801"}},
		// The bundle is build/: the appspec is not at its root.
		{args: []string{"--revision-root", "build", "build/deploy/appspec.yml"}, code: 1, has: []string{"AS801", "build/deploy/appspec.yml:1:1"}},
		{args: []string{"--revision-root", "build", "--stdin-filename", "build/deploy/appspec.yml", "-"}, stdin: cliEC2, code: 1, has: []string{"AS801"}},
		// Standard input has no revision unless one is given.
		{args: []string{"--stdin-filename", "build/deploy/appspec.yml", "-"}, stdin: cliEC2, code: 0, not: []string{"AS104", "AS801"}},
		{args: []string{"--no-revision", "build/deploy/appspec.yml"}, code: 0, not: []string{"AS104"}},
		// A directory keeps each appspec's own directory as its revision.
		{args: []string{"--revision-root", "build", "build"}, code: 0, has: []string{"AS104"}, not: []string{"AS801"}},
		{args: []string{"--revision-root", "build", "other.yml", "build/deploy/appspec.yml"}, code: 2, has: []string{"other.yml is not inside --revision-root build", "AS801"}},
		{args: []string{"--revision-root", "nope", "other.yml"}, code: 2, has: []string{"--revision-root: nope: no such file or directory"}},
		{args: []string{"--revision-root", "other.yml", "other.yml"}, code: 2, has: []string{"--revision-root other.yml is not a directory"}},
		{args: []string{"--revision-root", "build", "--no-revision", "other.yml"}, code: 2, has: []string{"cannot be used together"}},
	} {
		t.Run(strings.Join(c.args, " "), func(t *testing.T) {
			got, code := runCLI(append([]string{"--color", "never", "--fail-on", "error"}, c.args...), c.stdin)
			if code != c.code {
				t.Errorf("exit %d, want %d\n%s", code, c.code, got)
			}
			for _, s := range c.has {
				if !strings.Contains(got, s) {
					t.Errorf("want %q in\n%s", s, got)
				}
			}
			for _, s := range c.not {
				if strings.Contains(got, s) {
					t.Errorf("do not want %q in\n%s", s, got)
				}
			}
		})
	}
}

// TestCLIArchiveLimitNote: an archive cut short by a limit (a gzip bomb
// after the appspec) is linted from what was read, with a note on stderr
// naming the limit; the exit status is the findings'.
func TestCLIArchiveLimitNote(t *testing.T) {
	t.Chdir(t.TempDir())
	var tarHead bytes.Buffer
	tw := tar.NewWriter(&tarHead)
	tw.WriteHeader(&tar.Header{Name: "appspec.yml", Mode: 0o644, Size: int64(len("version: 0.0\nos: linux\n")), Typeflag: tar.TypeReg})
	io.WriteString(tw, "version: 0.0\nos: linux\n")
	tw.WriteHeader(&tar.Header{Name: "zeros.bin", Mode: 0o644, Size: 1 << 30, Typeflag: tar.TypeReg})
	tw.Flush()
	member := func(data []byte) []byte {
		var b bytes.Buffer
		gz, _ := gzip.NewWriterLevel(&b, gzip.BestCompression)
		gz.Write(data)
		gz.Close()
		return b.Bytes()
	}
	f, _ := os.Create("bomb.tgz")
	f.Write(member(tarHead.Bytes()))
	zeros := member(make([]byte, 1<<20))
	for i := 0; i < 1024; i++ {
		f.Write(zeros)
	}
	f.Close()
	got, code := runCLI([]string{"bomb.tgz"}, "")
	if code != 0 || !strings.Contains(got, "appspec-lint: bomb.tgz: note: stopped reading after 16") || !strings.Contains(got, "(limit on compression ratio, against gzip bombs)") {
		t.Errorf("exit %d\n%s", code, got)
	}
}

// TestCLIFixLeavesArchives: --fix does not rewrite an archive; it lints it.
func TestCLIFixLeavesArchives(t *testing.T) {
	t.Chdir(t.TempDir())
	writeArchive(t, "app.zip", []archEntry{{name: "deploy/appspec.yml", body: "version: \"0.0\"\r\nos: linux\r\n"}, {name: "README", body: "x"}})
	before, _ := os.ReadFile("app.zip")
	got, code := runCLI([]string{"--fix=all", "app.zip"}, "")
	after, _ := os.ReadFile("app.zip")
	if !bytes.Equal(before, after) || code != 1 || !strings.Contains(got, "archives are linted but not fixed") || !strings.Contains(got, "AS801") || !strings.Contains(got, "AS203") {
		t.Errorf("exit %d\n%s", code, got)
	}
	got, code = runCLI([]string{"--diff", "app.zip"}, "")
	if code != 0 || !strings.Contains(got, "archives are linted but not fixed") {
		t.Errorf("--diff: exit %d\n%s", code, got)
	}
}
