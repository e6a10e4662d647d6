package lsp

import (
	"context"

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
		doc, ds := s.engine.lint(d.path, d.name, snap.text)
		diags := s.toLSPDiagnostics(d.uri, doc, ds)
		d.mu.Lock()
		if !d.closed && d.version == snap.version {
			s.publish(d.uri, snap.version, diags)
		}
		d.mu.Unlock()
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
