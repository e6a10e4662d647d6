package lint

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

// FuzzParseJSON holds the strict JSON parser to encoding/json on any bytes:
// it does not panic, its tree is positioned consistently (checkTree), and it
// accepts exactly what encoding/json accepts, with the same data.
//
// What a fair comparison allows:
//   - Nesting: we stop at maxJSONDepth (2000) levels with a plain error,
//     encoding/json at 10000; deeper input is not compared.
//   - Duplicate keys are kept as written in our tree (rules report them);
//     the data compared keeps the last one, as encoding/json and the
//     agent's loader do.
//   - Numbers are compared as text (json.Number against the node's Raw): we
//     never convert them, so big numbers and exponents cannot differ.
//   - Invalid UTF-8 and lone surrogate escapes become U+FFFD on both sides.
//   - A byte order mark: Parse skips one, encoding/json rejects it; the
//     parser is called here without one (HasBOM false), so it is plain input.
func FuzzParseJSON(f *testing.F) {
	addTextSeeds(f, func(b []byte) {
		if bytes.HasPrefix(bytes.TrimSpace(b), []byte("{")) {
			f.Add(b)
		}
	})
	for _, s := range []string{
		`{"a": [1, -2.5e+3, 0, true, false, null, "x\u00e9\ud83d\ude00\"\\\/\b\f\n\r\t"], "a": {}}`,
		`{"big": 123456789012345678901234567890, "e": 1E400, "lone": "\ud800x\udc00"}`,
		"[\t{\"k\":\"v\"}\r\n,[]]",
		`"just a string"`,
		`{"a": 01}`,
		"{\"a\": \"tab\there\"}",
		`{"a": 1,}`,
		"\xff",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		d := &Document{Path: "appspec.json", Src: src, Lines: NewLineIndex(src), Format: JSON}
		root, perr := parseJSON(d)
		d.Root, d.SyntaxError = root, perr
		checkTree(t, d)
		valid := json.Valid(src)
		switch {
		case perr != nil && strings.Contains(perr.Message, "nested more than"):
			// Deeper than our limit: encoding/json's is higher.
		case perr != nil && valid:
			t.Fatalf("encoding/json accepts %q, we report %v: %s", src, perr.Pos, perr.Message)
		case perr == nil && !valid:
			t.Fatalf("we accept %q, encoding/json rejects it", src)
		case perr == nil:
			var want any
			dec := json.NewDecoder(bytes.NewReader(src))
			dec.UseNumber()
			if err := dec.Decode(&want); err != nil {
				t.Fatalf("encoding/json: %v", err)
			}
			if got := jsonData(root); !reflect.DeepEqual(got, want) {
				t.Fatalf("different data for %q:\n ours %#v\n json %#v", src, got, want)
			}
		}
	})
}

// jsonData turns a parsed JSON tree into what encoding/json decodes (with
// UseNumber): the last of duplicate keys wins.
func jsonData(n *Node) any {
	switch n.Kind {
	case MappingNode:
		m := make(map[string]any, len(n.Pairs))
		for _, p := range n.Pairs {
			m[p.Key.Value] = jsonData(p.Value)
		}
		return m
	case SequenceNode:
		l := make([]any, 0, len(n.Items))
		for _, c := range n.Items {
			l = append(l, jsonData(c))
		}
		return l
	}
	switch n.Tag {
	case "!!int", "!!float":
		return json.Number(n.Raw)
	case "!!bool":
		return n.Value == "true"
	case "!!null":
		return nil
	}
	return n.Value
}
