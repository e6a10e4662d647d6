package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v4"
)

// The GitHub Action (action.yml) is tested here by running its steps the way
// the Actions runner runs a composite action: each run: body with bash, its
// env: with the inputs substituted, GITHUB_ACTION_PATH at this repository,
// RUNNER_TEMP and GITHUB_OUTPUT in temp files. The uses: step (setup-go) is
// not run: Go is already here.

type actionFile struct {
	Name   string `yaml:"name"`
	Inputs map[string]struct {
		Description string  `yaml:"description"`
		Default     *string `yaml:"default"`
	} `yaml:"inputs"`
	Outputs map[string]struct {
		Description string `yaml:"description"`
		Value       string `yaml:"value"`
	} `yaml:"outputs"`
	Runs struct {
		Using string       `yaml:"using"`
		Steps []actionStep `yaml:"steps"`
	} `yaml:"runs"`
}

type actionStep struct {
	Name             string            `yaml:"name"`
	ID               string            `yaml:"id"`
	Uses             string            `yaml:"uses"`
	With             map[string]string `yaml:"with"`
	Shell            string            `yaml:"shell"`
	Env              map[string]string `yaml:"env"`
	Run              string            `yaml:"run"`
	WorkingDirectory string            `yaml:"working-directory"`
	If               string            `yaml:"if"`
}

func loadAction(t *testing.T) *actionFile {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(repoRoot(t), "action.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var a actionFile
	if err := yaml.Unmarshal(b, &a); err != nil {
		t.Fatalf("action.yml: %v", err)
	}
	return &a
}

var expressionRE = regexp.MustCompile(`\$\{\{\s*(.*?)\s*\}\}`)

// testActionRef stands for the ref a workflow names in uses:
// appspec-lint/appspec-lint@REF; the build stamps it as the version.
const testActionRef = "v0.0.0-test"

func TestActionShape(t *testing.T) {
	a := loadAction(t)
	if a.Runs.Using != "composite" {
		t.Errorf("runs.using = %q, want composite", a.Runs.Using)
	}
	for name, def := range map[string]string{"paths": ".", "format": "github", "fail-on": "error", "args": "", "sarif-file": ""} {
		in, ok := a.Inputs[name]
		switch {
		case !ok:
			t.Errorf("input %q is missing", name)
		case in.Description == "":
			t.Errorf("input %q has no description", name)
		case in.Default == nil || *in.Default != def:
			t.Errorf("input %q: want default %q", name, def)
		}
	}
	for _, name := range []string{"exit-code", "sarif-file"} {
		if out, ok := a.Outputs[name]; !ok || !strings.Contains(out.Value, "steps.lint.outputs."+name) {
			t.Errorf("output %q must be the lint step's output of that name", name)
		}
	}

	used := map[string]bool{}
	var setupGo bool
	for i, s := range a.Runs.Steps {
		where := s.Name
		if where == "" {
			where = fmt.Sprintf("step %d", i+1)
		}
		if (s.Uses == "") == (s.Run == "") {
			t.Errorf("%s: a step has either uses: or run:", where)
		}
		if strings.HasPrefix(s.Uses, "actions/setup-go@") {
			setupGo = true
			if f := s.With["go-version-file"]; !strings.Contains(f, "github.action_path") || !strings.Contains(f, "go.mod") {
				t.Errorf("%s: go-version-file must be the action's own go.mod, got %q", where, f)
			}
		}
		if s.Run == "" {
			continue
		}
		// A ${{ }} in a script is pasted into it before bash reads it, so an
		// input holding `"; curl ... #` would run; inputs go through env.
		if strings.Contains(s.Run, "${{") {
			t.Errorf("%s: its run: body has a ${{ }} expression; pass the value through env:", where)
		}
		if s.Shell != "bash" {
			t.Errorf("%s: shell = %q, want bash (composite run steps must name a shell)", where, s.Shell)
		}
		for _, v := range s.Env {
			for _, m := range expressionRE.FindAllStringSubmatch(v, -1) {
				if name, ok := strings.CutPrefix(m[1], "inputs."); ok {
					used[name] = true
				}
			}
		}
	}
	if !setupGo {
		t.Error("no actions/setup-go step")
	}
	for name := range a.Inputs {
		if !used[name] && name != "go-version" {
			t.Errorf("input %q reaches no step's env:", name)
		}
	}
}

// actionRun is the result of running the action's steps once.
type actionRun struct {
	out     string            // every step's output, in order
	code    int               // the exit status of the last step run
	outputs map[string]string // what the steps wrote to GITHUB_OUTPUT, by step id
}

// runAction runs the action's run: steps in workspace with the given inputs
// (the others take their defaults), stopping at the first step that fails,
// as the runner does. runnerTemp is RUNNER_TEMP, shared between runs so that
// the build step finds what it built before.
func runAction(t *testing.T, a *actionFile, workspace, runnerTemp string, inputs map[string]string) actionRun {
	t.Helper()
	root := repoRoot(t)
	values := map[string]string{}
	for name, in := range a.Inputs {
		if in.Default != nil {
			values[name] = *in.Default
		}
	}
	for name, v := range inputs {
		if _, ok := a.Inputs[name]; !ok {
			t.Fatalf("the test sets input %q, which action.yml does not declare", name)
		}
		values[name] = v
	}
	substitute := func(s string) string {
		return expressionRE.ReplaceAllStringFunc(s, func(m string) string {
			expr := expressionRE.FindStringSubmatch(m)[1]
			if name, ok := strings.CutPrefix(expr, "inputs."); ok {
				v, declared := values[name]
				if !declared {
					t.Fatalf("%s names an input action.yml does not declare", m)
				}
				return v
			}
			switch expr {
			case "github.action_path":
				return root
			case "github.action_ref":
				return testActionRef
			}
			t.Fatalf("the test knows only ${{ inputs.NAME }}, ${{ github.action_path }} and ${{ github.action_ref }}, not %s", m)
			return ""
		})
	}

	res := actionRun{outputs: map[string]string{}}
	var log strings.Builder
	for i, s := range a.Runs.Steps {
		if s.Uses != "" {
			continue
		}
		if s.If != "" || s.WorkingDirectory != "" {
			t.Fatalf("step %q: the test does not evaluate if: or working-directory:", s.Name)
		}
		stepDir := t.TempDir()
		script := filepath.Join(stepDir, "step.sh")
		if err := os.WriteFile(script, []byte(s.Run), 0o644); err != nil {
			t.Fatal(err)
		}
		outputFile := filepath.Join(stepDir, "github_output")
		if err := os.WriteFile(outputFile, nil, 0o644); err != nil {
			t.Fatal(err)
		}
		env := toolEnv(
			"GITHUB_ACTION_PATH="+root,
			"GITHUB_WORKSPACE="+workspace,
			"GITHUB_OUTPUT="+outputFile,
			"RUNNER_TEMP="+runnerTemp,
		)
		for k, v := range s.Env {
			env = append(env, k+"="+substitute(v))
		}
		// The runner's command line for shell: bash.
		out, code := runTool(t, 3*time.Minute, workspace, env, "bash", "--noprofile", "--norc", "-eo", "pipefail", script)
		log.WriteString(out)
		res.code = code
		b, err := os.ReadFile(outputFile)
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(strings.TrimSuffix(string(b), "\n"), "\n") {
			if k, v, ok := strings.Cut(line, "="); ok {
				res.outputs[s.ID+"."+k] = v
			} else if line != "" {
				t.Errorf("step %d wrote a GITHUB_OUTPUT line that is not name=value: %q", i+1, line)
			}
		}
		if code != 0 {
			break
		}
	}
	res.out = log.String()
	return res
}

func TestActionRuns(t *testing.T) {
	requireTool(t, "bash", "to run action.yml's steps as the Actions runner does")
	requireTool(t, "go", "for action.yml's build step")
	a := loadAction(t)
	runnerTemp := t.TempDir()

	workspace := func(t *testing.T, files map[string]string) string {
		dir := t.TempDir()
		writeFiles(t, dir, files)
		return dir
	}
	bad := map[string]string{"deploy/appspec.yml": badAppSpec, "deploy/scripts/check.sh": checkScript}
	good := map[string]string{"deploy/appspec.yml": goodAppSpec, "deploy/scripts/check.sh": checkScript}

	t.Run("finding fails with an annotation", func(t *testing.T) {
		start := time.Now()
		r := runAction(t, a, workspace(t, bad), runnerTemp, nil)
		t.Logf("build and lint: %v", time.Since(start).Round(time.Millisecond))
		if r.code != 1 {
			t.Fatalf("want exit 1, got %d:\n%s", r.code, r.out)
		}
		want := "::error file=deploy/appspec.yml,line=4,col=3,endLine=4,endColumn=18,title=AS502 hook-unknown-event::"
		if !strings.Contains(r.out, want) {
			t.Errorf("output lacks %q:\n%s", want, r.out)
		}
		if !strings.Contains(r.out, "appspec-lint "+testActionRef+"\n") {
			t.Errorf("the build step should print the version stamped from the action's ref:\n%s", r.out)
		}
		if r.outputs["lint.exit-code"] != "1" || r.outputs["lint.sarif-file"] != "" {
			t.Errorf("outputs = %v, want exit-code 1 and no sarif-file", r.outputs)
		}
	})

	t.Run("clean passes", func(t *testing.T) {
		start := time.Now()
		r := runAction(t, a, workspace(t, good), runnerTemp, nil)
		t.Logf("build and lint: %v", time.Since(start).Round(time.Millisecond))
		if r.code != 0 || strings.Contains(r.out, "::error") {
			t.Fatalf("want exit 0 and no annotation, got %d:\n%s", r.code, r.out)
		}
		if r.outputs["lint.exit-code"] != "0" {
			t.Errorf("outputs = %v, want exit-code 0", r.outputs)
		}
	})

	t.Run("sarif-file", func(t *testing.T) {
		ws := workspace(t, bad)
		r := runAction(t, a, ws, runnerTemp, map[string]string{"sarif-file": "reports/appspec.sarif"})
		if r.code != 1 || !strings.Contains(r.out, "::error file=deploy/appspec.yml,") {
			t.Fatalf("want exit 1 with the annotation as before, got %d:\n%s", r.code, r.out)
		}
		if r.outputs["lint.sarif-file"] != "reports/appspec.sarif" {
			t.Errorf("outputs = %v, want sarif-file reports/appspec.sarif", r.outputs)
		}
		b, err := os.ReadFile(filepath.Join(ws, "reports", "appspec.sarif"))
		if err != nil {
			t.Fatal(err)
		}
		var log struct {
			Version string `json:"version"`
			Runs    []struct {
				Tool struct {
					Driver struct {
						Name    string `json:"name"`
						Version string `json:"version"`
					} `json:"driver"`
				} `json:"tool"`
				Results []struct {
					RuleID    string `json:"ruleId"`
					Locations []struct {
						Physical struct {
							Artifact struct {
								URI string `json:"uri"`
							} `json:"artifactLocation"`
							Region struct {
								StartLine int `json:"startLine"`
							} `json:"region"`
						} `json:"physicalLocation"`
					} `json:"locations"`
				} `json:"results"`
			} `json:"runs"`
		}
		if err := json.Unmarshal(b, &log); err != nil {
			t.Fatalf("the SARIF file is not JSON: %v\n%s", err, b)
		}
		if log.Version != "2.1.0" || len(log.Runs) != 1 || len(log.Runs[0].Results) != 1 {
			t.Fatalf("want a SARIF 2.1.0 log with one run and one result:\n%s", b)
		}
		if d := log.Runs[0].Tool.Driver; d.Name != "appspec-lint" || d.Version != testActionRef {
			t.Errorf("tool.driver = %+v, want appspec-lint %s", d, testActionRef)
		}
		res := log.Runs[0].Results[0]
		if res.RuleID != "AS502" || len(res.Locations) != 1 ||
			res.Locations[0].Physical.Artifact.URI != "deploy/appspec.yml" || res.Locations[0].Physical.Region.StartLine != 4 {
			t.Errorf("want AS502 at deploy/appspec.yml line 4:\n%s", b)
		}
	})

	t.Run("paths one per line, spaces kept", func(t *testing.T) {
		ws := workspace(t, map[string]string{
			"my app/appspec.yml":       badAppSpec,
			"my app/scripts/check.sh":  checkScript,
			"other/appspec.yml":        goodAppSpec,
			"other/scripts/check.sh":   checkScript,
			"not linted/appspec.yml":   badAppSpec,
			"not linted/scripts/x.txt": "",
		})
		r := runAction(t, a, ws, runnerTemp, map[string]string{"paths": "  my app/appspec.yml\n\nother  \n"})
		if r.code != 1 || !strings.Contains(r.out, "::error file=my app/appspec.yml,line=4,") {
			t.Fatalf("want exit 1 with an annotation on my app/appspec.yml, got %d:\n%s", r.code, r.out)
		}
		if strings.Contains(r.out, "not linted") {
			t.Errorf("a folder not in paths was linted:\n%s", r.out)
		}
	})

	t.Run("fail-on and args", func(t *testing.T) {
		// An event without scripts is a warning (AS515): the default fail-on
		// (error) lets it pass with a warning annotation; fail-on warning
		// fails; args can turn the rule off.
		ws := workspace(t, map[string]string{"appspec.yml": "version: 0.0\nos: linux\nhooks:\n  ValidateService:\n"})
		r := runAction(t, a, ws, runnerTemp, nil)
		if r.code != 0 || !strings.Contains(r.out, "::warning file=appspec.yml,line=4,") {
			t.Errorf("default fail-on: want exit 0 with a warning annotation, got %d:\n%s", r.code, r.out)
		}
		r = runAction(t, a, ws, runnerTemp, map[string]string{"fail-on": "warning"})
		if r.code != 1 || r.outputs["lint.exit-code"] != "1" {
			t.Errorf("fail-on warning: want exit 1, got %d:\n%s", r.code, r.out)
		}
		r = runAction(t, a, ws, runnerTemp, map[string]string{"fail-on": "warning", "args": "--disable\n  AS515 --format text"})
		if r.code != 0 || !strings.Contains(r.out, "no problems in 1 file") {
			t.Errorf("args --disable AS515 --format text: want exit 0 and the text summary, got %d:\n%s", r.code, r.out)
		}
	})

	t.Run("inputs are data, never code", func(t *testing.T) {
		// Each of these would create a file were it pasted into the script
		// or word-split and globbed by the shell.
		ws := workspace(t, good)
		r := runAction(t, a, ws, runnerTemp, map[string]string{
			"paths":      "deploy\n$(touch pwned-paths)\n\"; touch pwned-quote; echo \"",
			"args":       "`touch pwned-args` $(touch pwned-args2) *",
			"sarif-file": "out/$(touch pwned-sarif).sarif",
		})
		if r.code != 2 {
			t.Errorf("want exit 2 (no such paths), got %d:\n%s", r.code, r.out)
		}
		matches, err := filepath.Glob(filepath.Join(ws, "pwned*"))
		if err != nil || len(matches) != 0 {
			t.Errorf("an input ran as code: %v\n%s", matches, r.out)
		}
		if !strings.Contains(r.out, "appspec-lint: *: no such file") {
			t.Errorf("the * in args was globbed, not passed as it is:\n%s", r.out)
		}
		if _, err := os.Stat(filepath.Join(ws, "out", "$(touch pwned-sarif).sarif")); err != nil {
			t.Errorf("the SARIF file was not written under its literal name: %v", err)
		}
	})
}
