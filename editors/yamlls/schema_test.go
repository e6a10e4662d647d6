package yamlls_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// brokenEC2 has one mistake of each kind the schema catches, each on its own
// line: a wrong enum value, a hook entry without its required key, a
// misspelled event and an unknown top-level key.
const brokenEC2 = `version: 0.0
os: ubuntu
hooks:
  BeforeInstall:
    - timeout: 300
  AfterInstal:
    - location: scripts/after.sh
extra: true
`

// want is a diagnostic the schema must produce: its 1-based line and words
// its message must contain.
type want struct {
	line int
	text string
}

var brokenEC2Wants = []want{
	{2, `Valid values: "linux", "windows"`},
	{5, `Missing property "location"`},
	{6, `Property AfterInstal is not allowed`},
	{8, `Property extra is not allowed`},
}

// checkDiagnostics asserts that got holds exactly the wanted diagnostics,
// shifted down by offset lines, all from the schema.
func checkDiagnostics(t *testing.T, got []diagnostic, wants []want, offset int) {
	t.Helper()
	for _, w := range wants {
		found := false
		for _, d := range got {
			if d.Range.Start.Line+1 == w.line+offset && strings.Contains(d.Message, w.text) {
				found = true
			}
		}
		if !found {
			t.Errorf("no diagnostic on line %d containing %q", w.line+offset, w.text)
		}
	}
	for _, d := range got {
		if !strings.HasPrefix(d.Source, "yaml-schema: AWS CodeDeploy AppSpec") {
			t.Errorf("line %d: %q from source %q, want our schema", d.Range.Start.Line+1, d.Message, d.Source)
		}
	}
	if len(got) != len(wants) {
		t.Errorf("%d diagnostics, want %d:\n%s", len(got), len(wants), dump(got))
	}
}

func dump(ds []diagnostic) string {
	var b strings.Builder
	for _, d := range ds {
		b.WriteString("  ")
		b.WriteString(strings.Join([]string{itoa(d.Range.Start.Line + 1), d.Message, "[" + d.Source + "]"}, " "))
		b.WriteString("\n")
	}
	return b.String()
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }

func writeFile(t *testing.T, path, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// settings are the yaml-language-server settings every case uses: SchemaStore
// off, so the server never fetches the catalog from the network and only our
// schema applies.
func settings(schemas map[string]any) map[string]any {
	s := map[string]any{
		"validate":    true,
		"hover":       true,
		"schemaStore": map[string]any{"enable": false},
	}
	if schemas != nil {
		s["schemas"] = schemas
	}
	return s
}

// TestSchemaBySettings: mapped to appspec.yml through `yaml.schemas` (the
// way the README configures VS Code and other editors), the umbrella schema
// reports the structural mistakes on their lines, a Lambda appspec is checked
// against the Lambda part, a file of another name is left alone, and the
// valid examples from testdata/ok get no diagnostics at all while hover
// shows the schema's documentation, which proves the schema applied to them.
func TestSchemaBySettings(t *testing.T) {
	schema := repoSchema(t, "appspec.schema.json")
	s := startServer(t, "", settings(map[string]any{
		fileURI(schema): []string{"appspec.yml", "appspec.yaml"},
	}))
	dir := t.TempDir()

	t.Run("broken EC2", func(t *testing.T) {
		got := s.open(t, filepath.Join(dir, "ec2", "appspec.yml"), brokenEC2)
		checkDiagnostics(t, got, brokenEC2Wants, 0)
	})

	// Neovim sends the buffer's filetype as the languageId, and
	// editors/nvim gives appspec files the filetype yaml.appspec.
	t.Run("broken EC2 opened by Neovim", func(t *testing.T) {
		got := s.openAs(t, filepath.Join(dir, "nvim", "appspec.yml"), "yaml.appspec", brokenEC2)
		checkDiagnostics(t, got, brokenEC2Wants, 0)
	})

	t.Run("broken Lambda", func(t *testing.T) {
		text := "version: 0.0\nResources:\n  - myFunction:\n      Type: AWS::Lambda::Function\n      Properties:\n        Name: f\n        Alias: live\n        CurrentVersion: \"1\"\nHooks:\n  - BeforeAllowTrafic: ValidateBeforeShift\n"
		got := s.open(t, filepath.Join(dir, "lambda", "appspec.yaml"), text)
		// yaml-language-server puts a missing property on the object's key.
		checkDiagnostics(t, got, []want{
			{5, `Missing property "TargetVersion"`},
			{10, `Property BeforeAllowTrafic is not allowed`},
		}, 0)
	})

	t.Run("other file names untouched", func(t *testing.T) {
		if got := s.open(t, filepath.Join(dir, "ec2", "other.yml"), brokenEC2); len(got) != 0 {
			t.Errorf("a file not named appspec.yml got diagnostics:\n%s", dump(got))
		}
	})

	for _, tc := range []struct{ name, platform string }{
		{"AS200-ec2-full.yml", "for EC2/On-Premises deployments"},
		{"AS200-ecs-full.yml", "for Amazon ECS deployments"},
		{"AS200-lambda-full.json", "for AWS Lambda deployments"},
		{"AS209-resources-lambda.yml", "for AWS Lambda deployments"},
	} {
		name := tc.name
		t.Run("valid "+name, func(t *testing.T) {
			text, err := os.ReadFile(filepath.Join("..", "..", "testdata", "ok", name))
			if err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(dir, strings.TrimSuffix(name, filepath.Ext(name)), "appspec.yml")
			if got := s.open(t, path, string(text)); len(got) != 0 {
				t.Errorf("a valid appspec got diagnostics:\n%s", dump(got))
			}
			// Hover on the `version` key shows its description from the part
			// of the umbrella schema for the file's platform.
			line := strings.Index(string(text), "version")
			row := strings.Count(string(text[:line]), "\n")
			col := line - (strings.LastIndex(string(text[:line]), "\n") + 1)
			if strings.HasPrefix(strings.TrimSpace(string(text)), "{") {
				col++ // past the quote in JSON
			}
			m := s.call("textDocument/hover", map[string]any{
				"textDocument": map[string]any{"uri": fileURI(path)},
				"position":     map[string]any{"line": row, "character": col + 1},
			}, 20*time.Second, nil)
			if h := string(m.Result); !strings.Contains(h, "The version of the AppSpec format") || !strings.Contains(h, tc.platform) {
				t.Errorf("hover on version (%d:%d) should show its schema description under %q: %s", row+1, col+2, tc.platform, h)
			}
		})
	}
}

// TestSchemaByModeline: with no `yaml.schemas` setting at all, the in-file
// modeline the README shows is enough, both with the schema's file:// URI and
// with a path relative to the file (the README's `./appspec.schema.json`).
func TestSchemaByModeline(t *testing.T) {
	schema := repoSchema(t, "appspec.schema.json")
	s := startServer(t, "", settings(nil))
	dir := t.TempDir()
	raw, err := os.ReadFile(schema)
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, "rel", "appspec.schema.json"), string(raw))

	for _, tc := range []struct{ name, ref string }{
		{"file URI", fileURI(schema)},
		{"relative path", "./appspec.schema.json"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sub := "abs"
			if strings.HasPrefix(tc.ref, ".") {
				sub = "rel"
			}
			text := "# yaml-language-server: $schema=" + tc.ref + "\n" + brokenEC2
			got := s.open(t, filepath.Join(dir, sub, "deploy.yml"), text)
			checkDiagnostics(t, got, brokenEC2Wants, 1)
		})
	}
}

// TestSchemaSettingsPaths: besides a file:// URI (TestSchemaBySettings),
// the `yaml.schemas` key may be a plain absolute path (what an editor config
// writes for a schema saved with `appspec-lint schema > FILE`) or the README's
// "./appspec.schema.json", resolved against the workspace folder.
func TestSchemaSettingsPaths(t *testing.T) {
	schema := repoSchema(t, "appspec.schema.json")
	raw, err := os.ReadFile(schema)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name     string
		relative bool
	}{
		{"absolute path", false},
		{"relative to the workspace", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			root := t.TempDir()
			key, workspace := schema, ""
			if tc.relative {
				writeFile(t, filepath.Join(root, "appspec.schema.json"), string(raw))
				key, workspace = "./appspec.schema.json", root
			}
			s := startServer(t, workspace, settings(map[string]any{
				key: []string{"appspec.yml", "appspec.yaml"},
			}))
			got := s.open(t, filepath.Join(root, "deploy", "appspec.yml"), brokenEC2)
			checkDiagnostics(t, got, brokenEC2Wants, 0)
		})
	}
}
