package rules_test

import (
	"archive/tar"
	"archive/zip"
	"compress/gzip"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/appspec-lint/appspec-lint/lint"
	"github.com/appspec-lint/appspec-lint/rules"
)

// archiveCase reports whether a case folder's name is an archive's: the
// folder is then packed into that archive and linted as a bundle.
func archiveCase(name string) bool {
	_, _, ok := lint.ArchiveType(name)
	return ok
}

// packEntry is one entry of an archive a test builds.
type packEntry struct {
	name string
	body string
	mode fs.FileMode // 0644 or 0755 for files
	link string      // symlink target
	dir  bool
}

var packTime = time.Date(2024, 6, 1, 12, 0, 0, 0, time.UTC)

// caseEntries lists a case folder's files (sorted, with the folders they
// are in), plus the entries its ".pack" manifest adds. Each manifest line
// is "file NAME TEXT", "exec NAME TEXT" (mode 0755), "link NAME TARGET",
// "dir NAME" or "comment TEXT" (the archive's comment); \n in TEXT is a
// newline. The manifest makes what a folder cannot hold: names with .. or
// a leading /, links out of the revision, a GitHub commit comment.
func caseEntries(t testing.TB, dir string) ([]packEntry, string) {
	t.Helper()
	var out []packEntry
	comment := ""
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		if rel == "." || rel == ".pack" {
			return nil
		}
		info, err := os.Lstat(p)
		if err != nil {
			return err
		}
		switch {
		case d.IsDir():
			out = append(out, packEntry{name: rel + "/", dir: true})
		case info.Mode()&fs.ModeSymlink != 0:
			target, _ := os.Readlink(p)
			out = append(out, packEntry{name: rel, link: target})
		default:
			body, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			mode := fs.FileMode(0o644)
			if info.Mode()&0o100 != 0 {
				mode = 0o755
			}
			out = append(out, packEntry{name: rel, body: string(body), mode: mode})
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	manifest, err := os.ReadFile(filepath.Join(dir, ".pack"))
	if err != nil {
		return out, ""
	}
	for _, line := range strings.Split(strings.TrimSpace(string(manifest)), "\n") {
		f := strings.SplitN(line, " ", 3)
		for len(f) < 3 {
			f = append(f, "")
		}
		text := strings.ReplaceAll(f[2], `\n`, "\n")
		switch f[0] {
		case "file":
			out = append(out, packEntry{name: f[1], body: text, mode: 0o644})
		case "exec":
			out = append(out, packEntry{name: f[1], body: text, mode: 0o755})
		case "link":
			out = append(out, packEntry{name: f[1], link: f[2]})
		case "dir":
			out = append(out, packEntry{name: f[1], dir: true})
		case "comment":
			comment = strings.TrimSpace(f[1] + " " + f[2])
		default:
			t.Fatalf("%s/.pack: unknown line %q", dir, line)
		}
	}
	return out, comment
}

// packArchive writes entries as the archive dst names (zip, tar, tgz); an
// archive type CodeDeploy does not unpack is written empty, as the linter
// does not read it.
func packArchive(t testing.TB, dst string, entries []packEntry, comment string) {
	t.Helper()
	f, err := os.Create(dst)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	_, kind, _ := lint.ArchiveType(dst)
	switch kind {
	case lint.ZipRevisionKind:
		zw := zip.NewWriter(f)
		for _, e := range entries {
			h := &zip.FileHeader{Name: e.name, Method: zip.Deflate, Modified: packTime}
			switch {
			case e.dir:
				h.Name = strings.TrimSuffix(e.name, "/") + "/"
				h.SetMode(fs.ModeDir | 0o755)
			case e.link != "":
				h.SetMode(fs.ModeSymlink | 0o777)
			default:
				h.SetMode(e.mode)
			}
			w, err := zw.CreateHeader(h)
			if err != nil {
				t.Fatal(err)
			}
			io.WriteString(w, e.body+e.link)
		}
		if comment != "" {
			zw.SetComment(comment)
		}
		if err := zw.Close(); err != nil {
			t.Fatal(err)
		}
	case lint.TarRevisionKind, lint.TgzRevisionKind:
		var w io.Writer = f
		var gz *gzip.Writer
		if kind == lint.TgzRevisionKind {
			gz = gzip.NewWriter(f)
			w = gz
		}
		tw := tar.NewWriter(w)
		if comment != "" {
			tw.WriteHeader(&tar.Header{Typeflag: tar.TypeXGlobalHeader, Name: "pax_global_header", PAXRecords: map[string]string{"comment": comment}})
		}
		for _, e := range entries {
			h := &tar.Header{Name: e.name, ModTime: packTime, Mode: int64(e.mode), Typeflag: tar.TypeReg, Size: int64(len(e.body))}
			switch {
			case e.dir:
				h.Typeflag, h.Mode, h.Size = tar.TypeDir, 0o755, 0
			case e.link != "":
				h.Typeflag, h.Linkname, h.Mode, h.Size = tar.TypeSymlink, e.link, 0o777, 0
			}
			if err := tw.WriteHeader(h); err != nil {
				t.Fatal(err)
			}
			io.WriteString(tw, e.body)
		}
		if err := tw.Close(); err != nil {
			t.Fatal(err)
		}
		if gz != nil {
			gz.Close()
		}
	}
}

// lintArchiveCase packs a case folder into the archive it is named like,
// in a temporary directory, and lints it as the CLI lints an archive. Opt-in
// rules are turned on by a "# test: enable=" line in the linted appspec, or
// by a sidecar <case>.enable file.
func lintArchiveCase(t *testing.T, dir string) (*lint.Document, []*lint.Diagnostic) {
	t.Helper()
	name := filepath.Base(dir)
	arch := filepath.Join(t.TempDir(), name)
	entries, comment := caseEntries(t, dir)
	packArchive(t, arch, entries, comment)
	doc, rev, err := lint.LoadArchive(arch, name, lint.DefaultAppSpecName, lint.DefaultArchiveLimits)
	if err != nil {
		t.Fatal(err)
	}
	if rev != nil {
		t.Cleanup(func() { rev.Close() })
	}
	cfg := caseConfig(doc.Src)
	if b, err := os.ReadFile(strings.TrimSuffix(dir, filepath.Ext(dir)) + ".enable"); err == nil {
		cfg = &lint.Config{Enable: strings.Split(strings.TrimSpace(string(b)), ",")}
	}
	return doc, lint.New(rules.All()).Lint(doc, cfg)
}

const (
	bundleEC2 = "version: 0.0\nos: linux\nfiles:\n  - source: /\n    destination: /srv/app\nhooks:\n  ApplicationStart:\n    - location: scripts/start.sh\n      timeout: 60\n"
	bundleWin = "version: 0.0\nos: windows\nfiles:\n  - source: \\\n    destination: C:\\app\n"
	bundleLam = "version: 0.0\nResources:\n  - fn:\n      Type: AWS::Lambda::Function\n      Properties:\n        Name: fn\n        Alias: live\n        CurrentVersion: \"1\"\n        TargetVersion: \"2\"\n"
	bundleECS = "version: 0.0\nResources:\n  - TargetService:\n      Type: AWS::ECS::Service\n      Properties:\n        TaskDefinition: <TASK_DEFINITION>\n        LoadBalancerInfo:\n          ContainerName: web\n          ContainerPort: 80\n"
	script    = "#!/bin/sh\necho start\n"
)

// bundleFindings lints an archive built from entries and returns the IDs
// of the findings (sorted, with repeats) and the document.
func bundleFindings(t *testing.T, name string, entries []packEntry, comment string, enable ...string) (string, *lint.Document, []*lint.Diagnostic) {
	t.Helper()
	arch := filepath.Join(t.TempDir(), name)
	packArchive(t, arch, entries, comment)
	doc, rev, err := lint.LoadArchive(arch, name, lint.DefaultAppSpecName, lint.DefaultArchiveLimits)
	if err != nil {
		t.Fatal(err)
	}
	if rev != nil {
		defer rev.Close()
	}
	ds := lint.New(rules.All()).Lint(doc, &lint.Config{Enable: enable})
	checkWellFormed(t, doc, ds)
	var ids []string
	for _, d := range ds {
		ids = append(ids, d.Rule.ID)
	}
	sort.Strings(ids)
	return strings.Join(ids, " "), doc, ds
}

// TestBundleRules lints real archives, built here, for each situation of
// the revision rules, in each archive kind where it matters.
func TestBundleRules(t *testing.T) {
	ec2 := []packEntry{{name: "appspec.yml", body: bundleEC2}, {name: "scripts/start.sh", body: script, mode: 0o755}}
	nest := func(dir string, es []packEntry) []packEntry {
		var out []packEntry
		for _, e := range es {
			e.name = dir + "/" + e.name
			out = append(out, e)
		}
		return out
	}
	for _, c := range []struct {
		name    string
		entries []packEntry
		comment string
		enable  []string
		want    string // rule IDs, sorted
		path    string // the document's path
	}{
		{"app.zip", ec2, "", nil, "", "app.zip!appspec.yml"},
		{"app.tar", ec2, "", nil, "", "app.tar!appspec.yml"},
		{"app.tgz", ec2, "", nil, "", "app.tgz!appspec.yml"},
		{"app.tar.gz", ec2, "", nil, "", "app.tar.gz!appspec.yml"},
		// GitHub-style: one top folder holding the appspec, stripped.
		{"gh.zip", nest("octo-app-1a2b3c4", ec2), "", nil, "", "gh.zip!octo-app-1a2b3c4/appspec.yml"},
		{"gh.tgz", nest("octo-app-1a2b3c4", ec2), "0123456789abcdef0123456789abcdef01234567", []string{"AS807"}, "AS807", "gh.tgz!octo-app-1a2b3c4/appspec.yml"},
		// Nested: two entries at the top, so nothing is stripped.
		{"nested.zip", append(nest("deploy", ec2), packEntry{name: "README.md", body: "x"}), "", nil, "AS801", "nested.zip!deploy/appspec.yml"},
		{"nested.tar", append(nest("a/b", ec2), packEntry{name: "c.txt", body: "x"}), "", nil, "AS801", "nested.tar!a/b/appspec.yml"},
		// __MACOSX blocks the strip.
		{"finder.zip", append(nest("myapp", ec2), packEntry{name: "__MACOSX/myapp/._appspec.yml", body: "junk"}), "", nil, "AS801 AS808", "finder.zip!myapp/appspec.yml"},
		// os: windows in a tar or tgz; fine in a zip.
		{"win.tar", []packEntry{{name: "appspec.yml", body: bundleWin}}, "", nil, "AS803", "win.tar!appspec.yml"},
		{"win.tgz", []packEntry{{name: "appspec.yml", body: bundleWin}}, "", nil, "AS803", "win.tgz!appspec.yml"},
		{"win.zip", []packEntry{{name: "appspec.yml", body: bundleWin}}, "", nil, "", "win.zip!appspec.yml"},
		// Traversal and absolute entries.
		{"evil.tar", append(ec2, packEntry{name: "../evil", body: "x"}, packEntry{name: "/abs/x", body: "y"}), "", nil, "AS812", "evil.tar!appspec.yml"},
		{"evil.zip", append(ec2, packEntry{name: "../../etc/cron.d/x", body: "x"}), "", nil, "AS812", "evil.zip!appspec.yml"},
		// A hook script that is a link out of the revision is never read.
		{"link.tgz", []packEntry{{name: "appspec.yml", body: bundleEC2}, {name: "scripts/start.sh", link: "/etc/passwd"}}, "", nil, "", "link.tgz!appspec.yml"},
		// No appspec at all, a case variant, both names.
		{"none.zip", []packEntry{{name: "index.html", body: "x"}}, "", nil, "AS101", "none.zip"},
		{"upper.tgz", []packEntry{{name: "AppSpec.yml", body: bundleEC2}, {name: "scripts/start.sh", body: script, mode: 0o755}}, "", nil, "AS103", "upper.tgz!AppSpec.yml"},
		{"json.zip", []packEntry{{name: "appspec.json", body: `{"version": 0.0, "os": "linux"}`}}, "", nil, "AS102 AS105", "json.zip!appspec.json"},
		{"both.tar", append(ec2, packEntry{name: "appspec.yaml", body: bundleEC2}), "", nil, "AS104", "both.tar!appspec.yml"},
		// Lambda and ECS appspecs in a bundle.
		{"lambda.zip", []packEntry{{name: "appspec.yml", body: bundleLam}}, "", nil, "AS804", "lambda.zip!appspec.yml"},
		{"ghlambda.zip", nest("octo-fn-0a1b2c3d", []packEntry{{name: "appspec.yaml", body: bundleLam}}), "", nil, "AS804 AS806", "ghlambda.zip!octo-fn-0a1b2c3d/appspec.yaml"},
		{"artifact.zip", []packEntry{{name: "appspec.yaml", body: bundleECS}, {name: "taskdef.json", body: "{}"}}, "", nil, "", "artifact.zip!appspec.yaml"},
		{"artifact2.zip", []packEntry{{name: "appspec.yml", body: bundleECS}, {name: "imageDetail.json", body: "{}"}}, "", nil, "AS805", "artifact2.zip!appspec.yml"},
		// Dotfiles: present in the archive, nothing to say; absent, a hint.
		{"dot.zip", []packEntry{{name: "appspec.yml", body: "version: 0.0\nos: linux\nfiles:\n  - source: .env\n    destination: /srv/app\n"}, {name: ".env", body: "A=1\n"}}, "", nil, "", "dot.zip!appspec.yml"},
		{"nodot.zip", []packEntry{{name: "appspec.yml", body: "version: 0.0\nos: linux\nfiles:\n  - source: .env\n    destination: /srv/app\n"}}, "", nil, "AS307 AS811", "nodot.zip!appspec.yml"},
		// codedeploy-local note (opt-in).
		{"local.tgz", ec2, "", []string{"AS810"}, "AS810", "local.tgz!appspec.yml"},
		// Other archive types are not read.
		{"app.7z", nil, "", nil, "AS802", "app.7z"},
		{strings.Repeat("r", 97) + ".zip", ec2, "", nil, "AS809", strings.Repeat("r", 97) + ".zip!appspec.yml"},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, doc, ds := bundleFindings(t, c.name, c.entries, c.comment, c.enable...)
			if got != c.want || doc.Path != c.path {
				t.Errorf("%s: got %q at %q, want %q at %q\n%s", c.name, got, doc.Path, c.want, c.path, formatCase(ds))
			}
			for _, d := range ds {
				if d.File != doc.Path {
					t.Errorf("finding for %q in document %q", d.File, doc.Path)
				}
			}
		})
	}
}

// TestBundleZipBomb: an archive whose appspec entry is a bomb cannot be
// linted: LoadArchive says which limit stopped it, at once.
func TestBundleZipBomb(t *testing.T) {
	arch := filepath.Join(t.TempDir(), "bomb.zip")
	packArchive(t, arch, []packEntry{{name: "appspec.yml", body: strings.Repeat("\n", 6<<20)}}, "")
	_, _, err := lint.LoadArchive(arch, "bomb.zip", lint.DefaultAppSpecName, lint.DefaultArchiveLimits)
	if err == nil || !strings.Contains(err.Error(), "bomb.zip!appspec.yml: expands") || !strings.Contains(err.Error(), "limit on compression ratio") {
		t.Errorf("%v", err)
	}
}

// TestBundleAS803Position: a finding about the appspec points at its line.
func TestBundleAS803Position(t *testing.T) {
	_, _, ds := bundleFindings(t, "win.tgz", []packEntry{{name: "appspec.yml", body: bundleWin}}, "")
	if len(ds) != 1 || ds[0].Range.Start != (lint.Pos{Line: 2, Col: 5}) || ds[0].Range.End != (lint.Pos{Line: 2, Col: 12}) {
		t.Errorf("%s", formatCase(ds))
	}
}
