package lsp

import (
	"unicode/utf8"

	"github.com/appspec-lint/appspec-lint/lint"
	"go.lsp.dev/protocol"
)

// encoding is how LSP columns are counted: UTF-16 code units (the LSP's
// default) or bytes (UTF-8, when the client offers it, LSP 3.17).
type encoding int

const (
	utf16Enc encoding = iota
	utf8Enc
)

func (e encoding) String() string {
	if e == utf8Enc {
		return "utf-8"
	}
	return "utf-16"
}

// toLSP converts an engine position (1-based line, rune column) to an LSP one.
func (e encoding) toLSP(li *lint.LineIndex, p lint.Pos) protocol.Position {
	line := p.Line - 1
	if line < 0 {
		line = 0
	}
	var col int
	if e == utf8Enc {
		col = li.Offset(p) - li.Offset(lint.Pos{Line: p.Line, Col: 1})
	} else {
		col = li.UTF16Col(p)
	}
	if col < 0 {
		col = 0
	}
	return protocol.Position{Line: uint32(line), Character: uint32(col)}
}

func (e encoding) rangeToLSP(li *lint.LineIndex, r lint.Range) protocol.Range {
	return protocol.Range{Start: e.toLSP(li, r.Start), End: e.toLSP(li, r.End)}
}

// offset converts an LSP position to a byte offset in the text li indexes,
// clamping whatever is out of range: a line past the end is the end of the
// text, a column past the line's end is the line's end.
func (e encoding) offset(li *lint.LineIndex, p protocol.Position) int {
	line := int(p.Line) + 1
	if line > li.LineCount() {
		return li.Offset(lint.Pos{Line: li.LineCount() + 1, Col: 1})
	}
	if e == utf16Enc {
		return li.Offset(li.PosFromUTF16(line-1, int(p.Character)))
	}
	text := li.LineBytes(line)
	col := int(p.Character)
	if col > len(text) {
		col = len(text)
	}
	for col > 0 && col < len(text) && !utf8.RuneStart(text[col]) {
		col-- // inside a character: its start
	}
	return li.Offset(lint.Pos{Line: line, Col: 1}) + col
}

// fromLSP converts an LSP position to an engine position (clamped).
func (e encoding) fromLSP(li *lint.LineIndex, p protocol.Position) lint.Pos {
	return li.PosAt(e.offset(li, p))
}

// endOf is the LSP position of the end of the text.
func (e encoding) endOf(li *lint.LineIndex) protocol.Position {
	n := li.LineCount()
	return e.toLSP(li, li.EndOfLine(n))
}
