package lint

import (
	"os"
	"path"
	"path/filepath"
	"testing"
)

func TestCleanRevisionPath(t *testing.T) {
	for in, want := range map[string]string{
		"scripts/start.sh":    "scripts/start.sh",
		"/scripts/start.sh":   "scripts/start.sh",
		"./scripts//start.sh": "scripts/start.sh",
		`scripts\start.ps1`:   "scripts/start.ps1",
		"/":                   ".",
	} {
		if got, ok := CleanRevisionPath(in); !ok || got != want {
			t.Errorf("CleanRevisionPath(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	for _, in := range []string{"../etc/passwd", "a/../../b"} {
		if _, ok := CleanRevisionPath(in); ok {
			t.Errorf("CleanRevisionPath(%q) should refuse to leave the revision", in)
		}
	}
}

func TestDirRevisionStaysInside(t *testing.T) {
	outer := t.TempDir()
	dir := filepath.Join(outer, "rev")
	if err := os.MkdirAll(filepath.Join(dir, "scripts"), 0o755); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "scripts", "a.sh"), []byte("#!/bin/sh\necho hi\n"), 0o755)
	os.WriteFile(filepath.Join(outer, "secret"), []byte("x"), 0o644)
	os.Symlink(filepath.Join(outer, "secret"), filepath.Join(dir, "link"))

	rev, err := OpenDirRevision(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer rev.Close()
	b, err := rev.ReadFile("scripts/a.sh", 5)
	if err != nil || string(b) != "#!/bi" {
		t.Fatalf("ReadFile with limit = %q, %v", b, err)
	}
	if _, err := rev.ReadFile("link", 100); err == nil {
		t.Error("a symlink out of the revision must not be followed")
	}
	if _, err := rev.Stat("../secret"); err == nil {
		t.Error(".. must not escape the revision")
	}
}

// isCleanRelative is a shortcut: when it says a path is clean, path.Clean
// must agree, and ordinary paths must take it.
func TestIsCleanRelativeIsSound(t *testing.T) {
	for _, p := range []string{
		"a/b/", "a//b", "./a", "a/.", "a/./b", "..", "../a", "a/..", "a/../b", ".",
		"a", "a/b", "...", "a/...", ".a", "a.", "a/.b", "..a", "a..", "a/b/c.txt", "x/.../y",
	} {
		if isCleanRelative(p) && path.Clean(p) != p {
			t.Errorf("isCleanRelative(%q) is true but path.Clean gives %q", p, path.Clean(p))
		}
	}
	for _, p := range []string{"a", "scripts/start.sh", "build/.env", "x/.../y", "..a"} {
		if !isCleanRelative(p) {
			t.Errorf("isCleanRelative(%q) is false for a clean path", p)
		}
	}
}
