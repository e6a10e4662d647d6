package rules

import (
	"fmt"
	"math/rand"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/appspec-lint/appspec-lint/lint"
)

// canonGen writes random YAML documents with random (valid) layouts: any
// indentation of nested mappings and lists (indentless lists too), one to
// three spaces after dashes and colons, spaces before colons, block scalars
// with and without indentation indicators and keep chomping, multi-line
// plain, quoted and flow values, anchors and aliases, comments at any column
// and blank lines, in files with a BOM, CRLF line endings or a `---` line.
// The layout of each document is what AS150 must fix without changing the
// data.
type canonGen struct {
	r     *rand.Rand
	lines []string
	cur   strings.Builder
	n     int // keys written, for unique names
	anch  []string
}

func (g *canonGen) newline() {
	g.lines = append(g.lines, g.cur.String())
	g.cur.Reset()
}

func (g *canonGen) sp(n int) { g.cur.WriteString(strings.Repeat(" ", n)) }

func (g *canonGen) pick(n int) int { return g.r.Intn(n) }

var canonGenWords = []string{"alpha", "0644", "0.0", "true", "/var/www", "u:bob:rw", "scripts/a.sh", "3600", "~", "x y z", "a#b", "*.txt"}

func (g *canonGen) word() string {
	w := canonGenWords[g.pick(len(canonGenWords))]
	if strings.HasPrefix(w, "*") {
		return `"` + w + `"`
	}
	return w
}

func (g *canonGen) doc() string {
	g.lines, g.n, g.anch = nil, 0, nil
	g.cur.Reset()
	switch g.pick(8) {
	case 0, 1:
		g.cur.WriteString("# header")
		g.newline()
	case 2:
		g.cur.WriteString("--- # start")
		g.newline()
	}
	col := 0
	if g.pick(6) == 0 {
		col = 1 + g.pick(3)
	}
	if g.pick(8) == 0 {
		g.seq(col, 0)
	} else {
		g.mapping(col, 0, false)
	}
	g.newline()
	if g.pick(4) == 0 {
		g.cur.WriteString(strings.Repeat(" ", g.pick(6)) + "# trailer")
		g.newline()
	}
	out := strings.Join(g.lines, "\n")
	if g.pick(6) == 0 {
		out = strings.ReplaceAll(out, "\n", "\r\n")
	}
	if g.pick(8) == 0 {
		out = "\uFEFF" + out
	}
	return out
}

// extras writes comment and blank lines between entries.
func (g *canonGen) extras(col int) {
	for g.pick(5) == 0 {
		g.newline()
		switch g.pick(3) {
		case 0:
			g.sp(g.pick(col + 4))
			g.cur.WriteString("# note")
		case 1:
			g.sp(col)
			g.cur.WriteString("# aligned")
		case 2:
			g.sp(g.pick(3))
		}
	}
}

// mapping writes a block mapping whose keys are at column col; inline says
// the first key continues the current line (after a dash).
func (g *canonGen) mapping(col, depth int, inline bool) {
	n := 1 + g.pick(3)
	for i := 0; i < n; i++ {
		if i > 0 || !inline {
			if g.cur.Len() > 0 || len(g.lines) > 0 {
				g.extras(col)
				g.newline()
			}
			g.sp(col)
		}
		g.n++
		key := fmt.Sprintf("k%d", g.n)
		switch g.pick(8) {
		case 0:
			key = `"` + key + `"`
		case 1:
			key = "&a" + fmt.Sprint(g.n) + " " + key
		}
		g.cur.WriteString(key)
		if g.pick(6) == 0 {
			g.sp(1 + g.pick(2))
		}
		g.cur.WriteString(":")
		g.value(col, depth)
	}
}

// value writes the value of a key whose mapping is at column col.
func (g *canonGen) value(col, depth int) {
	gap := 1 + g.pick(3)
	k := g.pick(12)
	if depth >= 4 && k >= 8 {
		k = g.pick(8)
	}
	switch k {
	case 0, 1, 2:
		g.sp(gap)
		g.scalarText()
	case 3:
		g.sp(gap)
		g.block(col)
	case 4:
		g.sp(gap)
		g.multiline(col)
	case 5:
		g.sp(gap)
		g.flow(col)
	case 6:
		// nothing: null
		if g.pick(2) == 0 {
			g.cur.WriteString(" # empty")
		}
	case 7:
		if len(g.anch) > 0 {
			g.sp(gap)
			g.cur.WriteString("*" + g.anch[g.pick(len(g.anch))])
		} else {
			g.sp(gap)
			g.scalarText()
		}
	case 8, 9:
		if g.pick(5) == 0 {
			g.sp(gap)
			g.cur.WriteString("&m" + fmt.Sprint(g.n))
		}
		g.mapping(col+1+g.pick(4), depth+1, false)
	default:
		g.seq(col+g.pick(4), depth+1)
	}
}

func (g *canonGen) scalarText() {
	switch g.pick(6) {
	case 0:
		g.cur.WriteString(`"quoted ` + g.word() + `"`)
	case 1:
		g.cur.WriteString(`'single ` + g.word() + `'`)
	case 2:
		name := fmt.Sprintf("s%d", g.n)
		g.anch = append(g.anch, name)
		g.cur.WriteString("&" + name + " " + g.word())
	case 3:
		g.cur.WriteString("!!str " + g.word())
	default:
		g.cur.WriteString(g.word())
	}
}

// block writes a block scalar owned by something at column col.
func (g *canonGen) block(col int) {
	ind := col + 1 + g.pick(4)
	head := []string{"|", ">", "|-", "|+", ">+", "|2", ">1-"}[g.pick(7)]
	if strings.ContainsAny(head, "12") {
		extra := int(head[len(head)-1] - '0')
		if head[len(head)-1] == '-' {
			extra = int(head[len(head)-2] - '0')
		}
		ind = col + extra
	}
	g.cur.WriteString(head)
	if g.pick(4) == 0 {
		g.cur.WriteString(" # c")
	}
	n := 1 + g.pick(4)
	for i := 0; i < n; i++ {
		g.newline()
		switch {
		case i > 0 && g.pick(4) == 0:
			g.sp(g.pick(ind + 3)) // blank or whitespace-only
		case i > 0 && g.pick(4) == 0:
			g.sp(ind + 1 + g.pick(3))
			g.cur.WriteString("# not a comment")
		default:
			g.sp(ind + map[bool]int{true: 0, false: g.pick(3)}[i == 0])
			g.cur.WriteString("line " + g.word())
		}
	}
	if g.pick(3) == 0 {
		g.newline()
		g.sp(g.pick(ind + 4))
	}
	if g.pick(3) == 0 {
		g.newline()
		g.sp(g.pick(col + 1))
		g.cur.WriteString("# after the block")
	}
}

// multiline writes a plain or quoted scalar over several lines.
func (g *canonGen) multiline(col int) {
	q := []string{"", `"`, `'`}[g.pick(3)]
	g.cur.WriteString(q + "first part")
	n := 1 + g.pick(3)
	for i := 0; i < n; i++ {
		g.newline()
		if g.pick(5) == 0 {
			g.newline()
		}
		g.sp(col + 1 + g.pick(4))
		g.cur.WriteString("more text")
	}
	g.cur.WriteString(q)
}

func (g *canonGen) flow(col int) {
	if g.pick(2) == 0 {
		g.cur.WriteString("[a, b, {c: d}]")
		return
	}
	g.cur.WriteString("{x: 1,")
	g.newline()
	g.sp(col + 1 + g.pick(5))
	g.cur.WriteString("y: [2,")
	g.newline()
	g.sp(col + 1 + g.pick(5))
	g.cur.WriteString("3]}")
}

// seq writes a block list whose dashes are at column col.
func (g *canonGen) seq(col, depth int) {
	n := 1 + g.pick(3)
	for i := 0; i < n; i++ {
		if g.cur.Len() > 0 || len(g.lines) > 0 {
			g.extras(col)
			g.newline()
		}
		g.sp(col)
		g.item(col, depth)
	}
}

// item writes a list item after its dash at column col.
func (g *canonGen) item(col, depth int) {
	g.cur.WriteString("-")
	gap := 1 + g.pick(3)
	k := g.pick(10)
	if depth >= 4 && k >= 5 {
		k = g.pick(5)
	}
	switch k {
	case 0, 1:
		g.sp(gap)
		g.scalarText()
	case 2:
		g.sp(gap)
		g.block(col)
	case 3:
		g.sp(gap)
		g.multiline(col)
	case 4:
		if g.pick(2) == 0 {
			g.sp(gap)
			g.flow(col)
		}
	case 5, 6, 7:
		g.sp(gap)
		g.mapping(col+1+gap, depth+1, true)
	case 8:
		g.sp(gap)
		g.item(col+1+gap, depth+1)
	default:
		// the item on the next line
		if g.pick(3) == 0 {
			g.cur.WriteString(" # c")
		}
		g.newline()
		if g.pick(2) == 0 {
			g.mapping(col+1+g.pick(3), depth+1, false)
		} else {
			g.sp(col + 1 + g.pick(3))
			g.scalarText()
		}
	}
}

var canonGenCount = 4000

// TestCanonRandomLayouts: on thousands of random layouts, every AS150 fix on
// its own keeps the data, the whole layout fix keeps the data and leaves no
// AS150 finding, and it is idempotent.
func TestCanonRandomLayouts(t *testing.T) {
	g := &canonGen{r: rand.New(rand.NewSource(150))}
	l := lint.New([]*lint.Rule{SpacingCanonical})
	all := lint.New(All())
	cfg := &lint.Config{Platform: lint.EC2}
	valid, modelled, reported := 0, 0, 0
	for i := 0; i < canonGenCount; i++ {
		src := g.doc()
		doc := lint.Parse("appspec.yml", []byte(src))
		if doc.SyntaxError != nil || doc.Root == nil {
			continue
		}
		valid++
		if m := canonBuild(doc); m != nil {
			modelled++
			m.release()
		}
		ds := l.Lint(doc, cfg)
		if len(ds) > 0 {
			reported++
		}
		for _, d := range ds {
			if d.Fix == nil {
				t.Fatalf("doc %d: finding without fix at %v: %s\n%s", i, d.Range, d.Message, src)
			}
			if d.Fix.Kind != lint.LayoutFix {
				t.Fatalf("doc %d: not a layout fix", i)
			}
			out := lint.Parse("appspec.yml", lint.ApplyEdits(doc, d.Fix.Edits))
			if out.SyntaxError != nil || !lint.SameData(doc, out) {
				t.Fatalf("doc %d: the fix of %v (%s) alone changes the data:\n%s\n--- after:\n%s", i, d.Range.Start, d.Message, src, out.Src)
			}
		}
		r := l.Fix("appspec.yml", []byte(src), cfg, false, nil)
		if r.Doc.SyntaxError != nil || !lint.SameData(doc, r.Doc) {
			t.Fatalf("doc %d: the layout fix changes the data:\n%s\n--- after:\n%s", i, src, r.Src)
		}
		if len(r.Remain) > 0 {
			t.Fatalf("doc %d: AS150 remains after the fix: %v %s\n%s\n--- after:\n%s", i, r.Remain[0].Range, r.Remain[0].Message, src, r.Src)
		}
		if again := l.Fix("appspec.yml", r.Src, cfg, false, nil); string(again.Src) != string(r.Src) {
			t.Fatalf("doc %d: not idempotent:\n%s", i, r.Src)
		}
		// With every rule: AS150 together with the BOM, CRLF and tab fixes.
		if i%10 == 0 {
			r := all.Fix("appspec.yml", []byte(src), cfg, false, nil)
			if r.Doc.SyntaxError != nil || !lint.SameData(doc, r.Doc) {
				t.Fatalf("doc %d: the layout fix of all rules changes the data:\n%q\n--- after:\n%q", i, src, r.Src)
			}
			if again := all.Fix("appspec.yml", r.Src, cfg, false, nil); string(again.Src) != string(r.Src) {
				t.Fatalf("doc %d: not idempotent with all rules:\n%q", i, r.Src)
			}
			r = all.Fix("appspec.yml", []byte(src), cfg, true, nil)
			if r.Doc.SyntaxError != nil {
				t.Fatalf("doc %d: fixing everything breaks the file:\n%q\n--- after:\n%q", i, src, r.Src)
			}
			if again := all.Fix("appspec.yml", r.Src, cfg, true, nil); string(again.Src) != string(r.Src) {
				t.Fatalf("doc %d: fixing everything is not idempotent:\n%q", i, r.Src)
			}
		}
	}
	t.Logf("%d valid documents, %d modelled, %d with findings", valid, modelled, reported)
	if valid < 1000 || modelled < valid*9/10 || reported < valid/2 {
		t.Errorf("the generator does not exercise AS150: %d valid, %d modelled, %d reported", valid, modelled, reported)
	}
}

// canonFixed lints src, finds the finding of rule id on line, and returns
// its message and the text after its fix ("" when it has none).
func canonFixed(t *testing.T, name, src, id string, line int) (string, string) {
	t.Helper()
	doc := lint.Parse(name, []byte(src))
	for _, d := range lint.New(All()).Lint(doc, nil) {
		if d.Rule.ID == id && d.Range.Start.Line == line {
			if d.Fix == nil {
				return d.Message, ""
			}
			return d.Message, string(lint.ApplyEdits(doc, d.Fix.Edits))
		}
	}
	t.Fatalf("no %s finding on line %d of:\n%s", id, line, src)
	return "", ""
}

// A lifecycle event written at the top level (AS211): the message says
// where hooks: is and the indentation; the fix indents the events that
// directly follow hooks:, or adds hooks: when there is none.
func TestTopLevelEvent(t *testing.T) {
	for _, c := range []struct {
		name, src string
		line      int
		msg, want string
	}{
		{"after hooks", "version: 0.0\nos: linux\nhooks:\n    AfterInstall:\n      - location: a.sh\nApplicationStart:\n  - location: b.sh\n", 6,
			"belongs under `hooks:` (line 3): indent it 4 spaces more (to column 5)",
			"version: 0.0\nos: linux\nhooks:\n    AfterInstall:\n      - location: a.sh\n    ApplicationStart:\n      - location: b.sh\n"},
		{"empty hooks", "version: 0.0\nos: linux\nhooks:\nApplicationStart:\n  - location: b.sh", 4,
			"belongs under `hooks:` (line 3): indent it 2 spaces more (to column 3)",
			"version: 0.0\nos: linux\nhooks:\n  ApplicationStart:\n    - location: b.sh\n"},
		{"not after hooks", "version: 0.0\nos: linux\nhooks:\n  AfterInstall:\n    - location: a.sh\nfiles:\n  - source: /\n    destination: /x\nValidateService:\n  - location: c.sh\n", 9,
			"belongs under `hooks:` (line 3): move it there, indented to column 3", ""},
		{"no hooks", "version: 0.0\r\nos: linux\r\nBeforeInstall:\r\n  - location: a.sh\r\nApplicationStart:\r\n  - location: b.sh\r\n", 5,
			"the file has no `hooks:` section: add a `hooks:` line above it and indent it 2 spaces more (to column 3)",
			"version: 0.0\r\nos: linux\r\nhooks:\r\n  BeforeInstall:\r\n    - location: a.sh\r\n  ApplicationStart:\r\n    - location: b.sh\r\n"},
		{"Hooks in another case", "version: 0.0\nos: linux\nHooks:\n  AfterInstall:\n    - location: a.sh\nApplicationStart:\n  - location: b.sh\n", 6,
			"the file has no `hooks:` section", ""},
		{"flow hooks", "version: 0.0\nos: linux\nhooks: {AfterInstall: [{location: a.sh}]}\nApplicationStart:\n  - location: b.sh\n", 4,
			"belongs under `hooks:` (line 3): move it there, indented to column 3", ""},
		{"misspelt", "version: 0.0\nos: linux\nhooks:\n  AfterInstall:\n    - location: a.sh\napplication_start:\n  - location: b.sh\n", 6,
			"it is the lifecycle event ApplicationStart and belongs under `hooks:` (line 3)",
			"version: 0.0\nos: linux\nhooks:\n  AfterInstall:\n    - location: a.sh\n  application_start:\n    - location: b.sh\n"},
	} {
		msg, got := canonFixed(t, "appspec.yml", c.src, "AS211", c.line)
		if !strings.Contains(msg, c.msg) {
			t.Errorf("%s: message %q lacks %q", c.name, msg, c.msg)
		}
		if got != c.want {
			t.Errorf("%s: fixed to\n%q\nwant\n%q", c.name, got, c.want)
		}
	}
	msg, _ := canonFixed(t, "appspec.json", `{"version": 0.0, "os": "linux", "hooks": {}, "BeforeInstall": [{"location": "a.sh"}]}`, "AS211", 1)
	if !strings.Contains(msg, "belongs inside `hooks` (line 1): move it there") {
		t.Errorf("json: %s", msg)
	}
}

// Scripts of a reserved event (AS503) move into the event around it: renamed
// when that event is not listed, merged into it (in the order the events
// run) when it is.
func TestReservedEventMerge(t *testing.T) {
	for _, c := range []struct {
		name, src string
		line      int
		want      string
	}{
		{"install before", "version: 0.0\nos: linux\nhooks:\n  Install:\n    - location: a.sh\n  AfterInstall:\n    - location: b.sh\n", 4,
			"version: 0.0\nos: linux\nhooks:\n  AfterInstall:\n    - location: a.sh\n    - location: b.sh\n"},
		{"install after, other indentation", "version: 0.0\nos: linux\nhooks:\n  AfterInstall:\n  - location: b.sh\n  Install:\n      - location: a.sh\n        timeout: 10\n", 6,
			"version: 0.0\nos: linux\nhooks:\n  AfterInstall:\n  - location: a.sh\n    timeout: 10\n  - location: b.sh\n"},
		{"end appends", "version: 0.0\nos: linux\nhooks:\n  End:\n    - location: z.sh\n  ValidateService:\n    - location: v.sh\n", 4,
			"version: 0.0\nos: linux\nhooks:\n  ValidateService:\n    - location: v.sh\n    - location: z.sh\n"},
		{"empty target at the end", "version: 0.0\nos: linux\nhooks:\n  Install:\n    - location: a.sh\n  AfterInstall:", 4,
			"version: 0.0\nos: linux\nhooks:\n  AfterInstall:\n    - location: a.sh"},
		{"comment on the key line", "version: 0.0\nos: linux\nhooks:\n  Install: # old\n    - location: a.sh\n  AfterInstall:\n    - location: b.sh\n", 4, ""},
		{"flow target", "version: 0.0\nos: linux\nhooks:\n  Install:\n    - location: a.sh\n  AfterInstall: [{location: b.sh}]\n", 4, ""},
		{"install alone", "version: 0.0\nos: linux\nhooks:\n  Install:\n    - location: a.sh\n", 4,
			"version: 0.0\nos: linux\nhooks:\n  AfterInstall:\n    - location: a.sh\n"},
	} {
		_, got := canonFixed(t, "appspec.yml", c.src, "AS503", c.line)
		if got != c.want {
			t.Errorf("%s: fixed to\n%q\nwant\n%q", c.name, got, c.want)
		}
	}
}

// TestCanonLinear: the work is linear even for a pathological file. In 2000
// nested mappings, each indented 3 spaces more than its parent (every one
// off its column), each finding's fix lays out everything below it, but
// fixes nest at most canonMaxOffDepth deep, so all the fixes together hold
// a bounded number of edits per line; and one round of fixes is enough.
func TestCanonLinear(t *testing.T) {
	const depth = 2000
	var b strings.Builder
	for i := 0; i < depth; i++ {
		fmt.Fprintf(&b, "%sk%d:\n", strings.Repeat(" ", 3*i), i)
	}
	fmt.Fprintf(&b, "%sleaf: 1\n", strings.Repeat(" ", 3*depth))
	src := []byte(b.String())
	doc := lint.Parse("appspec.yml", src)
	if doc.SyntaxError != nil {
		t.Skipf("the parser refuses %d levels: %v", depth, doc.SyntaxError.Message)
	}
	l := lint.New([]*lint.Rule{SpacingCanonical})
	cfg := &lint.Config{Platform: lint.EC2}
	ds := l.Lint(doc, cfg)
	seen := map[*lint.Edit]bool{}
	edits := 0
	for _, d := range ds {
		if d.Fix != nil && len(d.Fix.Edits) > 0 && !seen[&d.Fix.Edits[0]] {
			seen[&d.Fix.Edits[0]] = true
			edits += len(d.Fix.Edits)
		}
	}
	lines := doc.Lines.LineCount()
	if edits > (canonMaxOffDepth+1)*3*lines {
		t.Errorf("%d edits for %d lines: not linear", edits, lines)
	}
	r := l.Fix("appspec.yml", src, cfg, false, nil)
	if len(r.Remain) > 0 || !lint.SameData(doc, r.Doc) {
		t.Errorf("not laid out in one go: %d findings remain", len(r.Remain))
	}
}

// BenchmarkSpacingCanonical lints a 5000-line file in the 3/5/7 layout with
// AS150 alone: every event line is reported and carries the fix of the
// whole hooks section.
func BenchmarkSpacingCanonical(b *testing.B) {
	var sb strings.Builder
	sb.WriteString("version: 0.0\nos: linux\nhooks:\n")
	for i := 0; sb.Len() < 5000*20; i++ {
		fmt.Fprintf(&sb, "   Event%d:\n     - location: scripts/s%d.sh\n       timeout: 300\n", i, i)
	}
	src := []byte(sb.String())
	l := lint.New([]*lint.Rule{SpacingCanonical})
	cfg := &lint.Config{Platform: lint.EC2}
	b.SetBytes(int64(len(src)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		l.Lint(lint.Parse("appspec.yml", src), cfg)
	}
}

// TestCanonSortToks: the counting and insertion sort orders tokens as a
// stable sort by line and byte index does, out-of-range lines included.
func TestCanonSortToks(t *testing.T) {
	rng := rand.New(rand.NewSource(3))
	for round := 0; round < 2000; round++ {
		m := &canonModel{lines: make([]canonLine, 1+rng.Intn(8))}
		for i := rng.Intn(30); i > 0; i-- {
			line := 1 + rng.Intn(len(m.lines))
			if rng.Intn(50) == 0 {
				line = len(m.lines) + 1 // not a line of the document
			}
			// item tells equal tokens apart, to check stability
			m.toks = append(m.toks, canonTok{line: line, idx: rng.Intn(4), item: &lint.Node{Raw: fmt.Sprint(i)}})
		}
		want := slices.Clone(m.toks)
		slices.SortStableFunc(want, func(a, b canonTok) int {
			if a.line != b.line {
				return a.line - b.line
			}
			return a.idx - b.idx
		})
		m.sortToks()
		if !slices.Equal(m.toks, want) {
			t.Fatalf("round %d: sorted %v, want %v", round, m.toks, want)
		}
	}
}

// TestCanonSparesFull: a model released while the spares are full (more
// documents linted at once than spares kept) is dropped, not waited for.
func TestCanonSparesFull(t *testing.T) {
	d := lint.Parse("appspec.yml", []byte("os: linux\n"))
	var ms []*canonModel
	for range cap(canonSpares) + 1 {
		ms = append(ms, newCanonModel(d, d.Lines.LineCount())) // takes every spare there is
	}
	done := make(chan struct{})
	go func() {
		for _, m := range ms {
			m.release()
		}
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("release waits when the spares are full")
	}
	if len(canonSpares) != cap(canonSpares) {
		t.Errorf("%d spares kept, want %d", len(canonSpares), cap(canonSpares))
	}
}
