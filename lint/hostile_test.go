package lint

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Hostile file system shapes for the engine's own file access (issue #8):
// named pipes and symlink loops in a revision, and odd files with an
// appspec's name in a tree. Alias bombs and deep nesting are tested with the
// rules (rules/hostile_test.go) and in TestAliasBombIsNotExpanded; a link
// loop in a walked tree in TestDiscover; archives in archive_test.go.

// within fails the test if f does not return within d: a hang detector, not
// a speed assertion.
func within(t *testing.T, d time.Duration, what string, f func()) {
	t.Helper()
	done := make(chan struct{})
	go func() {
		defer close(done)
		f()
	}()
	select {
	case <-done:
	case <-time.After(d):
		t.Fatalf("%s did not return within %v", what, d)
	}
}

// mkfifo makes a named pipe, or skips the test where there are none.
func mkfifo(t *testing.T, path string) {
	t.Helper()
	if err := makeFIFO(path); err != nil {
		t.Skipf("cannot make a named pipe here: %v", err)
	}
}

// TestRevisionNamedPipe: a script or source that is a named pipe with
// nothing writing to it is refused at once. Opening it the ordinary way
// would block until a writer came, which is never.
func TestRevisionNamedPipe(t *testing.T) {
	dir := t.TempDir()
	mkfifo(t, filepath.Join(dir, "start.sh"))
	rev, err := OpenDirRevision(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer rev.Close()
	var readErr error
	within(t, 10*time.Second, "reading a named pipe of the revision", func() {
		_, readErr = rev.ReadFile("start.sh", 1<<20)
	})
	if readErr == nil || !strings.Contains(readErr.Error(), "not a regular file") {
		t.Errorf("ReadFile of a named pipe: %v, want \"is not a regular file\"", readErr)
	}
	if info, err := rev.Stat("start.sh"); err != nil || info.Mode()&os.ModeNamedPipe == 0 {
		t.Errorf("Stat of a named pipe: %v, %v", info, err)
	}
}

// TestRevisionSymlinkLoops: names that go through a link to the revision
// itself, and links that point at each other, end with an error (or, for
// the link to ".", the file it reaches), never with a hang.
func TestRevisionSymlinkLoops(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "start.sh"), []byte("#!/bin/sh\n"), 0o755)
	for _, l := range [][2]string{{".", "self"}, {"b", "a"}, {"a", "b"}, {"..", "up"}} {
		if err := os.Symlink(l[0], filepath.Join(dir, l[1])); err != nil {
			t.Skipf("cannot make a symlink here: %v", err)
		}
	}
	rev, err := OpenDirRevision(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer rev.Close()
	deep := strings.Repeat("self/", 100) + "start.sh"
	within(t, 10*time.Second, "reading through symlink loops", func() {
		// Linux allows 40 links in one lookup: 100 hops through self/ is
		// refused, a few are followed.
		if _, err := rev.ReadFile(deep, 100); err == nil {
			t.Errorf("ReadFile through 100 links: no error")
		}
		if b, err := rev.ReadFile("self/self/start.sh", 100); err != nil || string(b) != "#!/bin/sh\n" {
			t.Errorf("ReadFile through 2 links: %q, %v", b, err)
		}
		for _, name := range []string{"a", "b/x", "up/x"} {
			if _, err := rev.ReadFile(name, 100); err == nil {
				t.Errorf("ReadFile(%q): no error", name)
			}
			if _, err := rev.Stat(name); err == nil {
				t.Errorf("Stat(%q): no error", name)
			}
		}
		if _, err := rev.ReadDir("."); err != nil {
			t.Errorf("ReadDir: %v", err)
		}
		if b := DescribeDirRevision(rev, dir, "appspec.yml"); b == nil {
			t.Errorf("DescribeDirRevision: nil")
		}
	})
}

// TestDiscoverListsSpecialFiles: a named pipe, or a link to one or to a
// directory, with an appspec's name is listed, so that reading it reports
// what it is; a directory named appspec.yml is walked into, not listed.
func TestDiscoverListsSpecialFiles(t *testing.T) {
	root := t.TempDir()
	for _, d := range []string{"pipe", "link", "dirlink", "appspec.yml"} {
		os.MkdirAll(filepath.Join(root, d), 0o755)
	}
	mkfifo(t, filepath.Join(root, "pipe", "appspec.yml"))
	os.Symlink(filepath.Join(root, "pipe", "appspec.yml"), filepath.Join(root, "link", "appspec.yml"))
	os.Symlink(filepath.Join(root, "pipe"), filepath.Join(root, "dirlink", "appspec.yaml"))
	os.WriteFile(filepath.Join(root, "appspec.yml", "appspec.json"), []byte("{}"), 0o644)
	var found []string
	var errs []error
	within(t, 10*time.Second, "Discover", func() { found, errs = Discover(root) })
	if len(errs) > 0 {
		t.Fatalf("errors: %v", errs)
	}
	want := []string{"appspec.yml/appspec.json", "dirlink/appspec.yaml", "link/appspec.yml", "pipe/appspec.yml"}
	var got []string
	for _, f := range found {
		rel, _ := filepath.Rel(root, f)
		got = append(got, filepath.ToSlash(rel))
	}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("Discover = %v, want %v", got, want)
	}
}

// TestDiscoverUnreadableDirectory: a folder that cannot be listed is an
// error, and the folders beside it are still walked. Root reads any folder,
// so as root the test has nothing to show.
func TestDiscoverUnreadableDirectory(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("running as root, which reads a folder whatever its mode: chmod 000 cannot make it unreadable")
	}
	root := t.TempDir()
	for _, d := range []string{"locked", "open"} {
		os.MkdirAll(filepath.Join(root, d), 0o755)
		os.WriteFile(filepath.Join(root, d, "appspec.yml"), []byte("version: 0.0\n"), 0o644)
	}
	if err := os.Chmod(filepath.Join(root, "locked"), 0); err != nil {
		t.Fatal(err)
	}
	defer os.Chmod(filepath.Join(root, "locked"), 0o755)
	found, errs := Discover(root)
	if len(found) != 1 || filepath.Base(filepath.Dir(found[0])) != "open" {
		t.Errorf("found %v, want open/appspec.yml", found)
	}
	if len(errs) != 1 || !errors.Is(errs[0], os.ErrPermission) {
		t.Errorf("errors %v, want one permission error", errs)
	}
}
