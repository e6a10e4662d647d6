package lint

import (
	"strings"
	"testing"
	"time"
)

// rangeOf returns the text a node's range covers, to check ranges exactly.
func rangeText(d *Document, n *Node) string { return d.Text(n.Range) }

func TestScalarRangesAndRaw(t *testing.T) {
	src := "version: 0.0\n" +
		"os: \"li🙂nux\" # comment\n" +
		"mode: 0644\n" +
		"q: 'it''s'\n" +
		"lit: |\n  line one\n  line two\n\n" +
		"flow: [a, \"b\", {k: v}]\n" +
		"empty:\n" +
		"tilde: ~\n" +
		"multi: first\n  second\n" +
		"after: x\n"
	d := Parse("appspec.yml", []byte(src))
	if d.SyntaxError != nil {
		t.Fatalf("unexpected syntax error: %+v", d.SyntaxError)
	}
	cases := map[string]string{
		"version": "0.0",
		"os":      `"li🙂nux"`,
		"mode":    "0644",
		"q":       `'it''s'`,
		"lit":     "|\n  line one\n  line two",
		"flow":    `[a, "b", {k: v}]`,
		"empty":   "",
		"tilde":   "~",
		"multi":   "first\n  second",
		"after":   "x",
	}
	for key, want := range cases {
		v := d.Root.Val(key)
		if v == nil {
			t.Errorf("%s: missing", key)
			continue
		}
		if got := rangeText(d, v); got != want {
			t.Errorf("%s: range covers %q, want %q", key, got, want)
		}
	}
	if v := d.Root.Val("os"); v.Value != "li🙂nux" || v.Style != DoubleQuoted || v.Raw != `"li🙂nux"` {
		t.Errorf("os: value %q style %v raw %q", v.Value, v.Style, v.Raw)
	}
	if v := d.Root.Val("mode"); v.Raw != "0644" || v.Tag != "!!int" {
		t.Errorf("mode keeps its raw text: %q %s", v.Raw, v.Tag)
	}
	// Columns count characters: the comment after the emoji value.
	os := d.Root.Get("os").Value
	if os.Range.End != (Pos{Line: 2, Col: 13}) {
		t.Errorf("os value ends at %v, want 2:13 (characters, not bytes)", os.Range.End)
	}
	if !d.Root.Val("empty").IsNull() || d.Root.Val("empty").Range.Start != d.Root.Val("empty").Range.End {
		t.Errorf("an empty value is null with an empty range")
	}
}

func TestKeysParentsAndDuplicates(t *testing.T) {
	d := Parse("appspec.yml", []byte("hooks:\n  BeforeInstall:\n    - location: a.sh\n  BeforeInstall:\n    - location: b.sh\n"))
	hooks := d.Root.Val("hooks")
	if len(hooks.Pairs) != 2 {
		t.Fatalf("duplicate keys must both be kept for AS111, got %d", len(hooks.Pairs))
	}
	last := hooks.Get("BeforeInstall")
	if last != hooks.Pairs[1] {
		t.Errorf("Get returns the last duplicate, as the agent keeps it")
	}
	if !last.Key.IsKey || last.Key.Parent != hooks || last.Value.Items[0].Parent != last.Value {
		t.Errorf("parents and key flags are set")
	}
	if len(d.Spec.Events) != 2 || d.Spec.Events[1].Scripts[0].Location.Value.Value != "b.sh" {
		t.Errorf("spec events: %+v", d.Spec.Events)
	}
}

func TestBOMAndCRLF(t *testing.T) {
	d := Parse("appspec.yml", []byte("\xef\xbb\xbfversion: 0.0\r\nos: linux\r\n"))
	if !d.HasBOM || !d.HasCRLF || d.SyntaxError != nil {
		t.Fatalf("BOM %v CRLF %v err %+v", d.HasBOM, d.HasCRLF, d.SyntaxError)
	}
	// The BOM is the first character of line 1.
	if k := d.Root.Pairs[0].Key; k.Range.Start != (Pos{1, 2}) || k.Raw != "version" {
		t.Errorf("version key at %v raw %q", k.Range.Start, k.Raw)
	}
	if v := d.Root.Val("os"); v.Range.End != (Pos{2, 10}) || d.Lines.Line(2) != "os: linux" {
		t.Errorf("CR is not part of the line: %v %q", v.Range.End, d.Lines.Line(2))
	}
}

// TestSecondBOM: a second byte order mark after the file's own is one column
// of indentation on line 1, as libyaml (the agent's parser) reads it. The Go
// parser alone read `os: linux` below as the key `s`.
func TestSecondBOM(t *testing.T) {
	const bom = "\uFEFF"
	broken := Parse("appspec.yml", []byte(bom+bom+"version: 0.0\nos: linux\n"))
	if e := broken.SyntaxError; e == nil || e.Pos != (Pos{2, 1}) {
		t.Errorf("two marks before a mapping: want libyaml's error at 2:1, got %+v", e)
	}
	nested := Parse("appspec.yml", []byte(bom+bom+"hooks:\n  AfterInstall: x\n"))
	if nested.SyntaxError != nil || nested.Root.Pairs[0].Key.Range.Start != (Pos{1, 3}) ||
		nested.Root.Val("hooks").Val("AfterInstall") == nil || nested.Root.Val("hooks").Val("AfterInstall").Value != "x" {
		t.Errorf("an indented block under line 1: %+v %+v", nested.SyntaxError, nested.Root)
	}
	text := Parse("appspec.yml", []byte(bom+bom+bom))
	if text.Root == nil || text.Root.Value != bom || text.Root.Range.Start != (Pos{1, 3}) {
		t.Errorf("three marks: want the text U+FEFF at 1:3, got %+v", text.Root)
	}
	comment := Parse("appspec.yml", []byte(bom+bom+"# c\nos: linux\n"))
	if comment.SyntaxError != nil || comment.Root.Val("os") == nil || comment.Root.Val("os").Value != "linux" {
		t.Errorf("a comment on line 1: %+v", comment.SyntaxError)
	}
	// At the start of a later line (files joined), libyaml skips a mark as
	// a space too: before a comment or nothing it does no harm. Before text,
	// the Go parser reads it as text (AS112 reports it).
	joined := Parse("appspec.yml", []byte("version: 0.0\n"+bom+"# part 2\n"+bom+"\nos: linux\n"+bom+"files: x\n"))
	if joined.SyntaxError != nil || joined.Root.Val("os") == nil || joined.Root.Val(bom+"files") == nil ||
		joined.Root.Val("os").Range.Start != (Pos{4, 5}) {
		t.Errorf("joined parts: %+v %+v", joined.SyntaxError, joined.Root)
	}
}

// TestCommentRightAfterAValue: libyaml, the agent's parser, reads a comment
// with no space before it after a quoted or flow value; YAML 1.2 and the Go
// parser alone refuse it. The file reads as libyaml reads it, at the same
// positions.
func TestCommentRightAfterAValue(t *testing.T) {
	src := "files:\n  - source: \"/\"# all\n    destination: [/var/www]#web\nrunas: 'root'#who\nplain: a#b\n"
	d := Parse("appspec.yml", []byte(src))
	if d.SyntaxError != nil {
		t.Fatalf("syntax error %+v", d.SyntaxError)
	}
	entry := d.Root.Val("files").Items[0]
	if v := entry.Val("source"); v.Value != "/" || v.Range != (Range{Pos{2, 13}, Pos{2, 16}}) {
		t.Errorf("source %q at %v", v.Value, v.Range)
	}
	if v := entry.Val("destination"); v.Kind != SequenceNode || v.Range != (Range{Pos{3, 18}, Pos{3, 28}}) {
		t.Errorf("destination %v at %v", v.Kind, v.Range)
	}
	if v := d.Root.Val("runas"); v.Value != "root" || v.Range.Start != (Pos{4, 8}) {
		t.Errorf("runas %q at %v", v.Value, v.Range)
	}
	if v := d.Root.Val("plain"); v.Value != "a#b" {
		t.Errorf("a # inside a plain value is text: %q", v.Value)
	}
	// Each costs a parse up to the next: hundreds in a small file are read,
	// then the parser's error stands (the cost grows as their square).
	few := strings.Repeat("- \"x\"#c\n", 300)
	if d := Parse("appspec.yml", []byte(few)); d.SyntaxError != nil || len(d.Root.Items) != 300 {
		t.Errorf("300 comments: %+v", d.SyntaxError)
	}
	many := strings.Repeat("- \"x\"#c\n", 5000)
	if d := Parse("appspec.yml", []byte(many)); d.SyntaxError == nil || d.SyntaxError.Pos.Line < 300 {
		t.Errorf("5000 comments: want the parser's error past the budget, got %+v", d.SyntaxError)
	}
}

func TestSyntaxErrorPosition(t *testing.T) {
	d := Parse("appspec.yml", []byte("version: 0.0\nfiles:\n  - source: /\n   destination: /x\n"))
	e := d.SyntaxError
	if e == nil || d.Root != nil {
		t.Fatal("want a syntax error and no tree")
	}
	if e.Pos != (Pos{4, 4}) || e.ContextPos != (Pos{3, 3}) || !strings.Contains(e.Message, "'-'") {
		t.Errorf("error %+v", e)
	}
	tab := Parse("appspec.yml", []byte("version: 0.0\nhooks:\n\tBeforeInstall:\n"))
	if tab.SyntaxError == nil || tab.SyntaxError.Pos != (Pos{3, 1}) {
		t.Errorf("tab error %+v", tab.SyntaxError)
	}
}

func TestAliasBombIsNotExpanded(t *testing.T) {
	var b strings.Builder
	b.WriteString("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n")
	for i := 1; i < 30; i++ {
		b.WriteString("a" + itoa(i) + ": &a" + itoa(i) + " [")
		for j := 0; j < 10; j++ {
			if j > 0 {
				b.WriteString(", ")
			}
			b.WriteString("*a" + itoa(i-1))
		}
		b.WriteString("]\n")
	}
	start := time.Now()
	d := Parse("appspec.yml", []byte(b.String()))
	if d.SyntaxError != nil {
		t.Fatalf("%+v", d.SyntaxError)
	}
	last := d.Root.Val("a29")
	if last.Items[0].Kind != AliasNode || last.Items[0].Resolve() != d.Root.Val("a28") {
		t.Errorf("aliases point at their anchor, they are not copied")
	}
	if time.Since(start) > 5*time.Second {
		t.Errorf("alias bomb took %v", time.Since(start))
	}
}

func itoa(i int) string {
	if i < 10 {
		return string(rune('0' + i))
	}
	return itoa(i/10) + string(rune('0'+i%10))
}

func TestLineIndexConversions(t *testing.T) {
	src := []byte("a: x\nb: \"😀\" z\n")
	li := NewLineIndex(src)
	p := Pos{Line: 2, Col: 6} // the closing quote, after a 4-byte, 2-UTF-16-unit emoji
	if off := li.Offset(p); src[off] != '"' {
		t.Errorf("Offset(%v) = %d (%q)", p, off, src[off])
	}
	if got := li.PosAt(li.Offset(p)); got != p {
		t.Errorf("PosAt(Offset(p)) = %v", got)
	}
	if got := li.UTF16Col(p); got != 6 {
		t.Errorf("UTF16Col = %d, want 6 (the emoji is two code units)", got)
	}
	if got := li.PosFromUTF16(1, 6); got != p {
		t.Errorf("PosFromUTF16 = %v, want %v", got, p)
	}
	if got := li.LineByte(p); got != 8 {
		t.Errorf("LineByte(%v) = %d, want 8 (after `b: \"` and the emoji's 4 bytes)", p, got)
	}
	if got := li.LineByte(Pos{Line: 1, Col: 99}); got != 4 {
		t.Errorf("LineByte past the line's end = %d, want its length 4", got)
	}
	// Out-of-range positions and offsets clamp to the text instead of
	// panicking.
	for _, c := range []struct {
		what      string
		got, want any
	}{
		{"LineByte on no line", li.LineByte(Pos{Line: 99, Col: 1}), 0},
		{"Offset before the first line", li.Offset(Pos{Line: 0, Col: 1}), 0},
		{"Offset past the last line", li.Offset(Pos{Line: 99, Col: 99}), len(src)},
		{"Offset past the line's end", li.Offset(Pos{Line: 1, Col: 99}), 4},
		{"PosAt a negative offset", li.PosAt(-5), Pos{Line: 1, Col: 1}},
		{"PosAt past the end", li.PosAt(len(src) + 5), Pos{Line: 3, Col: 1}},
		{"Line 0", li.Line(0), ""},
		{"Line past the last", li.Line(99), ""},
		{"UTF16Col on no line", li.UTF16Col(Pos{Line: 42, Col: 3}), 0},
	} {
		if c.got != c.want {
			t.Errorf("%s: %v, want %v", c.what, c.got, c.want)
		}
	}
}

func TestEmptyAndBlank(t *testing.T) {
	for _, src := range []string{"", "   \n\n", "\xef\xbb\xbf\n"} {
		d := Parse("appspec.yml", []byte(src))
		if !d.IsBlank() || d.Root != nil || d.SyntaxError != nil {
			t.Errorf("%q: blank %v root %v err %v", src, d.IsBlank(), d.Root, d.SyntaxError)
		}
	}
	// Spaces to Unicode, text to YAML (and to libyaml, the agent's parser).
	for _, src := range []string{"\u00a0", "\u00a0\u00a0\n", "\u205f", "\u3000"} {
		d := Parse("appspec.yml", []byte(src))
		if d.IsBlank() || d.Root == nil || d.Root.Value != strings.TrimSuffix(src, "\n") {
			t.Errorf("%q: blank %v root %+v", src, d.IsBlank(), d.Root)
		}
	}
}

func TestPlatformDetection(t *testing.T) {
	cases := map[string]Platform{
		"version: 0.0\nos: linux\n": EC2,
		"version: 0.0\nResources:\n  - myFn:\n      Type: AWS::Lambda::Function\n":      Lambda,
		"version: 0.0\nResources:\n  - TargetService:\n      Type: AWS::ECS::Service\n": ECS,
		"{\"version\": 0.0, \"Resources\": [{\"TargetService\": {}}]}":                  ECS,
	}
	for src, want := range cases {
		d := Parse("appspec.yml", []byte(src))
		if got := DetectPlatform(d.Root); got != want {
			t.Errorf("%q: detected %v, want %v", src, got, want)
		}
	}
}

// A lone CR ends a line for YAML and for the LSP; positions must agree.
func TestLoneCarriageReturnEndsALine(t *testing.T) {
	d := Parse("appspec.yml", []byte("version: 0.0\ros: linux\r"))
	if d.Lines.LineCount() != 3 || d.Lines.Line(2) != "os: linux" {
		t.Fatalf("lines: %d %q", d.Lines.LineCount(), d.Lines.Line(2))
	}
	if v := d.Root.Val("os"); v == nil || v.Range.Start != (Pos{2, 5}) || v.Range.End != (Pos{2, 10}) {
		t.Errorf("os value range %+v", v)
	}
}

// Anchors and tags written before a value are not part of the value's range.
func TestRangesSkipAnchorsAndTags(t *testing.T) {
	d := Parse("appspec.yml", []byte("a: !!str 0644\nb: &x 5\nc: *x\nd: &y !!str \"q\"\n"+
		"e: !!str # a comment, then the value\n  # another\n  0755\nf: &z # and after an anchor\n  7\ng: &w # empty\nh: 1\n"))
	for key, want := range map[string]string{"a": "0644", "b": "5", "c": "*x", "d": `"q"`, "e": "0755", "f": "7", "g": ""} {
		if got := d.Root.Val(key).Raw; got != want {
			t.Errorf("%s: raw %q, want %q", key, got, want)
		}
	}
	// A value after a comment starts where it is, not at the comment; an
	// empty one stays on the properties' line.
	for key, want := range map[string]Pos{"e": {7, 3}, "f": {9, 3}, "g": {10, 7}} {
		if got := d.Root.Val(key).Range.Start; got != want {
			t.Errorf("%s starts at %v, want %v", key, got, want)
		}
	}
}

// YAML 1.1 counts NEL, LS and PS as line breaks, editors do not: positions
// are ours (lines end only at \n, \r\n, \r).
func TestYAMLOnlyLineBreaks(t *testing.T) {
	d := Parse("appspec.yml", []byte("a: \"x\u2028y\"\nos: linux\n"))
	if d.SyntaxError != nil {
		t.Fatalf("%+v", d.SyntaxError)
	}
	if v := d.Root.Val("os"); v.Range.Start != (Pos{2, 5}) || v.Raw != "linux" {
		t.Errorf("os at %v raw %q", v.Range.Start, v.Raw)
	}
}

func TestServerlessView(t *testing.T) {
	d := Parse("appspec.yml", []byte("version: 0.0\nResources:\n  - myFn:\n      Type: AWS::Lambda::Function\n      Properties:\n        Name: f\nHooks:\n  - BeforeAllowTraffic: check\n  - oops\n"))
	s := d.Spec
	if len(s.ResourceItems) != 1 || s.ResourceItems[0].Name.Name() != "myFn" || s.ResourceItems[0].Type.Value.Value != "AWS::Lambda::Function" {
		t.Fatalf("resources: %+v", s.ResourceItems)
	}
	if s.ResourceItems[0].Props().Val("Name").Value != "f" {
		t.Error("properties")
	}
	if len(s.HookItems) != 2 || s.HookItems[0].Pair.Name() != "BeforeAllowTraffic" || s.HookItems[1].Pair != nil {
		t.Errorf("hooks: %+v", s.HookItems)
	}
}

// A Lambda function named TargetService is still a Lambda appspec.
func TestPlatformTypeBeatsTheTargetServiceName(t *testing.T) {
	d := Parse("appspec.yml", []byte("version: 0.0\nResources:\n  - TargetService:\n      Type: AWS::Lambda::Function\n"))
	if got := DetectPlatform(d.Root); got != Lambda {
		t.Errorf("detected %v", got)
	}
}

// A flow collection ends at its closing bracket when a comment or a line
// break only YAML counts (a lone CR, NEL, LS, PS) comes before it: the
// comment ends at that break, as it does for the parser, instead of running
// on over the bracket and leaving the collection's range at its last item.
func TestFlowCollectionEndsAfterCommentAndYAMLLineBreaks(t *testing.T) {
	for src, want := range map[string]string{
		"k: [a, #c\r]\r":        "[a, #c\r]",
		"k: {a: 1, #c\r}\r":     "{a: 1, #c\r}",
		"k: [a, #c\u2028]\n":    "[a, #c\u2028]",
		"k: [a, #c\u0085]\n":    "[a, #c\u0085]",
		"k: [a\u2029]\n":        "[a\u2029]",
		"k: [a, #c\r\n]\r\n":    "[a, #c\r\n]",
		"k: [[a] #c\r, b] #d\r": "[[a] #c\r, b]",
	} {
		d := Parse("appspec.yml", []byte(src))
		if d.Root == nil {
			t.Errorf("%q: %+v", src, d.SyntaxError)
			continue
		}
		if got := d.Text(d.Root.Val("k").Range); got != want {
			t.Errorf("%q: the collection's text is %q, want %q", src, got, want)
		}
	}
}

// Node's helpers on the values of one document: an alias is neither empty
// nor a string until resolved, and is described as an alias.
func TestNodeHelpers(t *testing.T) {
	d := Parse("appspec.yml", []byte("s: '1'\nn: 1\ne: &e ''\na: *e\n"))
	for _, c := range []struct {
		key             string
		empty, isString bool
		describe        string
	}{
		{"s", false, true, "the value `'1'`"},
		{"n", false, false, "the value `1`"},
		{"e", true, true, "the value `''`"},
		{"a", false, false, "an alias"},
	} {
		v := d.Root.Val(c.key)
		if v.IsEmpty() != c.empty || v.IsString() != c.isString || v.Describe() != c.describe {
			t.Errorf("%s: IsEmpty %v, IsString %v, Describe %q; want %v, %v, %q", c.key, v.IsEmpty(), v.IsString(), v.Describe(), c.empty, c.isString, c.describe)
		}
	}
	if a := d.Root.Val("a").Resolve(); !a.IsEmpty() || !a.IsString() {
		t.Error("the alias's target is an empty string")
	}
	var none *Node
	if !none.IsEmpty() || none.IsString() || none.Describe() != "nothing" {
		t.Error("an absent node is empty, not a string, and nothing")
	}
}

// A document's text over a range given end first is empty, not a panic.
func TestDocumentTextOfAnInvertedRange(t *testing.T) {
	d := Parse("appspec.yml", []byte("version: 0.0\n"))
	if got := d.Text(Range{Start: Pos{1, 5}, End: Pos{1, 2}}); got != "" {
		t.Errorf("got %q", got)
	}
	if got := d.Text(Range{Start: Pos{1, 1}, End: Pos{1, 8}}); got != "version" {
		t.Errorf("got %q", got)
	}
}

func TestFormatAndPlatformNames(t *testing.T) {
	if YAML.String() != "yaml" || JSON.String() != "json" {
		t.Errorf("formats: %s %s", YAML, JSON)
	}
	for p, want := range map[Platform]string{EC2: "ec2", Lambda: "lambda", ECS: "ecs", Serverless: "lambda,ecs", AllPlatforms: "ec2,lambda,ecs", 0: ""} {
		if p.String() != want {
			t.Errorf("%d: %q, want %q", p, p.String(), want)
		}
	}
	// With nothing parsed there is no Resources list: EC2, as for any file
	// without one.
	if DetectPlatform(nil) != EC2 {
		t.Error("no tree is EC2")
	}
}
