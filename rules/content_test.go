package rules_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/appspec-lint/appspec-lint/lint"
	"github.com/appspec-lint/appspec-lint/rules"
)

// contentArchive is an in-memory revision that says it is an archive, for
// the severities that depend on it (the archive readers live elsewhere).
type contentArchive struct {
	files fstest.MapFS
	kind  lint.RevisionKind
}

func (r contentArchive) Stat(name string) (fs.FileInfo, error) { return fs.Stat(r.files, name) }
func (r contentArchive) ReadFile(name string, limit int64) ([]byte, error) {
	b, err := fs.ReadFile(r.files, name)
	if int64(len(b)) > limit {
		b = b[:limit]
	}
	return b, err
}
func (r contentArchive) Name() string            { return r.kind.String() + " bundle" }
func (r contentArchive) Kind() lint.RevisionKind { return r.kind }

// contentListing adds ReadDir, which lets the rules match names without case
// for Windows appspecs.
type contentListing struct{ contentArchive }

func (r contentListing) ReadDir(name string) ([]fs.DirEntry, error) {
	return fs.ReadDir(r.files, name)
}

const contentScript = "#!/bin/bash\nset -e\n"

func contentLint(t *testing.T, src string, rev lint.Revision, enable ...string) []*lint.Diagnostic {
	t.Helper()
	doc := lint.Parse("appspec.yml", []byte(src))
	doc.Revision = rev
	var cfg *lint.Config
	if len(enable) > 0 {
		cfg = &lint.Config{Enable: enable}
	}
	return lint.New(rules.All()).Lint(doc, cfg)
}

// contentFindings renders the findings of the given rules as
// "line:col severity ID", sorted.
func contentFindings(ds []*lint.Diagnostic, ids ...string) []string {
	var out []string
	for _, d := range ds {
		for _, id := range ids {
			if d.Rule.ID == id {
				out = append(out, strings.Join([]string{strconv.Itoa(d.Range.Start.Line) + ":" + strconv.Itoa(d.Range.Start.Col), d.Severity.String(), d.Rule.ID}, " "))
			}
		}
	}
	sort.Strings(out)
	return out
}

func contentExpect(t *testing.T, got []string, want ...string) {
	t.Helper()
	sort.Strings(want)
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// In an archive, what is missing is missing from what gets deployed: AS307
// is an error there (a warning in a directory, see testdata), for a plain
// path, a wildcard and a Linux path written with \ alike.
func TestContentSourceMissingInArchive(t *testing.T) {
	rev := contentArchive{kind: lint.ZipRevisionKind, files: fstest.MapFS{
		"dist/index.html": {Data: []byte("<html></html>")},
		"config/app.conf": {Data: []byte("k=v")},
		"target/app.war":  {Data: []byte("war")},
	}}
	src := `version: 0.0
os: linux
files:
  - source: /
    destination: /srv/all
  - source: dist
    destination: /var/www/html
  - source: build
    destination: /var/www/build
  - source: target/*.war
    destination: /opt/tomcat/webapps
  - source: config\app.conf
    destination: /etc/app
  - source: config/app.conf
    destination: /etc/app2
`
	ds := contentLint(t, src, rev)
	contentExpect(t, contentFindings(ds, "AS307"), "8:13 error AS307", "10:13 error AS307", "12:13 error AS307")
	for _, d := range ds {
		if d.Rule.ID == "AS307" && !strings.Contains(d.Message, "the zip revision") {
			t.Errorf("AS307 in an archive should name it: %s", d.Message)
		}
	}
	for _, kind := range []lint.RevisionKind{lint.TarRevisionKind, lint.TgzRevisionKind} {
		rev.kind = kind
		contentExpect(t, contentFindings(contentLint(t, src, rev), "AS307"), "8:13 error AS307", "10:13 error AS307", "12:13 error AS307")
	}
}

// AS506, AS901 and AS903 read an archive the same way; AS903 reports a zip
// entry without the executable bit (a zip made on Windows records none).
func TestContentScriptsInArchive(t *testing.T) {
	rev := contentArchive{kind: lint.ZipRevisionKind, files: fstest.MapFS{
		"scripts/start.sh":  {Data: []byte(contentScript), Mode: 0o755},
		"scripts/plain.sh":  {Data: []byte(contentScript), Mode: 0o644},
		"scripts/crlf.sh":   {Data: []byte("#!/bin/bash\r\necho hi\r\n"), Mode: 0o755},
		"scripts/nomode.sh": {Data: []byte(contentScript)},
		"scripts/noshebang": {Data: []byte("echo hi\n"), Mode: 0o755},
	}}
	src := `version: 0.0
os: linux
hooks:
  ApplicationStop:
    - location: scripts/gone.sh
  BeforeInstall:
    - location: scripts/missing.sh
  AfterInstall:
    - location: scripts/start.sh
    - location: scripts/plain.sh
    - location: scripts/crlf.sh
    - location: scripts/nomode.sh
    - location: scripts/noshebang
    - location: scripts
`
	ds := contentLint(t, src, rev)
	contentExpect(t, contentFindings(ds, "AS506", "AS901", "AS902", "AS903"),
		"5:17 info AS506", "7:17 error AS506", "10:17 info AS903", "11:17 error AS901",
		"13:17 warning AS902", "14:17 error AS506")
}

// For os: windows, names are compared without case when the revision can
// list its folders (Windows file systems ignore case); without a listing the
// comparison is exact.
func TestContentWindowsNamesIgnoreCase(t *testing.T) {
	files := fstest.MapFS{
		"Scripts/Install.ps1": {Data: []byte("Write-Host hi\r\n")},
		"Bin/Release/app.dll": {Data: []byte("MZ")},
	}
	src := `version: 0.0
os: windows
files:
  - source: bin\release
    destination: c:\app
hooks:
  AfterInstall:
    - location: scripts\install.ps1
`
	listing := contentListing{contentArchive{kind: lint.ZipRevisionKind, files: files}}
	contentExpect(t, contentFindings(contentLint(t, src, listing), "AS307", "AS506"))
	exact := contentArchive{kind: lint.ZipRevisionKind, files: files}
	contentExpect(t, contentFindings(contentLint(t, src, exact), "AS307", "AS506"), "4:13 error AS307", "8:17 error AS506")
	// On Linux, case always counts.
	linux := strings.Replace(strings.ReplaceAll(src, `\`, "/"), "windows", "linux", 1)
	linux = strings.Replace(linux, "c:/app", "/opt/app", 1)
	contentExpect(t, contentFindings(contentLint(t, linux, listing), "AS307", "AS506"), "4:13 error AS307", "8:17 error AS506")
}

// Without a revision (stdin, an editor buffer) the rules that need one say
// nothing; AS904 needs none.
func TestContentNeedsTheRevision(t *testing.T) {
	for _, dir := range []string{"AS307-missing-sources", "AS506-missing-scripts", "AS901-crlf", "AS902-shebang", "AS903-not-executable", "AS904-ps1-32bit"} {
		src, err := os.ReadFile(filepath.Join(testdataDir, "err", dir, "appspec.yml"))
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range contentLint(t, string(src), nil, "AS904") {
			switch d.Rule.ID {
			case "AS307", "AS506", "AS901", "AS902", "AS903":
				t.Errorf("%s: %s without a revision: %s", dir, d.Rule.ID, d.Message)
			}
		}
	}
}

// A script larger than the read limit is read in part, and nothing breaks on
// odd inputs: a location that is a mapping, an alias, a number.
func TestContentOddInputs(t *testing.T) {
	big := "#!/bin/bash\n" + strings.Repeat("echo line\n", 200_000) + "echo last\r\n"
	rev := contentArchive{kind: lint.TarRevisionKind, files: fstest.MapFS{
		"big.sh": {Data: []byte(big), Mode: 0o755},
		"1":      {Data: []byte(contentScript), Mode: 0o755},
	}}
	src := `version: 0.0
os: linux
files:
  - source: {a: b}
    destination: /x
  - source: 1
    destination: /y
hooks:
  AfterInstall:
    - location: big.sh
    - location: {a: b}
    - location: &loc big.sh
    - location: *loc
    - location: 1
`
	ds := contentLint(t, src, rev)
	if got := contentFindings(ds, "AS901"); len(got) != 0 {
		t.Errorf("AS901 read past 1 MiB: %v", got)
	}
}

// The findings about a script name it by its path in the revision.
func TestContentNamesTheScript(t *testing.T) {
	rev := contentArchive{kind: lint.ZipRevisionKind, files: fstest.MapFS{
		"a/b/run.sh": {Data: []byte("echo hi\n"), Mode: 0o644},
	}}
	src := "version: 0.0\nos: linux\nhooks:\n  AfterInstall:\n    - location: /a/b/run.sh\n"
	ds := contentLint(t, src, rev)
	contentExpect(t, contentFindings(ds, "AS902", "AS903"), "5:17 warning AS902", "5:17 info AS903")
	for _, d := range ds {
		if (d.Rule.ID == "AS902" || d.Rule.ID == "AS903") && !strings.HasPrefix(d.Message, "a/b/run.sh ") {
			t.Errorf("%s does not start with the script's name: %s", d.Rule.ID, d.Message)
		}
	}
}
