package rules_test

import (
	"strings"
	"testing"

	"github.com/appspec-lint/appspec-lint/lint"
	"github.com/appspec-lint/appspec-lint/rules"
)

// lintAs lints src as appspec.yml on a forced platform with every rule on,
// checks the findings are well formed and returns them.
func lintAs(t *testing.T, platform lint.Platform, src string) []*lint.Diagnostic {
	t.Helper()
	doc, ds := lint.New(rules.All()).LintBytes("appspec.yml", []byte(src), &lint.Config{Platform: platform, Enable: []string{"all"}})
	checkWellFormed(t, doc, ds)
	return ds
}

func findings(ds []*lint.Diagnostic, id string) []*lint.Diagnostic {
	var out []*lint.Diagnostic
	for _, d := range ds {
		if d.Rule.ID == id {
			out = append(out, d)
		}
	}
	return out
}

// Platform detection reads any Resources as Lambda or ECS, so AS210 speaks
// about a real Resources key only when the platform is forced to EC2.
func TestResourcesForbiddenWhenForcedEC2(t *testing.T) {
	src := "version: 0.0\nos: linux\nResources:\n  - TargetService:\n      Type: AWS::ECS::Service\n"
	ds := findings(lintAs(t, lint.EC2, src), "AS210")
	if len(ds) != 1 {
		t.Fatalf("want one AS210 finding, got %d", len(ds))
	}
	if d := ds[0]; d.Range.Start != (lint.Pos{Line: 3, Col: 1}) || d.Range.End != (lint.Pos{Line: 3, Col: 10}) || d.Severity != lint.Warning {
		t.Errorf("AS210 at %v-%v %s, want 3:1-3:10 warning", d.Range.Start, d.Range.End, d.Severity)
	}
	// Not also reported as an unknown key.
	if ds := findings(lintAs(t, lint.EC2, src), "AS211"); len(ds) != 0 {
		t.Errorf("AS211 also reported Resources: %s", ds[0].Message)
	}
	// Detected as ECS, the same file gets AS208 for os instead.
	doc, all := lint.New(rules.All()).LintBytes("appspec.yml", []byte(src), nil)
	if doc.Platform != lint.ECS || len(findings(all, "AS210")) != 0 || len(findings(all, "AS208")) != 1 {
		t.Errorf("detected as %s: want ECS with AS208 and no AS210", doc.Platform)
	}
}

// With --platform lambda a file without Resources gets AS209.
func TestResourcesRequiredWhenForcedServerless(t *testing.T) {
	for _, pl := range []lint.Platform{lint.Lambda, lint.ECS} {
		ds := findings(lintAs(t, pl, "version: 0.0\nHooks:\n  - BeforeAllowTraffic: Check\n"), "AS209")
		if len(ds) != 1 || ds[0].Range.Start != (lint.Pos{Line: 1, Col: 1}) || !strings.Contains(ds[0].Message, "no `Resources`") {
			t.Errorf("%s: want one AS209 finding at 1:1 about the missing Resources, got %d", pl, len(ds))
		}
	}
	if ds := findings(lintAs(t, lint.Lambda, "- version: 0.0\n"), "AS209"); len(ds) != 1 {
		t.Errorf("a list root: want one AS209 finding, got %d", len(ds))
	}
}

// Odd shapes anywhere must not panic any rule of this family, on any
// platform, and every finding must be well formed.
func TestStructureOddShapes(t *testing.T) {
	docs := []string{
		"",
		"~\n",
		"[]\n",
		"- a\n- b\n",
		"just text\n",
		"version: 0.0\nos: &o linux\nfiles: *o\n",
		"version: 0.0\nos: [a, {b: c}]\nfile_exists_behavior: {a: b}\n",
		"version: 0.0\nos:\nfiles:\npermissions:\nhooks:\nfile_exists_behavior:\nResources:\nHooks:\n",
		"? [complex, key]\n: value\nversion: 0.0\n",
		"version: 0.0\n? {a: b}\n: c\n\"\": empty key\n~: null key\n",
		"version: 0.0\nResources: {TargetService: {Type: AWS::ECS::Service}}\nresources: x\n",
		"version: 0.0\nResources:\n  - &r\n    x: {Type: *r}\n",
		"version: 0.0\nResources:\n  - ~\n  - [a]\n  - a: ~\n  - b: {properties: {name: [1, {alias: 2}]}}\n",
		"version: 0.0\nos: linux\nfiles:\n  - &e {source: a, destination: /b}\n  - *e\n",
		"version: 0.0\nos: linux\nfiles: &f\n  - source: a\n    destination: *f\n",
		"{\"version\": \"0.0\", \"os\": \"windows\", \"files\": [{\"source\": 1, \"destination\": null}]}\n",
		"version: 0.0\nos: linux\nfiles: {source: /, destination: /x}\n",
		"version: 0.0\nos: linux\nfiles:\n  source: /\n  destination:\n    nested: /x\n",
		"version: 0.0\nfiles:\n  - source: /\n    destination: /x\nversion: 0.0",
	}
	for _, src := range docs {
		for _, pl := range []lint.Platform{0, lint.EC2, lint.Lambda, lint.ECS} {
			lintAs(t, pl, src)
		}
	}
}
