package rules_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/appspec-lint/appspec-lint/lint"
	"github.com/appspec-lint/appspec-lint/rules"
)

// TestLambdaCallbackJSON: AS613 is opt-in, and a JSON case file cannot carry
// the "# test: enable=" comment, so its JSON case is here.
func TestLambdaCallbackJSON(t *testing.T) {
	src := `{
  "version": 0.0,
  "Resources": [{"fn": {"Type": "AWS::Lambda::Function",
    "Properties": {"Name": "fn", "Alias": "live", "CurrentVersion": "1", "TargetVersion": "2"}}}],
  "Hooks": [
    {"BeforeAllowTraffic": "CheckBefore"},
    {"AfterAllowTraffic": "arn:aws:lambda:us-east-1:111122223333:function:CheckAfter"}
  ]
}
`
	l := lint.New(rules.All())
	_, ds := l.LintBytes("appspec.json", []byte(src), nil)
	if len(ds) != 0 {
		t.Fatalf("AS613 is opt-in, want no findings by default:\n%s", formatCase(ds))
	}
	_, ds = l.LintBytes("appspec.json", []byte(src), &lint.Config{Enable: []string{"AS613"}})
	got := formatCase(ds)
	want := "6:6-6:26: info: `CheckBefore` must report its result with PutLifecycleEventHookExecutionStatus (DeploymentId and LifecycleEventHookExecutionId from its event) within one hour, or the deployment fails; its return value is ignored [AS613 lambda-hook-callback]\n" +
		"7:6-7:25: info: `arn:aws:lambda:us-east-1:111122223333...` must report its result with PutLifecycleEventHookExecutionStatus (DeploymentId and LifecycleEventHookExecutionId from its event) within one hour, or the deployment fails; its return value is ignored [AS613 lambda-hook-callback]\n"
	if got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}

// TestLambdaFixes: every fix of the Lambda rules and of AS202 in the err
// cases leaves a file that still parses, in the same syntax (JSON stays
// JSON), with fewer findings of the rule that offered it.
func TestLambdaFixes(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(testdataDir, "err", "AS6*"))
	more, _ := filepath.Glob(filepath.Join(testdataDir, "err", "AS202*"))
	l := lint.New(rules.All())
	fixes := 0
	for _, file := range append(files, more...) {
		if strings.HasSuffix(file, ".out") {
			continue
		}
		src, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		name, cfg := lintPath(file), caseConfig(src)
		doc, ds := l.LintBytes(name, src, cfg)
		count := func(ds []*lint.Diagnostic, id string) int {
			n := 0
			for _, d := range ds {
				if d.Rule.ID == id {
					n++
				}
			}
			return n
		}
		for _, d := range ds {
			if d.Fix == nil || !(strings.HasPrefix(d.Rule.ID, "AS6") || d.Rule.ID == "AS202") {
				continue
			}
			fixes++
			fixed := applyEdits(doc, d.Fix.Edits)
			nd, nds := l.LintBytes(name, []byte(fixed), cfg)
			switch {
			case nd.SyntaxError != nil:
				t.Errorf("%s: fix %q breaks the file: %s\n%s", file, d.Fix.Description, nd.SyntaxError.Message, fixed)
			case nd.Format != doc.Format:
				t.Errorf("%s: fix %q changes the syntax from %v to %v", file, d.Fix.Description, doc.Format, nd.Format)
			case count(nds, d.Rule.ID) >= count(ds, d.Rule.ID):
				t.Errorf("%s: fix %q does not remove its %s finding:\n%s\n%s", file, d.Fix.Description, d.Rule.ID, fixed, formatCase(nds))
			}
		}
	}
	if fixes < 30 {
		t.Errorf("only %d fixes checked", fixes)
	}
}

// TestLambdaStructureFixesComplete: the structural fixes of AS601, AS603,
// AS607 and AS608 give exactly the documented layout.
func TestLambdaStructureFixesComplete(t *testing.T) {
	for _, tc := range []struct{ file, rule, want string }{
		{"AS601-resources-mapping.yml", "AS601", "ok/AS601-one-function.yml"},
		{"AS601-resources-body.yml", "AS601", ""},
		{"AS607-no-logical-name.yml", "AS607", ""},
		{"AS603-no-properties.yml", "AS603", ""},
		{"AS608-hooks-mapping.yml", "AS608", "ok/AS608-list.yml"},
		{"AS608-hooks-mapping-json.json", "AS608", "ok/AS608-list.json"},
		{"AS608-two-in-item.yml", "AS608", "ok/AS608-list.yml"},
		{"AS608-two-in-item-json.json", "AS608", ""},
	} {
		file := filepath.Join(testdataDir, "err", tc.file)
		src, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		doc, ds := lint.New(rules.All()).LintBytes(lintPath(file), src, nil)
		var fixed string
		for _, d := range ds {
			if d.Rule.ID == tc.rule && d.Fix != nil {
				fixed = applyEdits(doc, d.Fix.Edits)
			}
		}
		if fixed == "" {
			t.Errorf("%s: no %s fix", tc.file, tc.rule)
			continue
		}
		if _, after := lint.New(rules.All()).LintBytes(lintPath(file), []byte(fixed), nil); len(after) > 0 {
			t.Errorf("%s: the fixed file still has findings:\n%s\n%s", tc.file, fixed, formatCase(after))
		}
		if tc.want == "" {
			continue
		}
		want, err := os.ReadFile(filepath.Join(testdataDir, tc.want))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(string(want), fixed) && fixed != string(want) {
			t.Errorf("%s: fixed file\n%s\nis not %s:\n%s", tc.file, fixed, tc.want, want)
		}
	}
}

// TestLambdaOddShapes: wrong shapes anywhere in a Lambda file give findings,
// never a panic, and every finding is well formed.
func TestLambdaOddShapes(t *testing.T) {
	inputs := []string{
		"version: 0.0\nResources:\n  - &f\n    Type: AWS::Lambda::Function\n  - *f\n",
		"version: 0.0\nResources: [[], {}, ~, 1, {a: ~}, {b: []}]\nHooks: [[], {}, ~, 1, {? [x] : y}]\n",
		"version: 0.0\nResources:\n  - ? [a, b]\n    : {Type: AWS::Lambda::Function}\nHooks: {}\n",
		"version: 0.0\nResources:\n  - f: {Type: [AWS::Lambda::Function], Properties: {Name: [], Alias: {}, CurrentVersion: {x: 1}, TargetVersion: [1]}}\n",
		"version: 0.0\nResources:\n  - f:\n      Type: AWS::Lambda::Function\n      Properties: &p\n        Name: fn\n        Alias: live\n        CurrentVersion: !!str 1\n        TargetVersion: *p\nHooks:\n  - ? BeforeAllowTraffic\n  - : fn\n",
		`{"version": 0.0, "Resources": {"Type": "AWS::Lambda::Function", "Properties": {}}, "Hooks": {"BeforeAllowTraffic": [], "X": {}}}`,
		`{"version": 0.0, "Resources": [{"Type": "AWS::Lambda::Function"}, {"": {}}, null], "Hooks": [null, "x", [], {"": ""}]}`,
		"version: 0.0\nResources:\n- f:\n    Type: AWS::Lambda::Function\n    Properties: {Name: f, Alias: a, CurrentVersion: \"1\", TargetVersion: \"2\"}\nHooks:\n- BeforeAllowTraffic: a\n  AfterAllowTraffic: b\n  BeforeAllowTraffic: c\n",
	}
	l := lint.New(rules.All())
	all := &lint.Config{Enable: []string{"all"}, Platform: lint.Lambda}
	for _, src := range inputs {
		for _, name := range []string{"appspec.yml", "appspec.json"} {
			doc, ds := l.LintBytes(name, []byte(src), all)
			checkWellFormed(t, doc, ds)
			for _, d := range ds {
				if d.Fix == nil {
					continue
				}
				fixed := applyEdits(doc, d.Fix.Edits)
				if nd := lint.Parse(name, []byte(fixed)); nd.SyntaxError != nil && doc.SyntaxError == nil && strings.HasPrefix(d.Rule.ID, "AS6") {
					t.Errorf("%q: fix %q breaks the file: %s\n%s", src, d.Fix.Description, nd.SyntaxError.Message, fixed)
				}
			}
		}
	}
}

// TestLambdaCorpusQuiet: the Lambda rules give no error on a complete file
// written the ways real projects write it (JSON with tabs, CRLF, comments,
// flow mappings, ARNs and aliases in hooks).
func TestLambdaCorpusQuiet(t *testing.T) {
	for _, src := range []string{
		"version: 0.0\r\nResources:\r\n  - fn:\r\n      Type: AWS::Lambda::Function\r\n      Properties:\r\n        Name: \"fn\"\r\n        Alias: \"live\"\r\n        CurrentVersion: \"1\"\r\n        TargetVersion: \"2\"",
		"{\n\t\"version\": 0.0,\n\t\"Resources\": [{\"fn\": {\"Type\": \"AWS::Lambda::Function\", \"Properties\": {\"Name\": \"fn\", \"Alias\": \"prod\", \"CurrentVersion\": \"11\", \"TargetVersion\": \"12\"}}}],\n\t\"Hooks\": [{\"BeforeAllowTraffic\": \"fn-pre:live\"}]\n}\n",
		"version: 0.0\nResources:\n  - sam-app-HelloWorldFunction-vgc3WBdIfbPy: # generated\n      Type: AWS::Lambda::Function\n      Properties: {Name: sam-app-HelloWorldFunction-vgc3WBdIfbPy, Alias: lambda, CurrentVersion: \"1\", TargetVersion: \"2\"}\n",
	} {
		_, ds := lint.New(rules.All()).LintBytes("appspec.yml", []byte(src), nil)
		if len(ds) > 0 {
			t.Errorf("%q: want no findings, got:\n%s", src, formatCase(ds))
		}
	}
}
