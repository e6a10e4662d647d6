package lsp

import (
	"context"
	"fmt"
	"runtime/debug"

	"github.com/appspec-lint/appspec-lint/lint"
	"go.lsp.dev/protocol"
)

// Source names the server in every diagnostic.
const Source = "appspec-lint"

// watch lints d whenever it is marked dirty, off the read loop. Edits that
// arrive while a lint runs coalesce into one more run; a result is published
// only if the document is still at the version that was linted.
func (s *server) watch(ctx context.Context, d *document) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-d.dirty:
		}
		snap := d.snapshot()
		var diags []protocol.Diagnostic
		if snap.lost {
			diags = []protocol.Diagnostic{s.notLinted(fmt.Sprintf(
				"not linted: edits grew the document past %d MiB, so appspec-lint stopped following it; close and reopen it", maxDocumentText>>20))}
		} else {
			diags = s.diagnose(d, snap.text)
		}
		d.mu.Lock()
		if !d.closed && d.version == snap.version {
			s.publish(d.uri, snap.version, diags)
		}
		d.mu.Unlock()
	}
}

// diagnose lints one version of a document. A document larger than
// lint.MaxAppSpecSize is not linted (parsing costs about a hundred times
// its size in memory), and a panic in the engine is logged: either way the
// document gets one diagnostic saying so, and the server goes on. A rule's
// panic is a finding of that rule (the engine recovers it), logged with its
// stack for the bug report.
func (s *server) diagnose(d *document, text []byte) (diags []protocol.Diagnostic) {
	if tooLarge(text) {
		return []protocol.Diagnostic{s.notLinted(fmt.Sprintf(
			"not linted: the document is %.1f MiB, more than the %d MiB appspec-lint reads; an AppSpec file is a few kilobytes, is this the right file?",
			float64(len(text))/(1<<20), lint.MaxAppSpecSize>>20))}
	}
	defer func() {
		if r := recover(); r != nil {
			s.logf("panic linting %s: %v\n%s", d.uri, r, debug.Stack())
			diags = []protocol.Diagnostic{s.notLinted(fmt.Sprintf(
				"not linted: appspec-lint failed on this document (internal error: %v); please report it with the file", r))}
		}
	}()
	doc, ds := s.engine.lint(d.path, d.name, text)
	for _, x := range ds {
		if crash := x.InternalError(); crash != "" {
			s.logf("linting %s: %s", d.uri, crash)
		}
	}
	return s.toLSPDiagnostics(d.uri, doc, ds)
}

// tooLarge says a document is past lint.MaxAppSpecSize: it gets one
// diagnostic saying so, and no code actions, formatting, hover or completion.
func tooLarge(text []byte) bool { return len(text) > lint.MaxAppSpecSize }

// notLinted is the one diagnostic of a document the server could not lint,
// at its start.
func (s *server) notLinted(msg string) protocol.Diagnostic {
	return protocol.Diagnostic{Severity: protocol.DiagnosticSeverityWarning, Source: Source, Message: msg}
}

// showWarning shows the user a message the editor puts in front of them
// (window/showMessage), for what concerns more than one document.
func (s *server) showWarning(msg string) {
	params := protocol.ShowMessageParams{Type: protocol.MessageTypeWarning, Message: "appspec-lint: " + msg}
	if err := s.conn.Load().Notify(context.Background(), "window/showMessage", params); err != nil {
		s.logf("showing a message: %v", err)
	}
}

func (s *server) publish(uri protocol.DocumentURI, version int32, diags []protocol.Diagnostic) {
	if diags == nil {
		diags = []protocol.Diagnostic{}
	}
	params := protocol.PublishDiagnosticsParams{URI: uri, Version: uint32(version), Diagnostics: diags}
	if err := s.conn.Load().Notify(context.Background(), "textDocument/publishDiagnostics", params); err != nil {
		s.logf("publishing diagnostics: %v", err)
	}
}

func (s *server) toLSPDiagnostics(uri protocol.DocumentURI, doc *lint.Document, ds []*lint.Diagnostic) []protocol.Diagnostic {
	out := make([]protocol.Diagnostic, 0, len(ds))
	for _, d := range ds {
		out = append(out, s.toLSPDiagnostic(uri, doc, d))
	}
	return out
}

func (s *server) toLSPDiagnostic(uri protocol.DocumentURI, doc *lint.Document, d *lint.Diagnostic) protocol.Diagnostic {
	pd := protocol.Diagnostic{
		Range:    s.enc.rangeToLSP(doc.Lines, d.Range),
		Severity: severity(d.Severity),
		Source:   Source,
		Message:  d.Message,
	}
	if d.Rule != nil {
		pd.Code = d.Rule.ID
	}
	for _, r := range d.Related {
		pd.RelatedInformation = append(pd.RelatedInformation, protocol.DiagnosticRelatedInformation{
			Location: protocol.Location{URI: uri, Range: s.enc.rangeToLSP(doc.Lines, r.Range)},
			Message:  r.Message,
		})
	}
	return pd
}

func severity(s lint.Severity) protocol.DiagnosticSeverity {
	switch s {
	case lint.Error:
		return protocol.DiagnosticSeverityError
	case lint.Warning:
		return protocol.DiagnosticSeverityWarning
	}
	return protocol.DiagnosticSeverityInformation
}
