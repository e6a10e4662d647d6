package lsp_test

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"log"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/appspec-lint/appspec-lint/lint"
	"github.com/appspec-lint/appspec-lint/lsp"
	"github.com/appspec-lint/appspec-lint/rules"
)

// Hostile clients and documents (issue #8): the server answers each with a
// clear diagnostic or a logged refusal, keeps serving, ends when its input
// ends, and stays within a memory bound. Memory is the server process's peak
// resident size (VmHWM in /proc/PID/status), read after the hostile input:
// it covers everything the process did, whatever the collector did, and is
// only compared with generous bounds (several times what was measured).
// Malformed JSON, unknown methods and requests before initialize are in
// server_test.go; input closed between messages in TestInputClosedWithoutExit.

// peakRSSMB is the server's peak resident memory in MB; the test is skipped
// where /proc does not tell.
func peakRSSMB(t *testing.T, c *client) int {
	t.Helper()
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", c.pid))
	if err != nil {
		t.Skipf("cannot read the server's memory use (no /proc here?): %v", err)
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, err := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")))
			if err == nil {
				return kb >> 10
			}
		}
	}
	t.Skipf("no VmHWM in /proc/%d/status", c.pid)
	return 0
}

// checkPeak fails the test if the server's peak resident memory is above
// limitMB, and logs it.
func checkPeak(t *testing.T, c *client, limitMB int) {
	t.Helper()
	mb := peakRSSMB(t, c)
	t.Logf("server peak resident memory: %d MB", mb)
	if mb > limitMB {
		t.Errorf("server peak resident memory %d MB, want at most %d MB", mb, limitMB)
	}
}

// alive checks that the server still answers a request.
func alive(t *testing.T, c *client) {
	t.Helper()
	if m := c.call("no/such/method", nil); m.Error == nil || m.Error.Code != -32601 {
		t.Errorf("the server does not answer any more: %+v", m.Error)
	}
}

// TestHostileHugeDocument: a 10 MB document is not linted: it gets one
// warning at its start saying so, with its size and the limit; hover, code
// actions and formatting on it answer empty. Edited back to a normal size,
// it is linted again.
func TestHostileHugeDocument(t *testing.T) {
	c := start(t)
	c.initialize(nil, nil)
	var b strings.Builder
	b.WriteString("version: 0.0\nos: linux\nhooks:\n  BeforeInstall:\n")
	for b.Len() < 10<<20 {
		b.WriteString("    - location: scripts/install.sh\n      timeout: 300\n")
	}
	uri := "untitled:deploy/appspec.yml"
	open(c, uri, "yaml", b.String())
	ds := c.diagnostics(uri, 1)
	if len(ds) != 1 || ds[0].Code != "" || ds[0].Severity != 2 || ds[0].Range.String() != "0:0-0:0" ||
		!strings.Contains(ds[0].Message, "not linted: the document is 10.0 MiB, more than the 1 MiB appspec-lint reads") {
		t.Fatalf("want one warning that the document is not linted, got %+v", ds)
	}
	at := map[string]any{"textDocument": map[string]any{"uri": uri}, "position": map[string]any{"line": 4, "character": 8}}
	if m := c.call("textDocument/hover", at); m.Error != nil || string(m.Result) != "null" {
		t.Errorf("hover on a huge document: %s %+v, want null", m.Result, m.Error)
	}
	whole := rng(0, 0, 9, 0)
	if m := c.call("textDocument/codeAction", map[string]any{"textDocument": map[string]any{"uri": uri}, "range": whole, "context": map[string]any{"diagnostics": []any{}}}); m.Error != nil || string(m.Result) != "[]" {
		t.Errorf("code actions on a huge document: %s %+v, want []", m.Result, m.Error)
	}
	if m := c.call("textDocument/formatting", map[string]any{"textDocument": map[string]any{"uri": uri}, "options": map[string]any{"tabSize": 2, "insertSpaces": true}}); m.Error != nil || string(m.Result) != "[]" {
		t.Errorf("formatting a huge document: %s %+v, want []", m.Result, m.Error)
	}
	// Linting it would take well over a gigabyte; holding it (the message,
	// its decoded text, the document) about 100 MB, three times that with
	// the race detector.
	checkPeak(t, c, 800)
	change(c, uri, 2, map[string]any{"text": "version: 1.0\nos: linux\n"})
	if ds := c.diagnostics(uri, 2); len(ds) != 1 || ds[0].Code != "AS202" {
		t.Errorf("after the edit: %+v, want AS202", ds)
	}
}

// TestHostileGrowingDocument: edits that each fit in a message but together
// grow a document past 64 MiB make the server drop its text (one warning
// says so, hover answers null) instead of following it without bound; the
// text sent whole again is linted again.
func TestHostileGrowingDocument(t *testing.T) {
	c := start(t)
	c.initialize(nil, nil)
	uri := "untitled:deploy/appspec.yml"
	open(c, uri, "yaml", "version: 0.0\nos: linux\n")
	c.diagnostics(uri, 1)
	chunk := "# " + strings.Repeat("x", 4<<20) + "\n"
	version := 2
	for size := 0; size <= 64<<20; size += len(chunk) {
		change(c, uri, version, map[string]any{"range": rng(0, 0, 0, 0), "text": chunk})
		version++
	}
	ds := c.diagnostics(uri, version-1)
	if len(ds) != 1 || !strings.Contains(ds[0].Message, "edits grew the document past 64 MiB, so appspec-lint stopped following it") {
		t.Fatalf("want one warning that the document was dropped, got %+v", ds)
	}
	at := map[string]any{"textDocument": map[string]any{"uri": uri}, "position": map[string]any{"line": 0, "character": 0}}
	if m := c.call("textDocument/hover", at); m.Error != nil || string(m.Result) != "null" {
		t.Errorf("hover on a dropped document: %s %+v, want null", m.Result, m.Error)
	}
	// Incremental edits to a dropped text are ignored; the whole text is not.
	change(c, uri, version, map[string]any{"range": rng(0, 0, 0, 0), "text": "x"})
	change(c, uri, version+1, map[string]any{"text": "version: 1.0\nos: linux\n"})
	if ds := c.diagnostics(uri, version+1); len(ds) != 1 || ds[0].Code != "AS202" {
		t.Errorf("after the whole text: %+v, want AS202", ds)
	}
	// The text peaks at 64 MiB plus one copy being edited.
	checkPeak(t, c, 800)
	alive(t, c)
}

// TestHostileTextInDidOpen: a didOpen whose JSON carries bytes that are not
// UTF-8, a lone surrogate escape, NUL characters and a 1 MB line. JSON
// decoding turns the bad bytes and the lone surrogate into U+FFFD, so the
// server sees valid text; the NUL gets AS112 and the long value AS206, at
// their places.
func TestHostileTextInDidOpen(t *testing.T) {
	c := start(t)
	c.initialize(nil, nil)
	uri := "untitled:a/appspec.yml"
	body := `{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"` + uri +
		`","languageId":"yaml","version":1,"text":"version: 0.0 # caf` + "\xe9\xff" + `\ud800\nos: linux\n\u0000\n"}}}`
	c.writeRaw([]byte(body))
	ds := c.diagnostics(uri, 1)
	wantSummary(t, ds, "AS112 2:0-2:1")
	if m := c.call("textDocument/hover", map[string]any{"textDocument": map[string]any{"uri": uri}, "position": map[string]any{"line": 0, "character": 18}}); m.Error != nil {
		t.Errorf("hover after the replacement characters: %+v", m.Error)
	}

	long := "untitled:b/appspec.yml"
	// 1 MB, just under the 1 MiB limit on what is linted.
	open(c, long, "yaml", "version: 0.0\nos: "+strings.Repeat("a", 1_000_000)+"\n")
	wantSummary(t, c.diagnostics(long, 1), fmt.Sprintf("AS206 1:4-1:%d", 4+1_000_000))
	checkPeak(t, c, 400)
}

// TestHostileFraming: a Content-Length too large for an integer, a message
// of 70 MB (over the 64 MiB the server holds), and a 10 MB header line
// without a line break. Each is logged and skipped; the messages after it
// are read where they start, and the server's memory stays far below what
// holding them would take.
func TestHostileFraming(t *testing.T) {
	c := start(t)
	c.initialize(nil, nil)

	c.in.Write([]byte("Content-Length: 99999999999999999999999\r\n\r\n"))
	alive(t, c)

	// A well-formed 70 MB didOpen: read past, not held, not linted.
	uri := "untitled:big/appspec.yml"
	text := strings.Repeat("# padding\n", 7<<20)
	body := `{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"` + uri + `","languageId":"yaml","version":1,"text":"` +
		strings.ReplaceAll(text, "\n", `\n`) + `"}}}`
	c.writeRaw([]byte(body))
	alive(t, c)
	select {
	case m := <-c.notifs:
		t.Errorf("the skipped message was acted on: %s %s", m.Method, m.Params)
	default:
	}

	c.in.Write([]byte(strings.Repeat("X", 10<<20) + "\r\n\r\n"))
	alive(t, c)
	checkPeak(t, c, 200)
	c.call("shutdown", nil)
	if code := c.exit(); code != 0 {
		t.Errorf("exit status %d", code)
	}
	// The log is read once the server has exited and stopped writing it.
	if log := c.stderr.String(); !strings.Contains(log, "ignoring a message of ") || !strings.Contains(log, "more than the 64 MiB limit") {
		t.Errorf("the skipped message is not logged:\n%.2000s", log)
	}
}

// TestHostileDisconnects: a client that goes away in the middle of a header
// or of a message body, including one that announced 60 MB and sent a few
// bytes. The server ends promptly with status 1 (no shutdown was asked).
func TestHostileDisconnects(t *testing.T) {
	for name, partial := range map[string]string{
		"mid-header": "Content-Len",
		"mid-body":   "Content-Length: 200\r\n\r\n{\"jsonrpc\": \"2.0\", \"id\": 2, \"meth",
		"60 MB body": "Content-Length: 62914560\r\n\r\n{\"jsonrpc\"",
	} {
		t.Run(name, func(t *testing.T) {
			c := start(t)
			c.initialize(nil, nil)
			c.in.Write([]byte(partial))
			c.in.Close()
			done := make(chan int, 1)
			go func() {
				code, _ := c.waitExit()
				done <- code
			}()
			select {
			case code := <-done:
				if code != 1 {
					t.Errorf("exit status %d, want 1", code)
				}
			case <-time.After(20 * time.Second):
				t.Fatal("the server did not end after its client went away")
			}
		})
	}
}

// panicRule panics on a document that holds "PANIC": a stand-in for a bug
// in a rule, which must cost one document its findings, not the server.
var panicRule = &lint.Rule{
	ID: "AS999", Name: "test-panic", Severity: lint.Error, Platforms: lint.EC2 | lint.Lambda | lint.ECS,
	Category: "test", Summary: "panics",
	Document: func(p *lint.Pass) {
		if strings.Contains(string(p.Doc.Src), "PANIC") {
			panic("test rule panicked")
		}
	},
}

// TestHostileRulePanic: a rule that panics on one document loses its own
// findings there and nothing else: the document gets the others' findings
// and one error of that rule saying it failed, the panic is logged with its
// stack, and the other documents are linted. A panic the engine lets
// through (here by NoRecover; in life a bug outside the rules) costs the
// document its findings: one warning says it was not linted.
func TestHostileRulePanic(t *testing.T) {
	for _, tc := range []struct {
		name      string
		noRecover bool
		want      []string // in the bad document's diagnostics
		log       string
	}{
		{"a rule's panic", false,
			[]string{"AS999 0:0-0:12 internal error: rule AS999 (test-panic) failed on this file, so its checks are missing here (test rule panicked)", "AS202 0:9-0:12"},
			"linting untitled:bad/appspec.yml: rule AS999 panicked: test rule panicked"},
		{"a panic let through", true,
			[]string{"not linted: appspec-lint failed on this document (internal error: test rule panicked)"},
			"panic linting untitled:bad/appspec.yml: test rule panicked"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			inR, inW := io.Pipe()
			outR, outW := io.Pipe()
			c := newClient(t, inW)
			status := make(chan int, 1)
			linter := lint.New(append(rules.All(), panicRule))
			linter.NoRecover = tc.noRecover
			go func() {
				code := lsp.Serve(context.Background(), inR, outW, lsp.Options{
					Linter: linter,
					Log:    log.New(&lockedWriter{w: c.stderr}, "", 0),
				})
				outW.Close()
				inR.Close()
				status <- code
			}()
			c.waitExit = func() (int, error) { return <-status, nil }
			go c.read(bufio.NewReader(outR))
			defer func() {
				inW.Close()
				select {
				case <-c.done:
				case <-time.After(5 * time.Second):
					t.Errorf("the server did not stop when its input closed")
				}
			}()

			c.initialize(nil, nil)
			bad, good := "untitled:bad/appspec.yml", "untitled:good/appspec.yml"
			open(c, bad, "yaml", "version: 1.0\nos: linux # PANIC\n")
			ds := c.diagnostics(bad, 1)
			var got []string
			for _, d := range ds {
				got = append(got, strings.TrimSpace(d.Code+" "+d.Range.String()+" "+d.Message))
			}
			if len(got) != len(tc.want) {
				t.Errorf("want %d diagnostics, got %q", len(tc.want), got)
			}
			for i := range min(len(got), len(tc.want)) {
				if !strings.Contains(got[i], tc.want[i]) {
					t.Errorf("diagnostic %d: want %q in %q", i, tc.want[i], got[i])
				}
			}
			open(c, good, "yaml", "version: 1.0\nos: linux\n")
			wantSummary(t, c.diagnostics(good, 1), "AS202 0:9-0:12")
			c.call("shutdown", nil)
			if code := c.exit(); code != 0 {
				t.Errorf("exit status %d", code)
			}
			if log := c.stderr.String(); !strings.Contains(log, tc.log) || !strings.Contains(log, "goroutine") {
				t.Errorf("the panic is not logged with its stack:\n%s", log)
			}
		})
	}
}

// TestHostileConfigPipe: a .appspec-lint.yaml that is a named pipe beside
// the document is logged as unreadable and the defaults apply, at once,
// instead of the lint waiting for a writer forever.
func TestHostileConfigPipe(t *testing.T) {
	dir := t.TempDir()
	if err := makeFIFO(filepath.Join(dir, ".appspec-lint.yaml")); err != nil {
		t.Skipf("cannot make a named pipe here: %v", err)
	}
	p := filepath.Join(dir, "appspec.yml")
	os.WriteFile(p, []byte("version: 1.0\nos: linux\n"), 0o644)
	uri := (&url.URL{Scheme: "file", Path: filepath.ToSlash(p)}).String()
	c := start(t)
	c.initialize(nil, nil)
	open(c, uri, "yaml", "version: 1.0\nos: linux\n")
	wantSummary(t, c.diagnostics(uri, 1), "AS202 0:9-0:12")
	c.call("shutdown", nil)
	c.exit()
	if log := c.stderr.String(); !strings.Contains(log, ".appspec-lint.yaml: is a named pipe with nothing writing to it") {
		t.Errorf("the unreadable config is not logged:\n%s", log)
	}
}
