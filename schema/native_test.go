package schema

import (
	"regexp"
	"strings"
	"testing"
)

// TestMatcher: the fast form of a pattern agrees with the regular
// expression, white space, invalid UTF-8 and all.
func TestMatcher(t *testing.T) {
	re := regexp.MustCompile(`\S`)
	fast := (&compiler{}).matcher("", `\S`)
	for _, s := range []string{"", " ", "\t\n\f\r ", "\v", "a", "  a ", "\u00a0", "\u2003", "\xff", " \x00", "\n\n\r"} {
		if fast(s) != re.MatchString(s) {
			t.Errorf("%q: fast %v, regexp %v", s, fast(s), re.MatchString(s))
		}
	}
}

// TestCompileRejects: a schema text the validator cannot read in full does
// not compile, and the error says where and why, so that an edit of a schema
// file fails the tests rather than going unchecked.
func TestCompileRejects(t *testing.T) {
	for _, c := range []struct{ src, want string }{
		// Not one JSON value.
		{``, "EOF"},
		{`{} x`, "trailing data"},
		{`{1: 2}`, "invalid character '1'"},
		{`{"a" 1}`, "after object key"},
		{`[1, }`, "looking for beginning of value"},
		{`[}`, "invalid character '}'"},
		// Not a schema the validator reads.
		{`{"type": "strin"}`, `#/type: unknown type strin`},
		{`{"$ref": "other.json#/x"}`, `only references within the file`},
		{`{"$ref": "#/$defs/missing"}`, `"#/$defs/missing": nothing there`},
		{`{"anyOf": [true], "$ref": "#/anyOf/x"}`, `nothing there`},
		{`{"anyOf": [true], "$ref": "#/anyOf/1"}`, `nothing there`},
		{`{"type": "string", "$ref": "#/type/x"}`, `nothing there`},
		{`{"minItems": -1}`, `#/minItems: not a count: -1`},
		{`{"minLength": "1"}`, `#/minLength: not a count: 1`},
		{`{"minimum": "x"}`, `#/minimum: not a number: x`},
		{`{"items": 3}`, `#/items: not a schema: json.Number`},
		{`{"enum": 1}`, `#/enum: enum is not a list`},
		{`{"required": [1]}`, `#/required: required is not a list of names`},
		{`{"properties": []}`, `#/properties: properties is not an object`},
		{`{"oneOf": [true]}`, `keyword "oneOf" is not supported`},
		{`{"pattern": "("}`, "#/pattern: error parsing regexp"},
		// The first error is the one reported.
		{`{"minItems": -1, "maxItems": -2}`, `#/minItems:`},
	} {
		_, err := compileSource("broken.schema.json", []byte(c.src))
		if err == nil || !strings.HasPrefix(err.Error(), "schema broken.schema.json: ") || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one with %q", c.src, err, c.want)
		}
	}
	if root, err := compileSource("ok.schema.json", []byte(`{"anyOf": [true], "$ref": "#/anyOf/0"}`)); root == nil || err != nil {
		t.Errorf("a reference to a list item: %v, %v", root, err)
	}
}
