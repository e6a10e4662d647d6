package lint

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// maxJSONDepth bounds nesting so a hostile file cannot exhaust the stack.
const maxJSONDepth = 2000

// parseJSON reads JSON content into the same positioned Node tree the YAML
// path builds. A JSON tokenizer that tracks offsets accepts what YAML parsers
// reject (tab-indented JSON) and reports a broken file at its exact position
// in plain words.
func parseJSON(d *Document) (*Node, *SyntaxError) {
	p := &jsonParser{d: d, src: d.Src, text: d.Lines.Text()}
	if d.HasBOM {
		p.i = len(utf8BOM)
	}
	p.skipSpace()
	n, err := p.value(nil, 0)
	if err != nil {
		return nil, err
	}
	p.skipSpace()
	if p.i < len(p.src) {
		return nil, p.errorf("unexpected %s after the end of the JSON document: everything must be inside the outer { }; delete it (or look for an extra closing bracket)", p.describe())
	}
	return n, nil
}

type jsonParser struct {
	d    *Document
	src  []byte
	text string // src as the document's shared string: values slice it, not copy
	i    int
}

func (p *jsonParser) pos(off int) Pos { return p.d.Lines.PosAt(off) }

func (p *jsonParser) errorf(format string, args ...any) *SyntaxError {
	return &SyntaxError{Pos: p.pos(p.i), Message: fmt.Sprintf(format, args...), JSON: true}
}

// describe names what is at the cursor for messages.
func (p *jsonParser) describe() string {
	if p.i >= len(p.src) {
		return "end of file"
	}
	j := p.i
	for j < len(p.src) && j-p.i < 20 && (p.src[j] == '_' || p.src[j] >= 'a' && p.src[j] <= 'z' || p.src[j] >= 'A' && p.src[j] <= 'Z' || p.src[j] >= '0' && p.src[j] <= '9') {
		j++
	}
	if j > p.i {
		return "`" + string(p.src[p.i:j]) + "`"
	}
	r, _ := utf8.DecodeRune(p.src[p.i:])
	return strconv.QuoteRune(r)
}

func (p *jsonParser) skipSpace() {
	for p.i < len(p.src) {
		switch p.src[p.i] {
		case ' ', '\t', '\n', '\r':
			p.i++
		default:
			return
		}
	}
}

func (p *jsonParser) value(parent *Node, depth int) (*Node, *SyntaxError) {
	if depth > maxJSONDepth {
		return nil, p.errorf("the JSON is nested more than %d levels deep", maxJSONDepth)
	}
	if p.i >= len(p.src) {
		return nil, p.errorf("the JSON ends where a value was expected")
	}
	switch c := p.src[p.i]; {
	case c == '{':
		return p.object(parent, depth)
	case c == '[':
		return p.array(parent, depth)
	case c == '"':
		return p.str(parent)
	case c == '-' || (c >= '0' && c <= '9'):
		return p.number(parent)
	case c == 't' || c == 'f' || c == 'n':
		for _, lit := range []struct{ text, tag string }{{"true", "!!bool"}, {"false", "!!bool"}, {"null", "!!null"}} {
			if strings.HasPrefix(string(p.src[p.i:min(p.i+5, len(p.src))]), lit.text) {
				return p.scalar(parent, p.i, p.i+len(lit.text), lit.text, lit.tag, Plain), nil
			}
		}
	case c == '\'':
		return nil, p.errorf("JSON strings use double quotes, not single quotes")
	case c == '}' || c == ']':
		return nil, p.errorf("expected a value before %s; is there a trailing comma?", p.describe())
	}
	return nil, p.errorf("expected a JSON value (a string in double quotes, a number, true, false, null, an object or a list) but found %s", p.describe())
}

func (p *jsonParser) scalar(parent *Node, start, end int, value, tag string, style Style) *Node {
	p.i = end
	return &Node{
		Kind: ScalarNode, Style: style, Tag: tag, Value: value, Raw: p.text[start:end],
		Range: Range{Start: p.pos(start), End: p.pos(end)}, Parent: parent,
	}
}

func (p *jsonParser) object(parent *Node, depth int) (*Node, *SyntaxError) {
	n := &Node{Kind: MappingNode, Style: Flow, Tag: "!!map", Parent: parent}
	start := p.i
	p.i++ // {
	p.skipSpace()
	if p.i < len(p.src) && p.src[p.i] == '}' {
		p.i++
		n.Range = Range{Start: p.pos(start), End: p.pos(p.i)}
		return n, nil
	}
	for {
		p.skipSpace()
		if p.i >= len(p.src) {
			return nil, p.errorf("the file ends before the } that closes the object opened on line %d; add it", p.pos(start).Line)
		}
		if p.src[p.i] != '"' {
			if p.src[p.i] == '}' {
				return nil, p.errorf("a trailing comma before } is not allowed in JSON; remove it")
			}
			return nil, p.errorf("expected a key in double quotes but found %s", p.describe())
		}
		k, err := p.str(n)
		if err != nil {
			return nil, err
		}
		k.IsKey = true
		p.skipSpace()
		if p.i >= len(p.src) || p.src[p.i] != ':' {
			return nil, p.errorf("expected : after the key %q but found %s", k.Value, p.describe())
		}
		p.i++
		p.skipSpace()
		v, err := p.value(n, depth+1)
		if err != nil {
			return nil, err
		}
		n.Pairs = append(n.Pairs, &Pair{Key: k, Value: v})
		p.skipSpace()
		if p.i >= len(p.src) {
			return nil, p.errorf("the file ends before the } that closes the object opened on line %d; add it", p.pos(start).Line)
		}
		switch p.src[p.i] {
		case ',':
			p.i++
			continue
		case '}':
			p.i++
			n.Range = Range{Start: p.pos(start), End: p.pos(p.i)}
			return n, nil
		case '"':
			return nil, p.errorf("a `,` is missing after the value of %q: the members of an object are separated by commas", k.Value)
		}
		return nil, p.errorf("expected , or } after the value of %q but found %s", k.Value, p.describe())
	}
}

func (p *jsonParser) array(parent *Node, depth int) (*Node, *SyntaxError) {
	n := &Node{Kind: SequenceNode, Style: Flow, Tag: "!!seq", Parent: parent}
	start := p.i
	p.i++ // [
	p.skipSpace()
	if p.i < len(p.src) && p.src[p.i] == ']' {
		p.i++
		n.Range = Range{Start: p.pos(start), End: p.pos(p.i)}
		return n, nil
	}
	for {
		p.skipSpace()
		if p.i < len(p.src) && p.src[p.i] == ']' {
			return nil, p.errorf("a trailing comma before ] is not allowed in JSON; remove it")
		}
		v, err := p.value(n, depth+1)
		if err != nil {
			return nil, err
		}
		n.Items = append(n.Items, v)
		p.skipSpace()
		if p.i >= len(p.src) {
			return nil, p.errorf("the file ends before the ] that closes the list opened on line %d; add it", p.pos(start).Line)
		}
		switch p.src[p.i] {
		case ',':
			p.i++
			continue
		case ']':
			p.i++
			n.Range = Range{Start: p.pos(start), End: p.pos(p.i)}
			return n, nil
		}
		return nil, p.errorf("expected , or ] after a list item but found %s", p.describe())
	}
}

func (p *jsonParser) str(parent *Node) (*Node, *SyntaxError) {
	start := p.i
	p.i++ // "
	// Most strings have no escape: their value is a slice of the text.
	if j := plainJSONStringEnd(p.src, p.i); j > 0 {
		p.i = j + 1
		return &Node{
			Kind: ScalarNode, Style: DoubleQuoted, Tag: "!!str", Value: p.text[start+1 : j],
			Raw: p.text[start:p.i], Range: Range{Start: p.pos(start), End: p.pos(p.i)}, Parent: parent,
		}, nil
	}
	var b strings.Builder
	for p.i < len(p.src) {
		c := p.src[p.i]
		switch {
		case c == '"':
			p.i++
			return &Node{
				Kind: ScalarNode, Style: DoubleQuoted, Tag: "!!str", Value: b.String(),
				Raw: p.text[start:p.i], Range: Range{Start: p.pos(start), End: p.pos(p.i)}, Parent: parent,
			}, nil
		case c == '\\':
			if p.i+1 >= len(p.src) {
				return nil, p.errorf("the JSON ends inside a string")
			}
			esc := p.src[p.i+1]
			switch esc {
			case '"', '\\', '/':
				b.WriteByte(esc)
			case 'b':
				b.WriteByte('\b')
			case 'f':
				b.WriteByte('\f')
			case 'n':
				b.WriteByte('\n')
			case 'r':
				b.WriteByte('\r')
			case 't':
				b.WriteByte('\t')
			case 'u':
				if p.i+6 > len(p.src) {
					return nil, p.errorf("incomplete \\u escape in a string")
				}
				v, err := strconv.ParseUint(string(p.src[p.i+2:p.i+6]), 16, 32)
				if err != nil {
					return nil, p.errorf("\\u must be followed by four hex digits")
				}
				r := rune(v)
				p.i += 4
				// A surrogate pair is two escapes.
				if r >= 0xD800 && r < 0xDC00 && p.i+8 <= len(p.src) && p.src[p.i+2] == '\\' && p.src[p.i+3] == 'u' {
					if lo, err := strconv.ParseUint(string(p.src[p.i+4:p.i+8]), 16, 32); err == nil && lo >= 0xDC00 && lo < 0xE000 {
						r = (r-0xD800)<<10 + (rune(lo) - 0xDC00) + 0x10000
						p.i += 6
					}
				}
				b.WriteRune(r)
			default:
				return nil, p.errorf("\\%c is not a JSON escape; write \\\\ for a backslash (Windows paths need doubled backslashes)", esc)
			}
			p.i += 2
		case c == '\n' || c == '\r':
			return nil, p.errorf("a JSON string cannot span lines; a closing \" is missing")
		case c == '\t':
			// JSON allows tabs between tokens only; a strict reader rejects
			// one inside a string.
			return nil, p.errorf("a tab inside a JSON string must be written \\t")
		case c < 0x20:
			return nil, p.errorf("control character %q inside a string; escape it", rune(c))
		default:
			r, size := utf8.DecodeRune(p.src[p.i:])
			b.WriteRune(r)
			p.i += size
		}
	}
	p.i = len(p.src)
	return nil, p.errorf("the file ends inside the string that starts on line %d, column %d; a closing \" is missing", p.pos(start).Line, p.pos(start).Col)
}

func (p *jsonParser) number(parent *Node) (*Node, *SyntaxError) {
	start := p.i
	isFloat := false
	if p.src[p.i] == '-' {
		p.i++
	}
	digits := func() int {
		n := 0
		for p.i < len(p.src) && p.src[p.i] >= '0' && p.src[p.i] <= '9' {
			p.i++
			n++
		}
		return n
	}
	lead := p.i
	if n := digits(); n == 0 {
		return nil, p.errorf("expected a digit after -")
	} else if n > 1 && p.src[lead] == '0' {
		// JSON has no octal and no zero padding (0644 is YAML's octal, and
		// invalid JSON).
		p.i = lead
		return nil, p.errorf("a JSON number cannot start with 0 followed by more digits; remove the leading zeros, or write the value as a string (\"0644\")")
	}
	if p.i < len(p.src) && p.src[p.i] == '.' {
		isFloat = true
		p.i++
		if digits() == 0 {
			return nil, p.errorf("expected a digit after the decimal point")
		}
	}
	if p.i < len(p.src) && (p.src[p.i] == 'e' || p.src[p.i] == 'E') {
		isFloat = true
		p.i++
		if p.i < len(p.src) && (p.src[p.i] == '+' || p.src[p.i] == '-') {
			p.i++
		}
		if digits() == 0 {
			return nil, p.errorf("expected a digit in the exponent")
		}
	}
	tag := "!!int"
	if isFloat {
		tag = "!!float"
	}
	return p.scalar(parent, start, p.i, p.text[start:p.i], tag, Plain), nil
}

// plainJSONStringEnd returns the offset of the closing quote of the string
// whose text starts at i when that text has no escape, control character or
// invalid UTF-8 (which the full path reports), or -1.
func plainJSONStringEnd(src []byte, i int) int {
	ascii := true
	for j := i; j < len(src); j++ {
		switch c := src[j]; {
		case c == '"':
			if !ascii && !utf8.Valid(src[i:j]) {
				return -1
			}
			return j
		case c == '\\' || c < 0x20:
			return -1
		case c >= utf8.RuneSelf:
			ascii = false
		}
	}
	return -1
}
