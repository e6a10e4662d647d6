package assist

import (
	"strings"
	"testing"

	"github.com/appspec-lint/appspec-lint/lint"
	"github.com/appspec-lint/appspec-lint/rules"
)

const ec2Doc = `version: 0.0
os: linux
files:
  - source: /
    destination: /var/www/html
hooks:
  ApplicationStop:
    - location: scripts/stop.sh
      timeout: 300
  Install:
    - location: scripts/install.sh
`

const lambdaDoc = `version: 0.0
Resources:
  - myFunction:
      Type: AWS::Lambda::Function
      Properties:
        Name: myFunction
        Alias: live
        CurrentVersion: 1
        TargetVersion: 2
Hooks:
  - BeforeAllowTraffic: checkBefore
`

const ecsDoc = `version: 0.0
Resources:
  - TargetService:
      Type: AWS::ECS::Service
      Properties:
        TaskDefinition: arn:aws:ecs:us-east-1:111122223333:task-definition/app:1
        LoadBalancerInfo:
          ContainerName: app
          ContainerPort: 80
Hooks:
  - BeforeInstall: hookOne
  
`

// lintDoc parses and lints a text with all the rules.
func lintDoc(t *testing.T, text string) (*lint.Document, []*lint.Diagnostic) {
	t.Helper()
	return lint.New(rules.All()).LintBytes("appspec.yml", []byte(text), nil)
}

// posOf finds the position of the n-th occurrence of sub (plus delta columns).
func posOf(t *testing.T, text, sub string, delta int) lint.Pos {
	t.Helper()
	i := strings.Index(text, sub)
	if i < 0 {
		t.Fatalf("%q not in text", sub)
	}
	return lint.NewLineIndex([]byte(text)).PosAt(i + delta)
}

func TestHoverApplicationStop(t *testing.T) {
	doc, diags := lintDoc(t, ec2Doc)
	md, rng, ok := Hover(doc, posOf(t, ec2Doc, "ApplicationStop", 3), diags, rules.All())
	if !ok {
		t.Fatal("no hover")
	}
	for _, want := range []string{"ApplicationStop", "lifecycle event", "previous (last successful) revision", "In-place: step 5 of 15 with a load balancer, 2 of 9 without one", "Blue/green: on the replacement instances"} {
		if !strings.Contains(md, want) {
			t.Errorf("hover lacks %q:\n%s", want, md)
		}
	}
	if rng.Start.Line != 7 || rng.Start.Col != 3 {
		t.Errorf("range %v", rng)
	}
}

func TestHoverOS(t *testing.T) {
	doc, diags := lintDoc(t, ec2Doc)
	for _, sub := range []string{"os:", "linux"} {
		md, _, ok := Hover(doc, posOf(t, ec2Doc, sub, 1), diags, rules.All())
		if !ok || !strings.Contains(md, "Allowed values: `linux`, `windows`") {
			t.Errorf("hover on %s:\n%s", sub, md)
		}
	}
}

func TestHoverFinding(t *testing.T) {
	doc, diags := lintDoc(t, ec2Doc)
	md, rng, ok := Hover(doc, posOf(t, ec2Doc, "Install:", 2), diags, rules.All())
	if !ok {
		t.Fatal("no hover")
	}
	for _, want := range []string{"AS503 hook-reserved-event", "```yaml", "Reserved"} {
		if !strings.Contains(md, want) {
			t.Errorf("hover lacks %q:\n%s", want, md)
		}
	}
	if rng.Start.Line < 10 {
		t.Errorf("range %v", rng)
	}
	if strings.Count(md, "```")%2 != 0 {
		t.Errorf("unbalanced fences:\n%s", md)
	}
}

func TestHoverLambdaHook(t *testing.T) {
	doc, diags := lintDoc(t, lambdaDoc)
	md, _, ok := Hover(doc, posOf(t, lambdaDoc, "BeforeAllowTraffic", 4), diags, rules.All())
	if !ok || !strings.Contains(md, "lifecycle event") || !strings.Contains(md, "(Lambda)") || !strings.Contains(md, "TargetVersion") {
		t.Errorf("hover:\n%s", md)
	}
}

func labels(items []Item) []string {
	var out []string
	for _, it := range items {
		out = append(out, it.Label)
	}
	return out
}

func has(items []Item, label string) bool {
	for _, it := range items {
		if it.Label == label {
			return true
		}
	}
	return false
}

func TestCompleteTopLevel(t *testing.T) {
	text := "version: 0.0\n\nhooks:\n"
	doc := lint.Parse("appspec.yml", []byte(text))
	items := Complete(doc, lint.Pos{Line: 2, Col: 1})
	for _, want := range []string{"os", "files", "permissions", "file_exists_behavior"} {
		if !has(items, want) {
			t.Errorf("missing %s: %v", want, labels(items))
		}
	}
	for _, no := range []string{"version", "hooks"} {
		if has(items, no) {
			t.Errorf("offers present key %s: %v", no, labels(items))
		}
	}
}

func TestCompleteUnderHooks(t *testing.T) {
	text := "version: 0.0\nos: linux\nhooks:\n  BeforeInstall:\n    - location: a.sh\n  \n"
	doc := lint.Parse("appspec.yml", []byte(text))
	items := Complete(doc, lint.Pos{Line: 6, Col: 3})
	if len(items) != 8 {
		t.Errorf("want the 8 other scriptable events, got %v", labels(items))
	}
	for _, it := range items {
		if isReserved(it.Label) || it.Label == "BeforeInstall" || it.Kind != Event {
			t.Errorf("bad item %+v", it)
		}
	}
	// Under an event: the script snippet.
	text2 := "version: 0.0\nos: linux\nhooks:\n  BeforeInstall:\n    \n"
	items = Complete(lint.Parse("appspec.yml", []byte(text2)), lint.Pos{Line: 5, Col: 5})
	if len(items) != 1 || items[0].Kind != Snippet || items[0].InsertText != "- location: ${1:scripts/start.sh}\n  timeout: ${2:300}" {
		t.Errorf("script snippet: %+v", items)
	}
	// In a script entry after its location: the other keys.
	text3 := "version: 0.0\nos: linux\nhooks:\n  BeforeInstall:\n    - location: a.sh\n      \n"
	items = Complete(lint.Parse("appspec.yml", []byte(text3)), lint.Pos{Line: 6, Col: 7})
	if !has(items, "timeout") || !has(items, "runas") || has(items, "location") {
		t.Errorf("script keys: %v", labels(items))
	}
}

func TestCompleteFilesSnippet(t *testing.T) {
	text := "version: 0.0\nos: linux\nfiles:\n  \n"
	items := Complete(lint.Parse("appspec.yml", []byte(text)), lint.Pos{Line: 4, Col: 3})
	if len(items) != 1 || items[0].InsertText != "- source: ${1:/}\n  destination: ${2:/var/www/html}" {
		t.Errorf("files snippet: %+v", items)
	}
}

func TestCompleteValues(t *testing.T) {
	text := "version: 0.0\nos: \n"
	items := Complete(lint.Parse("appspec.yml", []byte(text)), lint.Pos{Line: 2, Col: 5})
	if got := strings.Join(labels(items), ","); got != "linux,windows" {
		t.Errorf("os values: %s", got)
	}
	text = "version: 0.0\nos: linux\nfile_exists_behavior: \n"
	items = Complete(lint.Parse("appspec.yml", []byte(text)), lint.Pos{Line: 3, Col: 23})
	if got := strings.Join(labels(items), ","); got != "DISALLOW,OVERWRITE,RETAIN" {
		t.Errorf("file_exists_behavior values: %s", got)
	}
	text = "version: 0.0\nos: linux\npermissions:\n  - object: /a\n    type:\n      - \n"
	items = Complete(lint.Parse("appspec.yml", []byte(text)), lint.Pos{Line: 6, Col: 9})
	if got := strings.Join(labels(items), ","); got != "file,directory" {
		t.Errorf("permission type values: %s", got)
	}
}

func TestCompleteECSHooks(t *testing.T) {
	doc := lint.Parse("appspec.yml", []byte(ecsDoc))
	doc.Platform = lint.ECS
	items := Complete(doc, lint.Pos{Line: 12, Col: 3})
	got := strings.Join(labels(items), ",")
	if got != "AfterInstall,AfterAllowTestTraffic,BeforeAllowTraffic,AfterAllowTraffic" {
		t.Errorf("ECS hooks: %s", got)
	}
	for _, it := range items {
		if !strings.HasPrefix(it.InsertText, "- "+it.Label+": ") || it.Kind != Event {
			t.Errorf("bad item %+v", it)
		}
	}
	// After a typed dash: the events without the dash.
	text := strings.Replace(ecsDoc, "\n  \n", "\n  - \n", 1)
	items = Complete(lint.Parse("appspec.yml", []byte(text)), lint.Pos{Line: 12, Col: 5})
	if !has(items, "AfterInstall") || has(items, "BeforeInstall") || has(items, "Start") {
		t.Errorf("ECS hooks after dash: %v", labels(items))
	}
}

func TestCompleteBrokenDocument(t *testing.T) {
	text := "version: 0.0\nos: linux\nhooks:\n  AfterInstall:\n    - location: [\n  \nfiles:\n"
	doc := lint.Parse("appspec.yml", []byte(text))
	if doc.Root != nil {
		t.Fatal("the document was meant not to parse")
	}
	items := Complete(doc, lint.Pos{Line: 6, Col: 3})
	if !has(items, "ApplicationStart") || has(items, "AfterInstall") || has(items, "Install") {
		t.Errorf("events in a broken document: %v", labels(items))
	}
	items = Complete(doc, lint.Pos{Line: 8, Col: 1})
	if !has(items, "permissions") || has(items, "os") || has(items, "hooks") {
		t.Errorf("top level in a broken document: %v", labels(items))
	}
}

func TestDocMarkdown(t *testing.T) {
	got := DocMarkdown("Why.\n\nBad:\n\n    hooks:\n      Install:\n\n    x: 1\n\nGood.\n")
	want := "Why.\n\nBad:\n\n```yaml\nhooks:\n  Install:\n\nx: 1\n```\n\nGood.\n"
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

func TestCompleteAssignPublicIp(t *testing.T) {
	text := `version: 0.0
Resources:
  - TargetService:
      Type: AWS::ECS::Service
      Properties:
        TaskDefinition: x
        NetworkConfiguration:
          AwsvpcConfiguration:
            AssignPublicIp: 
`
	items := Complete(lint.Parse("appspec.yml", []byte(text)), lint.Pos{Line: 9, Col: 29})
	if got := strings.Join(labels(items), ","); got != "ENABLED,DISABLED" {
		t.Errorf("AssignPublicIp values: %s", got)
	}
}

func TestCompleteLambdaHooks(t *testing.T) {
	text := strings.TrimSuffix(lambdaDoc, "\n") + "\n  \n"
	items := Complete(lint.Parse("appspec.yml", []byte(text)), lint.Pos{Line: 12, Col: 3})
	if got := strings.Join(labels(items), ","); got != "AfterAllowTraffic" {
		t.Errorf("Lambda hooks: %s", got)
	}
	items = Complete(lint.Parse("appspec.yml", []byte("version: 0.0\nResources: []\n\n")), lint.Pos{Line: 3, Col: 1})
	if !has(items, "Hooks") || has(items, "Resources") || has(items, "os") {
		t.Errorf("Lambda top level: %v", labels(items))
	}
}

// TestEveryPosition runs both functions at every position of the sample
// documents, and of a few broken texts, so that no place panics.
func TestEveryPosition(t *testing.T) {
	texts := []string{ec2Doc, lambdaDoc, ecsDoc,
		"hooks:\n  - BeforeInstall: x\n  \"q:k\": [a, b\n- - \n\t: :\n",
		"{\"version\": 0.0,\n \"os\": \"linux\"}\n", "", "é: ü\n  - é\n"}
	for _, text := range texts {
		doc, diags := lintDoc(t, text)
		li := lint.NewLineIndex([]byte(text))
		for line := 0; line <= li.LineCount()+1; line++ {
			for col := 0; col <= len(li.Line(line))+2; col++ {
				at := lint.Pos{Line: line, Col: col}
				Hover(doc, at, diags, rules.All())
				Complete(doc, at)
			}
		}
	}
}
