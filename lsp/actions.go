package lsp

import (
	"context"
	"strings"
	"unicode/utf8"

	"github.com/appspec-lint/appspec-lint/lint"
	"github.com/sourcegraph/jsonrpc2"
	"go.lsp.dev/protocol"
)

// kindFixAll is LSP's source.fixAll (go.lsp.dev/protocol v0.12 lacks it).
const kindFixAll protocol.CodeActionKind = "source.fixAll"

// invalidParams is the handler for a request whose params did not decode.
func invalidParams(method string) handlerFunc {
	return func(context.Context) (any, *jsonrpc2.Error) {
		return nil, &jsonrpc2.Error{Code: jsonrpc2.CodeInvalidParams, Message: "invalid params for " + method}
	}
}

// wantKind reports whether a code action of kind k was asked for (no "only"
// means every kind; "source" asks for source.fixAll too).
func wantKind(only []protocol.CodeActionKind, k protocol.CodeActionKind) bool {
	if len(only) == 0 {
		return true
	}
	for _, o := range only {
		if o == k || strings.HasPrefix(string(k), string(o)+".") {
			return true
		}
	}
	return false
}

// codeAction offers each finding's fix in the requested range as a quick
// fix, and "Fix all layout issues" (what --fix does) as source.fixAll. The
// document is read now, on the read loop; the work runs later.
func (s *server) codeAction(req *jsonrpc2.Request) handlerFunc {
	var p protocol.CodeActionParams
	if !decode(req, &p) {
		return invalidParams(req.Method)
	}
	d := s.docs.get(p.TextDocument.URI)
	if d == nil {
		return func(context.Context) (any, *jsonrpc2.Error) { return []protocol.CodeAction{}, nil }
	}
	snap := d.snapshot()
	if snap.unusable() {
		return func(context.Context) (any, *jsonrpc2.Error) { return []protocol.CodeAction{}, nil }
	}
	return func(ctx context.Context) (any, *jsonrpc2.Error) {
		actions := []protocol.CodeAction{}
		doc, ds := s.engine.lint(d.path, d.name, snap.text)
		if ctx.Err() != nil {
			return nil, nil
		}
		if wantKind(p.Context.Only, protocol.QuickFix) {
			want := lint.Range{Start: s.enc.fromLSP(doc.Lines, p.Range.Start), End: s.enc.fromLSP(doc.Lines, p.Range.End)}
			for _, diag := range ds {
				if diag.Fix == nil || len(diag.Fix.Edits) == 0 || !touches(diag.Range, want) {
					continue
				}
				actions = append(actions, s.quickFix(d.uri, doc, diag))
			}
		}
		if wantKind(p.Context.Only, kindFixAll) {
			res := s.engine.fix(d.path, d.name, snap.text, false)
			if edit, ok := minimalEdit(s.enc, snap.text, res.Src); ok {
				actions = append(actions, protocol.CodeAction{
					Title: "Fix all layout issues (appspec-lint)",
					Kind:  kindFixAll,
					Edit:  &protocol.WorkspaceEdit{Changes: map[protocol.DocumentURI][]protocol.TextEdit{d.uri: {edit}}},
				})
			}
		}
		return actions, nil
	}
}

// touches reports whether a finding's range meets the requested one (an
// empty request range is the cursor: it meets the findings around it).
func touches(r, want lint.Range) bool {
	if want.End.Before(r.Start) || r.End.Before(want.Start) {
		return false
	}
	return true
}

func (s *server) quickFix(uri protocol.DocumentURI, doc *lint.Document, d *lint.Diagnostic) protocol.CodeAction {
	id := ""
	if d.Rule != nil {
		id = d.Rule.ID
	}
	title := d.Fix.Description + " (" + id + ")"
	if d.Fix.Kind == lint.IntentFix {
		title = d.Fix.Description + " (" + id + ", intent fix: changes what CodeDeploy does)"
	}
	edits := make([]protocol.TextEdit, 0, len(d.Fix.Edits))
	for _, e := range d.Fix.Edits {
		edits = append(edits, protocol.TextEdit{Range: s.enc.rangeToLSP(doc.Lines, e.Range), NewText: e.NewText})
	}
	return protocol.CodeAction{
		Title:       title,
		Kind:        protocol.QuickFix,
		Diagnostics: []protocol.Diagnostic{s.toLSPDiagnostic(uri, doc, d)},
		IsPreferred: d.Fix.Kind == lint.LayoutFix,
		Edit:        &protocol.WorkspaceEdit{Changes: map[protocol.DocumentURI][]protocol.TextEdit{uri: edits}},
	}
}

// formatting is the layout fix (what --fix does) as text edits: none when
// the text is already in shape.
func (s *server) formatting(req *jsonrpc2.Request) handlerFunc {
	var p protocol.DocumentFormattingParams
	if !decode(req, &p) {
		return invalidParams(req.Method)
	}
	d := s.docs.get(p.TextDocument.URI)
	if d == nil {
		return func(context.Context) (any, *jsonrpc2.Error) { return []protocol.TextEdit{}, nil }
	}
	snap := d.snapshot()
	if snap.unusable() {
		return func(context.Context) (any, *jsonrpc2.Error) { return []protocol.TextEdit{}, nil }
	}
	return func(ctx context.Context) (any, *jsonrpc2.Error) {
		res := s.engine.fix(d.path, d.name, snap.text, false)
		if edit, ok := minimalEdit(s.enc, snap.text, res.Src); ok {
			return []protocol.TextEdit{edit}, nil
		}
		return []protocol.TextEdit{}, nil
	}
}

// minimalEdit is one edit turning old into new: the span between their
// common prefix and suffix, widened so it never splits a character or a
// \r\n. ok is false when the texts are equal.
func minimalEdit(enc encoding, old, new []byte) (protocol.TextEdit, bool) {
	if string(old) == string(new) {
		return protocol.TextEdit{}, false
	}
	n := min(len(old), len(new))
	pre := 0
	for pre < n && old[pre] == new[pre] {
		pre++
	}
	for pre > 0 && (splitsRune(old, pre) || splitsRune(new, pre) || splitsCRLF(old, pre) || splitsCRLF(new, pre)) {
		pre--
	}
	suf := 0
	for suf < n-pre && old[len(old)-1-suf] == new[len(new)-1-suf] {
		suf++
	}
	for suf > 0 && (splitsRune(old, len(old)-suf) || splitsRune(new, len(new)-suf) ||
		splitsCRLF(old, len(old)-suf) || splitsCRLF(new, len(new)-suf)) {
		suf--
	}
	li := lint.NewLineIndex(old)
	r := protocol.Range{
		Start: enc.toLSP(li, li.PosAt(pre)),
		End:   enc.toLSP(li, li.PosAt(len(old)-suf)),
	}
	return protocol.TextEdit{Range: r, NewText: string(new[pre : len(new)-suf])}, true
}

func splitsRune(b []byte, i int) bool { return i > 0 && i < len(b) && !utf8.RuneStart(b[i]) }

func splitsCRLF(b []byte, i int) bool { return i > 0 && i < len(b) && b[i-1] == '\r' && b[i] == '\n' }
