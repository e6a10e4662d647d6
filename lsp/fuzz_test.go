package lsp_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"net/textproto"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/appspec-lint/appspec-lint/lint"
	"github.com/appspec-lint/appspec-lint/lsp"
	"github.com/appspec-lint/appspec-lint/rules"
)

// fuzzLinter is shared by every iteration: building the rules once keeps an
// iteration cheap, and the server uses a linter from many goroutines anyway.
var fuzzLinter = lint.New(rules.All())

// fuzzTimeout bounds one iteration: the server must answer and stop within
// it once its input is closed, or it is taken to hang. It is generous
// because the fuzzer shares the machine with other work.
const fuzzTimeout = 10 * time.Second

// fuzzServer is a server run in process on pipes, with a reader that records
// the ids of the responses it sends.
type fuzzServer struct {
	in     *io.PipeWriter
	status chan int
	log    lockedBuffer

	mu      sync.Mutex
	replied map[string]bool // response ids, as JSON text
	read    chan struct{}   // closed when the output ends
	replies chan struct{}   // signalled at each response
}

type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func startFuzzServer() *fuzzServer {
	inR, inW := io.Pipe()
	outR, outW := io.Pipe()
	s := &fuzzServer{in: inW, status: make(chan int, 1), replied: map[string]bool{}, read: make(chan struct{}), replies: make(chan struct{}, 1)}
	go func() {
		code := lsp.Serve(context.Background(), inR, outW, lsp.Options{Linter: fuzzLinter, Log: log.New(&s.log, "", 0)})
		outW.Close()
		inR.Close()
		s.status <- code
	}()
	go s.readAll(bufio.NewReader(outR))
	return s
}

// readAll drains the server's output (so it never blocks writing) and
// records the id of every response.
func (s *fuzzServer) readAll(r *bufio.Reader) {
	defer close(s.read)
	tp := textproto.NewReader(r)
	for {
		h, err := tp.ReadMIMEHeader()
		if err != nil {
			return
		}
		n, err := strconv.Atoi(h.Get("Content-Length"))
		if err != nil {
			return
		}
		body := make([]byte, n)
		if _, err := io.ReadFull(r, body); err != nil {
			return
		}
		var m struct {
			ID     json.RawMessage `json:"id"`
			Method string          `json:"method"`
		}
		if json.Unmarshal(body, &m) == nil && m.Method == "" && m.ID != nil {
			s.mu.Lock()
			s.replied[string(m.ID)] = true
			s.mu.Unlock()
			select {
			case s.replies <- struct{}{}:
			default: // a signal is already waiting
			}
		}
	}
}

// finish closes the server's input and waits for it to stop; it fails the
// test if the server hangs or logged a panic (the server recovers from
// panics in handlers, so they show only in its log).
func (s *fuzzServer) finish(t *testing.T) {
	t.Helper()
	s.in.Close()
	select {
	case <-s.status:
	case <-time.After(fuzzTimeout):
		t.Fatalf("the server did not stop within %v of its input closing; log:\n%s", fuzzTimeout, s.log.String())
	}
	select {
	case <-s.read:
	case <-time.After(fuzzTimeout):
		t.Fatalf("the server's output did not end")
	}
	if strings.Contains(s.log.String(), "panic") {
		t.Fatalf("the server panicked:\n%s", s.log.String())
	}
}

func (s *fuzzServer) hasReply(id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.replied[id]
}

// frame wraps a body in the Content-Length header of the base protocol.
func frame(body []byte) []byte {
	return append([]byte(fmt.Sprintf("Content-Length: %d\r\n\r\n", len(body))), body...)
}

func rpcMessage(id int, method string, params []byte) []byte {
	var b bytes.Buffer
	b.WriteString(`{"jsonrpc":"2.0",`)
	if id != 0 {
		fmt.Fprintf(&b, `"id":%d,`, id)
	}
	fmt.Fprintf(&b, `"method":%q`, method)
	if params != nil {
		b.WriteString(`,"params":`)
		b.Write(params)
	}
	b.WriteString("}")
	return frame(b.Bytes())
}

func jsonText(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}

// prelude is what a client sends first: initialize (id 1) and initialized.
func prelude() []byte {
	return append(rpcMessage(1, "initialize", []byte(`{"capabilities":{}}`)), rpcMessage(0, "initialized", []byte(`{}`))...)
}

// fuzzSeedText is an appspec for the seeds: one from the test cases when
// they are there, a small one otherwise.
func fuzzSeedText() string {
	if b, err := os.ReadFile(filepath.Join("..", "testdata", "err", "AS151-valid-dedented.yml")); err == nil {
		return string(b)
	}
	return "version: 0.0\nos: linux\nhooks:\n  AfterInstall:\n  - location: a.sh\n  timeout: 300\n"
}

// FuzzLSPStream feeds any bytes to the server as the client's stream, after
// a valid initialize. Whatever they are (broken headers, bodies that are not
// JSON, messages of any shape), the server does not panic, answers the
// initialize sent before them, and stops once its input closes.
func FuzzLSPStream(f *testing.F) {
	text := fuzzSeedText()
	uri := "untitled:appspec.yml"
	open := rpcMessage(0, "textDocument/didOpen", jsonText(map[string]any{"textDocument": map[string]any{"uri": uri, "languageId": "yaml", "version": 1, "text": text}}))
	doc := map[string]any{"uri": uri}
	whole := map[string]any{"start": map[string]any{"line": 0, "character": 0}, "end": map[string]any{"line": 99, "character": 0}}
	for _, seed := range [][]byte{
		nil,
		open,
		append(append([]byte{}, open...), rpcMessage(2, "textDocument/formatting", jsonText(map[string]any{"textDocument": doc, "options": map[string]any{"tabSize": 2}}))...),
		append(append([]byte{}, open...), rpcMessage(2, "textDocument/codeAction", jsonText(map[string]any{"textDocument": doc, "range": whole, "context": map[string]any{"diagnostics": []any{}}}))...),
		append(append([]byte{}, open...), rpcMessage(0, "textDocument/didChange", jsonText(map[string]any{"textDocument": map[string]any{"uri": uri, "version": 2}, "contentChanges": []any{map[string]any{"range": whole, "text": "x: [\n"}}}))...),
		append(rpcMessage(2, "shutdown", nil), rpcMessage(0, "exit", nil)...),
		[]byte("Content-Length: 5\r\n\r\n{\"a\":Content-Length: -1\r\n\r\n"),
		[]byte("Content-Type: x\r\n\r\nContent-Length: 2\r\n\r\n[]\n\nContent-Length: 99999999999\r\n\r\n"),
		frame([]byte(`{"jsonrpc":"2.0","id":{"x":1},"method":"textDocument/hover","params":[1,2]}`)),
		frame([]byte(`{"jsonrpc":"2.0","id":3,"result":null}`)),
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, stream []byte) {
		s := startFuzzServer()
		done := make(chan struct{})
		go func() {
			defer close(done)
			s.in.Write(prelude())
			s.in.Write(stream)
		}()
		select {
		case <-done:
		case <-time.After(fuzzTimeout):
			t.Fatalf("the server stopped reading its input; log:\n%s", s.log.String())
		}
		s.finish(t)
		if !s.hasReply("1") {
			t.Fatalf("no answer to initialize; log:\n%s", s.log.String())
		}
	})
}

// fuzzMethods are what FuzzLSPMessage picks from: every method the server
// handles, and one it does not.
var fuzzMethods = []string{
	"initialize", "initialized", "shutdown", "exit", "$/cancelRequest", "$/setTrace",
	"textDocument/didOpen", "textDocument/didChange", "textDocument/didClose",
	"textDocument/codeAction", "textDocument/formatting", "textDocument/hover", "textDocument/completion",
	"workspace/didChangeWatchedFiles", "no/such/method",
}

// FuzzLSPMessage fuzzes the content of well-framed messages: after
// initialize and the opening of a document with fuzzed text, one message
// with a method from fuzzMethods and fuzzed params (id 2, or a
// notification), then a shutdown request (id 3). The server does not panic
// or hang, answers the fuzzed request when it is valid JSON (a request must
// be answered, whatever its params), and still answers the shutdown.
func FuzzLSPMessage(f *testing.F) {
	text := fuzzSeedText()
	doc := `{"uri":"untitled:appspec.yml"}`
	pos := `{"textDocument":` + doc + `,"position":{"line":5,"character":3}}`
	rng := `{"start":{"line":0,"character":0},"end":{"line":8,"character":2}}`
	specific := map[string][]string{
		"initialize":                      {`{"capabilities":{"general":{"positionEncodings":["utf-8"]}}}`},
		"$/cancelRequest":                 {`{"id":2}`, `{"id":"x"}`},
		"textDocument/didOpen":            {`{"textDocument":{"uri":"untitled:other.json","languageId":"json","version":1,"text":"{\"version\": 0.0}"}}`},
		"textDocument/didChange":          {`{"textDocument":{"uri":"untitled:appspec.yml","version":2},"contentChanges":[{"range":` + rng + `,"text":"x: ["},{"text":"version: 0.0\n"}]}`},
		"textDocument/didClose":           {`{"textDocument":` + doc + `}`},
		"textDocument/codeAction":         {`{"textDocument":` + doc + `,"range":` + rng + `,"context":{"diagnostics":[],"only":["source.fixAll"]}}`},
		"textDocument/formatting":         {`{"textDocument":` + doc + `,"options":{"tabSize":2,"insertSpaces":true}}`},
		"textDocument/hover":              {pos},
		"textDocument/completion":         {pos},
		"workspace/didChangeWatchedFiles": {`{"changes":[{"uri":"untitled:appspec.yml","type":2}]}`},
	}
	for i, m := range fuzzMethods {
		for _, params := range append([]string{"", "null", "{}", "[1]", `"x"`}, specific[m]...) {
			f.Add(uint8(i), true, []byte(params), text)
			f.Add(uint8(i), false, []byte(params), text)
		}
	}
	f.Add(uint8(10), true, []byte(`{"textDocument":`+doc+`,"options":{}}`), "a:\n\t- b\r\n\ufeff😀: \"\\u00e9\n")
	f.Fuzz(func(t *testing.T, k uint8, request bool, params []byte, text string) {
		method := fuzzMethods[int(k)%len(fuzzMethods)]
		id := 0
		if request {
			id = 2
		}
		if len(params) == 0 {
			params = nil
		}
		// A request must be answered, whatever its params, once it is a JSON
		// object (which it is when params are JSON).
		wantReply := request && (params == nil || json.Valid(params))
		var in bytes.Buffer
		in.Write(prelude())
		in.Write(rpcMessage(0, "textDocument/didOpen", jsonText(map[string]any{"textDocument": map[string]any{"uri": "untitled:appspec.yml", "languageId": "yaml", "version": 1, "text": text}})))
		in.Write(rpcMessage(id, method, params))
		in.Write(rpcMessage(3, "shutdown", nil))
		s := startFuzzServer()
		go s.in.Write(in.Bytes())
		// The input stays open until the answers are in, so none is lost to
		// a server stopping because its input ended.
		exits := method == "exit"
		answers := func() bool { return s.hasReply("3") && (!wantReply || s.hasReply("2")) }
		timeout := time.NewTimer(fuzzTimeout)
	wait:
		for !exits && !answers() {
			select {
			case <-s.replies:
			case <-s.read: // the output ended: no answer is coming
				break wait
			case <-timeout.C:
				break wait
			}
		}
		timeout.Stop()
		s.finish(t)
		if exits {
			return
		}
		if !s.hasReply("3") {
			t.Fatalf("no answer to the shutdown after %s %q; log:\n%s", method, params, s.log.String())
		}
		if wantReply && !s.hasReply("2") {
			t.Fatalf("no answer to the request %s %q; log:\n%s", method, params, s.log.String())
		}
	})
}
