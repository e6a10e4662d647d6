package lsp_test

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestHoverAndCompletionOverPipes: the real binary answers hover with the
// lifecycle documentation and a finding's rule doc, and completes events
// without the reserved ones, as snippets.
func TestHoverAndCompletionOverPipes(t *testing.T) {
	c := start(t)
	caps := c.initialize(nil, nil)
	if caps["capabilities"].(map[string]any)["hoverProvider"] != true {
		t.Fatalf("hoverProvider not advertised: %v", caps["capabilities"])
	}
	uri := "file:///tmp/hover/appspec.yml"
	text := "version: 0.0\nos: linux\nhooks:\n  ApplicationStop:\n    - location: scripts/stop.sh\n  Install:\n    - location: scripts/i.sh\n  \n"
	c.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{
		"uri": uri, "languageId": "yaml", "version": 1, "text": text}})
	c.diagnostics(uri, 1)

	hover := func(line, char int) string {
		m := c.call("textDocument/hover", map[string]any{"textDocument": map[string]any{"uri": uri}, "position": map[string]any{"line": line, "character": char}})
		var res struct {
			Contents struct{ Value string } `json:"contents"`
		}
		if m.Error != nil || json.Unmarshal(m.Result, &res) != nil {
			t.Fatalf("hover %d:%d: %+v %s", line, char, m.Error, m.Result)
		}
		return res.Contents.Value
	}
	if h := hover(3, 4); !strings.Contains(h, "previous") {
		t.Errorf("hover on ApplicationStop does not say it runs the previous revision's scripts:\n%s", h)
	}
	if h := hover(5, 3); !strings.Contains(h, "AS503") || !strings.Contains(h, "```yaml") {
		t.Errorf("hover on a reserved event should show the AS503 doc with its examples:\n%s", h)
	}

	m := c.call("textDocument/completion", map[string]any{"textDocument": map[string]any{"uri": uri}, "position": map[string]any{"line": 7, "character": 2}})
	var list struct {
		Items []struct {
			Label            string `json:"label"`
			InsertTextFormat int    `json:"insertTextFormat"`
		} `json:"items"`
	}
	if m.Error != nil || json.Unmarshal(m.Result, &list) != nil {
		t.Fatalf("completion: %+v %s", m.Error, m.Result)
	}
	labels := map[string]bool{}
	snippets := 0
	for _, it := range list.Items {
		labels[it.Label] = true
		if it.InsertTextFormat == 2 {
			snippets++
		}
	}
	if !labels["AfterInstall"] || !labels["ValidateService"] || labels["Install"] || labels["DownloadBundle"] || labels["ApplicationStop"] {
		t.Errorf("events offered under hooks: %v", labels)
	}
	if snippets == 0 {
		t.Error("event items should be snippets (a script entry with a tab stop)")
	}
	c.call("shutdown", nil)
	if code := c.exit(); code != 0 {
		t.Errorf("exit code %d", code)
	}
}
