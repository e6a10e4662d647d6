package lsp

import (
	"context"
	"encoding/json"
	"net/url"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"sync"

	"github.com/appspec-lint/appspec-lint/lint"
	"go.lsp.dev/protocol"
)

// document is one open text document the server lints. Its text and version
// change on the read loop; the lint worker reads snapshots under mu.
type document struct {
	uri  protocol.DocumentURI
	path string // file system path for file: URIs, else ""
	name string // what the engine calls it (its base name decides the format)

	mu      sync.Mutex
	text    []byte
	version int32
	closed  bool
	// lost is set when edits grew the text past maxDocumentText: the text
	// is dropped, and the document stays unusable until the client sends
	// it whole again (didChange without a range, or didClose and didOpen).
	lost   bool
	dirty  chan struct{} // capacity 1: "lint again"
	cancel context.CancelFunc
}

// snapshot is the document's text at one version.
type snapshot struct {
	text    []byte
	version int32
	lost    bool
}

func (d *document) snapshot() snapshot {
	d.mu.Lock()
	defer d.mu.Unlock()
	return snapshot{text: d.text, version: d.version, lost: d.lost}
}

// unusable says the server does not lint, fix, format or assist in this
// version: it is past lint.MaxAppSpecSize, or its text was lost (see
// document.lost). Its one diagnostic says which.
func (s snapshot) unusable() bool { return s.lost || tooLarge(s.text) }

// store holds the open documents by URI.
type store struct {
	mu   sync.Mutex
	docs map[protocol.DocumentURI]*document
}

func (s *store) get(uri protocol.DocumentURI) *document {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.docs[uri]
}

func (s *store) put(d *document) (old *document) {
	s.mu.Lock()
	defer s.mu.Unlock()
	old = s.docs[d.uri]
	s.docs[d.uri] = d
	return old
}

// all returns the open documents, in no order.
func (s *store) all() []*document {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]*document, 0, len(s.docs))
	for _, d := range s.docs {
		out = append(out, d)
	}
	return out
}

func (s *store) remove(uri protocol.DocumentURI) *document {
	s.mu.Lock()
	defer s.mu.Unlock()
	d := s.docs[uri]
	delete(s.docs, uri)
	return d
}

// uriPath returns the file system path of a file: URI ("" otherwise) and a
// name for the engine: the path, or the URI's last segment.
func uriPath(uri protocol.DocumentURI) (fsPath, name string) {
	u, err := url.Parse(string(uri))
	if err != nil {
		return "", path.Base(string(uri))
	}
	if u.Scheme == "file" {
		p := u.Path
		if len(p) >= 3 && p[0] == '/' && p[2] == ':' { // file:///C:/x on Windows
			p = p[1:]
		}
		p = filepath.FromSlash(p)
		return p, p
	}
	p := u.Path
	if p == "" {
		p = u.Opaque
	}
	return "", path.Base(p)
}

// selector decides which documents are AppSpec files: the standard names,
// plus the language IDs and globs the client configures in
// initializationOptions.
type selector struct {
	languageIDs map[string]bool
	globs       []*regexp.Regexp
}

// initOptions is the server's part of initializationOptions.
type initOptions struct {
	LanguageIDs []string `json:"languageIds"`
	Globs       []string `json:"globs"`
}

func newSelector(raw json.RawMessage) (selector, []string) {
	sel := selector{languageIDs: map[string]bool{}}
	var opts initOptions
	var warnings []string
	if len(raw) > 0 && string(raw) != "null" {
		if err := json.Unmarshal(raw, &opts); err != nil {
			warnings = append(warnings, "initializationOptions: "+err.Error())
		}
	}
	for _, id := range opts.LanguageIDs {
		sel.languageIDs[id] = true
	}
	for _, g := range opts.Globs {
		re, err := globRegexp(g)
		if err != nil {
			warnings = append(warnings, "initializationOptions.globs: "+err.Error())
			continue
		}
		sel.globs = append(sel.globs, re)
	}
	return sel, warnings
}

// wants reports whether a document is linted.
func (s selector) wants(uri protocol.DocumentURI, languageID string) bool {
	fsPath, name := uriPath(uri)
	switch strings.ToLower(path.Base(filepath.ToSlash(name))) {
	case "appspec.yml", "appspec.yaml", "appspec.json":
		return true
	}
	if s.languageIDs[languageID] {
		return true
	}
	p := filepath.ToSlash(fsPath)
	if p == "" {
		p = filepath.ToSlash(name)
	}
	for _, re := range s.globs {
		if re.MatchString(p) || re.MatchString(path.Base(p)) {
			return true
		}
	}
	return false
}

// globRegexp compiles a glob: * and ? stay within a path segment, ** spans
// segments, {a,b} alternates. A glob without a slash matches a base name.
func globRegexp(g string) (*regexp.Regexp, error) {
	var b strings.Builder
	b.WriteString("^")
	if !strings.HasPrefix(g, "/") && strings.Contains(g, "/") {
		b.WriteString("(?:.*/)?") // relative to any folder
	}
	inAlt := false
	for i := 0; i < len(g); i++ {
		c := g[i]
		switch {
		case c == '*' && i+1 < len(g) && g[i+1] == '*':
			i++
			if i+1 < len(g) && g[i+1] == '/' {
				i++
				b.WriteString("(?:.*/)?")
			} else {
				b.WriteString(".*")
			}
		case c == '*':
			b.WriteString("[^/]*")
		case c == '?':
			b.WriteString("[^/]")
		case c == '{':
			inAlt = true
			b.WriteString("(?:")
		case c == '}' && inAlt:
			inAlt = false
			b.WriteString(")")
		case c == ',' && inAlt:
			b.WriteString("|")
		default:
			b.WriteString(regexp.QuoteMeta(string(c)))
		}
	}
	b.WriteString("$")
	return regexp.Compile(b.String())
}

// change is one entry of didChange's contentChanges: a nil Range replaces
// the whole text. (protocol's type has a non-pointer Range and cannot tell.)
type change struct {
	Range *protocol.Range `json:"range,omitempty"`
	Text  string          `json:"text"`
}

type didChangeParams struct {
	TextDocument   protocol.VersionedTextDocumentIdentifier `json:"textDocument"`
	ContentChanges []change                                 `json:"contentChanges"`
}

// maxDocumentText bounds what the server keeps of one document. A single
// message is already bounded (maxMessage), but many small incremental edits
// could grow a text without end; past this size, far beyond any AppSpec file
// and beyond what is linted at all, the text is dropped.
const maxDocumentText = 64 << 20

// applyChanges applies content changes in order. Positions out of range are
// clamped to the text; an inverted range is taken as empty at its start. A
// lost text (nil, lost) takes only whole-text changes; a change that would
// grow the text past maxDocumentText loses it.
func applyChanges(text []byte, lost bool, changes []change, enc encoding) ([]byte, bool) {
	for _, c := range changes {
		if c.Range == nil {
			text, lost = []byte(c.Text), false
			continue
		}
		if lost {
			continue
		}
		li := lint.NewLineIndex(text)
		start, end := enc.offset(li, c.Range.Start), enc.offset(li, c.Range.End)
		if end < start {
			end = start
		}
		size := len(text) - (end - start) + len(c.Text)
		if size > maxDocumentText {
			text, lost = nil, true
			continue
		}
		out := make([]byte, 0, size)
		out = append(out, text[:start]...)
		out = append(out, c.Text...)
		out = append(out, text[end:]...)
		text = out
	}
	return text, lost
}

// markDirty asks the document's worker to lint it again.
func (d *document) markDirty() {
	select {
	case d.dirty <- struct{}{}:
	default: // a lint is already due; it will read the newest text
	}
}

// close stops the worker; a result it is computing is dropped.
func (d *document) close() {
	d.mu.Lock()
	d.closed = true
	d.mu.Unlock()
	d.cancel()
}

func contextWithCancel(parent context.Context) (context.Context, context.CancelFunc) {
	return context.WithCancel(parent)
}
