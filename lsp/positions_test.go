package lsp

import (
	"strconv"
	"testing"

	"github.com/appspec-lint/appspec-lint/lint"
	"go.lsp.dev/protocol"
)

func pos(l, c uint32) protocol.Position { return protocol.Position{Line: l, Character: c} }

func TestOffsetClamps(t *testing.T) {
	text := []byte("a😀b\r\nxy\n")
	li := lint.NewLineIndex(text)
	for _, tc := range []struct {
		enc  encoding
		p    protocol.Position
		want int
	}{
		{utf16Enc, pos(0, 0), 0},
		{utf16Enc, pos(0, 1), 1},
		{utf16Enc, pos(0, 3), 5}, // after the emoji (2 units)
		{utf16Enc, pos(0, 4), 6},
		{utf16Enc, pos(0, 99), 6}, // past the line: its end, before \r\n
		{utf16Enc, pos(1, 1), 9},
		{utf16Enc, pos(2, 0), 11},
		{utf16Enc, pos(7, 3), 11}, // past the text: its end
		{utf8Enc, pos(0, 5), 5},
		{utf8Enc, pos(0, 3), 1}, // inside the emoji: its start
		{utf8Enc, pos(0, 99), 6},
		{utf8Enc, pos(9, 0), 11},
	} {
		if got := tc.enc.offset(li, tc.p); got != tc.want {
			t.Errorf("%v offset(%d:%d) = %d, want %d", tc.enc, tc.p.Line, tc.p.Character, got, tc.want)
		}
	}
	if got := utf16Enc.toLSP(li, lint.Pos{Line: 1, Col: 3}); got != pos(0, 3) {
		t.Errorf("toLSP utf-16 = %v", got)
	}
	if got := utf8Enc.toLSP(li, lint.Pos{Line: 1, Col: 3}); got != pos(0, 5) {
		t.Errorf("toLSP utf-8 = %v", got)
	}
}

func TestApplyChanges(t *testing.T) {
	r := func(l1, c1, l2, c2 uint32) *protocol.Range {
		return &protocol.Range{Start: pos(l1, c1), End: pos(l2, c2)}
	}
	got, _ := applyChanges([]byte("ab\ncd\n"), false, []change{
		{Range: r(0, 1, 1, 1), Text: "X"},   // "aXd\n"
		{Range: r(5, 0, 9, 9), Text: "e"},   // appended
		{Range: r(0, 2, 0, 0), Text: "-"},   // inverted: inserted at its start
		{Range: r(0, 99, 0, 99), Text: "!"}, // end of line 0
	}, utf16Enc)
	if string(got) != "aX-d!\ne" {
		t.Errorf("got %q", got)
	}
	if got, _ := applyChanges([]byte("old"), false, []change{{Text: "new"}}, utf8Enc); string(got) != "new" {
		t.Errorf("full change: %q", got)
	}
}

func TestMinimalEdit(t *testing.T) {
	for _, tc := range []struct{ old, new, want string }{
		{"a: 1\r\nb:  2\r\n", "a: 1\r\nb: 2\r\n", "1:3-1:4 \"\""},
		{"x\r\n", "x\n", "0:1-1:0 \"\\n\""}, // never splits \r\n
		{"k: 😀😀", "k: 😀😁", "0:5-0:7 \"😁\""}, // never splits a character
	} {
		e, ok := minimalEdit(utf16Enc, []byte(tc.old), []byte(tc.new))
		if !ok {
			t.Fatalf("%q → %q: no edit", tc.old, tc.new)
		}
		got := rangeString(e.Range) + " " + quote(e.NewText)
		if got != tc.want {
			t.Errorf("%q → %q: %s, want %s", tc.old, tc.new, got, tc.want)
		}
	}
	if _, ok := minimalEdit(utf16Enc, []byte("same"), []byte("same")); ok {
		t.Errorf("an edit for equal texts")
	}
}

func rangeString(r protocol.Range) string {
	return fmtPos(r.Start) + "-" + fmtPos(r.End)
}

func fmtPos(p protocol.Position) string {
	return strconv.Itoa(int(p.Line)) + ":" + strconv.Itoa(int(p.Character))
}

func quote(s string) string { return strconv.Quote(s) }
