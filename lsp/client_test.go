package lsp_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// binary is the appspec-lint command built once for every test: the tests
// drive the real server over pipes, as an editor does.
var binary string

// buildFlags are passed to go build for the server binary.
var buildFlags []string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "appspec-lint-lsp-test")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	binary = filepath.Join(dir, "appspec-lint")
	args := append(append([]string{"build"}, buildFlags...), "-o", binary, "../cmd/appspec-lint")
	build := exec.Command("go", args...)
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "building appspec-lint:", err)
		os.Exit(2)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// message is any JSON-RPC message the server sends.
type message struct {
	ID     *json.RawMessage `json:"id,omitempty"`
	Method string           `json:"method,omitempty"`
	Params json.RawMessage  `json:"params,omitempty"`
	Result json.RawMessage  `json:"result,omitempty"`
	Error  *struct {
		Code    int    `json:"code"`
		Message string `json:"message"`
	} `json:"error,omitempty"`
}

// client is a small LSP client over the server's stdin and stdout.
type client struct {
	t      testing.TB
	in     io.WriteCloser
	pid    int // the server process (0 in process)
	stderr *bytes.Buffer
	// waitExit waits for the server to end and returns its exit status.
	waitExit func() (int, error)

	mu        sync.Mutex
	nextID    int
	passed    []message // notifications diagnostics() passed over, in order
	responses map[string]chan message
	notifs    chan message
	requests  chan message  // requests from the server, already answered
	done      chan struct{} // closed when stdout ends
	// answer makes the reply (result or error fields) to a request from the
	// server; nil answers with a null result. Set it with setAnswer.
	answer func(m message) map[string]any

	wmu sync.Mutex // one message at a time on the server's stdin
}

func start(t testing.TB) *client {
	t.Helper()
	cmd := exec.Command(binary, "lsp")
	in, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	c := newClient(t, in)
	c.waitExit = func() (int, error) {
		err := cmd.Wait()
		if ee, ok := err.(*exec.ExitError); ok {
			return ee.ExitCode(), nil
		}
		return 0, err
	}
	cmd.Stderr = &lockedWriter{w: c.stderr}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	c.pid = cmd.Process.Pid
	go c.read(bufio.NewReader(out))
	t.Cleanup(func() {
		in.Close()
		select {
		case <-c.done:
		case <-time.After(5 * time.Second):
			cmd.Process.Kill()
		}
		cmd.Wait()
		if t.Failed() {
			t.Logf("server stderr:\n%s", c.stderr)
		}
	})
	return c
}

func newClient(t testing.TB, in io.WriteCloser) *client {
	return &client{t: t, in: in, stderr: &bytes.Buffer{},
		responses: map[string]chan message{}, notifs: make(chan message, 1000),
		requests: make(chan message, 100), done: make(chan struct{})}
}

type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

func (c *client) read(r *bufio.Reader) {
	defer close(c.done)
	for {
		length := -1
		for {
			line, err := r.ReadString('\n')
			if err != nil {
				return
			}
			line = strings.TrimSpace(line)
			if line == "" {
				break
			}
			if v, ok := strings.CutPrefix(line, "Content-Length: "); ok {
				length, _ = strconv.Atoi(v)
			}
		}
		if length < 0 {
			c.t.Errorf("server sent a header block without Content-Length")
			return
		}
		body := make([]byte, length)
		if _, err := io.ReadFull(r, body); err != nil {
			return
		}
		var m message
		if err := json.Unmarshal(body, &m); err != nil {
			c.t.Errorf("server sent bad JSON %q: %v", body, err)
			return
		}
		if m.Method != "" && m.ID != nil {
			c.answerServer(m)
			continue
		}
		if m.Method != "" {
			c.notifs <- m
			continue
		}
		if m.ID == nil {
			c.t.Errorf("server sent a message without id or method: %s", body)
			continue
		}
		c.mu.Lock()
		ch := c.responses[string(*m.ID)]
		delete(c.responses, string(*m.ID))
		c.mu.Unlock()
		if ch == nil {
			c.t.Errorf("response to an unknown request: %s", body)
			continue
		}
		ch <- m
	}
}

// answerServer replies to a request from the server (on the read
// goroutine, so it reports errors without Fatal) and hands it to the test.
func (c *client) answerServer(m message) {
	reply := map[string]any{"result": nil}
	c.mu.Lock()
	answer := c.answer
	c.mu.Unlock()
	if answer != nil {
		reply = answer(m)
	}
	reply["jsonrpc"] = "2.0"
	reply["id"] = m.ID
	b, err := json.Marshal(reply)
	if err == nil {
		err = c.write(b)
	}
	if err != nil {
		c.t.Errorf("answering the server's %s: %v", m.Method, err)
	}
	select {
	case c.requests <- m:
	default:
		c.t.Errorf("too many requests from the server")
	}
}

func (c *client) setAnswer(f func(m message) map[string]any) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.answer = f
}

// write frames body and sends it.
func (c *client) write(body []byte) error {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	_, err := fmt.Fprintf(c.in, "Content-Length: %d\r\n\r\n%s", len(body), body)
	return err
}

// writeRaw frames body and sends it.
func (c *client) writeRaw(body []byte) {
	c.t.Helper()
	if err := c.write(body); err != nil {
		c.t.Fatalf("writing to the server: %v", err)
	}
}

func (c *client) send(v any) {
	c.t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		c.t.Fatal(err)
	}
	c.writeRaw(b)
}

// call sends a request and waits for its response.
func (c *client) call(method string, params any) message {
	c.t.Helper()
	return c.wait(c.callAsync(method, params))
}

func (c *client) callAsync(method string, params any) (int, chan message) {
	c.mu.Lock()
	c.nextID++
	id := c.nextID
	ch := make(chan message, 1)
	c.responses[strconv.Itoa(id)] = ch
	c.mu.Unlock()
	c.send(map[string]any{"jsonrpc": "2.0", "id": id, "method": method, "params": params})
	return id, ch
}

func (c *client) wait(id int, ch chan message) message {
	c.t.Helper()
	select {
	case m := <-ch:
		return m
	case <-time.After(10 * time.Second):
		c.t.Fatalf("no response to request %d", id)
	}
	return message{}
}

func (c *client) notify(method string, params any) {
	c.t.Helper()
	c.send(map[string]any{"jsonrpc": "2.0", "method": method, "params": params})
}

// initialize runs the handshake with the given client capabilities and
// initializationOptions, and returns the result.
func (c *client) initialize(caps, opts any) map[string]any {
	c.t.Helper()
	if caps == nil {
		caps = map[string]any{}
	}
	m := c.call("initialize", map[string]any{"processId": nil, "rootUri": nil, "capabilities": caps, "initializationOptions": opts})
	if m.Error != nil {
		c.t.Fatalf("initialize: %+v", m.Error)
	}
	var res map[string]any
	if err := json.Unmarshal(m.Result, &res); err != nil {
		c.t.Fatal(err)
	}
	c.notify("initialized", map[string]any{})
	return res
}

// Diagnostic types as the client decodes them.
type position struct {
	Line      int `json:"line"`
	Character int `json:"character"`
}

type lspRange struct {
	Start position `json:"start"`
	End   position `json:"end"`
}

func (r lspRange) String() string {
	return fmt.Sprintf("%d:%d-%d:%d", r.Start.Line, r.Start.Character, r.End.Line, r.End.Character)
}

type diagnostic struct {
	Range    lspRange `json:"range"`
	Severity int      `json:"severity"`
	Code     string   `json:"code"`
	Source   string   `json:"source"`
	Message  string   `json:"message"`
	Related  []struct {
		Location struct {
			URI   string   `json:"uri"`
			Range lspRange `json:"range"`
		} `json:"location"`
		Message string `json:"message"`
	} `json:"relatedInformation"`
}

type publishParams struct {
	URI         string       `json:"uri"`
	Version     int          `json:"version"`
	Diagnostics []diagnostic `json:"diagnostics"`
}

// diagnostics waits for the diagnostics of uri at version (0: any). The
// wait is long because only a hang should fail it: on a busy machine (CI
// running packages side by side) the 10 MB document of the hostile tests
// took 12 s to come back.
func (c *client) diagnostics(uri string, version int) []diagnostic {
	c.t.Helper()
	deadline := time.After(30 * time.Second)
	for {
		select {
		case m := <-c.notifs:
			if m.Method != "textDocument/publishDiagnostics" {
				c.mu.Lock()
				c.passed = append(c.passed, m)
				c.mu.Unlock()
				continue
			}
			var p publishParams
			if err := json.Unmarshal(m.Params, &p); err != nil {
				c.t.Fatal(err)
			}
			if p.URI == uri && (version == 0 || p.Version == version) {
				return p.Diagnostics
			}
		case <-deadline:
			c.t.Fatalf("no diagnostics for %s version %d", uri, version)
			return nil
		}
	}
}

// shown returns the messages of the window/showMessage notifications that
// diagnostics() passed over since the last call.
func (c *client) shown() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []string
	for _, m := range c.passed {
		var p struct {
			Type    int    `json:"type"`
			Message string `json:"message"`
		}
		if m.Method == "window/showMessage" && json.Unmarshal(m.Params, &p) == nil {
			out = append(out, fmt.Sprintf("%d %s", p.Type, p.Message))
		}
	}
	c.passed = nil
	return out
}

// exit sends exit and returns the server's exit status.
func (c *client) exit() int {
	c.t.Helper()
	c.notify("exit", nil)
	type exit struct {
		code int
		err  error
	}
	errc := make(chan exit, 1)
	go func() {
		code, err := c.waitExit()
		errc <- exit{code, err}
	}()
	select {
	case e := <-errc:
		if e.err != nil {
			c.t.Fatal(e.err)
		}
		return e.code
	case <-time.After(10 * time.Second):
		c.t.Fatal("the server did not exit")
	}
	return -1
}
