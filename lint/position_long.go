package lint

import (
	"sort"
	"unicode/utf16"
	"unicode/utf8"
)

// A line that is not pure ASCII needs decoding to turn a column into a byte
// offset. On an ordinary line that is a few dozen characters; on a long one
// (a minified one-line file of a megabyte with a thousand findings) decoding
// from the line's start for each position made linting and printing
// quadratic. Long non-ASCII lines therefore get marks every markEvery
// characters, made once when the index is built, and a lookup decodes from
// the nearest mark: at most markEvery characters.
const (
	longLineBytes = 1024
	markEvery     = 256
)

// runeMarks are the marks of one long line: for character k*markEvery
// (0-based), its byte offset in the line and the UTF-16 code units before
// it. Characters are counted as utf8.DecodeRune counts them: an invalid
// byte is one character, one code unit.
type runeMarks struct {
	bytes []int
	units []int
	runes int // characters in the line
}

// markLongLines makes the marks of the long non-ASCII lines.
func (li *LineIndex) markLongLines() {
	for i, ascii := range li.ascii {
		if ascii || li.ends[i]-li.starts[i] < longLineBytes {
			continue
		}
		line := li.src[li.starts[i]:li.ends[i]]
		m := &runeMarks{}
		units := 0
		for off := 0; off < len(line); m.runes++ {
			if m.runes%markEvery == 0 {
				m.bytes = append(m.bytes, off)
				m.units = append(m.units, units)
			}
			r, size := utf8.DecodeRune(line[off:])
			off += size
			units += utf16.RuneLen(r)
		}
		if li.long == nil {
			li.long = map[int]*runeMarks{}
		}
		li.long[i] = m
	}
}

// marks returns the marks of line n (1-based), nil for a line without.
func (li *LineIndex) marks(n int) *runeMarks {
	if li.long == nil {
		return nil
	}
	return li.long[n-1]
}

// fromMark returns where to start decoding to reach the character at 0-based
// index col: that character's mark's index, byte offset and code units.
func (m *runeMarks) fromMark(col int) (i, off, units int) {
	k := min(max(col, 0)/markEvery, len(m.bytes)-1)
	return k * markEvery, m.bytes[k], m.units[k]
}

// markAtByte returns the last mark at or before byte offset off of the line.
func (m *runeMarks) markAtByte(off int) (i, at int) {
	k := sort.Search(len(m.bytes), func(k int) bool { return m.bytes[k] > off }) - 1
	k = max(k, 0)
	return k * markEvery, m.bytes[k]
}

// markAtUnits returns the last mark at or before UTF-16 column col16.
func (m *runeMarks) markAtUnits(col16 int) (i, off, units int) {
	k := sort.Search(len(m.units), func(k int) bool { return m.units[k] > col16 }) - 1
	k = max(k, 0)
	return k * markEvery, m.bytes[k], m.units[k]
}
