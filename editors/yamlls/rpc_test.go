package yamlls_test

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net/textproto"
	"strconv"
	"sync"
	"testing"
	"time"
)

// message is any JSON-RPC 2.0 message: a request has Method and ID, a
// notification Method only, a response ID with Result or Error.
type message struct {
	JSONRPC string           `json:"jsonrpc"`
	ID      *json.RawMessage `json:"id,omitempty"`
	Method  string           `json:"method,omitempty"`
	Params  json.RawMessage  `json:"params,omitempty"`
	Result  json.RawMessage  `json:"result,omitempty"`
	Error   *struct {
		Code    int    `json:"code"`
		Message string `json:"message"`
	} `json:"error,omitempty"`
}

// rpcClient is the smallest LSP client the test needs: Content-Length
// framing over the server's stdio, requests it waits on, and answers to the
// server's own requests (settings, capability registration) so the server
// never blocks on us.
type rpcClient struct {
	t        *testing.T
	w        io.Writer
	wmu      sync.Mutex
	nextID   int
	incoming chan message  // responses and notifications, in order
	stop     chan struct{} // closed when the test is done with the client

	// answer replies to a server→client request; it returns the result.
	answer func(method string, params json.RawMessage) any
	// configured is closed the first time the server pulls its settings.
	configured chan struct{}
	once       sync.Once
}

func newRPCClient(t *testing.T, r io.Reader, w io.Writer, answer func(string, json.RawMessage) any) *rpcClient {
	c := &rpcClient{t: t, w: w, incoming: make(chan message, 256), stop: make(chan struct{}), answer: answer, configured: make(chan struct{})}
	t.Cleanup(func() { close(c.stop) }) // lets readLoop end even if nobody reads
	go c.readLoop(bufio.NewReader(r))
	return c
}

func (c *rpcClient) readLoop(r *bufio.Reader) {
	defer close(c.incoming)
	tp := textproto.NewReader(r)
	for {
		hdr, err := tp.ReadMIMEHeader()
		if err != nil {
			return
		}
		n, err := strconv.Atoi(hdr.Get("Content-Length"))
		if err != nil {
			return
		}
		body := make([]byte, n)
		if _, err := io.ReadFull(r, body); err != nil {
			return
		}
		var m message
		if err := json.Unmarshal(body, &m); err != nil {
			continue
		}
		if m.Method != "" && m.ID != nil {
			c.send(map[string]any{"jsonrpc": "2.0", "id": m.ID, "result": c.answer(m.Method, m.Params)})
			if m.Method == "workspace/configuration" {
				c.once.Do(func() { close(c.configured) })
			}
			continue
		}
		select {
		case c.incoming <- m:
		case <-c.stop:
			return
		}
	}
}

func (c *rpcClient) send(v any) {
	body, err := json.Marshal(v)
	if err != nil {
		panic(err) // only the test's own values are marshalled
	}
	c.wmu.Lock()
	defer c.wmu.Unlock()
	// A write error means the server is gone; the next wait reports it.
	fmt.Fprintf(c.w, "Content-Length: %d\r\n\r\n%s", len(body), body)
}

func (c *rpcClient) notify(method string, params any) {
	c.send(map[string]any{"jsonrpc": "2.0", "method": method, "params": params})
}

// call sends a request and waits for its response. Notifications that
// arrive meanwhile go to onNote.
func (c *rpcClient) call(method string, params any, timeout time.Duration, onNote func(message)) message {
	c.t.Helper()
	c.nextID++
	id := c.nextID
	c.send(map[string]any{"jsonrpc": "2.0", "id": id, "method": method, "params": params})
	deadline := time.After(timeout)
	for {
		select {
		case m, ok := <-c.incoming:
			if !ok {
				c.t.Fatalf("%s: the server closed its output before answering", method)
			}
			if m.Method != "" {
				if onNote != nil {
					onNote(m)
				}
				continue
			}
			if m.ID != nil && string(*m.ID) == strconv.Itoa(id) {
				if m.Error != nil {
					c.t.Fatalf("%s: error %d %s", method, m.Error.Code, m.Error.Message)
				}
				return m
			}
		case <-deadline:
			c.t.Fatalf("%s: no answer in %v", method, timeout)
		}
	}
}

// waitNote returns the next notification for which match is true.
func (c *rpcClient) waitNote(what string, timeout time.Duration, match func(message) bool) message {
	c.t.Helper()
	deadline := time.After(timeout)
	for {
		select {
		case m, ok := <-c.incoming:
			if !ok {
				c.t.Fatalf("waiting for %s: the server closed its output", what)
			}
			if m.Method != "" && match(m) {
				return m
			}
		case <-deadline:
			c.t.Fatalf("no %s in %v", what, timeout)
		}
	}
}
