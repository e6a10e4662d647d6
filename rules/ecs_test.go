package rules_test

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/appspec-lint/appspec-lint/lint"
	"github.com/appspec-lint/appspec-lint/rules"
)

// ecsApplyFix applies a fix's edits to src (last edit first, so earlier
// offsets stay valid).
func ecsApplyFix(doc *lint.Document, fix *lint.Fix) []byte {
	edits := append([]lint.Edit(nil), fix.Edits...)
	sort.Slice(edits, func(i, j int) bool { return edits[j].Range.Start.Before(edits[i].Range.Start) })
	out := append([]byte(nil), doc.Src...)
	for _, e := range edits {
		a, b := doc.Lines.Offset(e.Range.Start), doc.Lines.Offset(e.Range.End)
		out = append(out[:a:a], append([]byte(e.NewText), out[b:]...)...)
	}
	return out
}

// Every fix of an ECS rule yields a file that still parses, is still ECS,
// and no longer has the finding it fixes.
func TestEcsFixes(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(testdataDir, "err", "AS7*"))
	linter := lint.New(rules.All())
	for _, file := range files {
		if strings.HasSuffix(file, ".out") {
			continue
		}
		t.Run(filepath.Base(file), func(t *testing.T) {
			src, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			cfg := caseConfig(src)
			doc, ds := linter.LintBytes(lintPath(file), src, cfg)
			for _, d := range ds {
				if d.Fix == nil || !strings.HasPrefix(d.Rule.ID, "AS7") {
					continue
				}
				fixed := ecsApplyFix(doc, d.Fix)
				doc2, ds2 := linter.LintBytes(lintPath(file), fixed, cfg)
				if doc2.SyntaxError != nil {
					t.Errorf("%s fix %q breaks the file: %s\n%s", d.Rule.ID, d.Fix.Description, doc2.SyntaxError.Message, fixed)
					continue
				}
				if doc2.Platform != lint.ECS {
					t.Errorf("%s fix %q: the file is no longer ECS", d.Rule.ID, d.Fix.Description)
				}
				for _, d2 := range findings(ds2, d.Rule.ID) {
					if d2.Message == d.Message {
						t.Errorf("%s fix %q does not remove the finding:\n%s\n%s", d.Rule.ID, d.Fix.Description, fixed, formatCase(ds2))
					}
				}
			}
		})
	}
}

// The opt-in notes cannot be enabled from a JSON case file (a comment would
// break the JSON), so their JSON cases are here.
func TestEcsOptInJSON(t *testing.T) {
	src := `{
  "version": 0.0,
  "Resources": [{
    "TargetService": {
      "Type": "AWS::ECS::Service",
      "Properties": {
        "TaskDefinition": "arn:aws:ecs:us-east-1:111122223333:task-definition/web:3",
        "LoadBalancerInfo": {"ContainerName": "web", "ContainerPort": 80},
        "PlatformVersion": "1.4.0"
      }
    }
  }],
  "Hooks": [{"AfterAllowTestTraffic": "RunSmokeTests"}, {"BeforeInstall": "Prepare"}]
}
`
	cfg := &lint.Config{Enable: []string{"AS715", "AS719", "AS720"}}
	doc, ds := lint.New(rules.All()).LintBytes("appspec.json", []byte(src), cfg)
	checkWellFormed(t, doc, ds)
	want := []string{
		"9:9-9:26 AS715",
		"13:14-13:37 AS719",
		"13:14-13:37 AS720",
		"13:58-13:73 AS720",
	}
	var got []string
	for _, d := range ds {
		got = append(got, d.Range.Start.String()+"-"+d.Range.End.String()+" "+d.Rule.ID)
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got:\n%s\nwant:\n%s\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"), formatCase(ds))
	}
	// The same file without the notes enabled, and a JSON file without a
	// test listener hook or PlatformVersion with them enabled, are clean.
	if _, ds := lint.New(rules.All()).LintBytes("appspec.json", []byte(src), nil); len(ds) != 0 {
		t.Errorf("default rules: want no findings, got:\n%s", formatCase(ds))
	}
	plain := strings.Replace(strings.Replace(src, ",\n        \"PlatformVersion\": \"1.4.0\"", "", 1), `,
  "Hooks": [{"AfterAllowTestTraffic": "RunSmokeTests"}, {"BeforeInstall": "Prepare"}]`, "", 1)
	if _, ds := lint.New(rules.All()).LintBytes("appspec.json", []byte(plain), cfg); len(ds) != 0 {
		t.Errorf("no notes expected, got:\n%s", formatCase(ds))
	}
}

// Odd shapes anywhere in an ECS file never panic and give well-formed
// findings.
func TestEcsOddShapes(t *testing.T) {
	srcs := []string{
		"Resources:\n  - TargetService\n",
		"Resources:\n  - TargetService:\n",
		"Resources:\n  -\n  - TargetService: 3\n",
		"Resources: TargetService\n",
		"Resources:\n  - TargetService: &a\n      Type: AWS::ECS::Service\n      Properties: *a\n",
		"Resources:\n  - TargetService:\n      Type: [AWS::ECS::Service]\n      Properties:\n        TaskDefinition: {a: 1}\n        LoadBalancerInfo: 5\n        NetworkConfiguration: [1]\n        CapacityProviderStrategy: x\n",
		"Resources:\n  - TargetService:\n      Type:\n      Properties:\n        LoadBalancerInfo: []\n        NetworkConfiguration:\n          AwsvpcConfiguration: [a]\n",
		"Resources:\n  - TargetService:\n      Properties:\n        NetworkConfiguration:\n          AwsvpcConfiguration:\n            Subnets: {a: b}\n            SecurityGroups: [[1], {a: b}, ~]\n            AssignPublicIp: [x]\n        CapacityProviderStrategy: [1, [2], {}, {CapacityProvider: [x], Base: {}, Weight: ~}]\n",
		"Resources:\n  - TargetService: {}\nHooks: [[1], {}, ~, {BeforeInstall: [x]}, {\"\": y}]\n",
		"Resources:\n  - TargetService: {}\nHooks:\n  BeforeInstall:\n    location: x\n",
		"Resources:\n  - TargetService: {}\nHooks:\n  - BeforeInstall: a\n  AfterInstall: b\n",
		"Resources: [{TargetService: {}}, 1, [2], ~]\nHooks: 5\n",
		"{\"Resources\": [{\"TargetService\": null, \"Type\": \"AWS::ECS::Service\"}], \"Hooks\": {}}",
	}
	for _, src := range srcs {
		ds := lintAs(t, lint.ECS, src)
		_ = ds
	}
}
