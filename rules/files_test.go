package rules

import (
	"fmt"
	"path"
	"strings"
	"testing"

	"github.com/appspec-lint/appspec-lint/lint"
)

func TestFilesFileLike(t *testing.T) {
	for s, want := range map[string]bool{
		"app.jar": true, "build/libs/demo-0.0.1-SNAPSHOT.jar": true, "web.config": true,
		"deploy/app.service": true, `scripts\install.ps1`: true, "index.html": true,
		"dist": false, "dist/": false, "conf.d": false, "v1.2": false, ".env": false,
		".ebextensions": false, "/": false, "": false, "app.jar/": false, "a.b-c": false,
	} {
		if got := filesFileLike(s); got != want {
			t.Errorf("filesFileLike(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestFilesNormalize(t *testing.T) {
	tests := []struct {
		src, dst string
		windows  bool
		wantSrc  string
		wantDst  string
		ok       bool
	}{
		{"/", "/var/www/", false, "", "/var/www", true},
		{"./app/", "/opt//app/.", false, "app", "/opt/app", true},
		{"a/../b", "/x/y/../z", false, "b", "/x/z", true},
		{"../outside", "/x", false, "", "", false},
		{"app", "relative/dir", false, "", "", false},
		{`\`, `C:\inetpub\wwwroot\`, true, "", "c:/inetpub/wwwroot", true},
		{`Web\Site.css`, `c:\`, true, "web/site.css", "c:", true},
		{"x", `\\server\share\app`, true, "x", "//server/share/app", true},
		{"x", "/", false, "x", "/", true},
		// `..` above / stays at / on the instance; above a UNC share it is
		// not compared.
		{"x", "/../opt/./app/..", false, "x", "/opt", true},
		{"x", `C:\..\app`, true, "x", "c:/app", true},
		{"x", `\\server\..\..\app`, true, "", "", false},
	}
	for _, tt := range tests {
		src := fmt.Sprintf("files:\n  - source: '%s'\n    destination: '%s'\n", tt.src, tt.dst)
		doc := lint.Parse("appspec.yml", []byte(src))
		if len(doc.Spec.FileEntries) != 1 {
			t.Fatalf("%q: no entry", src)
		}
		n, ok := filesNormalize(doc.Spec.FileEntries[0], tt.windows)
		if ok != tt.ok || (ok && (n.src != tt.wantSrc || n.dst != tt.wantDst)) {
			t.Errorf("filesNormalize(%q, %q) = %q, %q, %v; want %q, %q, %v", tt.src, tt.dst, n.src, n.dst, ok, tt.wantSrc, tt.wantDst, tt.ok)
		}
	}
}

func TestFilesParent(t *testing.T) {
	for dst, want := range map[string]string{
		"/a/b": "/a", "/a": "/", "/": "", "c:/a": "c:", "c:": "", "//srv/share": "//srv", "//srv": "",
	} {
		if got := filesParent(dst); got != want {
			t.Errorf("filesParent(%q) = %q, want %q", dst, got, want)
		}
	}
}

// The conflict search must stay linear: many entries under one root and many
// identical entries are looked up in maps, not compared pairwise.
func TestFilesConflictsManyEntries(t *testing.T) {
	var b strings.Builder
	b.WriteString("version: 0.0\nos: linux\nfiles:\n")
	const n = 20000
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "  - source: /\n    destination: /srv/app\n  - source: d%d/f%d.txt\n    destination: /srv/other%d\n", i, i, i)
	}
	doc := lint.Parse("appspec.yml", []byte(b.String()))
	ds := lint.New([]*lint.Rule{FilesDuplicateDestination, FilesFileVsDirConflict}).Lint(doc, nil)
	if len(ds) != n-1 {
		t.Errorf("want %d duplicate findings (each repeated root entry), got %d", n-1, len(ds))
	}
}

// TestFilesJoinSegments: the shortcut for clean paths gives what splitting,
// resolving and joining gives, for every path of up to five parts; on the
// instance (rooted), that is what path.Clean gives.
func TestFilesJoinSegments(t *testing.T) {
	parts := []string{"", ".", "..", "a", "b.txt", "/"}
	var gen func(s string, n int)
	gen = func(s string, n int) {
		for _, rooted := range []bool{false, true} {
			segs, wantOK := filesSegments(s, rooted)
			want := strings.Join(segs, "/")
			if got, ok := filesJoinSegments(s, rooted); ok != wantOK || ok && got != want {
				t.Fatalf("filesJoinSegments(%q, %v) = %q, %v; want %q, %v", s, rooted, got, ok, want, wantOK)
			}
			if rooted && (!wantOK || path.Clean("/"+s) != "/"+want) {
				t.Fatalf("filesSegments(%q, rooted) = %q, %v; want what path.Clean gives, %q", s, want, wantOK, path.Clean("/"+s))
			}
		}
		if n == 0 {
			return
		}
		for _, p := range parts {
			gen(s+p, n-1)
			gen(s+"/"+p, n-1)
		}
	}
	gen("", 5)
}

// TestFilesCutRel: cutting rel off the end of dst without building "/"+rel
// gives what strings.CutSuffix does.
func TestFilesCutRel(t *testing.T) {
	paths := []string{"", "/", "a", "/a", "/a/b", "a/b", "/ab", "//b", "/a/b/c", "b", "b/c", "."}
	for _, dst := range paths {
		for _, rel := range paths {
			want, wantOK := strings.CutSuffix(dst, "/"+rel)
			if wantOK && want == "" {
				want = "/"
			}
			if rel == "" || rel == "." {
				want, wantOK = dst, true
			}
			if !wantOK {
				want = ""
			}
			if got, ok := filesCutRel(dst, rel); got != want || ok != wantOK {
				t.Errorf("filesCutRel(%q, %q) = %q, %v; want %q, %v", dst, rel, got, ok, want, wantOK)
			}
		}
	}
}
