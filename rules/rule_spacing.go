package rules

import (
	"fmt"
	"strings"

	"github.com/appspec-lint/appspec-lint/lint"
)

// MisalignedSibling is AS151.
var MisalignedSibling = &lint.Rule{
	ID: "AS151", Name: "spacing-misaligned-sibling", Severity: lint.Error,
	Platforms: lint.AllPlatforms, Category: "spacing",
	Summary: "sibling keys are at different columns",
	Doc: `In YAML the indentation is the structure: keys of one mapping must start at
the same column. A key indented differently from its siblings either breaks
the file (the parser cannot tell where it belongs) or, worse, silently moves
it somewhere else: a destination: dedented out of its - source: item becomes
a top-level key, and the files entry has no destination; a timeout: indented
deeper than location: becomes part of location's value. This is the most
common AppSpec mistake in the CodeDeploy issue threads. The message names the
item the key belongs to and how far to move it; the fix moves it.

Bad:

    files:
      - source: /
      destination: /var/www/html

Good:

    files:
      - source: /
        destination: /var/www/html
`,
	Document:  func(p *lint.Pass) { syntaxReport(p) },
	NodeKinds: lint.Kinds(lint.MappingNode),
	Node: func(p *lint.Pass, n *lint.Node) {
		if n.Kind != lint.MappingNode || n.Style == lint.Flow || len(n.Pairs) == 0 || !spacingPosOK(p.Doc, n.Pairs[0].Key) {
			return
		}
		spacingDedented(p, n)
		spacingNestedSibling(p, n)
	},
}

// SpaceAfterColon is AS152.
var SpaceAfterColon = &lint.Rule{
	ID: "AS152", Name: "space-after-colon", Severity: lint.Error,
	Platforms: lint.AllPlatforms, Category: "spacing",
	Summary: "a key and its value need a space after the colon",
	Doc: `YAML only sees a key where the colon is followed by a space (or the end of
the line). os:linux is not the key os with the value linux but the single
text "os:linux", so the mapping is broken: either the file does not parse, or
the entry silently becomes a string (a script entry - location:scripts/a.sh is
the text "location:scripts/a.sh", not a location). The AppSpec spacing rules
ask for exactly one space after every colon.

Bad:

    hooks:
      AfterInstall:
        - location:scripts/setup.sh

Good:

    hooks:
      AfterInstall:
        - location: scripts/setup.sh
`,
	Document:  func(p *lint.Pass) { syntaxReport(p) },
	NodeKinds: lint.Kinds(lint.ScalarNode),
	Node: func(p *lint.Pass, n *lint.Node) {
		if n.Kind == lint.ScalarNode && n.Style == lint.Plain && !n.IsKey && strings.IndexByte(n.Raw, ':') >= 0 && spacingPosOK(p.Doc, n) {
			spacingGluedColon(p, n)
		}
	},
}

// SpaceAfterDash is AS153.
var SpaceAfterDash = &lint.Rule{
	ID: "AS153", Name: "space-after-dash", Severity: lint.Error,
	Platforms: lint.AllPlatforms, Category: "spacing",
	Summary: "a list item needs a space after the dash",
	Doc: `A list item is a dash followed by a space. -location: scripts/a.sh is not a
list item but a key named "-location", and -file is the text "-file"; the
agent then finds no script or the wrong shape and fails, or the entry is
silently ignored. The AppSpec spacing rules ask for exactly one space after
every dash.

Bad:

    hooks:
      AfterInstall:
        -location: scripts/setup.sh

Good:

    hooks:
      AfterInstall:
        - location: scripts/setup.sh
`,
	Document:  func(p *lint.Pass) { syntaxReport(p) },
	NodeKinds: lint.Kinds(lint.ScalarNode),
	Node: func(p *lint.Pass, n *lint.Node) {
		if n.Kind != lint.ScalarNode || n.Style != lint.Plain {
			return
		}
		// Most scalars start with a printable ASCII character other than a
		// dash and have no line break: nothing to look at (this runs for
		// every scalar, so the quick test comes first).
		if raw := n.Raw; raw != "" && raw[0] > ' ' && raw[0] < 0x7F && raw[0] != '-' && strings.IndexByte(raw, '\n') < 0 {
			return
		}
		if !strings.HasPrefix(strings.TrimSpace(n.Raw), "-") && !strings.Contains(n.Raw, "\n") {
			return
		}
		if spacingPosOK(p.Doc, n) {
			spacingGluedDash(p, n)
		}
	},
}

func init() { register(MisalignedSibling, SpaceAfterColon, SpaceAfterDash) }

// spacingPosOK checks that a plain scalar's position matches the text, as
// the spacing checks read the text around it. Positions are always inside
// the document (lint maps the parser's marks through byte offsets, so U+2028,
// U+2029 and U+0085 do not shift them), but a tagged value after a comment
// (`! #c` then `0` on the next line) can be placed on the comment.
func spacingPosOK(d *lint.Document, n *lint.Node) bool {
	if n.Kind != lint.ScalarNode || n.Style != lint.Plain || n.Value == "" {
		return true
	}
	first := n.Value
	if i := strings.IndexByte(first, ' '); i >= 0 {
		first = first[:i]
	}
	if i := strings.IndexByte(first, '\n'); i >= 0 {
		first = first[:i]
	}
	return strings.HasPrefix(d.Text(n.Range), first)
}

// --- AS151 on valid YAML ------------------------------------------------------

// spacingDedented finds keys that were meant for the last item of a list
// but, dedented, became keys of the mapping holding the list:
//
//	files:
//	- source: /
//	destination: /x      <- a top-level key now
func spacingDedented(p *lint.Pass, m *lint.Node) {
	// A script key dedented to the level of the events is explained by
	// AS502 (hook-unknown-event), which knows the agent reads it as an event.
	if p.Platform == lint.EC2 && m.Parent != nil && m.Parent == p.Spec.Root && spacingParentKey(m) == "hooks" {
		return
	}
	var item *lint.Node
	listAt := 0
	var run []*lint.Pair // consecutive keys dedented out of item
	flush := func() {
		if len(run) == 0 {
			return
		}
		first := item.Pairs[0].Key
		want := spacingKeyCol(p.Doc, first)
		var fixed *lint.Diagnostic
		for i, pair := range run {
			k := pair.Key
			col := spacingKeyCol(p.Doc, k)
			d := p.Report(k, "`%s:` is at column %d, outside the `- %s:` item on line %d, so YAML makes it a key of %s instead of the item's; %s (to column %d) to line it up with `%s:`",
				k.Value, col, first.Value, first.Range.Start.Line, spacingParentName(m), spacingMove(col, want), want, first.Value).
				WithRelated(first, "the item it belongs to").
				Supersede(item, pair)
			if i == 0 {
				fixed = d
			}
		}
		// One fix, on the first key, moves the whole run: moving one key
		// alone would leave the next one in the way.
		spacingShiftFix(p, fixed, run, want-spacingKeyCol(p.Doc, run[0].Key))
		run = nil
	}
	for i, pair := range m.Pairs {
		k := pair.Key
		if item != nil && k.Kind == lint.ScalarNode && k.Style == lint.Plain && spacingKeyCol(p.Doc, k) < spacingKeyCol(p.Doc, item.Pairs[0].Key) && spacingPosOK(p.Doc, k) &&
			spacingBelongs(k.Value, item, m.Pairs[:listAt]) {
			run = append(run, pair)
			continue
		}
		flush()
		item = nil
		v := pair.Value
		if v != nil && v.Kind == lint.SequenceNode && v.Style != lint.Flow && len(v.Items) > 0 {
			if last := v.Items[len(v.Items)-1]; last.Kind == lint.MappingNode && last.Style != lint.Flow && len(last.Pairs) > 0 {
				item, listAt = last, i
			}
		}
	}
	flush()
}

// spacingBelongs reports whether key is a sibling of item's keys that item
// lacks, and not a key of the mapping holding the list (judged by the keys
// before the list, before lists: keys dedented with it may follow).
func spacingBelongs(key string, item *lint.Node, before []*lint.Pair) bool {
	if !spacingSameGroup(key, item.Pairs[0].Key.Value) || item.Get(key) != nil {
		return false
	}
	for _, q := range before {
		if q.Key.Value != key && spacingSameGroup(q.Key.Value, key) {
			return false
		}
	}
	return true
}

// spacingParentName names the mapping m for a message.
func spacingParentName(m *lint.Node) string {
	if par := m.Parent; par != nil && par.Kind == lint.MappingNode {
		for _, q := range par.Pairs {
			if q.Value == m {
				return "`" + q.Key.Value + "`"
			}
		}
	}
	if m.Parent == nil {
		return "the top level"
	}
	return "the enclosing mapping"
}

// spacingScalarKeys are keys whose value is a single value, never a mapping.
var spacingScalarKeys = map[string]bool{
	"source": true, "destination": true, "location": true, "timeout": true, "runas": true, "sudo": true,
	"object": true, "pattern": true, "owner": true, "group": true, "mode": true,
	"version": true, "os": true, "file_exists_behavior": true,
}

// spacingNestedSibling finds keys indented deeper than a sibling, which
// YAML reads as the sibling's value:
//
//   - source:
//     destination: /x     <- source is now a mapping
func spacingNestedSibling(p *lint.Pass, m *lint.Node) {
	for _, pair := range m.Pairs {
		k, v := pair.Key, pair.Value
		if !spacingScalarKeys[k.Value] || v == nil || v.Kind != lint.MappingNode || v.Style == lint.Flow || len(v.Pairs) == 0 {
			continue
		}
		all := true
		for _, q := range v.Pairs {
			if !spacingSameGroup(q.Key.Value, k.Value) || q.Key.Value == k.Value || !spacingPosOK(p.Doc, q.Key) {
				all = false
				break
			}
		}
		if !all {
			continue
		}
		for _, q := range v.Pairs {
			want, col := spacingKeyCol(p.Doc, k), spacingKeyCol(p.Doc, q.Key)
			d := p.Report(q.Key, "`%s:` is indented deeper than its sibling `%s:` (line %d, column %d), so YAML reads it as part of the value of `%s`; %s (to column %d) to line it up",
				q.Key.Value, k.Value, k.Range.Start.Line, want, k.Value, spacingMove(col, want), want).
				WithRelated(k, "the sibling it belongs with").
				Supersede(m)
			spacingShiftFix(p, d, []*lint.Pair{q}, want-col)
		}
	}
}

// spacingShiftFix attaches a fix moving the keys' lines, and the lines
// nested under them, by delta columns, if the result parses.
func spacingShiftFix(p *lint.Pass, d *lint.Diagnostic, keys []*lint.Pair, delta int) {
	lines := spacingLines(p.Doc)
	var edits []lint.Edit
	for _, pair := range keys {
		key := pair.Key
		i := key.Range.Start.Line - 1
		// A safety net: the line moved must start with the key (or its
		// anchor, tag or `?`). The keys of a block mapping that AS151 moves
		// always do; no known input reaches the return.
		if lines[i].first != spacingKeyCol(p.Doc, key) || len(lines[i].dashes) > 0 {
			return
		}
		e, _ := syntaxShiftEdits(lines, i, "", delta)
		edits = append(edits, e...)
	}
	if syntaxFixHelps(p.Doc, edits, 0) {
		k := keys[0].Key
		to := spacingKeyCol(p.Doc, k) + delta
		desc := fmt.Sprintf("move `%s:` to column %d", k.Value, to)
		if len(keys) > 1 {
			desc = fmt.Sprintf("move `%s:` and the %d key%s after it to column %d", k.Value, len(keys)-1, plural(len(keys)-1), to)
		}
		d.WithFix(lint.IntentFix, desc, edits...)
	}
}

// spacingKeyCol is the column that places key in its mapping: where its
// anchor or tag starts (`&d destination:` is indented by its `&`), or the
// `?` of an explicit key, else its own column.
func spacingKeyCol(d *lint.Document, key *lint.Node) int {
	col := key.Range.Start.Col
	text := d.Lines.Line(key.Range.Start.Line)
	i := syntaxByteIndex(text, col)
	// Step back over the words before the key that belong to it.
	for {
		j := len(strings.TrimRight(text[:i], " \t"))
		k := strings.LastIndexAny(text[:j], " \t") + 1
		if k == j || !(text[k] == '&' || text[k] == '!' || text[k:j] == "?") {
			return spacingCol(text, i)
		}
		i = k
	}
}

// --- AS152/AS153 on valid YAML ------------------------------------------------

// spacingSegment is one source line of a plain scalar.
type spacingSegment struct {
	line  int
	text  string // the whole line
	start int    // byte index where the scalar's text starts on the line
	end   int
}

func (s spacingSegment) value() string { return s.text[s.start:s.end] }

// spacingSegments splits a plain scalar into its source lines.
func spacingSegments(d *lint.Document, n *lint.Node) []spacingSegment {
	var out []spacingSegment
	for line := n.Range.Start.Line; line <= n.Range.End.Line; line++ {
		text := d.Lines.Line(line)
		a, b := 0, len(text)
		if line == n.Range.Start.Line {
			a = syntaxByteIndex(text, n.Range.Start.Col)
		} else {
			for a < b && (text[a] == ' ' || text[a] == '\t') {
				a++
			}
		}
		if line == n.Range.End.Line {
			b = min(b, syntaxByteIndex(text, n.Range.End.Col))
		}
		for b > a && (text[b-1] == ' ' || text[b-1] == '\t') {
			b--
		}
		if a < b {
			out = append(out, spacingSegment{line: line, text: text, start: a, end: b})
		}
	}
	return out
}

// spacingParentKey is the key whose value n is ("" for list items and the root).
func spacingParentKey(n *lint.Node) string {
	if k := pairKey(n); k != nil {
		return k.Value
	}
	return ""
}

// spacingContainerKeys hold a mapping or a list, never plain text.
var spacingContainerKeys = map[string]bool{
	"files": true, "permissions": true, "hooks": true, "context": true, "resources": true,
	"properties": true, "loadbalancerinfo": true, "networkconfiguration": true, "awsvpcconfiguration": true,
}

// spacingTextListKeys hold lists of plain text.
var spacingTextListKeys = map[string]bool{
	"acls": true, "except": true, "type": true, "subnets": true, "securitygroups": true,
}

// spacingExpectsStructure reports whether n sits where a mapping or list
// was expected: a list item, the root, or the value of a container key or
// an event.
func spacingExpectsStructure(n *lint.Node, parentKey string) bool {
	if n.Parent == nil {
		return true
	}
	if n.Parent.Kind == lint.SequenceNode {
		// Items of acls, except, type and similar lists are text: `u:bob:rw`
		// is an ACL entry, not a glued key.
		return !spacingTextListKeys[strings.ToLower(spacingParentKey(n.Parent))]
	}
	lower := strings.ToLower(parentKey)
	if spacingContainerKeys[lower] {
		return true
	}
	for _, g := range spacingKeyGroups[lower] {
		if spacingGroups[g][0] == "applicationstop" {
			return true
		}
	}
	return false
}

// spacingGluedColon: `- location:scripts/a.sh` is valid YAML, the text
// "location:scripts/a.sh" where a mapping was meant. A scalar folded from
// several such lines is one finding: only fixing all of them gives valid
// YAML.
func spacingGluedColon(p *lint.Pass, n *lint.Node) {
	parentKey := spacingParentKey(n)
	structure := spacingExpectsStructure(n, parentKey)
	var at lint.Range
	var key, first string
	var edits []lint.Edit
	for i, seg := range spacingSegments(p.Doc, n) {
		v := seg.value()
		k, value, ok := culpritColon(v)
		if !ok {
			continue
		}
		if !spacingKnownKey(k) || strings.HasPrefix(value, "//") || strings.HasPrefix(value, ":") {
			continue
		}
		if !structure && !(i > 0 && spacingSameGroup(k, parentKey)) {
			continue
		}
		colon := seg.start + len(k)
		if edits == nil {
			tokEnd := colon + 1
			for tokEnd < seg.end && seg.text[tokEnd] != ' ' {
				tokEnd++
			}
			at = syntaxLineRange(seg.line, seg.text, seg.start, tokEnd)
			key, first = k, value
			// The pattern's "not a space" is ASCII; a value of Unicode
			// spaces only (a no-break space) has no field.
			if f := strings.Fields(value); len(f) > 0 {
				first = f[0]
			}
		}
		ins := syntaxPos(seg.line, seg.text, colon+1)
		edits = append(edits, lint.Edit{Range: lint.Range{Start: ins, End: ins}, NewText: " "})
	}
	if edits == nil {
		return
	}
	more := ""
	if len(edits) > 1 {
		more = fmt.Sprintf(" (and %d more line%s below)", len(edits)-1, plural(len(edits)-1))
	}
	d := p.Report(at, "`%s:%s`%s has no space after the colon, so YAML reads it as the text %q instead of the key `%s`; write `%s: %s`",
		key, first, more, key+":"+first, key, key, first).Supersede(n)
	if syntaxFixHelps(p.Doc, edits, 0) {
		desc := "add a space after `" + key + ":`"
		if len(edits) > 1 {
			desc = "add a space after each key's colon"
		}
		d.WithFix(lint.IntentFix, desc, edits...)
	}
}

var spacingDashWord = lazyRE(`^-([A-Za-z_][\w.-]*)(:?)`)

// spacingListKeys hold lists of plain values or of items.
var spacingListKeys = map[string]bool{
	"files": true, "permissions": true, "type": true, "acls": true, "except": true, "hooks": true, "resources": true,
}

// spacingGluedDash: `-location: a.sh` is the key "-location"; `-file` under
// `type:` is the text "-file".
func spacingGluedDash(p *lint.Pass, n *lint.Node) {
	if n.IsKey {
		m := spacingDashWord.FindStringSubmatch(n.Raw)
		if m == nil || m[0] != n.Raw {
			return
		}
		spacingReportDash(p, n.Range.Start.Line, p.Doc.Lines.Line(n.Range.Start.Line), syntaxByteIndex(p.Doc.Lines.Line(n.Range.Start.Line), n.Range.Start.Col), m[1], true, nil, n.Parent)
		return
	}
	parentKey := strings.ToLower(spacingParentKey(n))
	listy := spacingListKeys[parentKey]
	for _, g := range spacingKeyGroups[parentKey] {
		if spacingGroups[g][0] == "applicationstop" {
			listy = true
		}
	}
	// One finding per scalar: `-file` and `-directory` on two lines are one
	// value, and only fixing both gives valid YAML.
	var first *spacingSegment
	var word string
	var edits []lint.Edit
	for _, seg := range spacingSegments(p.Doc, n) {
		m := spacingDashWord.FindStringSubmatch(seg.value())
		if m == nil || (m[2] == "" && !listy) || (m[2] != "" && !spacingKnownKey(m[1]) && !listy) {
			continue
		}
		if first == nil {
			first, word = &seg, m[1]
		}
		ins := syntaxPos(seg.line, seg.text, seg.start+1)
		edits = append(edits, lint.Edit{Range: lint.Range{Start: ins, End: ins}, NewText: " "})
	}
	if first != nil {
		spacingReportDash(p, first.line, first.text, first.start, word, false, edits, n)
	}
}

// spacingReportDash reports a glued dash; cover is the node the mistake
// reshaped, whose other findings are consequences of it.
func spacingReportDash(p *lint.Pass, line int, text string, start int, word string, key bool, edits []lint.Edit, cover *lint.Node) {
	at := syntaxLineRange(line, text, start, start+1+len(word))
	if edits == nil {
		ins := syntaxPos(line, text, start+1)
		edits = []lint.Edit{{Range: lint.Range{Start: ins, End: ins}, NewText: " "}}
	}
	what := fmt.Sprintf("the text %q", "-"+word)
	if key {
		what = fmt.Sprintf("a key named `-%s`", word)
	}
	more := ""
	if len(edits) > 1 {
		more = fmt.Sprintf(" (and %d more line%s below)", len(edits)-1, plural(len(edits)-1))
	}
	d := p.Report(at, "`-%s`%s has no space after the dash, so YAML reads %s instead of a list item; write `- %s`", word, more, what, word)
	if cover != nil {
		d.Supersede(cover)
	}
	if syntaxFixHelps(p.Doc, edits, 0) {
		d.WithFix(lint.IntentFix, "add a space after `-`", edits...)
	}
}
