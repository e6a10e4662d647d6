package rules

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/appspec-lint/appspec-lint/lint"
)

// The spacing and syntax rules must explain files the YAML parser rejected,
// so they cannot use the tree. They read the text line by line instead: each
// line's indentation, its list dashes and the key it starts with. This is a
// deliberately small model of block YAML, good enough to name the sibling a
// misplaced key belongs with.

// spacingLine is what the text says about one line.
type spacingLine struct {
	n      int    // 1-based line number
	text   string // without the line ending
	first  int    // 1-based column of the first non-blank character; 0 for a blank line
	tab    bool   // the indentation (before first) holds a tab
	dashes []int  // columns of the leading "- " list indicators
	// content is the text after the indentation and the dashes, at contentCol.
	content    string
	contentCol int
	bom        bool   // line 1 starts with a byte order mark; columns here do not count it
	firstIdx   int    // byte index of the first non-blank character
	keyIdx     int    // byte index of the key
	colonIdx   int    // byte index of the key's colon
	key        string // the key the content starts with ("" if it is not `key:`)
	keyCol     int
	colonCol   int    // column of the key's colon
	value      string // text after the colon, trimmed (comment included)
	blank      bool   // empty or only a comment
	commentCol int    // column of the # of a comment-only line
	block      bool   // inside a block scalar (| or >), so it is text, not structure
}

// spacingLines splits the document into lines and marks block scalar content.
func spacingLines(d *lint.Document) []*spacingLine {
	n := d.Lines.LineCount()
	out := make([]*spacingLine, 0, n)
	blockIndent := -1 // while >= 0, lines indented deeper are block scalar content
	for i := 1; i <= n; i++ {
		l := spacingParseLine(i, d.Lines.Line(i))
		if blockIndent >= 0 {
			if (l.blank && l.commentCol == 0) || l.commentCol-1 > blockIndent || (!l.blank && l.first-1 > blockIndent) {
				l.block = true
				out = append(out, l)
				continue
			}
			blockIndent = -1
		}
		if !l.blank && spacingStartsBlockScalar(l) {
			blockIndent = l.first - 1
			if len(l.dashes) > 0 && l.key != "" {
				// `- key: |`: the key's column sets the block's parent indentation.
				blockIndent = l.keyCol - 1
			}
		}
		out = append(out, l)
	}
	return out
}

// spacingStartsBlockScalar reports whether the line ends with a block scalar
// header (`key: |`, `- >-`, ...).
func spacingStartsBlockScalar(l *spacingLine) bool {
	v := l.value
	if l.key == "" {
		v = l.content
	}
	if i := strings.Index(v, " #"); i >= 0 {
		v = v[:i]
	}
	v = strings.TrimSpace(v)
	if v == "" || (v[0] != '|' && v[0] != '>') {
		return false
	}
	for _, r := range v[1:] {
		if !strings.ContainsRune("+-0123456789", r) {
			return false
		}
	}
	return true
}

func spacingParseLine(n int, text string) *spacingLine {
	l := &spacingLine{n: n, text: text}
	i := 0
	if n == 1 && strings.HasPrefix(text, "\uFEFF") {
		l.bom = true
		i = len("\uFEFF")
	}
	col := func(i int) int {
		if l.bom {
			return spacingCol(text, i) - 1
		}
		return spacingCol(text, i)
	}
	for i < len(text) && (text[i] == ' ' || text[i] == '\t') {
		if text[i] == '\t' {
			l.tab = true
		}
		i++
	}
	if i == len(text) {
		l.blank = true
		return l
	}
	if text[i] == '#' {
		// A comment line: blank for the structure, but its column still
		// tells whether it is inside a block scalar.
		l.blank = true
		l.commentCol = col(i)
		return l
	}
	l.first = col(i)
	l.firstIdx = i
	// List indicators: "-" followed by a blank or the end of the line.
	for i < len(text) && text[i] == '-' && (i+1 == len(text) || text[i+1] == ' ' || text[i+1] == '\t') {
		l.dashes = append(l.dashes, col(i))
		i++
		for i < len(text) && (text[i] == ' ' || text[i] == '\t') {
			i++
		}
	}
	l.content = text[i:]
	l.contentCol = col(i)
	if k, colon, ok := spacingSplitKey(l.content); ok {
		l.key = k
		l.keyCol = l.contentCol
		l.keyIdx = i
		l.colonIdx = i + colon
		l.colonCol = col(i + colon)
		l.value = strings.TrimSpace(l.content[colon+1:])
	}
	return l
}

// spacingCol converts a byte index of text to a 1-based column in runes.
func spacingCol(text string, i int) int {
	if i > len(text) {
		i = len(text)
	}
	return utf8.RuneCountInString(text[:i]) + 1
}

// spacingSplitKey finds the key at the start of s: a plain or quoted key
// followed by a colon and a blank or the end. It returns the key and the byte
// index of its colon.
func spacingSplitKey(s string) (string, int, bool) {
	if s == "" {
		return "", 0, false
	}
	switch s[0] {
	case '"', '\'':
		end := strings.IndexByte(s[1:], s[0])
		if end < 0 {
			return "", 0, false
		}
		j := end + 2
		for j < len(s) && s[j] == ' ' {
			j++
		}
		if j < len(s) && s[j] == ':' && (j+1 == len(s) || s[j+1] == ' ' || s[j+1] == '\t') {
			return s[1 : end+1], j, true
		}
		return "", 0, false
	case '#', '[', ']', '{', '}', ',', '&', '*', '!', '|', '>', '%', '@', '`':
		return "", 0, false
	}
	for j := 0; j < len(s); j++ {
		switch s[j] {
		case ':':
			if j+1 == len(s) || s[j+1] == ' ' || s[j+1] == '\t' {
				k := strings.TrimRight(s[:j], " \t")
				if k == "" {
					return "", 0, false
				}
				return k, j, true
			}
		case '#':
			if j > 0 && (s[j-1] == ' ' || s[j-1] == '\t') {
				return "", 0, false
			}
		}
	}
	return "", 0, false
}

// spacingLevel is a column that an earlier line opened and a later line can
// line up with: a key's column, or a list dash's column.
type spacingLevel struct {
	line *spacingLine
	col  int
	dash bool   // the level of a list item's dash
	key  string // the key at this level; for a dash, the item's first key
	// item is the `- key:` line that starts the list item this key is part
	// of (nil when the key is not inside a list item).
	item *spacingLine
}

// spacingVisible lists the levels visible from line at, nearest first: the
// lines before it that are not nested deeper than a line between them.
func spacingVisible(lines []*spacingLine, at int) []spacingLevel {
	var out []spacingLevel
	limit := 1 << 30
	for i := at - 2; i >= 0; i-- {
		l := lines[i]
		if l.blank || l.block || l.tab || l.first == 0 || l.first > limit {
			continue
		}
		limit = l.first
		if l.key != "" {
			out = append(out, spacingLevel{line: l, col: l.keyCol, key: l.key})
		}
		for j := len(l.dashes) - 1; j >= 0; j-- {
			out = append(out, spacingLevel{line: l, col: l.dashes[j], dash: true, key: l.key})
		}
		if limit == 1 && len(out) > 64 {
			break
		}
	}
	// A key belongs to the item whose dash line puts its first key at the
	// same column: the nearest such line at or before it.
	for i := range out {
		if out[i].dash {
			continue
		}
		for j := i; j < len(out); j++ {
			if l := out[j].line; len(l.dashes) > 0 && l.keyCol == out[i].col {
				out[i].item = l
				break
			}
		}
	}
	return out
}

// spacingTarget picks the level a misplaced key (or, with dash, a list item
// whose first key is key) at column col most likely belongs to. sure reports
// that the choice rests on a known sibling of the same AppSpec section,
// rather than on the nearest column.
func spacingTarget(levels []spacingLevel, key string, col int, dash bool) (spacingLevel, bool, bool) {
	for _, lv := range levels {
		if lv.dash == dash && lv.col != col && spacingSameGroup(lv.key, key) {
			return lv, true, true
		}
	}
	best := -1
	maxCol := 0
	for i, lv := range levels {
		if lv.dash != dash {
			continue
		}
		maxCol = max(maxCol, lv.col)
		if lv.col > col && (best < 0 || lv.col < levels[best].col) {
			best = i
		}
	}
	if dash || col > maxCol {
		// Deeper than everything (or a list item): line up with the nearest.
		for _, lv := range levels {
			if lv.dash == dash && lv.col != col {
				return lv, false, true
			}
		}
		return spacingLevel{}, false, false
	}
	if best < 0 {
		return spacingLevel{}, false, false
	}
	return levels[best], false, true
}

// spacingGroups are keys that are siblings in one AppSpec mapping. A key may
// be in more than one group.
var spacingGroups = [][]string{
	{"version", "os", "files", "permissions", "hooks", "file_exists_behavior", "resources"},
	{"source", "destination", "overwrite"},
	{"object", "pattern", "except", "owner", "group", "mode", "acls", "context", "type"},
	{"user", "type", "range", "name"},
	{"location", "timeout", "runas", "sudo"},
	{"applicationstop", "beforeinstall", "afterinstall", "applicationstart", "validateservice",
		"beforeblocktraffic", "afterblocktraffic", "beforeallowtraffic", "afterallowtraffic",
		"afterallowtesttraffic", "downloadbundle", "install", "blocktraffic", "allowtraffic"},
	{"type", "properties"},
	{"name", "alias", "currentversion", "targetversion", "taskdefinition", "loadbalancerinfo",
		"platformversion", "networkconfiguration", "capacityproviderstrategy"},
	{"containername", "containerport"},
	{"subnets", "securitygroups", "assignpublicip"},
	{"base", "capacityprovider", "weight"},
}

// spacingKeyGroups maps a lower-case key to the groups it is in.
var spacingKeyGroups = func() map[string][]int {
	m := map[string][]int{}
	for g, keys := range spacingGroups {
		for _, k := range keys {
			m[k] = append(m[k], g)
		}
	}
	return m
}()

// spacingKnownKey reports whether k is a key of some AppSpec mapping.
func spacingKnownKey(k string) bool {
	_, ok := spacingKeyGroups[strings.ToLower(k)]
	return ok
}

// spacingSameGroup reports whether a and b are sibling keys of one AppSpec
// mapping.
func spacingSameGroup(a, b string) bool {
	ga, gb := spacingKeyGroups[strings.ToLower(a)], spacingKeyGroups[strings.ToLower(b)]
	for _, x := range ga {
		for _, y := range gb {
			if x == y {
				return true
			}
		}
	}
	return false
}

// spacingMove says how to move from column from to column to.
func spacingMove(from, to int) string {
	switch d := to - from; {
	case d == 1:
		return "indent it 1 more space"
	case d > 1:
		return "indent it " + strconv.Itoa(d) + " more spaces"
	case d == -1:
		return "remove 1 space of indentation"
	default:
		return "remove " + strconv.Itoa(-d) + " spaces of indentation"
	}
}
