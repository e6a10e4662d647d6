package lsp_test

import (
	"encoding/json"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
	"unicode/utf16"
)

// brokenAppSpec has an emoji before a finding on line 3 (0-based 2), a
// misspelt event (an intent fix), missing scripts, and a duplicate key.
const brokenAppSpec = "version: 0.0\n" +
	"os: linux\n" +
	"files: [{source: \"😀\", destination: /opt/😀app}]\n" +
	"hooks:\n" +
	"  BeforeInstal:\n" +
	"    - location: x.sh\n" +
	"      timeout: 5\n" +
	"  BeforeInstal:\n" +
	"    - location: x.sh\n"

// spacedAppSpec has only layout findings (and the missing script).
const spacedAppSpec = "version: 0.0\nos:   linux\nhooks:\n  BeforeInstall:\n    - location:   x.sh\n"

const spacedFixed = "version: 0.0\nos: linux\nhooks:\n  BeforeInstall:\n    - location: x.sh\n"

// fileURI writes text to name in a fresh folder and returns its URI.
func fileURI(t *testing.T, name, text string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return (&url.URL{Scheme: "file", Path: filepath.ToSlash(p)}).String()
}

func open(c *client, uri, languageID, text string) {
	c.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{
		"uri": uri, "languageId": languageID, "version": 1, "text": text}})
}

// summary lists diagnostics as "CODE range", sorted.
func summary(ds []diagnostic) []string {
	var out []string
	for _, d := range ds {
		out = append(out, d.Code+" "+d.Range.String())
	}
	sort.Strings(out)
	return out
}

func wantSummary(t *testing.T, got []diagnostic, want ...string) {
	t.Helper()
	sort.Strings(want)
	if g := summary(got); strings.Join(g, "\n") != strings.Join(want, "\n") {
		t.Errorf("diagnostics:\n%s\nwant:\n%s", strings.Join(g, "\n"), strings.Join(want, "\n"))
	}
}

func TestInitialize(t *testing.T) {
	c := start(t)
	res := c.initialize(nil, nil)
	caps := res["capabilities"].(map[string]any)
	sync := caps["textDocumentSync"].(map[string]any)
	if sync["openClose"] != true || sync["change"] != 2.0 {
		t.Errorf("textDocumentSync = %v, want openClose and incremental", sync)
	}
	if caps["documentFormattingProvider"] != true {
		t.Errorf("documentFormattingProvider = %v", caps["documentFormattingProvider"])
	}
	kinds := caps["codeActionProvider"].(map[string]any)["codeActionKinds"]
	if b, _ := json.Marshal(kinds); string(b) != `["quickfix","source.fixAll"]` {
		t.Errorf("codeActionKinds = %s", b)
	}
	if _, ok := caps["positionEncoding"]; ok {
		t.Errorf("positionEncoding = %v without the client offering any", caps["positionEncoding"])
	}
	// The binary wires hover and completion (lsp/assist).
	if caps["hoverProvider"] != true {
		t.Errorf("hoverProvider = %v", caps["hoverProvider"])
	}
	if _, ok := caps["completionProvider"].(map[string]any); !ok {
		t.Errorf("completionProvider = %v", caps["completionProvider"])
	}
	if info := res["serverInfo"].(map[string]any); info["name"] != "appspec-lint" {
		t.Errorf("serverInfo = %v", info)
	}
	if m := c.call("initialize", map[string]any{"capabilities": map[string]any{}}); m.Error == nil {
		t.Errorf("a second initialize was accepted")
	}
}

func TestPositionEncodingNegotiation(t *testing.T) {
	c := start(t)
	res := c.initialize(map[string]any{"general": map[string]any{"positionEncodings": []string{"utf-16", "utf-8"}}}, nil)
	if enc := res["capabilities"].(map[string]any)["positionEncoding"]; enc != "utf-8" {
		t.Errorf("positionEncoding = %v, want utf-8", enc)
	}
}

func TestRequestBeforeInitialize(t *testing.T) {
	c := start(t)
	c.notify("textDocument/didOpen", map[string]any{}) // ignored
	m := c.call("textDocument/formatting", map[string]any{"textDocument": map[string]any{"uri": "file:///x/appspec.yml"}})
	if m.Error == nil || m.Error.Code != -32002 {
		t.Fatalf("before initialize: %+v, want error -32002", m.Error)
	}
	c.initialize(nil, nil)
}

func TestUnknownMethod(t *testing.T) {
	c := start(t)
	c.initialize(nil, nil)
	c.notify("$/somethingNew", map[string]any{"x": 1})
	c.notify("workspace/didChangeConfiguration", map[string]any{})
	c.notify("$/cancelRequest", map[string]any{"id": 999})
	m := c.call("workspace/somethingNew", map[string]any{})
	if m.Error == nil || m.Error.Code != -32601 {
		t.Fatalf("unknown method: %+v, want error -32601", m.Error)
	}
	if m := c.call("textDocument/declaration", map[string]any{}); m.Error == nil || m.Error.Code != -32601 {
		t.Errorf("a method the server does not offer: %+v, want -32601", m.Error)
	}
}

func TestDiagnosticsUTF16(t *testing.T) {
	c := start(t)
	c.initialize(nil, nil)
	uri := fileURI(t, "appspec.yml", brokenAppSpec)
	open(c, uri, "yaml", brokenAppSpec)
	ds := c.diagnostics(uri, 1)
	// Line 2 is `files: [{source: "😀", destination: /opt/😀app}]`: the
	// destination starts after one emoji (2 UTF-16 units) and spans another.
	wantSummary(t, ds,
		"AS307 2:17-2:21", "AS315 2:17-2:21", "AS315 2:36-2:46",
		"AS502 4:2-4:14", "AS506 5:16-5:20",
		"AS111 7:2-7:14", "AS502 7:2-7:14", "AS506 8:16-8:20")
	for _, d := range ds {
		if d.Source != "appspec-lint" || d.Message == "" || d.Severity < 1 || d.Severity > 3 {
			t.Errorf("diagnostic %+v: want source appspec-lint, a message and a severity", d)
		}
		switch d.Code {
		case "AS502", "AS506":
			if d.Severity != 1 {
				t.Errorf("%s severity %d, want 1 (error)", d.Code, d.Severity)
			}
		case "AS307":
			if d.Severity != 2 {
				t.Errorf("%s severity %d, want 2 (warning)", d.Code, d.Severity)
			}
		case "AS315":
			if d.Severity != 3 {
				t.Errorf("%s severity %d, want 3 (information)", d.Code, d.Severity)
			}
		case "AS111":
			if len(d.Related) != 1 || d.Related[0].Location.URI != uri || d.Related[0].Location.Range.String() != "4:2-4:14" {
				t.Errorf("AS111 related = %+v, want the first BeforeInstal", d.Related)
			}
		}
	}
	// The text the range points at is the destination, counted in UTF-16.
	line := utf16.Encode([]rune(strings.Split(brokenAppSpec, "\n")[2]))
	if got := string(utf16.Decode(line[36:46])); got != "/opt/😀app" {
		t.Errorf("UTF-16 range covers %q", got)
	}
}

func TestDiagnosticsUTF8(t *testing.T) {
	c := start(t)
	c.initialize(map[string]any{"general": map[string]any{"positionEncodings": []string{"utf-8"}}}, nil)
	uri := fileURI(t, "appspec.yml", brokenAppSpec)
	open(c, uri, "yaml", brokenAppSpec)
	ds := c.diagnostics(uri, 1)
	wantSummary(t, ds,
		"AS307 2:17-2:23", "AS315 2:17-2:23", "AS315 2:38-2:50",
		"AS502 4:2-4:14", "AS506 5:16-5:20",
		"AS111 7:2-7:14", "AS502 7:2-7:14", "AS506 8:16-8:20")
	if got := strings.Split(brokenAppSpec, "\n")[2][38:50]; got != "/opt/😀app" {
		t.Errorf("UTF-8 range covers %q", got)
	}
}

func TestWhichDocuments(t *testing.T) {
	c := start(t)
	c.initialize(nil, map[string]any{"languageIds": []string{"codedeploy-appspec"}, "globs": []string{"**/deploy/*.yaml"}})
	other := fileURI(t, "values.yaml", spacedAppSpec)
	open(c, other, "yaml", spacedAppSpec) // not an appspec: no diagnostics
	byID := fileURI(t, "mine.yml", spacedAppSpec)
	open(c, byID, "codedeploy-appspec", spacedAppSpec)
	if ds := c.diagnostics(byID, 1); len(ds) == 0 {
		t.Errorf("a document with a configured languageId got no diagnostics")
	}
	dir := filepath.Join(t.TempDir(), "deploy")
	os.Mkdir(dir, 0o755)
	byGlob := (&url.URL{Scheme: "file", Path: filepath.ToSlash(filepath.Join(dir, "spec.yaml"))}).String()
	open(c, byGlob, "yaml", spacedAppSpec)
	if ds := c.diagnostics(byGlob, 1); len(ds) == 0 {
		t.Errorf("a document matching a configured glob got no diagnostics")
	}
	upper := fileURI(t, "AppSpec.YML", spacedAppSpec)
	open(c, upper, "yaml", spacedAppSpec)
	if ds := c.diagnostics(upper, 1); len(ds) == 0 {
		t.Errorf("AppSpec.YML got no diagnostics")
	}
	// values.yaml was never linted: closing it publishes nothing, so the next
	// thing published is for the closed appspec.
	c.notify("textDocument/didClose", map[string]any{"textDocument": map[string]any{"uri": other}})
	c.notify("textDocument/didClose", map[string]any{"textDocument": map[string]any{"uri": upper}})
	if ds := c.diagnostics(upper, 0); len(ds) != 0 {
		t.Errorf("after didClose: %v, want no diagnostics", ds)
	}
}

func change(c *client, uri string, version int, changes ...map[string]any) {
	c.notify("textDocument/didChange", map[string]any{
		"textDocument":   map[string]any{"uri": uri, "version": version},
		"contentChanges": changes,
	})
}

func rng(l1, c1, l2, c2 int) map[string]any {
	return map[string]any{"start": map[string]any{"line": l1, "character": c1}, "end": map[string]any{"line": l2, "character": c2}}
}

func TestDidChange(t *testing.T) {
	c := start(t)
	c.initialize(nil, nil)
	uri := fileURI(t, "appspec.yml", spacedFixed)
	os.WriteFile(filepath.Join(filepath.Dir(mustPath(t, uri)), "x.sh"), []byte("#!/bin/sh\n"), 0o755)
	open(c, uri, "yaml", spacedFixed)
	wantSummary(t, c.diagnostics(uri, 1))

	// Incremental: misspell the event (line 3 "  BeforeInstall:" → "BeforeInstal").
	change(c, uri, 2, map[string]any{"range": rng(3, 14, 3, 15), "text": ""})
	wantSummary(t, c.diagnostics(uri, 2), "AS502 3:2-3:14")

	// Two changes in one notification, applied in order: fix the name, then
	// add spaces after `os:`.
	change(c, uri, 3,
		map[string]any{"range": rng(3, 14, 3, 14), "text": "l"},
		map[string]any{"range": rng(1, 3, 1, 3), "text": "  "})
	wantSummary(t, c.diagnostics(uri, 3), "AS150 1:4-1:6")

	// Out of range: a line past the end appends, a column past a line's end
	// is its end. Never a crash.
	change(c, uri, 4, map[string]any{"range": rng(99, 5, 120, 0), "text": "# end\n"})
	change(c, uri, 5, map[string]any{"range": rng(0, 500, 0, 900), "text": " # v"})
	change(c, uri, 6, map[string]any{"range": rng(2, 3, 1, 0), "text": ""}) // inverted: empty
	wantSummary(t, c.diagnostics(uri, 6), "AS150 1:4-1:6")

	// Full replacement (x.sh exists here: no AS506).
	change(c, uri, 7, map[string]any{"text": brokenAppSpec})
	wantSummary(t, c.diagnostics(uri, 7),
		"AS307 2:17-2:21", "AS315 2:17-2:21", "AS315 2:36-2:46",
		"AS502 4:2-4:14", "AS111 7:2-7:14", "AS502 7:2-7:14")
	// The server's text is what the client has: formatting the fixed text
	// answers no edit.
	change(c, uri, 8, map[string]any{"text": spacedFixed})
	c.diagnostics(uri, 8)
	if m := c.call("textDocument/formatting", formattingParams(uri)); string(m.Result) != "[]" {
		t.Errorf("formatting a clean file: %s, want []", m.Result)
	}
}

func mustPath(t *testing.T, uri string) string {
	u, err := url.Parse(uri)
	if err != nil {
		t.Fatal(err)
	}
	return filepath.FromSlash(u.Path)
}

func formattingParams(uri string) map[string]any {
	return map[string]any{"textDocument": map[string]any{"uri": uri}, "options": map[string]any{"tabSize": 2, "insertSpaces": true}}
}

type textEdit struct {
	Range   lspRange `json:"range"`
	NewText string   `json:"newText"`
}

type codeAction struct {
	Title       string       `json:"title"`
	Kind        string       `json:"kind"`
	Diagnostics []diagnostic `json:"diagnostics"`
	IsPreferred bool         `json:"isPreferred"`
	Edit        struct {
		Changes map[string][]textEdit `json:"changes"`
	} `json:"edit"`
}

// apply applies non-overlapping UTF-16 edits to text, as a client does.
func apply(t *testing.T, text string, edits []textEdit) string {
	t.Helper()
	lines := strings.SplitAfter(text, "\n")
	off := func(p position) int {
		n := 0
		for i := 0; i < p.Line && i < len(lines); i++ {
			n += len(lines[i])
		}
		if p.Line >= len(lines) {
			return len(text)
		}
		u := utf16.Encode([]rune(strings.TrimRight(lines[p.Line], "\n")))
		return n + len(string(utf16.Decode(u[:min(p.Character, len(u))])))
	}
	sort.Slice(edits, func(i, j int) bool { return off(edits[i].Range.Start) > off(edits[j].Range.Start) })
	for _, e := range edits {
		a, b := off(e.Range.Start), off(e.Range.End)
		text = text[:a] + e.NewText + text[b:]
	}
	return text
}

func TestCodeActions(t *testing.T) {
	c := start(t)
	c.initialize(nil, nil)
	uri := fileURI(t, "appspec.yml", brokenAppSpec)
	open(c, uri, "yaml", brokenAppSpec)
	c.diagnostics(uri, 1)

	m := c.call("textDocument/codeAction", map[string]any{
		"textDocument": map[string]any{"uri": uri}, "range": rng(4, 5, 4, 5),
		"context": map[string]any{"diagnostics": []any{}, "only": []string{"quickfix"}}})
	var actions []codeAction
	if err := json.Unmarshal(m.Result, &actions); err != nil {
		t.Fatalf("%v: %s", err, m.Result)
	}
	if len(actions) != 1 {
		t.Fatalf("quick fixes at the misspelt event: %+v, want 1", actions)
	}
	a := actions[0]
	if a.Kind != "quickfix" || !strings.HasPrefix(a.Title, "rename the event to BeforeInstall (AS502") ||
		!strings.Contains(a.Title, "intent") || a.IsPreferred || len(a.Diagnostics) != 1 || a.Diagnostics[0].Code != "AS502" {
		t.Errorf("quick fix = %+v", a)
	}
	got := apply(t, brokenAppSpec, a.Edit.Changes[uri])
	if want := strings.Replace(brokenAppSpec, "BeforeInstal:", "BeforeInstall:", 1); got != want {
		t.Errorf("applying the quick fix gives\n%s\nwant\n%s", got, want)
	}

	// Fix all layout issues.
	uri2 := fileURI(t, "appspec.yml", spacedAppSpec)
	open(c, uri2, "yaml", spacedAppSpec)
	c.diagnostics(uri2, 1)
	m = c.call("textDocument/codeAction", map[string]any{
		"textDocument": map[string]any{"uri": uri2}, "range": rng(0, 0, 0, 0),
		"context": map[string]any{"diagnostics": []any{}, "only": []string{"source.fixAll"}}})
	actions = nil
	if err := json.Unmarshal(m.Result, &actions); err != nil {
		t.Fatalf("%v: %s", err, m.Result)
	}
	if len(actions) != 1 || actions[0].Kind != "source.fixAll" {
		t.Fatalf("fix all: %+v", actions)
	}
	if got := apply(t, spacedAppSpec, actions[0].Edit.Changes[uri2]); got != spacedFixed {
		t.Errorf("fix all gives\n%q\nwant\n%q", got, spacedFixed)
	}

	// Layout quick fix at the cursor on `os:   linux`, preferred.
	m = c.call("textDocument/codeAction", map[string]any{
		"textDocument": map[string]any{"uri": uri2}, "range": rng(1, 4, 1, 4),
		"context": map[string]any{"diagnostics": []any{}}})
	actions = nil
	json.Unmarshal(m.Result, &actions)
	var quick []codeAction
	for _, a := range actions {
		if a.Kind == "quickfix" {
			quick = append(quick, a)
		}
	}
	if len(quick) != 1 || !quick[0].IsPreferred || !strings.HasSuffix(quick[0].Title, " (AS150)") {
		t.Errorf("layout quick fix: %+v", quick)
	}
}

func TestFormatting(t *testing.T) {
	c := start(t)
	c.initialize(nil, nil)
	text := "\ufeff" + strings.ReplaceAll(spacedAppSpec, "os:", "os:😀") // a BOM, and an emoji on an edited line
	uri := fileURI(t, "appspec.yml", text)
	open(c, uri, "yaml", text)
	c.diagnostics(uri, 1)
	m := c.call("textDocument/formatting", formattingParams(uri))
	var edits []textEdit
	if err := json.Unmarshal(m.Result, &edits); err != nil || len(edits) == 0 {
		t.Fatalf("formatting: %s (%v)", m.Result, err)
	}
	got := apply(t, text, edits)
	// What the CLI's --fix writes.
	p := mustPath(t, uri)
	cmd := execFix(t, p)
	if want, _ := os.ReadFile(p); got != string(want) {
		t.Errorf("formatting gives\n%q\n--fix gives\n%q (%s)", got, want, cmd)
	}
}

func TestShutdownExit(t *testing.T) {
	c := start(t)
	c.initialize(nil, nil)
	if m := c.call("shutdown", nil); m.Error != nil || string(m.Result) != "null" {
		t.Fatalf("shutdown: %+v %s", m.Error, m.Result)
	}
	if m := c.call("textDocument/formatting", formattingParams("file:///a/appspec.yml")); m.Error == nil {
		t.Errorf("a request after shutdown was answered: %s", m.Result)
	}
	if code := c.exit(); code != 0 {
		t.Errorf("exit after shutdown: status %d, want 0", code)
	}
}

func TestExitWithoutShutdown(t *testing.T) {
	c := start(t)
	c.initialize(nil, nil)
	if code := c.exit(); code != 1 {
		t.Errorf("exit without shutdown: status %d, want 1", code)
	}
}

func TestMalformedMessages(t *testing.T) {
	c := start(t)
	c.writeRaw([]byte(`{"jsonrpc": "2.0", "id": 1, "method": `)) // cut short
	c.writeRaw([]byte(`not json at all`))
	c.writeRaw([]byte(`[1, 2, 3]`))
	c.writeRaw([]byte(`{"jsonrpc": "2.0"}`))
	c.in.Write([]byte("X-Nonsense: 1\r\n\r\n")) // no Content-Length
	if m := c.call("initialize", 7); m.Error == nil || m.Error.Code != -32602 {
		t.Errorf("initialize with bad params: %+v, want -32602", m.Error)
	}
	c.initialize(nil, nil)
	uri := fileURI(t, "appspec.yml", spacedAppSpec)
	c.notify("textDocument/didOpen", map[string]any{"textDocument": "nope"})
	c.notify("textDocument/didChange", map[string]any{"textDocument": map[string]any{"uri": uri}, "contentChanges": 5})
	open(c, uri, "yaml", spacedAppSpec)
	if ds := c.diagnostics(uri, 1); len(ds) == 0 {
		t.Errorf("no diagnostics after malformed messages")
	}
	if m := c.call("textDocument/codeAction", "nope"); m.Error == nil || m.Error.Code != -32602 {
		t.Errorf("codeAction with bad params: %+v, want -32602", m.Error)
	}
	if m := c.call("shutdown", nil); m.Error != nil {
		t.Errorf("shutdown: %+v", m.Error)
	}
	if code := c.exit(); code != 0 {
		t.Errorf("exit status %d", code)
	}
}

func TestConfigFile(t *testing.T) {
	c := start(t)
	c.initialize(nil, nil)
	uri := fileURI(t, "appspec.yml", brokenAppSpec)
	dir := filepath.Dir(mustPath(t, uri))
	if err := os.WriteFile(filepath.Join(dir, ".appspec-lint.yaml"), []byte("disable: [AS506, files]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	open(c, uri, "yaml", brokenAppSpec)
	wantSummary(t, c.diagnostics(uri, 1), "AS502 4:2-4:14", "AS111 7:2-7:14", "AS502 7:2-7:14")

	// A broken config is logged and the defaults apply; the user is told
	// once (a warning, type 2), not at every change, and again if the file
	// breaks again after reading well.
	cfgPath := filepath.Join(dir, ".appspec-lint.yaml")
	os.WriteFile(cfgPath, []byte("disable: [NOPE]\n"), 0o644)
	want := []string{"2 appspec-lint: " + cfgPath + ": no rule matches NOPE (use an ID such as AS503, an ID prefix such as AS5, a name such as hook-reserved-event, or a category); appspec-lint uses its defaults until this is fixed"}
	c.shown()
	change(c, uri, 2, map[string]any{"text": brokenAppSpec})
	if ds := c.diagnostics(uri, 2); len(ds) != 8 {
		t.Errorf("with a broken config: %v, want the 8 default findings", summary(ds))
	}
	if got := c.shown(); !reflect.DeepEqual(got, want) {
		t.Errorf("shown %q, want %q", got, want)
	}
	change(c, uri, 3, map[string]any{"text": brokenAppSpec})
	c.diagnostics(uri, 3)
	if got := c.shown(); len(got) != 0 {
		t.Errorf("shown again at the next change: %q", got)
	}
	os.WriteFile(cfgPath, []byte("disable: [AS506, files]\n"), 0o644)
	change(c, uri, 4, map[string]any{"text": brokenAppSpec})
	c.diagnostics(uri, 4)
	os.WriteFile(cfgPath, []byte("disable: [NOPE]\n"), 0o644)
	change(c, uri, 5, map[string]any{"text": brokenAppSpec})
	c.diagnostics(uri, 5)
	if got := c.shown(); !reflect.DeepEqual(got, want) {
		t.Errorf("broken again: shown %q, want %q", got, want)
	}
}
