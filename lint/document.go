package lint

import (
	"bytes"
	"path/filepath"
	"strings"
)

// Format is the syntax a document is written in.
type Format int

const (
	YAML Format = iota
	JSON
)

func (f Format) String() string {
	if f == JSON {
		return "json"
	}
	return "yaml"
}

// Document is one parsed AppSpec file: its bytes, a line index, the positioned
// tree and what the parser said. A document with a syntax error has a nil Root
// but still a SyntaxError and its text, so text-level rules run on it.
type Document struct {
	Path  string // as given by the user; for an archive, "bundle.zip!inner/path"
	Src   []byte
	Lines *LineIndex

	Root        *Node        // top-level node of the first YAML document; nil if empty or broken
	SyntaxError *SyntaxError // nil when the text parsed
	Format      Format
	HasBOM      bool
	HasCRLF     bool
	MoreDocs    bool // a second YAML document follows (the agent reads only the first)

	// Revision gives access to the files beside the appspec; nil when unknown.
	Revision Revision
	// Bundle describes the revision as CodeDeploy unpacks it (where the
	// agent finds the appspec, the archive's entries); nil when unknown.
	// The linter fills it in for a document that has a Revision only.
	Bundle *Bundle

	Platform Platform // detected or forced; set by the linter

	yamlLines []int // byte offsets of YAML's lines, when they differ from ours
	Spec      *Spec // typed EC2 view; never nil after Parse

	memo  map[any]any // see Memo
	slabs *treeSlabs  // the tree's memory, for ReleaseTree
}

// Memo returns the value stored under key for this document, computing it
// with compute the first time. Rules that need the same derived view (every
// files entry's normalised paths, say) share one computation this way
// instead of each making its own. Keys should be of an unexported type of
// the caller, as with context.Context values. A document is linted by one
// goroutine, so Memo takes no lock.
func (d *Document) Memo(key any, compute func() any) any {
	if v, ok := d.memo[key]; ok {
		return v
	}
	v := compute()
	if d.memo == nil {
		d.memo = map[any]any{}
	}
	d.memo[key] = v
	return v
}

// SyntaxError is the parser's complaint, at its exact position.
type SyntaxError struct {
	Pos     Pos
	Message string // the parser's own words, e.g. "did not find expected key"
	// Context is what the parser was inside, e.g. "while parsing a block
	// mapping", starting at ContextPos.
	Context    string
	ContextPos Pos
	// JSON says the JSON parser gave this error (the file is .json, or
	// starts with { and is neither JSON nor YAML); its Message is already
	// plain words.
	JSON bool
}

// BaseName is the file name without directories (and without an archive prefix).
func (d *Document) BaseName() string {
	p := d.Path
	if i := strings.LastIndex(p, "!"); i >= 0 {
		p = p[i+1:]
	}
	return filepath.Base(filepath.ToSlash(p))
}

// Text returns the source text covered by r.
func (d *Document) Text(r Range) string {
	a, b := d.Lines.Offset(r.Start), d.Lines.Offset(r.End)
	if b < a {
		return ""
	}
	return d.Lines.Text()[a:b]
}

// IsBlank reports whether the file holds only whitespace (or nothing):
// YAML's whitespace, spaces, tabs and line breaks. A no-break space is text
// to YAML (a file of one is the value U+00A0), though Unicode calls it space.
func (d *Document) IsBlank() bool {
	return len(bytes.Trim(bytes.TrimPrefix(d.Src, utf8BOM), " \t\r\n")) == 0
}

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}
