package rules_test

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/appspec-lint/appspec-lint/lint"
	"github.com/appspec-lint/appspec-lint/rules"
	"github.com/appspec-lint/appspec-lint/schema"
)

// The JSON Schemas against the test cases: every passing case is a valid
// AppSpec for its platform's schema and for the umbrella schema, and every
// case that fails on a structural constraint is invalid for both. The tests
// iterate the case folders, so cases added later are checked too.

// schemaNotAppSpec lists passing cases that are not AppSpecs by design, with
// the reason. (None at present: every passing case is a complete AppSpec.)
var schemaNotAppSpec = map[string]string{}

// structuralRules are the rules whose errors are about the shape of the file:
// a key missing, a key or value of the wrong kind, a value outside a fixed
// set, a list too long. A case whose expected output has an error from one of
// them must not validate. The other rules check what a schema cannot say
// (paths, ACL and SELinux syntax, sums of timeouts, a script in the bundle,
// how YAML 1.1 reads a scalar), so their cases may be valid for the schema.
var structuralRules = map[string]bool{
	// top level
	"AS201": true, "AS202": true, "AS203": true, "AS205": true, "AS206": true,
	"AS208": true, "AS209": true, "AS214": true,
	// files, permissions
	"AS301": true, "AS302": true, "AS303": true, "AS401": true, "AS402": true,
	"AS403": true, "AS404": true, "AS409": true, "AS412": true, "AS416": true,
	"AS417": true,
	// EC2 hooks (AS502 and AS503 are structural too: the schema names every event)
	"AS501": true, "AS502": true, "AS503": true, "AS504": true, "AS508": true,
	// Lambda
	"AS601": true, "AS602": true, "AS603": true, "AS604": true, "AS607": true,
	"AS608": true, "AS609": true, "AS610": true,
	// ECS
	"AS701": true, "AS702": true, "AS703": true, "AS705": true, "AS706": true,
	"AS707": true, "AS708": true, "AS709": true, "AS710": true, "AS714": true,
	"AS716": true, "AS717": true, "AS718": true,
}

// schemaYAML11Only lists failing cases whose structural errors come only from
// how YAML 1.1 (the EC2 agent's Psych) reads a plain scalar, which a JSON
// Schema applied to the YAML 1.2 data cannot see. Every entry says why.
var schemaYAML11Only = map[string]string{}

// schemaCase lints a case file (for its platform and tree) and converts it.
func schemaCase(t *testing.T, file string) (*lint.Document, *schema.Instance) {
	t.Helper()
	doc, _ := lintCase(t, file)
	if doc.Root == nil || doc.SyntaxError != nil {
		return doc, nil
	}
	return doc, schema.Convert(doc.Root, schema.DefaultOptions(doc.Platform))
}

func TestSchemaAcceptsOKCases(t *testing.T) {
	for _, file := range caseFiles(t, filepath.Join(testdataDir, "ok")) {
		name := filepath.Base(file)
		if schemaNotAppSpec[name] != "" {
			continue
		}
		t.Run(name, func(t *testing.T) {
			doc, in := schemaCase(t, file)
			if in == nil {
				t.Fatalf("%s: a passing case must parse", file)
			}
			vs, err := schema.Validate(doc.Root, doc.Platform, schema.DefaultOptions(doc.Platform))
			if err != nil {
				t.Fatal(err)
			}
			for _, v := range vs {
				t.Errorf("%s (%s): %s at %s %s", file, doc.Platform, v.Kind, v.Pointer(), v.Property)
			}
			if err := schema.ValidateValue(in.Value, 0); err != nil {
				t.Errorf("%s: the umbrella schema rejects it:\n%v", file, err)
			}
		})
	}
}

var outLine = regexp.MustCompile(`(?m)^\d+:\d+-\d+:\d+: (error|warning|info): .*\[(AS\d{3}) [a-z0-9-]+\]$`)

func TestSchemaRejectsStructuralErrCases(t *testing.T) {
	n := 0
	for _, file := range caseFiles(t, filepath.Join(testdataDir, "err")) {
		out, err := os.ReadFile(strings.TrimSuffix(file, filepath.Ext(file)) + ".out")
		if err != nil {
			continue // TestErr reports it
		}
		var why []string
		for _, m := range outLine.FindAllStringSubmatch(string(out), -1) {
			if m[1] == "error" && structuralRules[m[2]] {
				why = append(why, m[2])
			}
		}
		name := filepath.Base(file)
		if len(why) == 0 || schemaYAML11Only[name] != "" {
			continue
		}
		n++
		t.Run(name, func(t *testing.T) {
			doc, in := schemaCase(t, file)
			if in == nil {
				return // did not parse: nothing to validate
			}
			vs, err := schema.Validate(doc.Root, doc.Platform, schema.DefaultOptions(doc.Platform))
			if err != nil {
				t.Fatal(err)
			}
			if len(vs) == 0 {
				t.Errorf("%s (%s): valid for the %s schema, but it has structural errors %v", file, doc.Platform, doc.Platform, why)
			}
			if schema.ValidateValue(in.Value, 0) == nil {
				t.Errorf("%s: valid for the umbrella schema, but it has structural errors %v", file, why)
			}
		})
	}
	if n == 0 {
		t.Fatal("no structural err case found")
	}
}

// TestSchemaOwners checks the mapping from schema violations to the rules
// that own them, and where each is placed, with the schema check alone in
// the rule set and a stand-in for every owner, so that the answer does not
// depend on what the hand-written rules report (which would otherwise take
// the place of these fallback findings).
func TestSchemaOwners(t *testing.T) {
	cases := []struct {
		name, path, src, want string
	}{
		{"ecs-taskdefinition", "appspec.yml", `version: 0.0
Resources:
  - TargetService:
      Type: AWS::ECS::Service
      Properties:
        LoadBalancerInfo:
          ContainerName: web
          ContainerPort: ""
`, "5:7-5:17: error: `Properties` has no `TaskDefinition`; add `TaskDefinition:` with the ARN of the task definition to deploy [AS703 stub]\n" +
			"8:26-8:28: error: `ContainerPort` is the value `\"\"`, but it must be the port number of the container that receives the traffic, e.g. 80 [AS706 stub]\n"},
		{"ecs-quoted-port", "appspec.json", `{"version": 0.0, "Resources": [{"TargetService": {"Type": "AWS::ECS::Service", "Properties": {
  "TaskDefinition": "arn:aws:ecs:us-east-1:111122223333:task-definition/web:3",
  "LoadBalancerInfo": {"ContainerName": "web", "ContainerPort": "8080"}}}}]}
`, "3:65-3:71: warning: `ContainerPort` is the text \"8080\"; the AppSpec documents it as a number, the one property that is not a text: write it without quotes, `ContainerPort: 8080` [AS706 stub]\n" +
			"  fix (intent): remove the quotes\n" +
			"    3:65-3:71 => \"8080\"\n"},
		{"ecs-network-hooks", "appspec.yml", `version: 0.0
Resources:
  - TargetService:
      Type: AWS::ECS::Service
      Properties:
        TaskDefinition: arn:aws:ecs:us-east-1:111122223333:task-definition/web:3
        LoadBalancerInfo:
          ContainerName: web
          ContainerPort: 80
        NetworkConfiguration:
          AwsvpcConfiguration:
            Subnets: [subnet-1]
            AssignPublicIp: enabled
Hooks:
  - ValidateService: CheckFunction
  - BeforeInstall:
`, "11:11-11:30: error: `AwsvpcConfiguration` has no `SecurityGroups`; give `Subnets`, `SecurityGroups` and `AssignPublicIp` together, or none of them to keep the service's network settings [AS707 stub]\n" +
			"13:29-13:36: error: `AssignPublicIp` is the value `enabled`, but it must be `ENABLED` or `DISABLED`; did you mean `ENABLED`? [AS708 stub]\n" +
			"15:5-15:20: error: `ValidateService` is not a hook of an ECS appspec; the hooks are BeforeInstall, AfterInstall, AfterAllowTestTraffic, BeforeAllowTraffic and AfterAllowTraffic [AS717 stub]\n" +
			"16:5-16:19: error: `BeforeInstall` has no value; give the name or ARN of the Lambda function to call [AS718 stub]\n"},
		{"lambda-two-resources", "appspec.yml", `version: 0.0
Resources:
  - first:
      Type: AWS::Lambda::Function
      Properties: {Name: f, Alias: live, CurrentVersion: "1", TargetVersion: $LATEST}
  - second:
      Type: AWS::Lambda::Funtion
      Properties: {Name: g, Alias: live, CurrentVersion: "1", TargetVersion: "2"}
Hooks:
  BeforeAllowTraffic: CheckFunction
`, "5:78-5:85: error: `TargetVersion` is the value `$LATEST`, but it must be a published version of the function, a positive whole number such as \"2\" ($LATEST, aliases and ARNs are not accepted) [AS604 stub]\n" +
			"6:5-8:82: error: a Lambda appspec deploys exactly one function; remove this extra resource, or deploy it with its own appspec [AS601 stub]\n" +
			"7:13-7:33: error: `Type` is the value `AWS::Lambda::Funtion`, but it must be `AWS::Lambda::Function` [AS602 stub]\n" +
			"10:3-10:36: error: `Hooks` is a mapping, but it must be a list [AS608 stub]\n"},
		{"lambda-json-missing", "appspec.json", `{"version": 0.0, "Resources": [{"fn": {"Type": "AWS::Lambda::Function", "Properties": {"Name": "f", "Alias": " "}}}]}`,
			"1:73-1:85: error: `Properties` has no `CurrentVersion`; add `CurrentVersion:` with the version the alias points to now, e.g. \"1\" [AS603 stub]\n" +
				"1:73-1:85: error: `Properties` has no `TargetVersion`; add `TargetVersion:` with the version to shift the alias to, e.g. \"2\" [AS603 stub]\n" +
				"1:110-1:113: error: `Alias` is empty; give the name of the function's alias whose traffic shifts [AS603 stub]\n"},
		{"ec2-shapes", "appspec.yml", `version: "0.0"
os: Linux
file_exists_behavior: overwrite
files:
  - source: /
hooks:
  Install:
    - location: scripts/install.sh
  AfterInstall: scripts/configure.sh
  ValidateServce:
    - location: scripts/check.sh
  ValidateService:
    - location: scripts/check.sh
      timeout: 0
`, "1:10-1:15: error: version is the quoted string \"0.0\"; the EC2 agent compares it with the number 0.0 and fails the deployment. Remove the quotes: `version: 0.0` [AS203 stub]\n" +
			"2:5-2:10: error: `os` is the value `Linux`, but it must be `linux` or `windows`; did you mean `linux`? [AS206 stub]\n" +
			"3:23-3:32: error: `file_exists_behavior` is the value `overwrite`, but it must be `DISALLOW`, `OVERWRITE` or `RETAIN`; did you mean `OVERWRITE`? [AS214 stub]\n" +
			"5:5-5:11: error: this files entry has no `destination`; add `destination:` with the directory on the instance to copy it to [AS302 stub]\n" +
			"7:3-7:10: error: Install is a step the CodeDeploy agent performs itself; scripts listed under it never run. Move them to a scriptable event such as AfterInstall or BeforeInstall [AS503 stub]\n" +
			"9:17-9:37: error: `AfterInstall` is the value `scripts/configure.sh`, but it must be a list [AS501 stub]\n" +
			"10:3-10:17: error: `ValidateServce` is not a lifecycle event the agent knows, so its scripts never run; did you mean ValidateService? [AS502 stub]\n" +
			"14:16-14:17: error: `timeout` is the value `0`, which is not a whole number of seconds, 1 or more; write e.g. `timeout: 300` [AS508 stub]\n"},
		{"ec2-no-version-no-os", "appspec.yml", `hooks:
  AfterInstall:
    - scripts/configure.sh
  install:
    - location: scripts/install.sh
  Deploy:
    - location: scripts/deploy.sh
  BlockTraffic:
    - location: scripts/drain.sh
  AllowTraffic:
    - location: scripts/warm.sh
  End:
    - location: scripts/report.sh
  Start:
    - location: scripts/prepare.sh
  ValidateService:
    - location: " "
      sudo: {user: root}
permissions:
  - object: /opt/app
    context:
      range: s0
file_exists_behavior: new
`, "1:1-1:6: error: the appspec has no version; add `version: 0.0` as the first line [AS201 stub]\n" +
			"1:1-1:6: error: the appspec has no os; add `os: linux` or `os: windows` (the agent fails with \"unsupported operating system ()\") [AS205 stub]\n" +
			"3:7-3:27: error: this script entry of AfterInstall is the value `scripts/configure.sh`, but it must be a mapping [AS501 stub]\n" +
			"4:3-4:10: error: `install` is the reserved event Install, a step the CodeDeploy agent performs itself, and in another case than the agent's; scripts listed under it never run. Move them to a scriptable event such as AfterInstall or BeforeInstall [AS503 stub]\n" +
			"6:3-6:9: error: `Deploy` is not a lifecycle event the agent knows, so its scripts never run; the scriptable events are ApplicationStop, BeforeInstall, AfterInstall, ApplicationStart, ValidateService, BeforeBlockTraffic, AfterBlockTraffic, BeforeAllowTraffic and AfterAllowTraffic [AS502 stub]\n" +
			"8:3-8:15: error: BlockTraffic is a step the CodeDeploy agent performs itself; scripts listed under it never run. Move them to a scriptable event such as BeforeBlockTraffic or AfterBlockTraffic [AS503 stub]\n" +
			"10:3-10:15: error: AllowTraffic is a step the CodeDeploy agent performs itself; scripts listed under it never run. Move them to a scriptable event such as BeforeAllowTraffic or AfterAllowTraffic [AS503 stub]\n" +
			"12:3-12:6: error: End is a step the CodeDeploy agent performs itself; scripts listed under it never run. Move them to a scriptable event such as ValidateService [AS503 stub]\n" +
			"14:3-14:8: error: Start is a step the CodeDeploy agent performs itself; scripts listed under it never run. Move them to a scriptable event such as BeforeInstall [AS503 stub]\n" +
			"17:17-17:20: error: `location` is blank; write the path of the script inside the revision, e.g. `location: scripts/start.sh` [AS504 stub]\n" +
			"18:13-18:25: error: `sudo` is a mapping, but it must be a boolean (`true` or `false`) or a text [AS513 stub]\n" +
			"21:5-21:12: error: `context` has no `type`; add `type:` with the SELinux type, such as `httpd_sys_content_t` [AS417 stub]\n" +
			"23:23-23:26: error: `file_exists_behavior` is the value `new`, but it must be `DISALLOW`, `OVERWRITE` or `RETAIN` [AS214 stub]\n"},
		{"ec2-root-list", "appspec.yml", `- version: 0.0
- os: linux
`, "1:1-1:15: error: the appspec is a list, not a mapping of keys; it must start with keys such as `version: 0.0` [AS205 stub]\n"},
		{"ec2-windows-permissions", "appspec.yml", `version: 0.0
os: windows
permissions:
  - object: C:\app
`, "3:1-3:12: error: permissions are not supported on Windows Server instances, and with `os: windows` the agent fails the deployment at the first entry; remove the `permissions` section [AS401 stub]\n"},
		{"lambda-shapes", "appspec.yml", `version: 0.0
Resources: []
Hooks:
  - BeforeAllowTrafic: CheckFunction
  - {BeforeAllowTraffic: CheckBefore, AfterAllowTraffic: CheckAfter}
`, "2:1-2:14: error: `Resources` is empty; list the Lambda function to deploy under it [AS209 stub]\n" +
			"4:5-4:22: error: `BeforeAllowTrafic` is not a hook of a Lambda appspec; did you mean BeforeAllowTraffic? [AS609 stub]\n" +
			"5:39-5:56: error: this Hooks item holds 2 hooks; write each hook as its own list item, `- Name: function`, with a `- ` before each [AS608 stub]\n"},
		{"lambda-resource-shapes", "appspec.yml", `version: 0.0
Resources:
  - first:
      Properties: {Name: f, Alias: live, CurrentVersion: "1", TargetVersion: "2"}
    second:
      Type: AWS::Lambda::Function
      Properties: {Name: g, Alias: live, CurrentVersion: "1", TargetVersion: "2"}
  - {}
`, "3:5-3:10: error: `first` has no `Type`; add `Type: AWS::Lambda::Function` [AS602 stub]\n" +
			"5:5-5:11: error: this Resources item holds 2 resources, but a Lambda appspec deploys exactly one function; keep one [AS601 stub]\n" +
			"8:3-8:7: error: this Resources item is an empty mapping [AS209 stub]\n" +
			"8:5-8:7: error: a Lambda appspec deploys exactly one function; remove this extra resource, or deploy it with its own appspec [AS601 stub]\n"},
		{"ecs-limits", "appspec.yml", `version: 0.0
Resources:
  - TargetService:
      Properties:
        TaskDefinition: arn:aws:ecs:us-east-1:111122223333:task-definition/web:3
        LoadBalancerInfo: {ContainerName: web, ContainerPort: 80}
        NetworkConfiguration:
          AwsvpcConfiguration:
            Subnets: [subnet-1, subnet-2, subnet-3, subnet-4, subnet-5, subnet-6, subnet-7, subnet-8, subnet-9, subnet-10, subnet-11, subnet-12, subnet-13, subnet-14, subnet-15, subnet-16, subnet-17]
            SecurityGroups: [sg-1, sg-2, sg-3, sg-4, sg-5, sg-6]
            AssignPublicIp: ENABLED
        CapacityProviderStrategy:
          - {CapacityProvider: FARGATE, Base: -1, Weight: 1001}
  - TargetService:
      Type: AWS::ECS::Service
Hooks:
  - {}
`, "3:5-3:18: error: `TargetService` has no `Type`; add `Type: AWS::ECS::Service` [AS702 stub]\n" +
			"9:190-9:199: error: `Subnets` lists 17 entries, but ECS accepts at most 16; this one is over the limit [AS709 stub]\n" +
			"10:60-10:64: error: `SecurityGroups` lists 6 entries, but ECS accepts at most 5; this one is over the limit [AS710 stub]\n" +
			"13:47-13:49: error: `Base` is -1, but it must be at least 0 [AS714 stub]\n" +
			"13:59-13:63: error: `Weight` is 1001, but it must be at most 1000 [AS714 stub]\n" +
			"14:5-15:30: error: an ECS appspec deploys exactly one service, the `- TargetService:` item; remove this extra item [AS701 stub]\n" +
			"14:5-14:18: error: `TargetService` has no `Properties`; add `Properties:` with the resource's settings [AS703 stub]\n" +
			"17:3-17:7: error: this Hooks item is empty; write a hook as `- BeforeInstall: MyFunction` [AS716 stub]\n"},
		{"lambda-numeric-name", "appspec.yml", `version: 0.0
Resources:
  - 2024: AWS::Lambda::Function
`, "3:11-3:32: error: `2024` is the value `AWS::Lambda::Function`, but it must be a mapping [AS603 stub]\n"},
	}
	owners := map[string]bool{}
	for _, o := range rules.SchemaOwnerIDs() {
		owners[o] = true
	}
	set := []*lint.Rule{rules.SchemaStructure}
	for id := range owners {
		set = append(set, &lint.Rule{ID: id, Name: "stub", Severity: lint.Error, Platforms: lint.AllPlatforms, Category: "test", Summary: "stand-in"})
	}
	linter := lint.New(set)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, ds := linter.LintBytes(c.path, []byte(c.src), nil)
			if got := formatCase(ds); got != c.want {
				t.Errorf("got:\n%s\nwant:\n%s", got, c.want)
			}
		})
	}
	// Without Resources a file is taken for EC2 unless the platform is
	// configured (--platform lambda).
	_, ds := linter.LintBytes("appspec.yml", []byte("version: 0.0\nHooks:\n  - BeforeAllowTraffic: CheckFunction\n"), &lint.Config{Platform: lint.Lambda})
	want := "1:1-1:8: error: the appspec has no `Resources`; a Lambda appspec must list the resource to deploy under `Resources:` [AS209 stub]\n"
	if got := formatCase(ds); got != want {
		t.Errorf("lambda-no-resources: got:\n%s\nwant:\n%s", got, want)
	}
	// Keys merged in through more merge keys (<<) than the validator's
	// look-up follows (64) are validated but have no place in the file:
	// their findings go to the first key.
	var b strings.Builder
	b.WriteString("version: 0.0\nos: linux\nx-chain:\n  - &m0 {hooks: {AfterInstall: [{timeout: 5}]}, bogus: 1}\n")
	for i := 1; i <= 65; i++ {
		fmt.Fprintf(&b, "  - &m%d {<<: *m%d}\n", i, i-1)
	}
	b.WriteString("<<: *m65\nfiles:\n  - <<: *m65\n    source: app\n    destination: /opt/app\n")
	_, ds = linter.LintBytes("appspec.yml", []byte(b.String()), nil)
	want = "1:1-1:8: error: `bogus` is not a key of the appspec and the agent ignores it; the keys there are version, os, files, permissions, hooks and file_exists_behavior [AS211 stub]\n" +
		"1:1-1:8: error: `bogus` is not a key of this files entry and the agent ignores it; the keys there are source and destination [AS314 stub]\n" +
		"1:1-1:8: error: `hooks` is not a key of this files entry and the agent ignores it; the keys there are source and destination [AS314 stub]\n" +
		"1:1-1:8: error: this script entry of AfterInstall has no `location`; add `location:` with the path of the script inside the revision [AS504 stub]\n" +
		"3:1-3:8: error: `x-chain` is not a key of the appspec and the agent ignores it; the keys there are version, os, files, permissions, hooks and file_exists_behavior [AS211 stub]\n"
	if got := formatCase(ds); got != want {
		t.Errorf("merge-chain: got:\n%s\nwant:\n%s", got, want)
	}
}

// TestSchemaOwnersAreRules: every rule the schema check reports for is a
// rule of the set, so that its findings follow that rule's settings (a
// finding for an unknown ID would be lost).
func TestSchemaOwnersAreRules(t *testing.T) {
	ids := map[string]bool{}
	for _, r := range rules.All() {
		ids[r.ID] = true
	}
	for _, o := range rules.SchemaOwnerIDs() {
		if !ids[o] {
			t.Errorf("the schema check reports for %s, which is not a rule", o)
		}
	}
}
