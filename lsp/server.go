// Package lsp is the appspec-lint language server: JSON-RPC over stdio
// (github.com/sourcegraph/jsonrpc2), LSP types from go.lsp.dev/protocol, and
// the same engine, rules and config as the command line.
package lsp

import (
	"context"
	"encoding/json"
	"io"
	"log"
	"sync"
	"sync/atomic"

	"github.com/appspec-lint/appspec-lint/lint"
	"github.com/sourcegraph/jsonrpc2"
	"go.lsp.dev/protocol"
)

// CodeServerNotInitialized is the LSP's error for a request before initialize.
const CodeServerNotInitialized = -32002

// CodeRequestCancelled answers a request the client cancelled.
const CodeRequestCancelled = -32800

// Options configure a server.
type Options struct {
	Linter  *lint.Linter
	Version string      // reported in serverInfo
	Log     *log.Logger // stderr; never stdout, which carries the protocol
	// Assist provides hover and completion; nil (or nil functions) means the
	// capabilities are not advertised.
	Assist Assist
}

// Serve runs the server on in/out until the client sends exit or closes the
// input. It returns the process exit status the LSP asks for: 0 after
// shutdown, 1 otherwise.
func Serve(ctx context.Context, in io.Reader, out io.WriteCloser, opts Options) int {
	if opts.Log == nil {
		opts.Log = log.New(io.Discard, "", 0)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	s := &server{
		ctx:     ctx,
		opts:    opts,
		docs:    &store{docs: map[protocol.DocumentURI]*document{}},
		pending: map[jsonrpc2.ID]context.CancelFunc{},
		exited:  make(chan struct{}),
	}
	s.engine = &engine{linter: opts.Linter, logf: opts.Log.Printf, warn: s.showWarning}
	stream := jsonrpc2.NewBufferedStream(rwc{in, out}, codec{logger: opts.Log})
	conn := jsonrpc2.NewConn(ctx, stream, s, jsonrpc2.SetLogger(opts.Log))
	s.conn.Store(conn)
	select {
	case <-conn.DisconnectNotify():
	case <-s.exited:
		conn.Close()
	}
	cancel()
	s.wg.Wait()
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.shutdown {
		return 0
	}
	return 1
}

// rwc joins stdin and stdout into the connection jsonrpc2 wants.
type rwc struct {
	io.Reader
	w io.WriteCloser
}

func (c rwc) Write(p []byte) (int, error) { return c.w.Write(p) }
func (c rwc) Close() error                { return c.w.Close() }

type server struct {
	ctx    context.Context
	opts   Options
	engine *engine
	conn   atomic.Pointer[jsonrpc2.Conn] // set by Serve, and by Handle, which may run first
	docs   *store
	wg     sync.WaitGroup // request and lint goroutines

	mu          sync.Mutex
	initialized bool
	shutdown    bool
	watchFiles  bool // the client registers file watchers dynamically
	registered  bool // the watcher registration was sent
	enc         encoding
	sel         selector
	pending     map[jsonrpc2.ID]context.CancelFunc
	exited      chan struct{}
	exitOnce    sync.Once
}

func (s *server) logf(format string, args ...any) { s.opts.Log.Printf(format, args...) }

// Handle is called by jsonrpc2 on the read loop, one message at a time, so
// document changes apply in order. Requests whose work may take a while run
// on their own goroutine with a context that $/cancelRequest cancels.
func (s *server) Handle(ctx context.Context, conn *jsonrpc2.Conn, req *jsonrpc2.Request) {
	s.conn.Store(conn)
	defer func() {
		if r := recover(); r != nil {
			s.logf("panic handling %s: %v", req.Method, r)
			if !req.Notif {
				s.replyErr(req, jsonrpc2.CodeInternalError, "internal error")
			}
		}
	}()
	switch req.Method {
	case "initialize":
		s.initialize(req)
		return
	case "exit":
		s.exitOnce.Do(func() { close(s.exited) })
		return
	case "$/cancelRequest":
		s.cancelRequest(req)
		if !req.Notif {
			// It is a notification; sent with an id it is a request, and
			// JSON-RPC answers every request.
			s.reply(req, nil)
		}
		return
	}
	s.mu.Lock()
	ready, down := s.initialized, s.shutdown
	s.mu.Unlock()
	if !ready {
		if !req.Notif {
			s.replyErr(req, CodeServerNotInitialized, "the server is not initialized")
		}
		return
	}
	if down && !req.Notif {
		s.replyErr(req, jsonrpc2.CodeInvalidRequest, "the server is shut down")
		return
	}
	if req.Notif {
		s.notification(req)
		return
	}
	s.request(req)
}

func (s *server) notification(req *jsonrpc2.Request) {
	switch req.Method {
	case "initialized":
		s.registerWatchers()
	case "workspace/didChangeWatchedFiles":
		s.didChangeWatchedFiles(req)
	case "textDocument/didOpen":
		s.didOpen(req)
	case "textDocument/didChange":
		s.didChange(req)
	case "textDocument/didClose":
		s.didClose(req)
	default:
		// Unknown notifications ($/setTrace, didSave, ...) are ignored.
	}
}

// handlerFunc does the work of a request on its own goroutine.
type handlerFunc func(ctx context.Context) (any, *jsonrpc2.Error)

func (s *server) request(req *jsonrpc2.Request) {
	var h handlerFunc
	switch req.Method {
	case "shutdown":
		s.mu.Lock()
		s.shutdown = true
		s.mu.Unlock()
		s.reply(req, nil)
		return
	case "textDocument/codeAction":
		h = s.codeAction(req)
	case "textDocument/formatting":
		h = s.formatting(req)
	case "textDocument/hover":
		h = s.hover(req)
	case "textDocument/completion":
		h = s.completion(req)
	}
	if h == nil {
		s.replyErr(req, jsonrpc2.CodeMethodNotFound, "method not found: "+req.Method)
		return
	}
	ctx, cancel := context.WithCancel(s.ctx)
	s.mu.Lock()
	s.pending[req.ID] = cancel
	s.mu.Unlock()
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		defer func() {
			s.mu.Lock()
			delete(s.pending, req.ID)
			s.mu.Unlock()
			cancel()
		}()
		defer func() {
			if r := recover(); r != nil {
				s.logf("panic handling %s: %v", req.Method, r)
				s.replyErr(req, jsonrpc2.CodeInternalError, "internal error")
			}
		}()
		result, err := h(ctx)
		switch {
		case ctx.Err() != nil:
			s.replyErr(req, CodeRequestCancelled, "request cancelled")
		case err != nil:
			s.replyErr(req, err.Code, err.Message)
		default:
			s.reply(req, result)
		}
	}()
}

func (s *server) cancelRequest(req *jsonrpc2.Request) {
	var p struct {
		ID jsonrpc2.ID `json:"id"`
	}
	if !decode(req, &p) {
		return
	}
	s.mu.Lock()
	cancel := s.pending[p.ID]
	s.mu.Unlock()
	if cancel != nil {
		cancel()
	}
}

// decode unmarshals a message's params; false (logged) if they are missing
// or do not fit.
func decode(req *jsonrpc2.Request, v any) bool {
	if req.Params == nil {
		return false
	}
	return json.Unmarshal(*req.Params, v) == nil
}

// params decodes a request's params, or answers InvalidParams and returns false.
func (s *server) params(req *jsonrpc2.Request, v any) bool {
	if decode(req, v) {
		return true
	}
	s.replyErr(req, jsonrpc2.CodeInvalidParams, "invalid params for "+req.Method)
	return false
}

func (s *server) reply(req *jsonrpc2.Request, result any) {
	if err := s.conn.Load().Reply(context.Background(), req.ID, result); err != nil {
		s.logf("replying to %s: %v", req.Method, err)
	}
}

func (s *server) replyErr(req *jsonrpc2.Request, code int64, msg string) {
	if err := s.conn.Load().ReplyWithError(context.Background(), req.ID, &jsonrpc2.Error{Code: code, Message: msg}); err != nil {
		s.logf("replying to %s: %v", req.Method, err)
	}
}
