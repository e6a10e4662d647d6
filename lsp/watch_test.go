package lsp_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// watchedAppSpec names one hook script, scripts/start.sh.
const watchedAppSpec = "version: 0.0\nos: linux\nhooks:\n  ApplicationStart:\n    - location: scripts/start.sh\n"

func codes(ds []diagnostic) map[string]int {
	out := map[string]int{}
	for _, d := range ds {
		out[d.Code]++
	}
	return out
}

func watchedFilesCaps() map[string]any {
	return map[string]any{"workspace": map[string]any{
		"didChangeWatchedFiles": map[string]any{"dynamicRegistration": true}}}
}

// serverRequest waits for the next request the server sends.
func (c *client) serverRequest() message {
	c.t.Helper()
	select {
	case m := <-c.requests:
		return m
	case <-time.After(10 * time.Second):
		c.t.Fatal("the server sent no request")
	}
	return message{}
}

func TestWatchedFilesRegistration(t *testing.T) {
	c := start(t)
	c.initialize(watchedFilesCaps(), nil)
	m := c.serverRequest()
	if m.Method != "client/registerCapability" {
		t.Fatalf("server request %s, want client/registerCapability", m.Method)
	}
	var p struct {
		Registrations []struct {
			ID              string `json:"id"`
			Method          string `json:"method"`
			RegisterOptions struct {
				Watchers []struct {
					GlobPattern string `json:"globPattern"`
				} `json:"watchers"`
			} `json:"registerOptions"`
		} `json:"registrations"`
	}
	if err := json.Unmarshal(m.Params, &p); err != nil {
		t.Fatal(err)
	}
	if len(p.Registrations) != 1 || p.Registrations[0].Method != "workspace/didChangeWatchedFiles" ||
		p.Registrations[0].ID == "" || len(p.Registrations[0].RegisterOptions.Watchers) != 1 ||
		p.Registrations[0].RegisterOptions.Watchers[0].GlobPattern != "**/*" {
		t.Errorf("registration = %s, want one watcher for **/* on workspace/didChangeWatchedFiles", m.Params)
	}
	// The server goes on serving after the client's answer.
	uri := fileURI(t, "appspec.yml", spacedAppSpec)
	open(c, uri, "yaml", spacedAppSpec)
	if ds := c.diagnostics(uri, 1); len(ds) == 0 {
		t.Error("no diagnostics after the registration")
	}
	if code := c.call("shutdown", nil); code.Error != nil {
		t.Errorf("shutdown: %+v", code.Error)
	}
	if code := c.exit(); code != 0 {
		t.Errorf("exit status %d, want 0", code)
	}
}

// A client that refuses the registration does not disturb the server.
func TestWatchedFilesRegistrationRefused(t *testing.T) {
	c := start(t)
	c.setAnswer(func(message) map[string]any {
		return map[string]any{"error": map[string]any{"code": -32601, "message": "no dynamic registration today"}}
	})
	c.initialize(watchedFilesCaps(), nil)
	if m := c.serverRequest(); m.Method != "client/registerCapability" {
		t.Fatalf("server request %s, want client/registerCapability", m.Method)
	}
	uri := fileURI(t, "appspec.yml", spacedAppSpec)
	open(c, uri, "yaml", spacedAppSpec)
	if ds := c.diagnostics(uri, 1); len(ds) == 0 {
		t.Error("no diagnostics after a refused registration")
	}
}

// Without the capability no registration is sent.
func TestWatchedFilesNoRegistration(t *testing.T) {
	c := start(t)
	c.initialize(nil, nil)
	uri := fileURI(t, "appspec.yml", spacedAppSpec)
	open(c, uri, "yaml", spacedAppSpec)
	c.diagnostics(uri, 1)
	select {
	case m := <-c.requests:
		t.Errorf("the server sent %s to a client without dynamic registration", m.Method)
	case <-time.After(200 * time.Millisecond):
	}
}

// A hook script created, then deleted, on disk shows in the findings of an
// open appspec once the client reports the change.
func TestWatchedFilesRelint(t *testing.T) {
	c := start(t)
	c.initialize(watchedFilesCaps(), nil)
	c.serverRequest()
	uri := fileURI(t, "appspec.yml", watchedAppSpec)
	dir := filepath.Dir(mustPath(t, uri))
	open(c, uri, "yaml", watchedAppSpec)
	if n := codes(c.diagnostics(uri, 1))["AS506"]; n != 1 {
		t.Fatalf("before the script exists: %d AS506, want 1", n)
	}

	script := filepath.Join(dir, "scripts", "start.sh")
	if err := os.MkdirAll(filepath.Dir(script), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(script, []byte("#!/bin/sh\necho start\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	scriptURI := "file://" + filepath.ToSlash(script)
	c.notify("workspace/didChangeWatchedFiles", map[string]any{"changes": []map[string]any{
		{"uri": scriptURI, "type": 1}}}) // Created
	if ds := c.diagnostics(uri, 1); codes(ds)["AS506"] != 0 {
		t.Errorf("after the script was created: %v, want no AS506", summary(ds))
	}

	if err := os.Remove(script); err != nil {
		t.Fatal(err)
	}
	c.notify("workspace/didChangeWatchedFiles", map[string]any{"changes": []map[string]any{
		{"uri": scriptURI, "type": 3}}}) // Deleted
	if n := codes(c.diagnostics(uri, 1))["AS506"]; n != 1 {
		t.Errorf("after the script was deleted: %d AS506, want 1", n)
	}
}

// A document that is not on disk is not linted again: there is nothing
// beside it that could have changed.
func TestWatchedFilesUntitled(t *testing.T) {
	c := start(t)
	c.initialize(nil, nil)
	uri := "untitled:appspec.yml"
	open(c, uri, "yaml", spacedAppSpec)
	c.diagnostics(uri, 1)
	c.notify("workspace/didChangeWatchedFiles", map[string]any{"changes": []map[string]any{
		{"uri": "file:///tmp/x.sh", "type": 1}}})
	// A request round trip: the notification has been handled by then.
	c.call("textDocument/formatting", formattingParams(uri))
	select {
	case m := <-c.notifs:
		t.Errorf("unexpected %s after a watched file changed: %s", m.Method, m.Params)
	case <-time.After(300 * time.Millisecond):
	}
}
