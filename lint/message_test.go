package lint

import (
	"strings"
	"testing"
)

// A message is what every output carries as UTF-8 text, and what a person
// reads: formatMessage keeps the rule's prose whole, clips long quoted
// snippets, and never passes on bytes that are not UTF-8 (a Latin-1 script
// line, a file name from an archive).
func TestFormatMessage(t *testing.T) {
	long := strings.Repeat("é", maxQuoteRunes+5)
	cases := []struct {
		name, format string
		args         []any
		want         string
	}{
		{"short", "`%s` is not a key", []any{"fiels"}, "`fiels` is not a key"},
		{"long quote clipped", "key `%s` is unknown, " + strings.Repeat("and the prose stays whole ", 5), []any{long},
			"key `" + strings.Repeat("é", maxQuoteRunes) + "… (5 more characters)` is unknown, " + strings.Repeat("and the prose stays whole ", 5)},
		{"not UTF-8", "line 3 starts `%s &`", []any{"/opt/d\xe9mon"}, "line 3 starts `/opt/d\uFFFDmon &`"},
		{"not UTF-8 in a clipped quote", "`%s`", []any{"\xff" + long}, "`\uFFFD" + strings.Repeat("é", maxQuoteRunes-1) + "… (6 more characters)`"},
	}
	for _, c := range cases {
		if got := formatMessage(c.format, c.args); got != c.want {
			t.Errorf("%s:\n got %q\nwant %q", c.name, got, c.want)
		}
	}
}

// A related place's message and a fix's description are made safe too.
func TestRelatedAndFixTextAreUTF8(t *testing.T) {
	d := (&Diagnostic{}).WithRelated(Range{}, "the job `d\xe9mon &`").WithFix(IntentFix, "redirect `d\xe9mon`")
	if got, want := d.Related[0].Message, "the job `d\uFFFDmon &`"; got != want {
		t.Errorf("related message %q, want %q", got, want)
	}
	if got, want := d.Fix.Description, "redirect `d\uFFFDmon`"; got != want {
		t.Errorf("fix description %q, want %q", got, want)
	}
}
