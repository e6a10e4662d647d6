package main

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"testing"
	"time"
)

// Hostile inputs on the command line (issue #8): each gets a clear error on
// standard error (exit 2) or a finding, the other inputs are still linted,
// and the run ends within a deadline (a hang detector, not a speed
// assertion) and, where it reads something huge, within a memory budget on
// the bytes allocated during the run (runtime.MemStats.TotalAlloc, an upper
// bound of the heap's growth that does not depend on when the collector
// runs). Archives (zip bombs, `..` entries, link loops) are tested in
// lint/archive_test.go, rules/bundle_test.go and revision_cli_test.go; a
// dangling link in TestUnreadableFileDoesNotStopOthers.

// cliRun is one in-process run's outcome.
type cliRun struct {
	code           int
	stdout, stderr string
	findings       []jsonFinding
	allocMB        uint64
}

type jsonFinding struct {
	File string `json:"file"`
	Line int    `json:"line"`
	Rule string `json:"rule"`
}

// runBounded runs the CLI in process with --format json and fails the test
// if it does not return within deadline.
func runBounded(t *testing.T, deadline time.Duration, stdin string, args ...string) cliRun {
	t.Helper()
	done := make(chan cliRun, 1)
	go func() {
		var stdout, stderr bytes.Buffer
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		code := run(append([]string{"--format", "json"}, args...), strings.NewReader(stdin), &stdout, &stderr)
		runtime.ReadMemStats(&after)
		done <- cliRun{code: code, stdout: stdout.String(), stderr: stderr.String(), allocMB: (after.TotalAlloc - before.TotalAlloc) >> 20}
	}()
	var r cliRun
	select {
	case r = <-done:
	case <-time.After(deadline):
		t.Fatalf("appspec-lint %v did not end within %v", args, deadline)
	}
	if err := json.Unmarshal([]byte(r.stdout), &r.findings); err != nil {
		t.Fatalf("stdout is not a JSON list of findings (%v):\n%.2000s\nstderr:\n%s", err, r.stdout, r.stderr)
	}
	return r
}

// files lists, once each, the files with a finding of rule id, relative to
// root.
func (r cliRun) files(root, id string) []string {
	seen := map[string]bool{}
	var out []string
	for _, f := range r.findings {
		if f.Rule == id {
			rel, err := filepath.Rel(root, f.File)
			if err != nil {
				rel = f.File
			}
			if rel = filepath.ToSlash(rel); !seen[rel] {
				seen[rel] = true
				out = append(out, rel)
			}
		}
	}
	sort.Strings(out)
	return out
}

func (r cliRun) String() string {
	return fmt.Sprintf("exit %d\nstdout:\n%.3000s\nstderr:\n%s", r.code, r.stdout, r.stderr)
}

// write makes a file (and its folders) under root.
func write(t *testing.T, root, name, text string) string {
	t.Helper()
	p := filepath.Join(root, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// badVersion has one finding, AS202 on line 1: proof that a file was linted.
const badVersion = "version: 1.0\nos: linux\n"

// tenMB is a plausible appspec of 10 MB: a very long list of scripts.
func tenMB() string {
	var b strings.Builder
	b.WriteString("version: 0.0\nos: linux\nhooks:\n  BeforeInstall:\n")
	for b.Len() < 10<<20 {
		b.WriteString("    - location: scripts/install.sh\n      timeout: 300\n")
	}
	return b.String()
}

// TestHostileTenMegabyteFile: a file over the 1 MiB limit is not parsed:
// at most the limit is read, it is named on stderr with the limit, exit 2,
// and the file beside it is linted. The same on standard input.
func TestHostileTenMegabyteFile(t *testing.T) {
	root := t.TempDir()
	big := tenMB()
	write(t, root, "big/appspec.yml", big)
	write(t, root, "ok/appspec.yml", badVersion)
	r := runBounded(t, 60*time.Second, "", root)
	want := filepath.Join(root, "big", "appspec.yml") + ": larger than 1 MiB; an AppSpec file is a few kilobytes, is this the right file?"
	if r.code != 2 || !strings.Contains(r.stderr, want) || strings.Join(r.files(root, "AS202"), " ") != "ok/appspec.yml" {
		t.Errorf("want exit 2, %q on stderr and ok/appspec.yml linted; got %v", want, r)
	}
	// Reading stops at the limit: what is allocated is a small multiple of
	// 1 MiB (the read buffer grows by doubling), never a parse of 10 MB
	// (about two gigabytes).
	if r.allocMB > 32 {
		t.Errorf("the run allocated %d MB for a file it does not lint", r.allocMB)
	}

	s := runBounded(t, 60*time.Second, big, "--stdin-filename", "deploy/appspec.yml", "-")
	if s.code != 2 || !strings.Contains(s.stderr, "deploy/appspec.yml: larger than 1 MiB") || len(s.findings) != 0 || s.allocMB > 32 {
		t.Errorf("standard input: %v (allocated %d MB)", s, s.allocMB)
	}
}

// TestHostileNamedPipes: a named pipe with nothing writing to it, named on
// the command line, found in a tree, or reached through a link, is an
// error on stderr at once instead of a hang; a hook script that is a pipe
// does not hang the revision checks; a pipe that has a writer (the shell's
// `appspec-lint <(generate)`) is read and linted.
func TestHostileNamedPipes(t *testing.T) {
	root := t.TempDir()
	for _, d := range []string{"pipe", "link"} {
		os.MkdirAll(filepath.Join(root, d), 0o755)
	}
	fifo := filepath.Join(root, "pipe", "appspec.yml")
	if err := makeFIFO(fifo); err != nil {
		t.Skipf("cannot make a named pipe here: %v", err)
	}
	os.Symlink(fifo, filepath.Join(root, "link", "appspec.yml"))
	write(t, root, "ok/appspec.yml", badVersion)
	write(t, root, "script/appspec.yml", "version: 1.0\nos: linux\nhooks:\n  BeforeInstall:\n    - location: run.sh\n")
	if err := makeFIFO(filepath.Join(root, "script", "run.sh")); err != nil {
		t.Fatal(err)
	}

	// An anonymous pipe with a writer, named as the shell names <(...).
	pr, pw, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer pr.Close()
	go func() {
		pw.WriteString(badVersion)
		pw.Close()
	}()
	procSub := fmt.Sprintf("/dev/fd/%d", pr.Fd())
	if _, err := os.Stat(procSub); err != nil {
		t.Skipf("no /dev/fd here: %v", err)
	}

	r := runBounded(t, 30*time.Second, "", root, fifo, procSub)
	for _, name := range []string{"pipe", "link"} {
		want := filepath.Join(root, name, "appspec.yml") + ": is a named pipe with nothing writing to it; nothing was read"
		if !strings.Contains(r.stderr, want) {
			t.Errorf("stderr does not say %q", want)
		}
	}
	if strings.Count(r.stderr, "\n") != 2 {
		t.Errorf("want one line per pipe on stderr (the pipe named twice is linted once)")
	}
	linted := strings.Join(r.files(root, "AS202"), " ")
	if r.code != 2 || !strings.Contains(linted, "ok/appspec.yml script/appspec.yml") || strings.Contains(linted, "pipe/") || strings.Contains(linted, "link/") {
		t.Errorf("want exit 2 and ok/ and script/ linted: %v", r)
	}
	var fromPipe bool
	for _, f := range r.findings {
		fromPipe = fromPipe || (f.File == procSub && f.Rule == "AS202")
	}
	if !fromPipe {
		t.Errorf("the pipe with a writer (%s) was not linted: %v", procSub, r)
	}
}

// TestHostileUnreadableFiles: files with an appspec's name that cannot be
// read as one are each named on stderr (exit 2), and the readable file
// beside them is linted. A file of binary junk is read and gets AS112.
func TestHostileUnreadableFiles(t *testing.T) {
	root := t.TempDir()
	write(t, root, "ok/appspec.yml", badVersion)
	write(t, root, "binary/appspec.yml", "\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03\xff\xfe\x00\x00junk")
	os.MkdirAll(filepath.Join(root, "dir", "target"), 0o755)
	os.MkdirAll(filepath.Join(root, "zero"), 0o755)
	if err := os.Symlink("target", filepath.Join(root, "dir", "appspec.yml")); err != nil {
		t.Skipf("cannot make a symlink here: %v", err)
	}
	wants := []string{filepath.Join(root, "dir", "appspec.yml") + ": is a directory, not a file"}
	if _, err := os.Stat("/dev/zero"); err == nil {
		// An endless device: reading stops at the limit.
		os.Symlink("/dev/zero", filepath.Join(root, "zero", "appspec.yml"))
		wants = append(wants, filepath.Join(root, "zero", "appspec.yml")+": larger than 1 MiB")
	}
	if os.Geteuid() != 0 {
		locked := write(t, root, "locked/appspec.yml", badVersion)
		os.Chmod(locked, 0)
		wants = append(wants, locked+": permission denied")
	} else {
		t.Log("running as root, which reads any file whatever its mode: the chmod 000 case is left out")
	}
	r := runBounded(t, 60*time.Second, "", root)
	for _, w := range wants {
		if !strings.Contains(r.stderr, w) {
			t.Errorf("stderr does not say %q", w)
		}
	}
	if r.code != 2 || strings.Join(r.files(root, "AS202"), " ") != "ok/appspec.yml" || strings.Join(r.files(root, "AS112"), " ") != "binary/appspec.yml" {
		t.Errorf("want exit 2, ok/ linted, AS112 on binary/: %v", r)
	}
	if r.allocMB > 128 {
		t.Errorf("the run allocated %d MB", r.allocMB)
	}
}

// TestHostileSymlinkLoops: a folder link to its parent in the tree being
// walked, and names in the appspec that go through links in its revision:
// to the revision itself, in a loop, and out of the revision and back. The
// walk does not follow folder links, the revision resolves names through
// os.Root (which stops a loop and any way out), and the run ends with every
// appspec linted once. What users see: the source reached through two links
// to "." is checked like any other (AS307, it does not exist); one reached
// through 60 such links is past the 40 links a path may go through (ELOOP,
// as on the instance), so it is missing too (AS307), and so is a script that
// is a link loop (AS506); a script reached through a link out of the
// revision gets no finding (on the instance it may well exist).
func TestHostileSymlinkLoops(t *testing.T) {
	root := t.TempDir()
	write(t, root, "a/appspec.yml", badVersion)
	rev := filepath.Join(root, "rev")
	write(t, root, "rev/appspec.yml", "version: 0.0\nos: linux\n"+
		"files:\n  - source: self/self/app\n    destination: /opt/app\n"+
		"  - source: "+strings.Repeat("self/", 60)+"start.sh\n    destination: /opt/app\n"+
		"hooks:\n  BeforeInstall:\n    - location: loop1\n    - location: up/rev/up/rev/start.sh\n")
	write(t, root, "rev/start.sh", "#!/bin/sh\n")
	for _, l := range [][2]string{{"..", "a/parent"}, {".", "rev/self"}, {"loop2", "rev/loop1"}, {"loop1", "rev/loop2"}, {"..", "rev/up"}} {
		if err := os.Symlink(l[0], filepath.Join(root, l[1])); err != nil {
			t.Skipf("cannot make a symlink here: %v", err)
		}
	}
	r := runBounded(t, 60*time.Second, "", root)
	if r.code != 1 || r.stderr != "" || strings.Join(r.files(root, "AS202"), " ") != "a/appspec.yml" {
		t.Errorf("want exit 1, nothing on stderr, a/ linted once: %v", r)
	}
	var at []string
	for _, f := range r.findings {
		if f.Rule == "AS307" || f.Rule == "AS506" {
			at = append(at, fmt.Sprintf("%s:%d", f.Rule, f.Line))
		}
	}
	if strings.Join(at, " ") != "AS307:4 AS307:6 AS506:10" || strings.Join(r.files(rev, "AS307"), " ") != "appspec.yml" {
		t.Errorf("want AS307 on lines 4 and 6 of rev/appspec.yml (self/self/app does not exist, 60 links are too many) and AS506 on line 10 (a link loop): %v", r)
	}
}

// TestHostileTenThousandFiles: 10,000 appspec files in one tree are all
// linted and all reported, each once.
func TestHostileTenThousandFiles(t *testing.T) {
	root := t.TempDir()
	const n = 10_000
	made := time.Now()
	// Made with one mkdir and one write per file: the tree takes longer to
	// make than to lint.
	for i := 0; i < n; i++ {
		dir := filepath.Join(root, fmt.Sprintf("svc%03d", i/100))
		if i%100 == 0 {
			if err := os.Mkdir(dir, 0o755); err != nil {
				t.Fatal(err)
			}
		}
		dir = filepath.Join(dir, fmt.Sprintf("env%02d", i%100))
		if err := os.Mkdir(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "appspec.yml"), []byte(badVersion), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	start := time.Now()
	r := runBounded(t, 120*time.Second, "", root)
	t.Logf("tree made in %v; %d files linted in %v, %d MB allocated", start.Sub(made).Round(time.Millisecond), n, time.Since(start).Round(time.Millisecond), r.allocMB)
	files := r.files(root, "AS202")
	if r.code != 1 || r.stderr != "" || len(files) != n || len(r.findings) != n {
		t.Fatalf("want exit 1 and %d findings, one per file: got exit %d, %d findings in %d files, stderr %q", n, r.code, len(r.findings), len(files), r.stderr)
	}
}

// TestHostileConfigFiles: a .appspec-lint.yaml that is a named pipe, an
// alias bomb, or 2 MB of junk is an error naming it (the files it applies
// to are not linted: their settings are unknown), at once; the file under a
// sound config is linted.
func TestHostileConfigFiles(t *testing.T) {
	root := t.TempDir()
	for _, d := range []string{"pipe", "bomb", "huge", "ok"} {
		write(t, root, d+"/appspec.yml", badVersion)
	}
	if err := makeFIFO(filepath.Join(root, "pipe", ".appspec-lint.yaml")); err != nil {
		t.Skipf("cannot make a named pipe here: %v", err)
	}
	var bomb strings.Builder
	bomb.WriteString("disable:\n  - &a0 [x, x, x, x, x, x, x, x, x, x]\n")
	for i := 1; i < 12; i++ {
		fmt.Fprintf(&bomb, "  - &a%d [%s]\n", i, strings.TrimSuffix(strings.Repeat(fmt.Sprintf("*a%d, ", i-1), 10), ", "))
	}
	bomb.WriteString("enable: *a11\n")
	write(t, root, "bomb/.appspec-lint.yaml", bomb.String())
	write(t, root, "huge/.appspec-lint.yaml", "# "+strings.Repeat("x", 2<<20)+"\n")
	write(t, root, "ok/.appspec-lint.yaml", "fail-on: error\n")
	r := runBounded(t, 30*time.Second, "", root)
	for _, w := range []string{
		filepath.Join(root, "pipe", ".appspec-lint.yaml") + ": is a named pipe with nothing writing to it",
		filepath.Join(root, "bomb", ".appspec-lint.yaml") + ":2:5: each item of disable is a rule ID, prefix, name or category, not a list",
		filepath.Join(root, "huge", ".appspec-lint.yaml") + ": larger than 1 MiB; a config file is a few lines",
	} {
		if !strings.Contains(r.stderr, w) {
			t.Errorf("stderr does not say %q", w)
		}
	}
	if r.code != 2 || strings.Join(r.files(root, "AS202"), " ") != "ok/appspec.yml" || r.allocMB > 128 {
		t.Errorf("want exit 2 and ok/ linted (allocated %d MB): %v", r.allocMB, r)
	}
}

// TestHostileArchives: a zip whose appspec expands to 64 MiB from a few
// tens of kilobytes, a zip whose appspec is 2 MB, and a tar with entries
// named out of the revision and scripts that are link loops or links out,
// beside a plain appspec. The bomb is an error naming the limit (nothing is
// decompressed past it), the large appspec an error naming the 1 MiB
// limit, the tar gets AS812, the plain file is linted, and the run
// allocates little.
// The limits themselves are tested in lint/archive_test.go.
func TestHostileArchives(t *testing.T) {
	root := t.TempDir()
	bomb, err := os.Create(filepath.Join(root, "bomb.zip"))
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(bomb)
	w, _ := zw.Create("appspec.yml")
	lines := bytes.Repeat([]byte("\n"), 1<<20)
	for i := 0; i < 64; i++ {
		w.Write(lines)
	}
	zw.Close()
	bomb.Close()

	evil, err := os.Create(filepath.Join(root, "evil.tar"))
	if err != nil {
		t.Fatal(err)
	}
	tw := tar.NewWriter(evil)
	spec := "version: 0.0\nos: linux\nhooks:\n  BeforeInstall:\n    - location: scripts/loop1\n    - location: scripts/up.sh\n"
	tw.WriteHeader(&tar.Header{Name: "appspec.yml", Mode: 0o644, Size: int64(len(spec)), Typeflag: tar.TypeReg})
	tw.Write([]byte(spec))
	for _, h := range []*tar.Header{
		{Name: "../../etc/cron.d/evil", Mode: 0o644, Typeflag: tar.TypeReg},
		{Name: "/abs/path", Mode: 0o644, Typeflag: tar.TypeReg},
		{Name: "scripts/loop1", Linkname: "loop2", Typeflag: tar.TypeSymlink},
		{Name: "scripts/loop2", Linkname: "loop1", Typeflag: tar.TypeSymlink},
		{Name: "scripts/up.sh", Linkname: "../../../etc/passwd", Typeflag: tar.TypeSymlink},
	} {
		tw.WriteHeader(h)
	}
	tw.Close()
	evil.Close()
	write(t, root, "ok/appspec.yml", badVersion)

	// An appspec of 2 MB that is no bomb (it compresses about 10:1): over
	// the 1 MiB an appspec may have.
	big, err := os.Create(filepath.Join(root, "big.zip"))
	if err != nil {
		t.Fatal(err)
	}
	zw = zip.NewWriter(big)
	w, _ = zw.Create("appspec.yml")
	fmt.Fprint(w, "version: 0.0\nos: linux\nfiles:\n")
	for i := 0; i < 40_000; i++ {
		fmt.Fprintf(w, "  - source: build/part%d\n    destination: /opt/app/part%d\n", i, i)
	}
	zw.Close()
	big.Close()

	bombPath, evilPath, bigPath := filepath.Join(root, "bomb.zip"), filepath.Join(root, "evil.tar"), filepath.Join(root, "big.zip")
	r := runBounded(t, 60*time.Second, "", bombPath, evilPath, bigPath, filepath.Join(root, "ok"))
	if !strings.Contains(r.stderr, bombPath+"!appspec.yml: ") || !strings.Contains(r.stderr, "(limit on ") {
		t.Errorf("the bomb is not reported with its limit on stderr: %v", r)
	}
	if want := bigPath + "!appspec.yml: larger than 1 MiB; an AppSpec file is a few kilobytes"; !strings.Contains(r.stderr, want) {
		t.Errorf("stderr does not say %q: %v", want, r)
	}
	var unsafe bool
	for _, f := range r.findings {
		unsafe = unsafe || (f.File == evilPath+"!appspec.yml" && f.Rule == "AS812")
	}
	if r.code != 2 || !unsafe || strings.Join(r.files(root, "AS202"), " ") != "ok/appspec.yml" {
		t.Errorf("want exit 2, AS812 on evil.tar and ok/ linted: %v", r)
	}
	if r.allocMB > 64 {
		t.Errorf("the run allocated %d MB", r.allocMB)
	}
}

// TestHostileAliasBombFix: --fix on an appspec that holds an alias bomb
// (2^40 values if expanded) and a layout mistake fixes the layout and ends:
// the proof that a layout fix kept the data compares each pair of aliased
// values once, where it used to follow every path of the bomb and never end.
func TestHostileAliasBombFix(t *testing.T) {
	var b strings.Builder
	b.WriteString("version: 0.0\nos: linux\nx0: &a0 [x, x]\n")
	for i := 1; i <= 40; i++ {
		fmt.Fprintf(&b, "x%d: &a%d [*a%d, *a%d]\n", i, i, i-1, i-1)
	}
	b.WriteString("files:\n   - source: /\n     destination: /x\n")
	root := t.TempDir()
	p := write(t, root, "appspec.yml", b.String())
	r := runBounded(t, 20*time.Second, "", "--fix", p)
	got, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	want := strings.Replace(b.String(), "files:\n   - source: /\n     destination: /x\n", "files:\n  - source: /\n    destination: /x\n", 1)
	if string(got) != want {
		t.Errorf("the files section was not re-indented:\n%s\n%s", got, r)
	}
}
