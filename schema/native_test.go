package schema

import (
	"regexp"
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
