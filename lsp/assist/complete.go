package assist

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/appspec-lint/appspec-lint/lint"
)

// ItemKind is what a completion item inserts.
type ItemKind int

const (
	Key ItemKind = iota
	Value
	Event
	Snippet
)

func (k ItemKind) String() string {
	names := [...]string{"key", "value", "event", "snippet"}
	if k < 0 || int(k) >= len(names) {
		return "unknown"
	}
	return names[k]
}

// Item is one completion proposal. InsertText is the text to insert in
// place of the word at the cursor; when Snippet is set it uses the LSP
// snippet syntax (${1:default}). Its later lines are relative to the
// current line's indentation, which clients add.
type Item struct {
	Label      string
	Detail     string
	Doc        string
	Kind       ItemKind
	InsertText string
	Snippet    bool
}

// Complete proposes what can be written at a position of a YAML AppSpec:
// the keys valid there for the document's platform (those already present
// left out), lifecycle events without the reserved ones, the allowed values
// at a value, and snippets for a hook script entry and a files entry. It
// works from the text above the cursor (indentation and keys), so it also
// works in a document that does not parse while it is being typed.
func Complete(doc *lint.Document, at lint.Pos) []Item {
	if doc == nil || doc.Lines == nil || doc.Format == lint.JSON {
		return nil
	}
	ctx := textContext(doc.Lines, at)
	if ctx.comment {
		return nil
	}
	plat := platformOf(doc)
	top := schemaFor(plat)
	if ctx.valueOf != "" {
		return valueItems(top.walk(ctx.path).key(ctx.valueOf), ctx.valueOf, ctx.flowList)
	}
	s := top.walk(ctx.path)
	if !s.ok() {
		return nil
	}
	var items []Item
	if s.is("array") && !s.is("object") {
		it := s.item()
		if vals := it.values(""); len(vals) > 0 {
			for _, v := range vals {
				items = append(items, Item{Label: v, Kind: Value, InsertText: "- " + v, Detail: "item of " + last(ctx.path), Doc: it.description()})
			}
			return items
		}
		items = append(items, listSnippets(plat, ctx.path, it, true, ctx.present)...)
		return items
	}
	if ctx.dashed {
		// The cursor is on a new list item: offer the item's keys, and the
		// snippet without its dash.
		items = append(items, listSnippets(plat, ctx.path[:len(ctx.path)-1], s, false, ctx.present)...)
		if vals := s.values(""); len(vals) > 0 {
			for _, v := range vals {
				items = append(items, Item{Label: v, Kind: Value, InsertText: v, Doc: s.description()})
			}
			return items
		}
	}
	items = append(items, keyItems(plat, ctx.path, s, ctx.present)...)
	return items
}

func last(path []string) string {
	for i := len(path) - 1; i >= 0; i-- {
		if path[i] != "[]" {
			return path[i]
		}
	}
	return ""
}

// keyItems lists the keys of an object schema that are not yet present.
func keyItems(plat lint.Platform, path []string, s sch, present map[string]bool) []Item {
	events := isEventContainer(plat, path)
	var items []Item
	for _, name := range s.keyNames() {
		if present[name] || (s.fold && present[strings.ToLower(name)]) {
			continue
		}
		if events && isReserved(name) && plat == lint.EC2 {
			continue
		}
		v := s.key(name)
		it := Item{Label: name, Kind: Key, Doc: v.description()}
		switch {
		case events && plat == lint.EC2:
			it.Kind = Event
			it.Detail = "lifecycle event"
			if previousRevision(name) {
				it.Detail += " (runs the previous revision's scripts)"
			}
			it.InsertText = name + ":\n  - location: ${1:scripts/" + snake(name) + ".sh}"
			it.Snippet = true
		case events:
			it.Kind = Event
			it.Detail = "lifecycle event hook (a Lambda function)"
			it.InsertText = name + ": ${1:" + name + "Hook}"
			it.Snippet = true
		case v.is("object") && !v.is("array"):
			it.Detail = "mapping"
			it.InsertText = name + ":\n  "
		case v.is("array"):
			it.Detail = "list"
			it.InsertText = name + ":\n  - "
		default:
			it.Detail = "value"
			if vals := v.values(name); len(vals) > 0 {
				it.Detail = strings.Join(vals, " | ")
			}
			it.InsertText = name + ": "
			if name == "version" {
				it.InsertText = "version: 0.0"
			}
		}
		items = append(items, it)
	}
	return items
}

// snake turns an event name into a script file name: ApplicationStop ->
// application_stop.
func snake(s string) string {
	var b strings.Builder
	for i, r := range s {
		if r >= 'A' && r <= 'Z' {
			if i > 0 {
				b.WriteByte('_')
			}
			r += 'a' - 'A'
		}
		b.WriteRune(r)
	}
	return b.String()
}

// listSnippets offers whole list entries for a list whose items follow
// schema it: a hook script, a files entry, a permissions entry, and for the
// Lambda and ECS Hooks the events not yet used. withDash says the dash is
// still to be written.
func listSnippets(plat lint.Platform, path []string, it sch, withDash bool, present map[string]bool) []Item {
	dash, cont := "", ""
	if withDash {
		dash = "- "
	}
	cont = "\n  "
	var items []Item
	add := func(label, detail, body string) {
		items = append(items, Item{Label: label, Detail: detail, Doc: it.description(), Kind: Snippet, InsertText: dash + body, Snippet: true})
	}
	switch it.def {
	case "script":
		add("- location: (script)", "hook script entry", "location: ${1:scripts/start.sh}"+cont+"timeout: ${2:300}")
	case "fileEntry":
		add("- source: (files entry)", "files entry", "source: ${1:/}"+cont+"destination: ${2:/var/www/html}")
	case "permissionEntry":
		add("- object: (permissions entry)", "permissions entry", "object: ${1:/var/www/html}"+cont+"owner: ${2:root}"+cont+"mode: ${3:\"644\"}")
	case "hook":
		if !withDash {
			return nil // the item's keys come from keyItems
		}
		used := present
		for _, name := range it.keyNames() {
			if used[name] || used[strings.ToLower(name)] {
				continue
			}
			items = append(items, Item{Label: name, Detail: "lifecycle event hook (a Lambda function)", Doc: it.key(name).description(), Kind: Event, InsertText: "- " + name + ": ${1:" + name + "Hook}", Snippet: true})
		}
	case "resource":
		if plat == lint.ECS {
			add("- TargetService: (ECS service)", "ECS resource", "TargetService:"+cont+"  Type: AWS::ECS::Service"+cont+"  Properties:"+cont+"    TaskDefinition: ${1:<TASK_DEFINITION>}"+cont+"    LoadBalancerInfo:"+cont+"      ContainerName: ${2:app}"+cont+"      ContainerPort: ${3:80}")
		} else if plat == lint.Lambda {
			add("- function: (Lambda resource)", "Lambda resource", "${1:myLambdaFunction}:"+cont+"  Type: AWS::Lambda::Function"+cont+"  Properties:"+cont+"    Name: ${2:myLambdaFunction}"+cont+"    Alias: ${3:live}"+cont+"    CurrentVersion: ${4:1}"+cont+"    TargetVersion: ${5:2}")
		}
	}
	return items
}

// valueItems lists the allowed values of a key.
func valueItems(s sch, key string, flowList bool) []Item {
	if !s.ok() {
		return nil
	}
	target := s
	if s.is("array") {
		target = s.item()
	}
	var items []Item
	for _, v := range target.values(key) {
		ins := v
		if s.is("array") && !flowList {
			ins = "[" + v + "]"
		}
		items = append(items, Item{Label: v, Detail: "value of " + key, Doc: s.description(), Kind: Value, InsertText: ins})
	}
	return items
}

// context is what the text says about the cursor's place.
type context struct {
	path     []string        // keys from the root to the mapping or list the cursor is in
	present  map[string]bool // sibling keys already written (also lower-cased)
	valueOf  string          // the key whose value the cursor is at, if any
	flowList bool            // the value is a [flow, list] being typed
	dashed   bool            // the cursor's line starts a list item (path ends in "[]")
	comment  bool            // the cursor is in a comment
}

// frame is one structural element of a line: a list item's dash or a key,
// at a 0-based column.
type frame struct {
	col int
	seg string // "[]" for a dash, else the key
}

var keyRe = regexp.MustCompile(`^("[^"]*"|'[^']*'|[^\s:#'"\[\]{},][^:#]*?)\s*:(\s|$)`)

// frames splits a line into its dashes and its first key, and reports the
// column where the text after them starts.
func frames(line string) (fs []frame, rest int) {
	i := 0
	for i < len(line) && line[i] == ' ' {
		i++
	}
	for i < len(line) && line[i] == '-' && (i+1 == len(line) || line[i+1] == ' ') {
		fs = append(fs, frame{col: i, seg: "[]"})
		i++
		for i < len(line) && line[i] == ' ' {
			i++
		}
	}
	if m := keyRe.FindStringSubmatch(line[i:]); m != nil {
		k := strings.Trim(strings.TrimSpace(m[1]), `"'`)
		fs = append(fs, frame{col: i, seg: k})
	}
	return fs, i
}

// textContext reads the lines above the cursor (and below, for siblings).
func textContext(li *lint.LineIndex, at lint.Pos) context {
	ctx := context{present: map[string]bool{}}
	line := li.Line(at.Line)
	// Byte offset of the cursor in the line (columns count runes).
	off := 0
	for c := 1; c < at.Col && off < len(line); c++ {
		_, size := utf8.DecodeRuneInString(line[off:])
		off += size
	}
	before := line[:off]
	if i := strings.Index(before, "#"); i >= 0 && (i == 0 || before[i-1] == ' ') {
		ctx.comment = true
		return ctx
	}
	fs, restCol := frames(before)
	// The cursor's own frames: dashes before it, and a key it is at the
	// value of.
	var own []frame
	for _, f := range fs {
		if f.seg == "[]" {
			own = append(own, f)
		}
	}
	limit := restCol // the column the cursor's entry starts at
	if len(fs) > 0 && fs[len(fs)-1].seg != "[]" {
		kf := fs[len(fs)-1]
		ctx.valueOf = kf.seg
		after := strings.TrimSpace(before[kf.col:])
		after = strings.TrimSpace(after[strings.Index(after, ":")+1:])
		ctx.flowList = strings.HasPrefix(after, "[")
		limit = kf.col
	}
	if len(own) > 0 {
		limit = own[0].col
		ctx.dashed = ctx.valueOf == ""
	}
	// Walk up from the line above, collecting parents and siblings.
	var rev []string
	siblingCol := limit
	if len(own) > 0 {
		siblingCol = -1 // a new item has no siblings above
	}
	for n := at.Line - 1; n >= 1 && (limit > 0 || siblingCol == 0); n-- {
		l := li.Line(n)
		t := strings.TrimSpace(l)
		if t == "" || strings.HasPrefix(t, "#") || t == "---" {
			continue
		}
		lfs, _ := frames(l)
		if len(lfs) == 0 {
			continue // a continuation of a scalar
		}
		for i := len(lfs) - 1; i >= 0; i-- {
			f := lfs[i]
			if f.col == siblingCol && f.seg != "[]" {
				ctx.addPresent(f.seg)
			}
			if f.col < limit {
				rev = append(rev, f.seg)
				limit = f.col
				siblingCol = -2
			}
		}
	}
	for i := len(rev) - 1; i >= 0; i-- {
		ctx.path = append(ctx.path, rev[i])
	}
	// Keys written below the cursor at the same column, before a dedent.
	col := restCol
	if ctx.valueOf == "" && len(own) == 0 {
		for n := at.Line + 1; n <= li.LineCount(); n++ {
			l := li.Line(n)
			t := strings.TrimSpace(l)
			if t == "" || strings.HasPrefix(t, "#") {
				continue
			}
			lfs, _ := frames(l)
			if len(lfs) == 0 {
				continue
			}
			if lfs[0].col < col || (lfs[0].col == col && lfs[0].seg == "[]") {
				break
			}
			if lfs[0].col == col {
				ctx.addPresent(lfs[0].seg)
			}
		}
	}
	for range own {
		ctx.path = append(ctx.path, "[]")
	}
	// Lambda and ECS hook events are used once across all the Hooks items.
	if len(ctx.path) >= 1 && strings.EqualFold(ctx.path[0], "Hooks") && (len(ctx.path) == 1 || ctx.dashed && len(ctx.path) == 2) {
		hooksEvents(li, at.Line, ctx.present)
	}
	return ctx
}

func (c *context) addPresent(k string) {
	c.present[k] = true
	c.present[strings.ToLower(k)] = true
}

// hooksEvents adds the events named in the items of the top-level Hooks
// list around line cur.
func hooksEvents(li *lint.LineIndex, cur int, present map[string]bool) {
	start := 0
	for n := cur - 1; n >= 1; n-- {
		l := li.Line(n)
		if len(l) > 0 && l[0] != ' ' && l[0] != '#' && l[0] != '-' {
			start = n
			break
		}
	}
	if start == 0 {
		return
	}
	for n := start + 1; n <= li.LineCount(); n++ {
		if n == cur {
			continue
		}
		l := li.Line(n)
		if len(l) > 0 && l[0] != ' ' && l[0] != '#' && l[0] != '-' {
			break
		}
		fs, _ := frames(l)
		if len(fs) >= 2 && fs[0].seg == "[]" && fs[1].seg != "[]" {
			present[fs[1].seg] = true
			present[strings.ToLower(fs[1].seg)] = true
		}
	}
}
