package schema

import (
	"encoding/json"
	"math"
	"strings"
	"testing"
	"unicode"
)

// TestBoolText: an explicit !!bool reads true and false in any case, as
// strings.ToLower then a comparison would, without lowering the text: no
// character past ASCII lowers to a letter of either word, so such a text is
// never a boolean.
func TestBoolText(t *testing.T) {
	for r := rune(0x80); r <= unicode.MaxRune; r++ {
		if l := unicode.ToLower(r); l < 0x80 && strings.ContainsRune("truefals", l) {
			t.Errorf("%U lowers to %q", r, l)
		}
	}
	for _, c := range []struct {
		s       string
		val, ok bool
	}{
		{"true", true, true}, {"TRUE", true, true}, {"tRuE", true, true},
		{"false", false, true}, {"False", false, true},
		{"nope", false, false}, {"yes", false, false}, {"", false, false}, {"truex", false, false},
		{"ｔｒｕｅ", false, false}, {"\u0130", false, false}, {"fa\u212Ase", false, false},
	} {
		if val, ok := boolText(c.s); val != c.val || ok != c.ok {
			t.Errorf("%q: %v %v, want %v %v", c.s, val, ok, c.val, c.ok)
		}
		if lower := strings.ToLower(c.s); c.ok != (lower == "true" || lower == "false") {
			t.Errorf("%q: boolean %v, but it lowers to %q", c.s, c.ok, lower)
		}
	}
}

// TestRatOf: a number's exact value is read from its text, as the reference
// library reads it: a float64 by its shortest decimal text (0.1 is 1/10, not
// the binary fraction nearest it); anything else has none.
func TestRatOf(t *testing.T) {
	for _, c := range []struct {
		v    any
		want string // "" for no value
	}{
		{int64(-7), "-7/1"}, {0.1, "1/10"}, {1e300, "1" + strings.Repeat("0", 300) + "/1"},
		{json.Number("2.50"), "5/2"}, {json.Number("x"), ""}, {"1", ""}, {nil, ""},
	} {
		got := ""
		if r := ratOf(c.v); r != nil {
			got = r.String()
		}
		if got != c.want {
			t.Errorf("%#v: %q, want %q", c.v, got, c.want)
		}
	}
}

// TestTypeOf: a plain value's JSON type; a NaN, an infinity or a Go type
// JSON has no name for has none (0), and so matches no "type" of a schema.
func TestTypeOf(t *testing.T) {
	for _, c := range []struct {
		v    any
		want jsonTypes
	}{
		{nil, tNull}, {true, tBoolean}, {int64(1), tNumber}, {1.5, tNumber}, {json.Number("1"), tNumber},
		{"a", tString}, {[]any{}, tArray}, {map[string]any{}, tObject},
		{math.NaN(), 0}, {math.Inf(-1), 0}, {1, 0}, {[]string{}, 0},
	} {
		if got := typeOf(c.v); got != c.want {
			t.Errorf("%#v: %v, want %v", c.v, got.names(), c.want.names())
		}
	}
}
