package lsp

import (
	"context"

	"github.com/appspec-lint/appspec-lint/lint"
	"github.com/sourcegraph/jsonrpc2"
	"go.lsp.dev/protocol"
)

// Assist is the hook for hover and completion. The server converts
// positions and wraps the answers in LSP types; an Assist only sees the
// parsed document and engine positions (1-based line, rune column). The
// pure functions live in lsp/assist; cmd/appspec-lint wires them in.
type Assist interface {
	HoverEnabled() bool
	CompletionEnabled() bool
	TriggerCharacters() []string
	// Hover returns Markdown about the thing at pos and the range it covers;
	// ok false for nothing to say.
	Hover(doc *lint.Document, pos lint.Pos) (markdown string, r lint.Range, ok bool)
	// Complete returns the completions at pos.
	Complete(doc *lint.Document, pos lint.Pos) []Completion
}

// Completion is one completion item in engine terms.
type Completion struct {
	Label      string
	Detail     string
	Doc        string // Markdown
	InsertText string // "" means Label
	// Replace is the text the item replaces (the word being typed); a zero
	// range inserts at the cursor.
	Replace lint.Range
	Kind    protocol.CompletionItemKind
	// Snippet says InsertText has tab stops (${1:scripts/start.sh}).
	Snippet bool
}

// AssistFuncs adapts two plain functions to Assist; a nil function turns
// its feature off.
type AssistFuncs struct {
	HoverFunc    func(doc *lint.Document, pos lint.Pos) (string, lint.Range, bool)
	CompleteFunc func(doc *lint.Document, pos lint.Pos) []Completion
	Triggers     []string
}

func (a AssistFuncs) HoverEnabled() bool          { return a.HoverFunc != nil }
func (a AssistFuncs) CompletionEnabled() bool     { return a.CompleteFunc != nil }
func (a AssistFuncs) TriggerCharacters() []string { return a.Triggers }

func (a AssistFuncs) Hover(doc *lint.Document, pos lint.Pos) (string, lint.Range, bool) {
	if a.HoverFunc == nil {
		return "", lint.Range{}, false
	}
	return a.HoverFunc(doc, pos)
}

func (a AssistFuncs) Complete(doc *lint.Document, pos lint.Pos) []Completion {
	if a.CompleteFunc == nil {
		return nil
	}
	return a.CompleteFunc(doc, pos)
}

// positionRequest reads a document and a position for hover and completion.
func (s *server) positionRequest(req *jsonrpc2.Request) (*document, snapshot, protocol.Position, bool) {
	var p protocol.TextDocumentPositionParams
	if !decode(req, &p) {
		return nil, snapshot{}, protocol.Position{}, false
	}
	d := s.docs.get(p.TextDocument.URI)
	if d == nil {
		return nil, snapshot{}, p.Position, true
	}
	return d, d.snapshot(), p.Position, true
}

func (s *server) hover(req *jsonrpc2.Request) handlerFunc {
	if s.opts.Assist == nil || !s.opts.Assist.HoverEnabled() {
		return nil
	}
	d, snap, at, ok := s.positionRequest(req)
	if !ok {
		return invalidParams(req.Method)
	}
	return func(ctx context.Context) (any, *jsonrpc2.Error) {
		if d == nil || snap.unusable() {
			return nil, nil
		}
		doc := lint.Parse(d.name, snap.text)
		md, r, ok := s.opts.Assist.Hover(doc, s.enc.fromLSP(doc.Lines, at))
		if !ok {
			return nil, nil
		}
		h := &protocol.Hover{Contents: protocol.MarkupContent{Kind: protocol.Markdown, Value: md}}
		if r != (lint.Range{}) {
			lr := s.enc.rangeToLSP(doc.Lines, r)
			h.Range = &lr
		}
		return h, nil
	}
}

func (s *server) completion(req *jsonrpc2.Request) handlerFunc {
	if s.opts.Assist == nil || !s.opts.Assist.CompletionEnabled() {
		return nil
	}
	d, snap, at, ok := s.positionRequest(req)
	if !ok {
		return invalidParams(req.Method)
	}
	return func(ctx context.Context) (any, *jsonrpc2.Error) {
		list := &protocol.CompletionList{Items: []protocol.CompletionItem{}}
		if d == nil || snap.unusable() {
			return list, nil
		}
		doc := lint.Parse(d.name, snap.text)
		for _, c := range s.opts.Assist.Complete(doc, s.enc.fromLSP(doc.Lines, at)) {
			item := protocol.CompletionItem{Label: c.Label, Detail: c.Detail, Kind: c.Kind}
			if c.Doc != "" {
				item.Documentation = protocol.MarkupContent{Kind: protocol.Markdown, Value: c.Doc}
			}
			text := c.InsertText
			if text == "" {
				text = c.Label
			}
			if c.Replace != (lint.Range{}) {
				item.TextEdit = &protocol.TextEdit{Range: s.enc.rangeToLSP(doc.Lines, c.Replace), NewText: text}
			} else {
				item.InsertText = text
			}
			if c.Snippet {
				item.InsertTextFormat = protocol.InsertTextFormatSnippet
			}
			list.Items = append(list.Items, item)
		}
		return list, nil
	}
}
