package lsp_test

import (
	"bufio"
	"context"
	"io"
	"log"
	"strings"
	"testing"
	"time"

	"github.com/appspec-lint/appspec-lint/lint"
	"github.com/appspec-lint/appspec-lint/lsp"
	"github.com/appspec-lint/appspec-lint/rules"
)

// startInProcess runs Serve on pipes in this process (so the race detector
// sees the server), with the given assist.
func startInProcess(t *testing.T, assist lsp.Assist) *client {
	t.Helper()
	inR, inW := io.Pipe()
	outR, outW := io.Pipe()
	c := newClient(t, inW)
	status := make(chan int, 1)
	go func() {
		code := lsp.Serve(context.Background(), inR, outW, lsp.Options{
			Linter: lint.New(rules.All()),
			Log:    log.New(&lockedWriter{w: c.stderr}, "", 0),
			Assist: assist,
		})
		outW.Close()
		inR.Close()
		status <- code
	}()
	c.waitExit = func() (int, error) { return <-status, nil }
	go c.read(bufio.NewReader(outR))
	t.Cleanup(func() {
		inW.Close()
		select {
		case <-c.done:
		case <-time.After(5 * time.Second):
			t.Errorf("the server did not stop when its input closed")
		}
		if t.Failed() {
			t.Logf("server log:\n%s", c.stderr)
		}
	})
	return c
}

func TestHoverHookAndCancel(t *testing.T) {
	entered, release := make(chan lint.Pos, 1), make(chan struct{})
	assist := lsp.AssistFuncs{
		HoverFunc: func(doc *lint.Document, at lint.Pos) (string, lint.Range, bool) {
			if strings.Contains(doc.Lines.Line(at.Line), "slow") {
				entered <- at
				<-release
			}
			return "**" + doc.Lines.Line(at.Line) + "**", lint.Range{Start: at, End: lint.Pos{Line: at.Line, Col: at.Col + 1}}, true
		},
	}
	c := startInProcess(t, assist)
	res := c.initialize(nil, nil)
	caps := res["capabilities"].(map[string]any)
	if caps["hoverProvider"] != true {
		t.Errorf("hoverProvider = %v with a hover hook", caps["hoverProvider"])
	}
	if _, ok := caps["completionProvider"]; ok {
		t.Errorf("completionProvider advertised without a completion hook")
	}
	text := "version: 0.0 # 😀x\nos: linux # slow\n"
	uri := "untitled:appspec.yml"
	open(c, uri, "yaml", text)
	c.diagnostics(uri, 1)

	// UTF-16 column 17 on line 0 is the x after the emoji (units 15-16).
	m := c.call("textDocument/hover", map[string]any{"textDocument": map[string]any{"uri": uri}, "position": map[string]any{"line": 0, "character": 17}})
	if !strings.Contains(string(m.Result), `"range":{"start":{"line":0,"character":17},"end":{"line":0,"character":18}}`) {
		t.Errorf("hover: %s", m.Result)
	}

	// A slow hover, cancelled while it runs.
	id, ch := c.callAsync("textDocument/hover", map[string]any{"textDocument": map[string]any{"uri": uri}, "position": map[string]any{"line": 1, "character": 0}})
	if at := <-entered; at != (lint.Pos{Line: 2, Col: 1}) {
		t.Errorf("hover at %v, want 2:1", at)
	}
	c.notify("$/cancelRequest", map[string]any{"id": id})
	c.call("no/such/method", nil) // the cancel has been read once this is answered
	close(release)
	if m := c.wait(id, ch); m.Error == nil || m.Error.Code != -32800 {
		t.Errorf("cancelled hover: %+v %s, want error -32800", m.Error, m.Result)
	}
	c.call("shutdown", nil)
	if code := c.exit(); code != 0 {
		t.Errorf("exit status %d", code)
	}
}

func TestInputClosedWithoutExit(t *testing.T) {
	c := startInProcess(t, nil)
	c.initialize(nil, nil)
	c.in.Close()
	if code, _ := c.waitExit(); code != 1 {
		t.Errorf("status after the input closed without exit: %d, want 1", code)
	}
}
