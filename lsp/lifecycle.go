package lsp

import (
	"encoding/json"

	"github.com/sourcegraph/jsonrpc2"
	"go.lsp.dev/protocol"
)

// initializeParams is the part of initialize's params the server reads. It
// is decoded by hand: go.lsp.dev/protocol v0.12 predates LSP 3.17's
// general.positionEncodings.
type initializeParams struct {
	Capabilities struct {
		General struct {
			PositionEncodings []string `json:"positionEncodings"`
		} `json:"general"`
		Workspace struct {
			DidChangeWatchedFiles struct {
				DynamicRegistration bool `json:"dynamicRegistration"`
			} `json:"didChangeWatchedFiles"`
		} `json:"workspace"`
	} `json:"capabilities"`
	InitializationOptions json.RawMessage `json:"initializationOptions"`
}

// serverCapabilities adds LSP 3.17's positionEncoding to protocol's type.
type serverCapabilities struct {
	protocol.ServerCapabilities
	PositionEncoding string `json:"positionEncoding,omitempty"`
}

type initializeResult struct {
	Capabilities serverCapabilities   `json:"capabilities"`
	ServerInfo   *protocol.ServerInfo `json:"serverInfo,omitempty"`
}

func (s *server) initialize(req *jsonrpc2.Request) {
	if req.Notif {
		return
	}
	s.mu.Lock()
	again := s.initialized
	s.mu.Unlock()
	if again {
		s.replyErr(req, jsonrpc2.CodeInvalidRequest, "initialize was already received")
		return
	}
	var p initializeParams
	if req.Params != nil {
		if err := json.Unmarshal(*req.Params, &p); err != nil {
			s.replyErr(req, jsonrpc2.CodeInvalidParams, "invalid initialize params: "+err.Error())
			return
		}
	}
	enc := utf16Enc
	for _, e := range p.Capabilities.General.PositionEncodings {
		if e == "utf-8" {
			enc = utf8Enc
		}
	}
	sel, warnings := newSelector(p.InitializationOptions)
	for _, w := range warnings {
		s.logf("%s", w)
	}

	caps := serverCapabilities{ServerCapabilities: protocol.ServerCapabilities{
		TextDocumentSync: protocol.TextDocumentSyncOptions{
			OpenClose: true,
			Change:    protocol.TextDocumentSyncKindIncremental,
		},
		CodeActionProvider: &protocol.CodeActionOptions{
			CodeActionKinds: []protocol.CodeActionKind{protocol.QuickFix, kindFixAll},
		},
		DocumentFormattingProvider: true,
	}}
	if enc == utf8Enc {
		caps.PositionEncoding = "utf-8"
	}
	if s.opts.Assist != nil && s.opts.Assist.HoverEnabled() {
		caps.HoverProvider = true
	}
	if s.opts.Assist != nil && s.opts.Assist.CompletionEnabled() {
		caps.CompletionProvider = &protocol.CompletionOptions{TriggerCharacters: s.opts.Assist.TriggerCharacters()}
	}

	s.mu.Lock()
	s.enc, s.sel, s.initialized = enc, sel, true
	s.watchFiles = p.Capabilities.Workspace.DidChangeWatchedFiles.DynamicRegistration
	s.mu.Unlock()
	s.reply(req, initializeResult{
		Capabilities: caps,
		ServerInfo:   &protocol.ServerInfo{Name: "appspec-lint", Version: s.opts.Version},
	})
}

func (s *server) didOpen(req *jsonrpc2.Request) {
	var p protocol.DidOpenTextDocumentParams
	if !decode(req, &p) {
		s.logf("ignoring didOpen with bad params")
		return
	}
	td := p.TextDocument
	if !s.sel.wants(td.URI, string(td.LanguageID)) {
		return
	}
	fsPath, name := uriPath(td.URI)
	d := &document{uri: td.URI, path: fsPath, name: name, text: []byte(td.Text),
		version: td.Version, dirty: make(chan struct{}, 1)}
	ctx, cancel := contextWithCancel(s.ctx)
	d.cancel = cancel
	if old := s.docs.put(d); old != nil {
		old.close()
	}
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		s.watch(ctx, d)
	}()
	d.markDirty()
}

func (s *server) didChange(req *jsonrpc2.Request) {
	var p didChangeParams
	if !decode(req, &p) {
		s.logf("ignoring didChange with bad params")
		return
	}
	d := s.docs.get(p.TextDocument.URI)
	if d == nil {
		return
	}
	d.mu.Lock()
	wasLost := d.lost
	d.text, d.lost = applyChanges(d.text, d.lost, p.ContentChanges, s.enc)
	d.version = p.TextDocument.Version
	lost := d.lost
	d.mu.Unlock()
	if lost && !wasLost {
		s.logf("%s: edits grew the document past %d MiB; its text is dropped until the editor sends it whole (close and reopen it)", d.uri, maxDocumentText>>20)
	}
	d.markDirty()
}

func (s *server) didClose(req *jsonrpc2.Request) {
	var p protocol.DidCloseTextDocumentParams
	if !decode(req, &p) {
		s.logf("ignoring didClose with bad params")
		return
	}
	d := s.docs.remove(p.TextDocument.URI)
	if d == nil {
		return
	}
	d.close()
	s.publish(d.uri, 0, nil)
}
