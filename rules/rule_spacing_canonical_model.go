package rules

import (
	"bytes"
	"slices"
	"strings"

	"github.com/appspec-lint/appspec-lint/lint"
)

// The model behind AS150 (spacing-canonical): which text of each line is
// layout, and where the documented AppSpec layout wants it.
//
// A "box" is a value placed by indentation: a block mapping or list (its
// entries share one column), a list item, or a value written on the line
// after its key. Each box has the column it is at and the column the layout
// wants for it, 2 more than what holds it:
//
//	root                    column 0
//	value of a key          the key's column + 2 (a list too: its `-` is indented)
//	list item               the dash's column + 2 (one space after `-`)
//
// delta is want - col; shift is the sum of the deltas from the root down, i.e.
// how far the box moves when the whole file is laid out. Everything else on a
// line keeps its place relative to the box it belongs to:
//
//   - continuation lines (block scalar content, multi-line plain and quoted
//     scalars, multi-line flow collections) move with the mapping or list that
//     holds the value, so a block scalar keeps its indentation relative to its
//     key and its text is unchanged;
//   - a comment line at the same column as the next line's first token moves
//     with that line; a comment after a block scalar keeps its distance to the
//     block (so that it never becomes part of the text); any other comment line
//     stays where it is; blank lines stay blank (whitespace-only lines that
//     belong to a block scalar move with it).
//
// The model is built from the parsed tree and checked against the text: on
// every line the tokens the tree places there must be exactly the dashes and
// the content the text shows, every other line must be a continuation, a
// comment, a blank line or a document marker. Anything the model does not
// understand (explicit `?` keys, tabs in the indentation, YAML-only line
// breaks, several documents, a block scalar whose range the parser cut short,
// as it does after an anchored key) makes AS150 stay silent on the file.

// canonBox is one value placed by indentation.
type canonBox struct {
	node     *lint.Node
	parent   *canonBox
	key      *lint.Node // the key whose value this box is (nil for the root and list items)
	line     int        // line of the box's first token
	idx      int        // byte index of that token on its line
	col      int        // its column (0-based, not counting a BOM)
	want     int        // the column the layout wants
	delta    int        // want - col
	shift    int        // sum of the deltas from the root down to this box
	last     int        // last line of the box
	dashLine int        // for a list item: the line of its dash
	// offDepth counts the boxes off their column from the root down to this
	// one; fixRoot is the box whose fix this box's lines get (itself, unless
	// too many boxes above it are off too: that bounds the work to linear).
	offDepth int
	fixRoot  *canonBox
	fix      *lint.Fix
}

// canonTok is a token that starts a box's entry on a line: a key of a block
// mapping, a dash of a block list, or a box's own value.
type canonTok struct {
	line, idx int
	box       *canonBox
	key       *lint.Node // a mapping key
	item      *lint.Node // for a dash: the item it starts
}

type canonKind uint8

const (
	canonBlank canonKind = iota
	canonComment
	canonStructural
	canonContinuation
	canonMarker
)

// canonLine is what the model knows of one line.
type canonLine struct {
	text    string // the line without its line ending (a slice of one copy of the source)
	base    int    // byte index where the line's YAML starts (3 after a BOM)
	indent  int    // leading spaces
	kind    canonKind
	dashes  []int // byte indices of the list dashes that start the line
	content int   // byte index of the content after the dashes; -1 if none
	tab     bool  // a tab in the indentation or after a dash
	hasText bool  // something other than spaces

	toks  []canonTok
	owner *canonBox // continuation, or a line that belongs to a block scalar's end
	// blockEnd is set on continuation lines and trailing lines of a block
	// scalar: the scalar's last line.
	blockEnd int
	// next is, for a comment line, the next structural line (0 if none).
	next int
	// Spacing around a key's colon on this line: the key ends at keyEnd, the
	// colon is at colon, and the value (or its anchor or tag) starts at
	// gapEnd; keyEnd and gapEnd are -1 when there is nothing to check.
	keyName               string
	keyEnd, colon, gapEnd int
	alias                 bool // the key is an alias: `*a :` needs its space
}

// canonModel is the whole document's layout.
type canonModel struct {
	doc    *lint.Document
	lines  []canonLine // index 0 is line 1
	toks   []canonTok
	dashes []int      // backing store of the lines' dashes
	slab   []canonBox // boxes are allocated from here, a chunk at a time
	// blocks are block scalars: their last line and the box that holds them.
	blocks []canonBlock

	// What a model keeps for the next document (see canonSpares): the box
	// chunks it filled, the other buffer of the token sort and its counts.
	chunks [][]canonBox
	used   int // chunks taken by this document
	sorted []canonTok
	starts []int32
}

// canonSpares keeps models between documents: a model is a few hundred bytes
// a line, and linting a directory or every keystroke in an editor builds one
// a file. Nothing outside AS150's own run keeps a model (its findings and
// fixes copy what they need), so the run hands it back with release. A few
// spares, about one per core, in a channel rather than a sync.Pool: a pool
// empties at every second collection, and a big file's parse and rules run
// one or two, so its model was lost just where reusing it pays most.
var canonSpares = make(chan *canonModel, 4)

// canonSpareMaxLines is the largest document whose model is kept as a
// spare: 10,000 lines, a couple of megabytes.
const canonSpareMaxLines = 10000

// newCanonModel returns a model for d's n lines, with its buffers cleared.
func newCanonModel(d *lint.Document, n int) *canonModel {
	var m *canonModel
	select {
	case m = <-canonSpares:
	default:
		m = new(canonModel)
	}
	m.doc = d
	if cap(m.lines) < n {
		m.lines = make([]canonLine, n)
	} else {
		m.lines = m.lines[:n]
		clear(m.lines)
	}
	if cap(m.toks) < n+n/2 {
		m.toks = make([]canonTok, 0, n+n/2)
	}
	return m
}

// release keeps the model for the next document. Its buffers are not
// cleared here: a cleared buffer of pointers costs a write barrier a word
// while the collector runs, which is often, and the next document overwrites
// what it uses (newCanonModel clears the lines). Until then a spare model
// holds parts of its last document: at most a few documents, whatever the
// run.
func (m *canonModel) release() {
	if cap(m.lines) > canonSpareMaxLines {
		return // a huge file's buffers are not worth keeping
	}
	*m = canonModel{
		lines:  m.lines[:0],
		toks:   m.toks[:0],
		dashes: m.dashes[:0],
		chunks: m.chunks,
		blocks: m.blocks[:0],
		sorted: m.sorted[:0],
		starts: m.starts[:0],
	}
	select {
	case canonSpares <- m:
	default: // enough spares
	}
}

type canonBlock struct {
	end   int
	owner *canonBox
}

// canonMaxOffDepth bounds the nesting of fixes: a box below that many boxes
// that are off their column too shares the fix of the one at that depth.
const canonMaxOffDepth = 8

var canonYAMLOnlyBreaks = [][]byte{{0xC2, 0x85}, {0xE2, 0x80, 0xA8}, {0xE2, 0x80, 0xA9}}

// canonBuild builds the model of a parsed YAML document, or returns nil when
// AS150 has nothing to say about it (not parsed, JSON syntax, not a block
// collection at the top, or text the model does not understand).
func canonBuild(d *lint.Document) *canonModel {
	root := d.Root
	if d.SyntaxError != nil || root == nil || d.Format == lint.JSON || d.MoreDocs ||
		(root.Kind != lint.MappingNode && root.Kind != lint.SequenceNode) || root.Style == lint.Flow {
		return nil
	}
	for _, b := range canonYAMLOnlyBreaks {
		if bytes.Contains(d.Src, b) {
			return nil
		}
	}
	n := d.Lines.LineCount()
	m := newCanonModel(d, n)
	for i := range m.lines {
		// Each line's text is a slice of the document's one shared string.
		m.scanLine(i+1, d.Lines.Line(i+1), &m.lines[i])
	}
	if !m.walk(root) || !m.place() {
		m.release()
		return nil
	}
	return m
}

// scanLine reads a line's indentation, dashes and content.
func (m *canonModel) scanLine(n int, text string, l *canonLine) {
	l.text = text
	l.content = -1
	l.keyEnd, l.colon, l.gapEnd = -1, -1, -1
	i := 0
	if n == 1 && m.doc.HasBOM && strings.HasPrefix(text, "\uFEFF") {
		i = 3
	}
	l.base = i
	for i < len(text) && text[i] == ' ' {
		i++
	}
	l.indent = i - l.base
	for i < len(text) && text[i] == '\t' {
		l.tab = true
		for i < len(text) && (text[i] == ' ' || text[i] == '\t') {
			i++
		}
	}
	if i == len(text) {
		return // blank
	}
	l.hasText = true
	if text[i] == '#' {
		l.kind = canonComment
		return
	}
	// The dashes of all lines share one buffer: a list line is common and
	// one small slice for each would be an allocation per line.
	first := len(m.dashes)
	for i < len(text) && text[i] == '-' && (i+1 == len(text) || text[i+1] == ' ' || text[i+1] == '\t') {
		m.dashes = append(m.dashes, i)
		i++
		for i < len(text) && (text[i] == ' ' || text[i] == '\t') {
			if text[i] == '\t' {
				l.tab = true
			}
			i++
		}
	}
	if len(m.dashes) > first {
		l.dashes = m.dashes[first:len(m.dashes):len(m.dashes)]
	}
	if i < len(text) && text[i] != '#' {
		l.content = i
	}
}

func (m *canonModel) line(n int) *canonLine {
	if n < 1 || n > len(m.lines) {
		return nil
	}
	return &m.lines[n-1]
}

// byteIdx is the byte index of position p on its line. Every position the
// model asks about is a node's, and those are inside the document (lint's
// parse fuzzers check it).
func (m *canonModel) byteIdx(p lint.Pos) int {
	// The line index answers in O(1) on ASCII lines, where counting
	// characters from the line's start would cost the column.
	return m.doc.Lines.LineByte(p)
}

// startTok finds the token that starts node n on its first line: the content
// of the line (n itself, or the anchor or tag written before it).
func (m *canonModel) startTok(n *lint.Node) (line, idx int, ok bool) {
	l := m.line(n.Range.Start.Line)
	if l == nil || l.content < 0 {
		return 0, 0, false
	}
	at := m.byteIdx(n.Range.Start)
	if at == l.content {
		return n.Range.Start.Line, at, true
	}
	if at > l.content && (n.Anchor != "" || n.Tagged) && (l.text[l.content] == '&' || l.text[l.content] == '!') {
		return n.Range.Start.Line, l.content, true
	}
	return 0, 0, false
}

// walk visits the tree from the root, creating the boxes and their tokens.
func (m *canonModel) walk(root *lint.Node) bool {
	rootBox := m.box(canonBox{node: root})
	stack := append(make([]*canonBox, 0, 32), rootBox)
	var children []*canonBox // scratch: the boxes one visit finds
	for len(stack) > 0 {
		b := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		var ok bool
		children, ok = m.visit(b, children[:0])
		if !ok {
			return false
		}
		for i := len(children) - 1; i >= 0; i-- {
			stack = append(stack, children[i])
		}
	}
	return true
}

// settle fixes a box's column once its first token is known.
func (m *canonModel) settle(b *canonBox, line, idx int) {
	l := m.line(line)
	b.line, b.idx, b.col = line, idx, idx-l.base
	b.delta = b.want - b.col
	b.last = max(b.node.Range.End.Line, line)
	par := b.parent
	if par != nil {
		b.shift = par.shift + b.delta
		b.offDepth, b.fixRoot = par.offDepth, par.fixRoot
	} else {
		b.shift = b.delta
	}
	if b.delta != 0 {
		b.offDepth++
		if b.offDepth <= canonMaxOffDepth {
			b.fixRoot = b
		}
	}
}

// visit places box b and returns the boxes it holds, appended to children.
func (m *canonModel) visit(b *canonBox, children []*canonBox) ([]*canonBox, bool) {
	n := b.node
	switch {
	// A block collection has an entry: the parser starts one at its first
	// key or dash (an empty one is written {} or [], in flow style).
	case n.Kind == lint.MappingNode && n.Style != lint.Flow:
		for i, pair := range n.Pairs {
			k := pair.Key
			if k == nil || k.Kind == lint.MappingNode || k.Kind == lint.SequenceNode || k.Range.End.Line != k.Range.Start.Line {
				return nil, false
			}
			line, idx, ok := m.startTok(k)
			if !ok {
				return nil, false
			}
			l := m.line(line)
			if i == 0 {
				m.settle(b, line, idx)
			} else if idx-l.base != b.col {
				return nil, false
			}
			m.toks = append(m.toks, canonTok{line: line, idx: idx, box: b, key: k})
			if !m.colon(l, k) {
				return nil, false
			}
			child, ok := m.value(b, k, pair.Value)
			if !ok {
				return nil, false
			}
			if child != nil {
				children = append(children, child)
			}
		}
	case n.Kind == lint.SequenceNode && n.Style != lint.Flow:
		first := n.Range.Start
		m.settle(b, first.Line, m.byteIdx(first))
		for i, item := range n.Items {
			dl, di, ok := m.dash(b, i, item)
			if !ok {
				return nil, false
			}
			m.toks = append(m.toks, canonTok{line: dl, idx: di, box: b, item: item})
			if item == nil || (item.Kind == lint.ScalarNode && item.Tag == "!!null" && item.Raw == "") {
				continue // `-` with nothing after it
			}
			children = append(children, m.box(canonBox{node: item, parent: b, want: b.col + 2, dashLine: dl}))
		}
	default:
		// A value placed on its own (a list item, or a value on the line
		// after its key): its token, and its further lines move with what
		// holds it.
		line, idx, ok := m.startTok(n)
		if !ok {
			return nil, false
		}
		m.settle(b, line, idx)
		m.toks = append(m.toks, canonTok{line: line, idx: idx, box: b})
		m.continuation(n, b.parent)
	}
	return children, true
}

// value handles the value of key k in mapping box b: a box of its own when it
// starts on a later line, else text on the key's line (maybe continued on the
// next lines).
func (m *canonModel) value(b *canonBox, k, v *lint.Node) (*canonBox, bool) {
	if v == nil || (v.Kind == lint.ScalarNode && v.Tag == "!!null" && v.Raw == "") {
		return nil, true
	}
	block := (v.Kind == lint.MappingNode || v.Kind == lint.SequenceNode) && v.Style != lint.Flow
	if v.Range.Start.Line <= k.Range.Start.Line {
		if block {
			return nil, false
		}
		m.continuation(v, b)
		return nil, true
	}
	return m.box(canonBox{node: v, parent: b, key: k, want: b.col + 2}), true
}

// box allocates a box from the model's slab: a chunk kept from an earlier
// document, or a new one.
func (m *canonModel) box(b canonBox) *canonBox {
	if len(m.slab) == cap(m.slab) {
		m.slab = m.nextChunk()
	}
	m.slab = append(m.slab, b)
	return &m.slab[len(m.slab)-1]
}

// nextChunk returns the next empty chunk of boxes. Chunks are kept in order;
// m.used counts those this document has taken.
func (m *canonModel) nextChunk() []canonBox {
	if m.used < len(m.chunks) {
		c := m.chunks[m.used][:0]
		m.used++
		return c
	}
	c := make([]canonBox, 0, min(256, len(m.lines)+4))
	m.chunks = append(m.chunks, c)
	m.used++
	return c
}

// continuation marks the lines after the first of a multi-line scalar or
// flow collection as moving with owner.
//
// No line is claimed twice: v is a scalar or a flow collection (the model
// goes into neither), so the nodes given here follow one another in the
// text, each starting where the one before ended or later (lint's parse
// fuzzers check that order), and their lines after the first are disjoint.
func (m *canonModel) continuation(v *lint.Node, owner *canonBox) {
	start, end := v.Range.Start.Line, v.Range.End.Line
	isBlock := v.Kind == lint.ScalarNode && (v.Style == lint.Literal || v.Style == lint.Folded)
	if isBlock {
		m.blocks = append(m.blocks, canonBlock{end: end, owner: owner})
	}
	for n := start + 1; n <= end; n++ {
		l := m.line(n)
		l.owner = owner
		if isBlock {
			l.blockEnd = end
		}
	}
}

// colon records the spacing around key k's colon on line l.
func (m *canonModel) colon(l *canonLine, k *lint.Node) bool {
	text := l.text
	ke := m.byteIdx(k.Range.End)
	j := ke
	for j < len(text) && (text[j] == ' ' || text[j] == '\t') {
		j++
	}
	if ke < 0 || j >= len(text) || text[j] != ':' {
		return false
	}
	l.keyName = k.Raw
	if k.Kind == lint.ScalarNode {
		l.keyName = k.Value
	}
	l.alias = k.Kind == lint.AliasNode
	l.colon = j
	if strings.IndexByte(text[ke:j], '\t') < 0 {
		l.keyEnd = ke
	}
	g := j + 1
	for g < len(text) && (text[g] == ' ' || text[g] == '\t') {
		g++
	}
	// A tab after the colon is AS107's business (libyaml accepts it there).
	if g < len(text) && text[g] != '#' && strings.IndexByte(text[j+1:g], '\t') < 0 {
		l.gapEnd = g
	}
	return true
}

// dash finds the `-` that starts item i of list box b: on the item's own line
// at the list's column, or on the nearest line above it that holds only that
// dash (`-` with the item on the next line).
func (m *canonModel) dash(b *canonBox, i int, item *lint.Node) (int, int, bool) {
	if i == 0 {
		return b.line, b.idx, true
	}
	n := item.Range.Start.Line // the parser makes no nil items
	if l := m.line(n); l != nil {
		for _, d := range l.dashes {
			if d-l.base == b.col {
				return n, d, true
			}
		}
	}
	for n--; n >= 1; n-- {
		l := m.line(n)
		if !l.hasText || l.kind == canonComment {
			continue
		}
		if l.content < 0 && len(l.dashes) > 0 && l.dashes[len(l.dashes)-1]-l.base == b.col {
			return n, l.dashes[len(l.dashes)-1], true
		}
		break
	}
	return 0, 0, false
}

// place checks the tokens against the text, classifies every line, and
// links comment lines to the next structural line.
func (m *canonModel) place() bool {
	m.sortToks()
	for i := 0; i < len(m.toks); {
		j := i
		for j < len(m.toks) && m.toks[j].line == m.toks[i].line {
			j++
		}
		l := m.line(m.toks[i].line)
		l.toks = m.toks[i:j:j]
		i = j
	}
	for n := range m.lines {
		l := &m.lines[n]
		switch {
		case len(l.toks) > 0:
			if l.owner != nil || l.tab || !canonTokensMatch(l) {
				return false
			}
			l.kind = canonStructural
		case l.owner != nil:
			l.kind = canonContinuation
		case !l.hasText:
			l.kind = canonBlank
		case l.kind == canonComment:
		case l.indent == 0 && len(l.dashes) == 0 && canonIsMarker(l.text[l.base:]):
			l.kind = canonMarker
		default:
			return false
		}
	}
	// Lines after a block scalar: whitespace-only lines right after it may
	// be part of its text (with `|+`), and the comments before the next
	// structural line must stay out of it.
	for _, bl := range m.blocks {
		comment := false
		for n := bl.end + 1; n <= len(m.lines); n++ {
			l := m.line(n)
			if l.kind == canonBlank && l.indent > 0 && !comment && l.owner == nil {
				l.owner, l.blockEnd = bl.owner, bl.end
				continue
			}
			if l.kind == canonComment {
				comment = true
				if l.owner == nil {
					l.owner, l.blockEnd = bl.owner, bl.end
				}
				continue
			}
			if l.kind != canonBlank {
				break
			}
		}
	}
	next := 0
	for n := len(m.lines); n >= 1; n-- {
		l := m.line(n)
		switch l.kind {
		case canonStructural:
			next = n
		case canonComment:
			l.next = next
		case canonMarker:
			next = 0
		}
	}
	return true
}

// sortToks sorts the tokens by line, then by byte index, keeping the order
// of equal ones. The walk finds them a mapping at a time (a mapping's keys,
// then what is under them), far from the text's order, and a line holds few:
// a counting sort by line, then an insertion sort of each line's tokens, cost
// far less than one general sort of them all.
func (m *canonModel) sortToks() {
	toks, n := m.toks, len(m.lines)
	if cap(m.starts) < n+2 {
		m.starts = make([]int32, n+2)
	}
	starts := m.starts[:n+2]
	clear(starts)
	for i := range toks {
		l := toks[i].line
		if l < 0 || l > n {
			// Not a line of the document: the plain sort, which cannot fail.
			slices.SortStableFunc(toks, func(a, b canonTok) int {
				if a.line != b.line {
					return a.line - b.line
				}
				return a.idx - b.idx
			})
			return
		}
		starts[l+1]++
	}
	for i := 1; i < len(starts); i++ {
		starts[i] += starts[i-1]
	}
	// The two buffers swap: the sorted tokens become m.toks, the old ones
	// the next document's sort buffer.
	if cap(m.sorted) < len(toks) {
		m.sorted = make([]canonTok, len(toks))
	}
	sorted := m.sorted[:len(toks)]
	for i := range toks {
		l := toks[i].line
		sorted[starts[l]] = toks[i]
		starts[l]++
	}
	for i := 1; i < len(sorted); i++ {
		if sorted[i].line != sorted[i-1].line || sorted[i].idx >= sorted[i-1].idx {
			continue
		}
		t, j := sorted[i], i
		for j > 0 && sorted[j-1].line == t.line && sorted[j-1].idx > t.idx {
			sorted[j] = sorted[j-1]
			j--
		}
		sorted[j] = t
	}
	m.toks, m.sorted = sorted, toks[:0]
}

// canonTokensMatch reports whether the tokens the tree puts on a line are
// exactly the dashes and content the text shows.
func canonTokensMatch(l *canonLine) bool {
	want := len(l.dashes)
	if l.content >= 0 {
		want++
	}
	if len(l.toks) != want {
		return false
	}
	for i, t := range l.toks {
		at := l.content
		if i < len(l.dashes) {
			at = l.dashes[i]
		}
		if t.idx != at || (i > 0 && l.toks[i-1].idx == t.idx) {
			return false
		}
	}
	return true
}

// canonIsMarker reports a document marker or directive line.
func canonIsMarker(text string) bool {
	return strings.HasPrefix(text, "---") || strings.HasPrefix(text, "...") || strings.HasPrefix(text, "%")
}
