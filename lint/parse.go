package lint

import (
	"bytes"
	"errors"
	"io"
	"sort"
	"strings"
	"unicode/utf8"

	yaml "go.yaml.in/yaml/v4"
)

// Parse reads src into a Document. It never fails: a YAML error is kept in
// Document.SyntaxError with its exact position, and the rest of the document
// fields are still filled in.
func Parse(path string, src []byte) *Document {
	d := &Document{
		Path:    path,
		Src:     src,
		Lines:   NewLineIndex(src),
		HasBOM:  bytes.HasPrefix(src, utf8BOM),
		HasCRLF: bytes.Contains(src, []byte("\r\n")),
	}
	body := bytes.TrimLeft(bytes.TrimPrefix(src, utf8BOM), " \t\r\n")
	if len(body) > 0 && body[0] == '{' {
		d.Format = JSON
	}
	if why := UTF16(src); why != "" {
		d.SyntaxError = &SyntaxError{Pos: Pos{Line: 1, Col: 1}, Message: "the file is UTF-16 (" + why + "), but the CodeDeploy agent reads an appspec as UTF-8 and cannot load it; save it as UTF-8"}
	} else if !d.IsBlank() {
		d.parse()
	}
	d.Spec = BuildSpec(d.Root)
	return d
}

// UTF16 says why src looks like UTF-16 text, or returns "": it starts with
// a UTF-16 byte order mark, or (Windows tools sometimes write none) its
// first characters are ASCII with a NUL byte beside each. The YAML parser
// would decode such a file as UTF-16, and its positions would not be ours
// (which count UTF-8), so it is not handed to it; and one finding about the
// encoding says more than one about each NUL.
func UTF16(src []byte) string {
	if bytes.HasPrefix(src, []byte{0xFE, 0xFF}) || bytes.HasPrefix(src, []byte{0xFF, 0xFE}) {
		return "it starts with a UTF-16 byte order mark"
	}
	if len(src) < 8 || len(src)%2 != 0 {
		return ""
	}
	le, be := true, true
	for i := 0; i < 8; i += 2 {
		le = le && src[i] != 0 && src[i] < 0x80 && src[i+1] == 0
		be = be && src[i] == 0 && src[i+1] != 0 && src[i+1] < 0x80
	}
	if le || be {
		return "every other byte of its first characters is NUL"
	}
	return ""
}

// parse reads JSON content with the JSON parser (exact positions, tabs
// allowed, plain errors). A .json file must be JSON. In a .yml or .yaml file,
// content that starts like JSON but is not (YAML flow style such as
// {version: 0.0}, a trailing comma) is YAML, as the agent's YAML loader reads
// it; when neither parser accepts it, the JSON error fits the author's intent.
func (d *Document) parse() {
	if d.Format == JSON {
		root, jsonErr := parseJSON(d)
		if jsonErr == nil {
			d.Root = root
			return
		}
		if strings.HasSuffix(strings.ToLower(d.BaseName()), ".json") {
			d.SyntaxError = jsonErr
			return
		}
		d.parseYAML()
		if d.SyntaxError != nil {
			d.SyntaxError = jsonErr
		} else {
			d.Format = YAML
		}
		return
	}
	d.parseYAML()
}

// yamlOnlyBreaks are line breaks for YAML 1.1 (NEL, LS, PS) that editors and
// the LSP do not count; where a file has them, parser marks are converted
// through byte offsets instead of being taken as our lines.
var yamlOnlyBreaks = [][]byte{{0xC2, 0x85}, {0xE2, 0x80, 0xA8}, {0xE2, 0x80, 0xA9}}

// yamlOnlyBreak returns the length of the YAML-only line break b starts
// with, or 0.
func yamlOnlyBreak(b []byte) int {
	if len(b) == 0 || b[0] < 0xC2 {
		return 0
	}
	for _, br := range yamlOnlyBreaks {
		if bytes.HasPrefix(b, br) {
			return len(br)
		}
	}
	return 0
}

func (d *Document) indexYAMLLines() {
	has := false
	for _, b := range yamlOnlyBreaks {
		if bytes.Contains(d.Src, b) {
			has = true
		}
	}
	if !has {
		return
	}
	start := 0
	if d.HasBOM {
		start = len(utf8BOM)
	}
	d.yamlLines = []int{start}
	for i := start; i < len(d.Src); {
		r, size := utf8.DecodeRune(d.Src[i:])
		i += size
		switch r {
		case '\r':
			if i < len(d.Src) && d.Src[i] == '\n' {
				i++
			}
			d.yamlLines = append(d.yamlLines, i)
		case '\n', 0x85, 0x2028, 0x2029:
			d.yamlLines = append(d.yamlLines, i)
		}
	}
}

func (d *Document) yamlMarkPos(line, col int) Pos {
	if line > len(d.yamlLines) {
		return d.Lines.PosAt(len(d.Src))
	}
	off := d.yamlLines[line-1]
	for i := 1; i < col && off < len(d.Src); i++ {
		_, size := utf8.DecodeRune(d.Src[off:])
		off += size
	}
	return d.Lines.PosAt(off)
}

func (d *Document) parseYAML() {
	d.indexYAMLLines()
	var doc yaml.Node
	var loader *yaml.Loader
	var err error
	marks := SkippedMarks(d.Src)
	var spaced []int
	reparsed := 0
	for {
		loader, err = yaml.NewLoader(bytes.NewReader(yamlInput(d.Src, marks, spaced)))
		if err == nil {
			err = loader.Load(&doc)
		}
		at := d.commentWithoutSpace(err)
		if at < 0 || reparsed+at > maxReparsed {
			break
		}
		reparsed += at // about what the parser read to get there
		spaced = append(spaced, at)
		doc = yaml.Node{}
	}
	if errors.Is(err, io.EOF) {
		// No document at all (only comments, or ... alone): an empty file,
		// as a blank one is, not a broken one.
		return
	}
	if err != nil {
		d.SyntaxError = d.syntaxError(err)
		return
	}
	// The agent reads only the first document; note that more follow.
	var next yaml.Node
	if loader.Load(&next) == nil {
		d.MoreDocs = true
	}
	if doc.Kind == yaml.DocumentNode && len(doc.Content) > 0 {
		b := builder{d: d}
		b.reserve(doc.Content[0])
		d.Root = b.node(doc.Content[0], -1, false)
	}
}

// maxReparsed bounds the bytes parsed again for comments right after a
// value (see commentWithoutSpace): each costs a parse of the file up to the
// next one. An appspec of a few kilobytes may have hundreds.
const maxReparsed = 1 << 20

// commentWithoutSpace returns the offset in d.Src of the `#` that err says
// has no space before it, or -1. YAML 1.2, and the Go parser, want a space
// before a comment; libyaml (the EC2 agent's parser) and the parsers of its
// family (PyYAML, SnakeYAML) read `"/var/www"# web root` and `[a, b]#c`
// as a value and a comment. The file is parsed again with a space there:
// the comment runs to the end of the line, so no position moves.
func (d *Document) commentWithoutSpace(err error) int {
	var le *yaml.LoadError
	if !errors.As(err, &le) || le.Message != "found a comment without preceding whitespace" {
		return -1
	}
	off := d.Lines.Offset(d.markPos(le.Mark.Line, le.Mark.Column))
	if off <= 0 || off >= len(d.Src) || d.Src[off] != '#' {
		return -1
	}
	return off
}

// yamlInput returns the bytes the YAML parser reads for src: src itself,
// unless it has marks (SkippedMarks(src)), or a space is to go before each
// offset of spaceBefore (ascending; see commentWithoutSpace). A mark becomes
// a space: one column, as the mark is, so every position stays where it was.
func yamlInput(src []byte, marks, spaceBefore []int) []byte {
	if len(marks) == 0 && len(spaceBefore) == 0 {
		return src
	}
	in := make([]byte, 0, len(src)+len(spaceBefore))
	from := 0
	for len(marks) > 0 || len(spaceBefore) > 0 {
		if len(marks) > 0 && (len(spaceBefore) == 0 || marks[0] < spaceBefore[0]) {
			in = append(append(in, src[from:marks[0]]...), ' ')
			from = marks[0] + len(utf8BOM)
			marks = marks[1:]
			continue
		}
		if off := spaceBefore[0]; off >= from {
			in = append(append(in, src[from:off]...), ' ')
			from = off
		}
		spaceBefore = spaceBefore[1:]
	}
	return append(in, src[from:]...)
}

// SkippedMarks returns the offsets of the byte order marks libyaml (the
// agent's parser) skips as it would a space, where the Go parser reads them
// otherwise:
//   - a second mark after the file's own: the Go parser skips it without
//     counting a column, and then loses the first character of each later
//     line at column 1 (`os: linux` read as `s`);
//   - a mark at the start of a later line, before a comment or nothing (as
//     where files saved with one were joined): the Go parser reads text
//     there, and a syntax error. Before other text, libyaml's column makes
//     the line stand further in than it looks; AS112 reports that. (Inside
//     a quoted value that goes on over lines, such a mark is text to both;
//     the space would change that value. Too rare to parse twice for.)
func SkippedMarks(src []byte) []int {
	var marks []int
	n := len(utf8BOM)
	if len(src) >= 2*n && bytes.HasPrefix(src, utf8BOM) && bytes.Equal(src[n:2*n], utf8BOM) {
		marks = append(marks, n)
	}
	for from := 1; from < len(src); {
		k := bytes.Index(src[from:], utf8BOM)
		if k < 0 {
			break
		}
		at := from + k
		from = at + n
		if c := src[at-1]; c != '\n' && c != '\r' {
			continue
		}
		if rest := bytes.TrimLeft(src[from:], " \t"); len(rest) == 0 || rest[0] == '#' || rest[0] == '\n' || rest[0] == '\r' {
			marks = append(marks, at)
		}
	}
	return marks
}

func (d *Document) syntaxError(err error) *SyntaxError {
	var le *yaml.LoadError
	if errors.As(err, &le) {
		return &SyntaxError{
			Pos:        d.markPos(le.Mark.Line, le.Mark.Column),
			Message:    le.Message,
			Context:    le.ContextMsg,
			ContextPos: d.markPos(le.ContextMark.Line, le.ContextMark.Column),
		}
	}
	var les *yaml.LoadErrors
	if errors.As(err, &les) && len(les.Errors) > 0 {
		e := les.Errors[0]
		return &SyntaxError{Pos: d.markPos(e.Mark.Line, e.Mark.Column), Message: e.Message}
	}
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	return &SyntaxError{Pos: Pos{Line: 1, Col: 1}, Message: msg}
}

// markPos turns a parser mark into a Pos. The parser does not count a BOM, we
// do (it is a character of line 1 in the file).
func (d *Document) markPos(line, col int) Pos {
	// The parser counts lines and columns from 1; a mark it did not set
	// (a LoadError's ContextMark without a context) is line 0, column 0.
	if line < 1 {
		return Pos{Line: 1, Col: 1}
	}
	if d.yamlLines != nil {
		return d.yamlMarkPos(line, col)
	}
	if line == 1 && d.HasBOM {
		col++
	}
	if line > d.Lines.LineCount() {
		return d.Lines.EndOfLine(d.Lines.LineCount())
	}
	// The parser can place an empty node past the end of a short line
	// (after comments that end an explicit key's value): keep it at the end.
	if end := d.Lines.EndOfLine(line); col > end.Col {
		return end
	}
	return Pos{Line: line, Col: col}
}

// notBefore moves an empty node the parser placed before end, where the
// node before it ends, to end. After a comment that ends an explicit key
// (`? ? ` then `#0`), the parser's marks for the empty nodes that follow can
// go back into the comment; nodes must stay in the order of the text.
func notBefore(n *Node, end Pos) {
	if n.Kind == ScalarNode && n.Value == "" && n.Range.Start == n.Range.End && n.Range.Start.Before(end) {
		n.Range.Start, n.Range.End = end, end
	}
}

// builder converts the parser's nodes into positioned Nodes, computing each
// node's end from the source text (the parser only gives starts).
type builder struct {
	d       *Document
	anchors map[*yaml.Node]*Node // made at the first anchor

	// Slabs the tree is carved from (see reserve): a parse makes a few
	// allocations instead of several per node.
	nodes    []Node
	pairs    []Pair
	pairRefs []*Pair
	itemRefs []*Node
}

// reserve sizes the slabs for the tree under y: exactly what node takes
// from them, a node for each of y's nodes (an alias's target is not its),
// a pair and a pair slot for each key, an item slot for each list item.
func (b *builder) reserve(y *yaml.Node) {
	var nodes, pairs, items int
	var count func(y *yaml.Node)
	count = func(y *yaml.Node) {
		nodes++
		switch y.Kind {
		case yaml.MappingNode:
			pairs += len(y.Content) / 2
		case yaml.SequenceNode:
			items += len(y.Content)
		default:
			return
		}
		for _, c := range y.Content {
			count(c)
		}
	}
	count(y)
	s := reuseSlabs(nodes, pairs, items)
	b.d.slabs = s
	b.nodes, b.pairs, b.pairRefs, b.itemRefs = s.nodes, s.pairs, s.pairRefs, s.itemRefs
}

func (b *builder) newNode() *Node {
	n := &b.nodes[0]
	b.nodes = b.nodes[1:]
	return n
}

func (b *builder) newPair(k, v *Node) *Pair {
	p := &b.pairs[0]
	b.pairs = b.pairs[1:]
	p.Key, p.Value = k, v
	return p
}

// pairSlice and itemSlice return empty slices with room for n entries, cut
// with a full slice expression so that an append past n copies rather than
// writing into the next node's entries.
func (b *builder) pairSlice(n int) []*Pair {
	if n == 0 {
		return nil
	}
	s := b.pairRefs[:0:n]
	b.pairRefs = b.pairRefs[n:]
	return s
}

func (b *builder) itemSlice(n int) []*Node {
	if n == 0 {
		return nil
	}
	s := b.itemRefs[:0:n]
	b.itemRefs = b.itemRefs[n:]
	return s
}

// node converts y. indent is the indentation (0-based column) of the block
// that owns y, used to find where a block scalar ends; flow says whether y is
// inside [..] or {..}.
func (b *builder) node(y *yaml.Node, indent int, flow bool) *Node {
	n := b.newNode()
	n.Tag, n.Tagged, n.Anchor, n.LineComment = y.Tag, explicitTag(y), y.Anchor, y.LineComment
	start := b.d.markPos(y.Line, y.Column)
	if y.Kind != yaml.AliasNode && (y.Anchor != "" || explicitTag(y)) {
		start = b.skipProperties(start, y)
	}
	n.Range.Start = start
	if y.Anchor != "" {
		if b.anchors == nil {
			b.anchors = map[*yaml.Node]*Node{}
		}
		b.anchors[y] = n
	}
	switch y.Kind {
	case yaml.ScalarNode:
		n.Kind = ScalarNode
		n.Value = y.Value
		n.Style = scalarStyle(y.Style)
		var from int
		n.Range.End, from = b.scalarEnd(n, indent, flow)
		// Raw is Document.Text(n.Range), from the start offset in hand.
		n.Raw = b.d.Lines.Text()[from:max(from, b.d.Lines.Offset(n.Range.End))]
	case yaml.AliasNode:
		n.Kind = AliasNode
		n.Value = y.Value
		n.Alias = b.anchors[y.Alias]
		// The alias text is "*name".
		n.Range.End = Pos{Line: start.Line, Col: start.Col + 1 + utf8.RuneCountInString(y.Value)}
		n.Raw = b.d.Text(n.Range)
	case yaml.MappingNode:
		n.Kind = MappingNode
		isFlow := y.Style&yaml.FlowStyle != 0
		if isFlow {
			n.Style = Flow
		}
		childIndent := start.Col - 1
		n.Range.End = start
		n.Pairs = b.pairSlice(len(y.Content) / 2)
		for i := 0; i+1 < len(y.Content); i += 2 {
			k := b.node(y.Content[i], childIndent, flow || isFlow)
			notBefore(k, n.Range.End)
			v := b.node(y.Content[i+1], k.Range.Start.Col-1, flow || isFlow)
			notBefore(v, k.Range.End)
			k.Parent, k.IsKey, v.Parent = n, true, n
			n.Pairs = append(n.Pairs, b.newPair(k, v))
			n.Range.End = maxPos(n.Range.End, k.Range.End, v.Range.End)
		}
		// A single pair in a flow list ([a: 1]) is a mapping without braces:
		// its end is its value's, not the next }. Its key starts where it
		// does, even when the key is itself in braces ([{}: 0]).
		braced := len(n.Pairs) == 0 || n.Pairs[0].Key.Range.Start != start
		if isFlow && braced && b.d.Lines.Offset(start) < len(b.d.Src) && b.d.Src[b.d.Lines.Offset(start)] == '{' {
			n.Range.End = b.flowEnd(n.Range.End, '}')
		}
	case yaml.SequenceNode:
		n.Kind = SequenceNode
		isFlow := y.Style&yaml.FlowStyle != 0
		if isFlow {
			n.Style = Flow
		}
		n.Range.End = start
		n.Items = b.itemSlice(len(y.Content))
		for _, c := range y.Content {
			item := b.node(c, start.Col-1, flow || isFlow)
			notBefore(item, n.Range.End)
			item.Parent = n
			n.Items = append(n.Items, item)
			n.Range.End = maxPos(n.Range.End, item.Range.End)
		}
		if isFlow {
			n.Range.End = b.flowEnd(n.Range.End, ']')
		}
	}
	return n
}

// skipProperties moves past an anchor (&a) and a tag (!!str) written before a
// value: the parser's position is theirs, a finding belongs on the value. An
// anchor is as long as the parser's name for it (in `&a: x` the colon is not
// part of it); a tag ends before a flow indicator. An empty value stays on the properties' line: the text after
// them (the next line) is not its.
func (b *builder) skipProperties(p Pos, y *yaml.Node) Pos {
	src := b.d.Src
	i := b.d.Lines.Offset(p)
	empty := y.Kind == yaml.ScalarNode && y.Value == "" && scalarStyle(y.Style) == Plain
	// A node has at most one anchor and one tag, and only the ones it has are
	// its: a second `!` is the tag of what it holds (in "!0\n! : x" the
	// mapping's tag is !0, the key's !).
	anchorSeen, tagSeen := y.Anchor == "", !explicitTag(y)
	for i < len(src) && (src[i] == '&' && !anchorSeen || src[i] == '!' && !tagSeen) {
		if src[i] == '&' {
			anchorSeen = true
		} else {
			tagSeen = true
		}
		if src[i] == '&' && y.Anchor != "" && bytes.HasPrefix(src[i+1:], []byte(y.Anchor)) {
			i += 1 + len(y.Anchor)
		} else {
			// A tag ends at a space or a flow indicator (`{!0}`), except a
			// verbatim one (!<...>), which ends at its >.
			verbatim := i+1 < len(src) && src[i+1] == '<'
			for i < len(src) && !isSpace(src[i]) && yamlOnlyBreak(src[i:]) == 0 && (verbatim || !strings.ContainsRune(",[]{}", rune(src[i]))) {
				i++
				if verbatim && src[i-1] == '>' {
					break
				}
			}
		}
		for i < len(src) && (src[i] == ' ' || src[i] == '\t' || !empty && isSpace(src[i])) {
			i++
		}
		// The parser also breaks lines at NEL, LS and PS: what follows one
		// is on the next line, as after \n. A comment after the properties
		// (`&a # note`, the value on the next line) is skipped too.
		blank := i > 0 && isSpace(src[i-1])
		for !empty && i < len(src) {
			if n := yamlOnlyBreak(src[i:]); n > 0 {
				i, blank = i+n, true
			} else if isSpace(src[i]) {
				i, blank = i+1, true
			} else if src[i] == '#' && blank {
				i = commentEnd(src, i)
			} else {
				break
			}
		}
	}
	return b.d.Lines.PosAt(i)
}

// explicitTag reports whether y has a tag written in the source. The parser
// marks most with TaggedStyle, but not the non-specific tag `!` (a plain
// scalar forced to a string), which it keeps as the tag "!".
func explicitTag(y *yaml.Node) bool {
	return y.Style&yaml.TaggedStyle != 0 || y.Tag == "!"
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }

func scalarStyle(s yaml.Style) Style {
	switch {
	case s&yaml.DoubleQuotedStyle != 0:
		return DoubleQuoted
	case s&yaml.SingleQuotedStyle != 0:
		return SingleQuoted
	case s&yaml.LiteralStyle != 0:
		return Literal
	case s&yaml.FoldedStyle != 0:
		return Folded
	}
	return Plain
}

func maxPos(ps ...Pos) Pos {
	m := ps[0]
	for _, p := range ps[1:] {
		if m.Before(p) {
			m = p
		}
	}
	return m
}

// scalarEnd finds where the scalar starting at n.Range.Start ends in the source.
// It also returns the byte offset of the start.
func (b *builder) scalarEnd(n *Node, indent int, flow bool) (Pos, int) {
	src := b.d.Src
	off := b.d.Lines.Offset(n.Range.Start)
	end := off
	switch n.Style {
	case DoubleQuoted:
		end = quotedEnd(src, off, '"')
	case SingleQuoted:
		end = quotedEnd(src, off, '\'')
	case Literal, Folded:
		end = b.blockScalarEnd(off, indent)
	default:
		end = plainEnd(src, off, n.Value, n.Tag, flow)
	}
	// Each end is at or after off: a quoted scalar ends after its opening
	// quote, a plain one at off or later, a block scalar at the end of the
	// line of its | or > at the earliest.
	return b.d.Lines.posAtNear(end, n.Range.Start.Line), off
}

// quotedEnd returns the offset just past the closing quote.
func quotedEnd(src []byte, off int, q byte) int {
	for i := off + 1; i < len(src); i++ {
		switch src[i] {
		case '\\':
			if q == '"' {
				i++
			}
		case q:
			if q == '\'' && i+1 < len(src) && src[i+1] == '\'' {
				i++
				continue
			}
			return i + 1
		}
	}
	return len(src)
}

// plainEnd finds the end of a plain scalar. The common case, a one-line
// scalar whose value is exactly its text, is a prefix check; a value the
// parser folded from several lines is followed line by line.
func plainEnd(src []byte, off int, value, tag string, flow bool) int {
	if value == "" && tag == "!!null" {
		// An empty value (`key:` with nothing): zero width, unless it was
		// written out as ~ or null. The parser can place an empty value
		// just after the # of a comment that follows it (`? a` then `#~`):
		// what is there is the comment's text.
		if off > 0 && src[off-1] == '#' {
			return off
		}
		rest := src[off:]
		for _, w := range []string{"~", "null", "Null", "NULL"} {
			if bytes.HasPrefix(rest, []byte(w)) {
				return off + len(w)
			}
		}
		return off
	}
	if strings.IndexByte(value, '\n') < 0 && bytes.HasPrefix(src[off:], []byte(value)) {
		return off + len(value)
	}
	// Multi-line plain scalar: consume text until every non-space character
	// of the value has been seen.
	want := 0
	for _, r := range value {
		if r != ' ' && r != '\n' && r != '\t' {
			want++
		}
	}
	seen, last := 0, off
	for i := off; i < len(src) && seen < want; {
		r, size := utf8.DecodeRune(src[i:])
		if r != ' ' && r != '\n' && r != '\t' && r != '\r' {
			seen++
			last = i + size
		}
		i += size
	}
	return last
}

// blockScalarEnd finds the end of a | or > scalar: the last non-blank line
// indented deeper than the block that owns it. The lines are the parser's:
// ours, unless the file has line breaks only YAML counts (U+0085, U+2028,
// U+2029), where the header line would otherwise run on past such a break,
// over the nodes after it.
func (b *builder) blockScalarEnd(off, indent int) int {
	first, count, bounds := b.ourLines(off)
	if b.d.yamlLines != nil {
		first, count, bounds = b.yamlLineBounds(off)
	}
	src := b.d.Src
	_, end := bounds(first)
	for j := first + 1; j < count; j++ {
		start, stop := bounds(j)
		text := src[start:stop]
		trimmed := bytes.TrimLeft(text, " ")
		if len(bytes.TrimSpace(trimmed)) == 0 {
			continue
		}
		if len(text)-len(trimmed) <= indent {
			break
		}
		end = stop
	}
	return end
}

// ourLines gives our lines to blockScalarEnd: the index of the one holding
// off, how many there are, and where each one's text starts and ends.
func (b *builder) ourLines(off int) (first, count int, bounds func(j int) (int, int)) {
	li := b.d.Lines
	return li.PosAt(off).Line - 1, li.LineCount(), func(j int) (int, int) {
		return li.Offset(Pos{Line: j + 1, Col: 1}), li.Offset(li.EndOfLine(j + 1))
	}
}

// yamlLineBounds is ourLines for the parser's lines (Document.yamlLines).
func (b *builder) yamlLineBounds(off int) (first, count int, bounds func(j int) (int, int)) {
	ls, src := b.d.yamlLines, b.d.Src
	first = max(0, sort.SearchInts(ls, off+1)-1)
	return first, len(ls), func(j int) (int, int) {
		if j+1 >= len(ls) {
			return ls[j], len(src)
		}
		e := ls[j+1] // just past the line break
		switch {
		case e >= 2 && src[e-2] == '\r' && src[e-1] == '\n':
			return ls[j], e - 2
		case src[e-1] == '\n' || src[e-1] == '\r':
			return ls[j], e - 1
		case src[e-2] == 0xC2:
			return ls[j], e - 2 // U+0085
		default:
			return ls[j], e - 3 // U+2028, U+2029
		}
	}
}

// commentEnd is the offset of the line break that ends the comment at i:
// the parser's line breaks, a lone CR, NEL, LS and PS as well as LF.
func commentEnd(src []byte, i int) int {
	for i < len(src) && src[i] != '\n' && src[i] != '\r' && yamlOnlyBreak(src[i:]) == 0 {
		i++
	}
	return i
}

// flowEnd finds the closing bracket of a flow collection at or after from,
// skipping spaces, line breaks, commas and comments. The line breaks are
// the parser's: a lone CR, NEL, LS and PS as well as LF, where a comment
// also ends.
func (b *builder) flowEnd(from Pos, closer byte) Pos {
	src := b.d.Src
	i := b.d.Lines.Offset(from)
	for i < len(src) {
		switch c := src[i]; {
		case c == closer:
			return b.d.Lines.PosAt(i + 1)
		case c == '#':
			i = commentEnd(src, i)
		case c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == ',' || c == '[' || c == '{':
			i++
		case yamlOnlyBreak(src[i:]) > 0:
			i += yamlOnlyBreak(src[i:])
		default:
			return from
		}
	}
	return from
}
