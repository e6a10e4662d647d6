package report

import (
	"bytes"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/appspec-lint/appspec-lint/lint"
)

// sarifSchemaPaths are where the official SARIF 2.1.0 schema (draft-07) is
// kept, outside the repository: beside a checkout, or beside the folder of
// git worktrees.
var sarifSchemaPaths = []string{
	"../../../shared/schemas/sarif-2.1.0.json",
	"../../../../shared/schemas/sarif-2.1.0.json",
}

func loadSARIFSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	var f *os.File
	var err error
	for _, p := range sarifSchemaPaths {
		if f, err = os.Open(p); !errors.Is(err, fs.ErrNotExist) {
			break
		}
	}
	if errors.Is(err, fs.ErrNotExist) {
		t.Skipf("the SARIF 2.1.0 schema is not at %s, so the output is not validated against it", strings.Join(sarifSchemaPaths, " or "))
	}
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft7)
	url := "file:///sarif-2.1.0.json"
	if err := c.AddResource(url, doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile(url)
	if err != nil {
		t.Fatal(err)
	}
	return sch
}

// richResult has a finding with a fix and a related place, one on a file
// whose name needs escaping, and one inside an archive.
func richResult() *Result {
	src := "version: \"0.0\"\nos: linux\nhooks:\n  AfterInstall:\n    - location: a.sh\n  AfterInstall:\n    - location: b.sh\n"
	doc := lint.Parse("deploy dir/appspec.yml", []byte(src))
	quoted := &lint.Rule{ID: "AS203", Name: "version-quoted-ec2", Severity: lint.Error, Category: "version",
		Summary: "version must not be quoted", Doc: "Bad:\n\n    version: \"0.0\"\n"}
	dup := &lint.Rule{ID: "AS120", Name: "duplicate-key", Severity: lint.Warning, Summary: "no duplicate keys"}
	info := &lint.Rule{ID: "AS803", Name: "tar-on-windows", Severity: lint.Info}
	rg := func(l1, c1, l2, c2 int) lint.Range {
		return lint.Range{Start: lint.Pos{Line: l1, Col: c1}, End: lint.Pos{Line: l2, Col: c2}}
	}
	d1 := &lint.Diagnostic{File: doc.Path, Range: rg(1, 10, 1, 15), Severity: lint.Error, Rule: quoted, Message: "quoted",
		Fix: &lint.Fix{Description: "unquote", Kind: lint.IntentFix, Edits: []lint.Edit{{Range: rg(1, 10, 1, 15), NewText: "0.0"}}}}
	d2 := &lint.Diagnostic{File: doc.Path, Range: rg(6, 3, 6, 15), Severity: lint.Warning, Rule: dup, Message: "duplicate",
		Related: []lint.Related{{Range: rg(4, 3, 4, 15), Message: "first here"}}}
	d3 := &lint.Diagnostic{File: "app.tgz!repo-1a2/appspec.yml", Range: rg(2, 5, 2, 12), Severity: lint.Info, Rule: info, Message: "tar"}
	return &Result{Files: []FileResult{
		{Doc: doc, Diagnostics: []*lint.Diagnostic{d1, d2}},
		{Doc: lint.Parse(d3.File, []byte("version: 0.0\nos: windows\n")), Diagnostics: []*lint.Diagnostic{d3}},
	}}
}

func TestSARIFIsValidAgainstTheSchema(t *testing.T) {
	sch := loadSARIFSchema(t)
	for name, opts := range map[string]Options{
		"found rules": {Version: "v1.2.3"},
		"all rules":   {Rules: []*lint.Rule{{ID: "AS001", Name: "other", Severity: lint.Info}}},
	} {
		for _, res := range []*Result{richResult(), {}} {
			var out bytes.Buffer
			if err := SARIF(&out, res, opts); err != nil {
				t.Fatal(err)
			}
			inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(out.Bytes()))
			if err != nil {
				t.Fatal(err)
			}
			if err := sch.Validate(inst); err != nil {
				t.Errorf("%s: not valid SARIF 2.1.0: %v\n%s", name, err, out.String())
			}
		}
	}
}

func TestSARIFContent(t *testing.T) {
	var out bytes.Buffer
	if err := SARIF(&out, richResult(), Options{Version: "v1.2.3", Rules: []*lint.Rule{{ID: "AS001", Name: "other", Severity: lint.Info}}}); err != nil {
		t.Fatal(err)
	}
	var log struct {
		Version string
		Runs    []struct {
			ColumnKind string
			Tool       struct {
				Driver struct {
					Name, Version, InformationURI string
					Rules                         []struct {
						ID                   string
						DefaultConfiguration struct{ Level string }
					}
				}
			}
			Results []struct {
				RuleID    string
				RuleIndex int
				Level     string
				Message   struct{ Text string }
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct{ URI string }
						Region           *struct{ StartLine, StartColumn, EndLine, EndColumn int }
					}
					LogicalLocations []struct{ Name, FullyQualifiedName string }
				}
				RelatedLocations []struct {
					PhysicalLocation struct {
						Region struct{ StartLine int }
					}
					Message struct{ Text string }
				}
				Fixes []struct {
					ArtifactChanges []struct {
						Replacements []struct {
							DeletedRegion   struct{ StartColumn, EndColumn int }
							InsertedContent struct{ Text string }
						}
					}
				}
			}
		}
	}
	if err := json.Unmarshal(out.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	run := log.Runs[0]
	drv := run.Tool.Driver
	if log.Version != "2.1.0" || run.ColumnKind != "unicodeCodePoints" || drv.Name != "appspec-lint" || drv.Version != "v1.2.3" || drv.InformationURI == "" {
		t.Errorf("header: %+v %+v", log.Version, drv)
	}
	// The given rule set first, then the found rules not in it, by ID.
	var ids []string
	for _, r := range drv.Rules {
		ids = append(ids, r.ID+":"+r.DefaultConfiguration.Level)
	}
	if got := strings.Join(ids, " "); got != "AS001:note AS120:warning AS203:error AS803:note" {
		t.Errorf("rules %s", got)
	}
	for _, r := range run.Results {
		if drv.Rules[r.RuleIndex].ID != r.RuleID {
			t.Errorf("ruleIndex %d names %s, not %s", r.RuleIndex, drv.Rules[r.RuleIndex].ID, r.RuleID)
		}
	}
	if len(run.Results) != 3 {
		t.Fatalf("%d results", len(run.Results))
	}
	// Sorted by file: the archive sorts first.
	arc, quoted, dup := run.Results[0], run.Results[1], run.Results[2]
	if loc := arc.Locations[0]; loc.PhysicalLocation.ArtifactLocation.URI != "app.tgz" || loc.PhysicalLocation.Region != nil ||
		loc.LogicalLocations[0].Name != "repo-1a2/appspec.yml" || loc.LogicalLocations[0].FullyQualifiedName != "app.tgz!repo-1a2/appspec.yml" ||
		arc.Message.Text != "tar (in app.tgz!repo-1a2/appspec.yml, line 2, column 5)" || arc.Level != "note" {
		t.Errorf("archive finding %+v", arc)
	}
	if loc := quoted.Locations[0].PhysicalLocation; loc.ArtifactLocation.URI != "deploy%20dir/appspec.yml" ||
		*loc.Region != (struct{ StartLine, StartColumn, EndLine, EndColumn int }{1, 10, 1, 15}) {
		t.Errorf("location %+v %+v", loc, loc.Region)
	}
	if rep := quoted.Fixes[0].ArtifactChanges[0].Replacements[0]; rep.DeletedRegion.StartColumn != 10 || rep.DeletedRegion.EndColumn != 15 || rep.InsertedContent.Text != "0.0" {
		t.Errorf("fix %+v", rep)
	}
	if len(dup.RelatedLocations) != 1 || dup.RelatedLocations[0].PhysicalLocation.Region.StartLine != 4 || dup.RelatedLocations[0].Message.Text != "first here" {
		t.Errorf("related %+v", dup.RelatedLocations)
	}
}

func TestFileURI(t *testing.T) {
	wd, _ := os.Getwd()
	for in, want := range map[string]string{
		"appspec.yml":                   "appspec.yml",
		"../../x/appspec.yml":           "../../x/appspec.yml",
		"a b/appspec#1.yml":             "a%20b/appspec%231.yml",
		"c:d/appspec.yml":               "./c:d/appspec.yml",
		filepath.Join(wd, "d", "a.yml"): "d/a.yml",
		"/elsewhere/appspec.yml":        "file:///elsewhere/appspec.yml",
	} {
		if got := fileURI(in); got != want {
			t.Errorf("fileURI(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSplitArchivePath(t *testing.T) {
	for in, want := range map[string][2]string{
		"b.zip!d/appspec.yml":      {"b.zip", "d/appspec.yml"},
		"x!y/b.TAR.GZ!appspec.yml": {"x!y/b.TAR.GZ", "appspec.yml"},
		"wow!/appspec.yml":         {"wow!/appspec.yml", ""},
		"empty.tar":                {"empty.tar", ""},
	} {
		if a, i := SplitArchivePath(in); a != want[0] || i != want[1] {
			t.Errorf("SplitArchivePath(%q) = %q, %q", in, a, i)
		}
	}
}
