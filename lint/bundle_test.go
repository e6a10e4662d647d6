package lint

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const minimalAppSpec = "version: 0.0\nos: linux\nhooks:\n  ApplicationStart:\n    - location: scripts/start.sh\n"

// TestFindAppSpec: the agent's way of finding the appspec in an unpacked
// bundle, and the file linted when it finds none.
func TestFindAppSpec(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct {
		name    string
		entries []testEntry
		// want: Stripped | AppSpec | Linted | Base | Found
		want string
	}{
		{"root.zip", []testEntry{{name: "appspec.yml", body: minimalAppSpec}, {name: "scripts/start.sh", body: "x"}},
			" | appspec.yml | appspec.yml |  | "},
		{"github.zip", []testEntry{{name: "octo-app-1a2b3c4/", dir: true}, {name: "octo-app-1a2b3c4/appspec.yml", body: minimalAppSpec}, {name: "octo-app-1a2b3c4/scripts/start.sh", body: "x"}},
			"octo-app-1a2b3c4 | octo-app-1a2b3c4/appspec.yml | octo-app-1a2b3c4/appspec.yml | octo-app-1a2b3c4 | "},
		{"macosx.zip", []testEntry{{name: "myapp/appspec.yml", body: minimalAppSpec}, {name: "__MACOSX/myapp/._appspec.yml", body: "junk"}},
			" |  | myapp/appspec.yml | myapp | myapp/appspec.yml"},
		{"both.tar", []testEntry{{name: "appspec.yaml", body: "version: 0.0\n"}, {name: "appspec.yml", body: minimalAppSpec}},
			" | appspec.yml | appspec.yml |  | "},
		{"yaml.tgz", []testEntry{{name: "appspec.yaml", body: minimalAppSpec}},
			" | appspec.yaml | appspec.yaml |  | "},
		{"case.zip", []testEntry{{name: "AppSpec.yml", body: minimalAppSpec}, {name: "deep/appspec.yml", body: minimalAppSpec}},
			" |  | AppSpec.yml |  | "},
		{"json.zip", []testEntry{{name: "appspec.json", body: "{}"}, {name: "appspec-prod.yml", body: "x"}},
			" |  | appspec.json |  | "},
		{"custom.zip", []testEntry{{name: "repo/appspec-prod.yml", body: minimalAppSpec}},
			"repo |  | repo/appspec-prod.yml | repo | "},
		{"nested.zip", []testEntry{{name: "README.md", body: "x"}, {name: "a/b/appspec.yml", body: minimalAppSpec}, {name: "c/appspec.yaml", body: minimalAppSpec}, {name: "node_modules/x/appspec.yml", body: "x"}},
			" |  | c/appspec.yaml | c | c/appspec.yaml a/b/appspec.yml"},
		{"site.zip", []testEntry{{name: "site/index.html", body: "x"}, {name: "site/deploy/appspec.yml", body: minimalAppSpec}},
			" |  | site/deploy/appspec.yml | site/deploy | site/deploy/appspec.yml"},
		{"dir-named-appspec.zip", []testEntry{{name: "appspec.yml/x", body: "x"}},
			" |  |  |  | "},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := writeTestArchive(t, dir, c.name, c.entries)
			doc, rev, err := LoadArchive(p, c.name, DefaultAppSpecName, DefaultArchiveLimits)
			if err != nil {
				t.Fatal(err)
			}
			defer rev.Close()
			b := doc.Bundle
			got := strings.Join([]string{b.Stripped, b.AppSpec, b.Linted, b.Base, strings.Join(b.Found, " ")}, " | ")
			if got != c.want {
				t.Errorf("got  %q\nwant %q", got, c.want)
			}
			if b.Linted == "" {
				if doc.Path != c.name || len(doc.Src) != 0 || !b.StandIn() {
					t.Errorf("stand-in: path %q src %q", doc.Path, doc.Src)
				}
				return
			}
			if doc.Path != c.name+"!"+b.Linted || len(doc.Src) == 0 {
				t.Errorf("doc %q %q", doc.Path, doc.Src)
			}
			if b.Path != c.name || b.Type != strings.TrimPrefix(filepath.Ext(c.name), ".") {
				t.Errorf("path %q type %q", b.Path, b.Type)
			}
			// The document's revision is rooted where the appspec is.
			if _, err := doc.Revision.Stat(filepath.Base(b.Linted)); err != nil {
				t.Errorf("revision root: %v", err)
			}
		})
	}
}

// TestBundleFacts: the top and root listings, the comment, unsafe entries,
// and names for messages.
func TestBundleFacts(t *testing.T) {
	dir := t.TempDir()
	p := writeTestArchive(t, dir, "gh.tar", []testEntry{
		{name: "repo-abc/appspec.yml", body: minimalAppSpec},
		{name: "repo-abc/scripts/start.sh", body: "#!/bin/sh\n", mode: 0o755},
		{name: "../evil", body: "x"},
	})
	doc, rev, err := LoadArchive(p, "out/gh.tar", DefaultAppSpecName, DefaultArchiveLimits)
	if err != nil {
		t.Fatal(err)
	}
	defer rev.Close()
	b := doc.Bundle
	if strings.Join(b.Top, " ") != "repo-abc/" || strings.Join(b.Root, " ") != "appspec.yml scripts/" {
		t.Errorf("top %v root %v", b.Top, b.Root)
	}
	if !b.HasRoot("scripts/") || b.HasRoot("scripts") || !b.AtRoot() {
		t.Error("HasRoot / AtRoot")
	}
	if len(b.Unsafe) != 1 || b.Unsafe[0].Name != "../evil" {
		t.Errorf("unsafe %v", b.Unsafe)
	}
	if got := b.Display("scripts/start.sh"); got != "out/gh.tar!repo-abc/scripts/start.sh" {
		t.Errorf("display %q", got)
	}
	if b.Name() != "gh.tar" || b.Kind != TarRevisionKind {
		t.Errorf("name %q kind %v", b.Name(), b.Kind)
	}
	// The hook script was prefetched and is readable through the view.
	if data, err := doc.Revision.ReadFile("scripts/start.sh", 100); err != nil || string(data) != "#!/bin/sh\n" {
		t.Errorf("%q %v", data, err)
	}

	// An archive CodeDeploy does not unpack is not read: a stand-in.
	doc, rev, err = LoadArchive(filepath.Join(dir, "x.tar.bz2"), "x.tar.bz2", DefaultAppSpecName, DefaultArchiveLimits)
	if err != nil || rev != nil || !doc.Bundle.StandIn() || doc.Bundle.Kind != OtherArchiveKind || doc.Bundle.Type != "tar.bz2" {
		t.Errorf("%v %v %+v", err, rev, doc.Bundle)
	}
	if _, _, err := LoadArchive("appspec.yml", "appspec.yml", DefaultAppSpecName, DefaultArchiveLimits); err == nil {
		t.Error("not an archive")
	}
}

// TestDirectoryBundle: a directory revision is inspected the same way, and
// the linter fills in the facts for a document given only a Revision.
func TestDirectoryBundle(t *testing.T) {
	root := t.TempDir()
	os.MkdirAll(filepath.Join(root, "app", "scripts"), 0o755)
	os.WriteFile(filepath.Join(root, "app", "appspec.yml"), []byte(minimalAppSpec), 0o644)
	os.WriteFile(filepath.Join(root, "app", "appspec.yaml"), []byte(minimalAppSpec), 0o644)
	rev, err := OpenDirRevision(root)
	if err != nil {
		t.Fatal(err)
	}
	defer rev.Close()
	b := DescribeDirRevision(rev, root, "app/appspec.yaml")
	if b.Stripped != "app" || b.AppSpec != "app/appspec.yml" || b.Linted != "app/appspec.yaml" || b.Base != "app" || b.Kind != DirRevisionKind {
		t.Errorf("%+v", b)
	}
	if got := b.Display("scripts/a.sh"); got != filepath.Join(root, "app", "scripts", "a.sh") {
		t.Errorf("display %q", got)
	}

	sub, _ := OpenDirRevision(filepath.Join(root, "app"))
	defer sub.Close()
	doc := Parse("appspec.yaml", []byte(minimalAppSpec))
	doc.Revision = sub
	New(nil).Lint(doc, nil)
	b = doc.Bundle
	if b == nil || b.Linted != "appspec.yaml" || b.AppSpec != "appspec.yml" || b.Path != filepath.Join(root, "app") || b.StandIn() {
		t.Errorf("%+v", b)
	}
	// No revision, no facts.
	doc = Parse("appspec.yml", []byte(minimalAppSpec))
	New(nil).Lint(doc, nil)
	if doc.Bundle != nil {
		t.Error("stdin has no bundle")
	}
}

// TestStandInRunsOnlyRevisionRules: on the stand-in of a revision without
// an appspec, only Revision callbacks run, and they see the facts.
func TestStandInRunsOnlyRevisionRules(t *testing.T) {
	var calls []string
	rules := []*Rule{
		{ID: "AS001", Name: "doc", Severity: Error, Platforms: AllPlatforms, Document: func(p *Pass) { calls = append(calls, "doc") },
			Node: func(p *Pass, n *Node) { calls = append(calls, "node") }},
		{ID: "AS002", Name: "rev", Severity: Error, Platforms: AllPlatforms, Revision: func(p *Pass) {
			calls = append(calls, "rev")
			p.Report(Range{Start: Pos{1, 1}, End: Pos{1, 1}}, "no appspec in %s", p.Doc.Bundle.Name())
		}},
	}
	p := writeTestArchive(t, t.TempDir(), "none.zip", []testEntry{{name: "index.html", body: "x"}})
	doc, rev, err := LoadArchive(p, "none.zip", DefaultAppSpecName, DefaultArchiveLimits)
	if err != nil {
		t.Fatal(err)
	}
	defer rev.Close()
	ds := New(rules).Lint(doc, nil)
	if strings.Join(calls, ",") != "rev" || len(ds) != 1 || ds[0].File != "none.zip" || ds[0].Message != "no appspec in none.zip" {
		t.Errorf("calls %v findings %v", calls, ds)
	}
	calls = nil
	doc2 := Parse("appspec.yml", []byte("version: 0.0\n"))
	New(rules).Lint(doc2, nil)
	if strings.Join(calls, ",") != "doc,node,node,node" {
		t.Errorf("without a revision: %v", calls)
	}
}
