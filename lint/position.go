package lint

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"sync"
	"unicode/utf16"
	"unicode/utf8"
)

// Pos is a position in a document. Line and Col are 1-based and Col counts
// Unicode characters (runes), which is what users see and what the JSON
// contract promises. Byte offsets and UTF-16 columns (for the LSP) are derived
// through a LineIndex, never stored.
type Pos struct {
	Line int `json:"line"`
	Col  int `json:"column"`
}

// Before reports whether p comes strictly before q.
func (p Pos) Before(q Pos) bool {
	return p.Line < q.Line || (p.Line == q.Line && p.Col < q.Col)
}

func (p Pos) String() string { return fmt.Sprintf("%d:%d", p.Line, p.Col) }

// Range is the half-open span [Start, End).
type Range struct {
	Start Pos
	End   Pos
}

// Ranged is anything a finding can point at: nodes, pairs, ranges.
type Ranged interface {
	Span() Range
}

// Span lets a Range be used wherever a Ranged is expected.
func (r Range) Span() Range { return r }

// Contains reports whether p lies inside r (end excluded; an empty range
// contains its start).
func (r Range) Contains(p Pos) bool {
	if p.Before(r.Start) {
		return false
	}
	return p.Before(r.End) || p == r.Start
}

// LineIndex maps between positions and byte offsets of one source text.
// Building it is one pass over the bytes; lookups are O(1) for ASCII lines and
// O(line length) otherwise. Lines end at \n, \r\n or a lone \r, as in YAML
// and the LSP; the line ending is not part of a line's text.
type LineIndex struct {
	long   map[int]*runeMarks // marks of long non-ASCII lines, by 0-based line
	src    []byte
	starts []int  // byte offset of the first byte of each line
	ends   []int  // byte offset just past each line's text (before its line ending)
	ascii  []bool // whether the line holds only ASCII, so columns are bytes

	// text is src as a string, made on the first Line call, so that the
	// rules asking for lines (many, for every line) share one copy.
	textOnce sync.Once
	text     string
}

// NewLineIndex indexes src. It runs on every parse, so it finds line breaks
// with the vectorised bytes.IndexByte and checks ASCII a word at a time
// rather than testing every byte in a loop.
func NewLineIndex(src []byte) *LineIndex {
	hasCR := bytes.IndexByte(src, '\r') >= 0
	n := 1 + bytes.Count(src, []byte{'\n'})
	if hasCR {
		n += bytes.Count(src, []byte{'\r'})
	}
	li := &LineIndex{src: src, starts: make([]int, 1, n), ends: make([]int, 0, n), ascii: make([]bool, 0, n)}
	allASCII := isASCII(src)
	start := 0
	for {
		end, next := lineEnd(src, start, hasCR)
		li.ends = append(li.ends, end)
		li.ascii = append(li.ascii, allASCII || isASCII(src[start:end]))
		if next < 0 {
			break
		}
		li.starts = append(li.starts, next)
		start = next
	}
	li.markLongLines()
	return li
}

// lineEnd returns the end of the text of the line starting at start and the
// start of the next line (-1 for the last line). A line ends at \n, \r\n or
// a lone \r.
func lineEnd(src []byte, start int, hasCR bool) (end, next int) {
	rest := src[start:]
	i := bytes.IndexByte(rest, '\n')
	if hasCR {
		seg := rest
		if i >= 0 {
			seg = rest[:i]
		}
		if j := bytes.IndexByte(seg, '\r'); j >= 0 {
			if j+1 < len(rest) && rest[j+1] == '\n' {
				return start + j, start + j + 2
			}
			return start + j, start + j + 1
		}
	}
	if i < 0 {
		return len(src), -1
	}
	return start + i, start + i + 1
}

// isASCII reports whether b holds only ASCII bytes, eight at a time.
func isASCII(b []byte) bool {
	for len(b) >= 8 {
		if binary.LittleEndian.Uint64(b)&0x8080808080808080 != 0 {
			return false
		}
		b = b[8:]
	}
	for _, c := range b {
		if c >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// LineCount is the number of lines (a trailing newline starts an empty last line).
func (li *LineIndex) LineCount() int { return len(li.starts) }

// LineBytes returns the text of line n (1-based) without its line ending.
func (li *LineIndex) LineBytes(n int) []byte {
	if n < 1 || n > len(li.starts) {
		return nil
	}
	return li.src[li.starts[n-1]:li.ends[n-1]]
}

// Line returns line n as a string.
func (li *LineIndex) Line(n int) string {
	if n < 1 || n > len(li.starts) {
		return ""
	}
	return li.Text()[li.starts[n-1]:li.ends[n-1]]
}

// Text returns the whole source as one string, made once: lines, raw scalar
// texts and other slices of the source share it instead of each copying
// their bytes.
func (li *LineIndex) Text() string {
	li.textOnce.Do(func() { li.text = string(li.src) })
	return li.text
}

// Offset converts a position to a byte offset, clamping to the line's end and
// to the text's end so that a bad position never panics.
func (li *LineIndex) Offset(p Pos) int {
	if p.Line < 1 {
		return 0
	}
	if p.Line > len(li.starts) {
		return len(li.src)
	}
	start, end := li.starts[p.Line-1], li.ends[p.Line-1]
	col := p.Col - 1
	if col <= 0 {
		return start
	}
	if li.ascii[p.Line-1] {
		return min(start+col, end)
	}
	line := li.src[start:end]
	i, off := 0, 0
	if m := li.marks(p.Line); m != nil {
		i, off, _ = m.fromMark(col)
	}
	for ; i < col && off < len(line); i++ {
		_, size := utf8.DecodeRune(line[off:])
		off += size
	}
	return start + off
}

// LineByte is the byte index of p within its line: Offset less the line's
// start, with the same clamping.
func (li *LineIndex) LineByte(p Pos) int {
	if p.Line < 1 || p.Line > len(li.starts) {
		return 0
	}
	if li.ascii[p.Line-1] { // the usual line, answered here (inlined)
		return min(max(p.Col-1, 0), li.ends[p.Line-1]-li.starts[p.Line-1])
	}
	return li.Offset(p) - li.starts[p.Line-1]
}

// posAtNear is PosAt for an offset that is likely on line near (1-based),
// such as the end of a scalar that starts there: it skips the search.
func (li *LineIndex) posAtNear(off, near int) Pos {
	if near >= 1 && near <= len(li.starts) && li.ascii[near-1] {
		if start := li.starts[near-1]; start <= off && off <= li.ends[near-1] {
			return Pos{Line: near, Col: off - start + 1}
		}
	}
	return li.PosAt(off)
}

// PosAt converts a byte offset to a position.
func (li *LineIndex) PosAt(off int) Pos {
	if off < 0 {
		off = 0
	}
	if off > len(li.src) {
		off = len(li.src)
	}
	// Binary search for the line holding off.
	lo, hi := 0, len(li.starts)-1
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if li.starts[mid] <= off {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	start := li.starts[lo]
	if li.ascii[lo] {
		return Pos{Line: lo + 1, Col: off - start + 1}
	}
	if m := li.marks(lo + 1); m != nil && off <= li.ends[lo] {
		i, at := m.markAtByte(off - start)
		return Pos{Line: lo + 1, Col: i + utf8.RuneCount(li.src[start+at:off]) + 1}
	}
	return Pos{Line: lo + 1, Col: utf8.RuneCount(li.src[start:off]) + 1}
}

// UTF16Col returns the 0-based UTF-16 code-unit column of p, as the LSP counts
// by default.
func (li *LineIndex) UTF16Col(p Pos) int {
	line := li.LineBytes(p.Line)
	if p.Line >= 1 && p.Line <= len(li.ascii) && li.ascii[p.Line-1] {
		return min(p.Col-1, len(line))
	}
	i, off, n := 0, 0, 0
	if m := li.marks(p.Line); m != nil {
		i, off, n = m.fromMark(p.Col - 1)
	}
	for ; i < p.Col-1 && off < len(line); i++ {
		r, size := utf8.DecodeRune(line[off:])
		off += size
		// Invalid bytes decode as U+FFFD, one code unit, as editors show them.
		n += utf16.RuneLen(r)
	}
	return n
}

// PosFromUTF16 converts an LSP (0-based line, UTF-16 column) to a Pos.
func (li *LineIndex) PosFromUTF16(line0, col16 int) Pos {
	line := li.LineBytes(line0 + 1)
	col, off, units := 1, 0, 0
	if m := li.marks(line0 + 1); m != nil {
		var i int
		i, off, units = m.markAtUnits(col16)
		col += i
	}
	for off < len(line) && units < col16 {
		r, size := utf8.DecodeRune(line[off:])
		off += size
		// Never -1: DecodeRune gives no surrogate, and U+FFFD for an
		// invalid byte.
		units += utf16.RuneLen(r)
		col++
	}
	return Pos{Line: line0 + 1, Col: col}
}

// EndOfLine is the position just after the last character of line n.
func (li *LineIndex) EndOfLine(n int) Pos {
	if n >= 1 && n <= len(li.ascii) && li.ascii[n-1] {
		return Pos{Line: n, Col: len(li.LineBytes(n)) + 1}
	}
	if m := li.marks(n); m != nil {
		return Pos{Line: n, Col: m.runes + 1}
	}
	return Pos{Line: n, Col: utf8.RuneCount(li.LineBytes(n)) + 1}
}
