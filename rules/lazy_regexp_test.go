package rules

import (
	"regexp"
	"strings"
	"testing"

	"github.com/appspec-lint/appspec-lint/lint"
)

// TestLazyRegexps: every pattern the rules compile lazily is valid.
func TestLazyRegexps(t *testing.T) {
	if len(allLazyRegexps) < 50 {
		t.Fatalf("only %d lazy regexps registered", len(allLazyRegexps))
	}
	for _, l := range allLazyRegexps {
		if _, err := regexp.Compile(l.expr); err != nil {
			t.Errorf("%q: %v", l.expr, err)
		}
		if l.get().String() != l.expr {
			t.Errorf("%q compiled as %q", l.expr, l.get().String())
		}
	}
}

// TestHandWrittenMatchers: the plain functions that replaced hot regular
// expressions accept exactly what the expressions did.
func TestHandWrittenMatchers(t *testing.T) {
	for _, c := range []struct {
		name string
		re   string
		fn   func(string) bool
	}{
		{"hookWindowsAbs", `^([A-Za-z]:[\\/]|\\\\)`, hookWindowsAbs},
		{"hookPlainSeconds", `^\+?[1-9][0-9]*$`, hookPlainSeconds},
	} {
		re := regexp.MustCompile(c.re)
		for _, s := range []string{"", "C:", "C:\\", "c:/x", "1:/x", "\\\\srv\\x", "\\x", "/opt", "Z:\\a", "@:\\", "[:/",
			"0", "1", "+1", "++1", "+", "10", "010", "300", "3e2", " 3", "3 ", "1.5", "-1", "\u0661"} {
			if got, want := c.fn(s), re.MatchString(s); got != want {
				t.Errorf("%s(%q) = %v, the expression says %v", c.name, s, got, want)
			}
		}
	}
}

// TestPsychDateShaped: every text Psych's date and time patterns accept
// passes the cheap test in front of them.
func TestPsychDateShaped(t *testing.T) {
	for _, s := range []string{"2024-01-02", "2024-1-2", "-2024-01-02", "2024-01-02T10:00:00", "2024-01-02 10:00:00.5 +01:00",
		"2024-01-02t1:00:00Z", "0000-0-0"} {
		if (hookPsychTime.MatchString(s) || hookPsychDate.MatchString(s) || permReTime.MatchString(s) || permReDate.MatchString(s)) && !psychDateShaped(s) {
			t.Errorf("psychDateShaped(%q) is false for a date", s)
		}
	}
	for _, s := range []string{"", "300", "1.0", "24-01-02", "2024/01/02", "x024-01-02", "2024-1"} {
		if psychDateShaped(s) {
			t.Errorf("psychDateShaped(%q) is true", s)
		}
	}
}

// TestNonPrintingIndex: the word-at-a-time scan agrees with the byte table
// for every pair of bytes at every pair of positions in a word and its tail:
// it finds the first byte the table marks, whatever the bytes around it.
func TestNonPrintingIndex(t *testing.T) {
	const text = "version:\t0.0\r\nos: li"
	for b1 := 0; b1 < 256; b1++ {
		for b2 := 0; b2 < 256; b2 += 3 {
			for at1 := 0; at1 < len(text); at1 += 2 {
				for _, at2 := range []int{at1 + 1, at1 + 5, len(text) - 1} {
					if at2 >= len(text) || at2 <= at1 {
						continue
					}
					src := []byte(text)
					src[at1], src[at2] = byte(b1), byte(b2)
					want := -1
					for i, c := range src {
						if nonPrintingByte[c] {
							want = i
							break
						}
					}
					if got := nonPrintingIndex(src); got != want {
						t.Fatalf("%q: nonPrintingIndex = %d, want %d", src, got, want)
					}
				}
			}
		}
	}
}

// TestBundleHidden: cutting a path part by part finds the dotfile part
// that splitting it did.
func TestBundleHidden(t *testing.T) {
	for _, name := range []string{"", "a", ".env", "a/.git/x", "a/../b", "./a", "a//.b", "a/b/"} {
		want := ""
		for _, part := range strings.Split(name, "/") {
			if len(part) > 1 && part[0] == '.' && part != ".." {
				want = part
				break
			}
		}
		if got := bundleHidden(name); got != want {
			t.Errorf("bundleHidden(%q) = %q, want %q", name, got, want)
		}
	}
}

// TestHookPlainPath: every string the fast path accepts reads back as itself
// when parsed as a plain value (all strings of up to five characters from an
// alphabet that has digits, number and boolean letters, and the path signs).
func TestHookPlainPath(t *testing.T) {
	const alphabet = "a0_-./enx1"
	accepted := 0
	var gen func(s string)
	gen = func(s string) {
		if s != "" && hookPlainPath(s) {
			accepted++
			v := lint.Parse("appspec.yml", []byte("k: "+s+"\n")).Root.Val("k")
			if v == nil || v.Kind != lint.ScalarNode || v.Tag != "!!str" || v.Value != s {
				t.Fatalf("hookPlainPath(%q) is true, but it does not read back as itself", s)
			}
		}
		if len(s) < 5 {
			for i := 0; i < len(alphabet); i++ {
				gen(s + alphabet[i:i+1])
			}
		}
	}
	gen("")
	if accepted == 0 {
		t.Fatal("the fast path accepted nothing")
	}
	for _, s := range []string{"scripts", "/x", "-/x", ".x/y", "a b/c", "1"} {
		if hookPlainPath(s) {
			t.Errorf("hookPlainPath(%q) is true", s)
		}
	}
}

// TestPsychIntMatch: the digits fast path answers as both integer patterns
// do, for every string of up to four characters from digits and signs.
func TestPsychIntMatch(t *testing.T) {
	const alphabet = "01789_,-xbf/ "
	var gen func(s string)
	gen = func(s string) {
		for _, re := range []*lazyRegexp{hookPsychInt, permReInteger} {
			if got, want := psychIntMatch(s, re), re.MatchString(s); got != want {
				t.Fatalf("psychIntMatch(%q, %s) = %v, want %v", s, re.expr, got, want)
			}
		}
		if len(s) < 4 {
			for i := 0; i < len(alphabet); i++ {
				gen(s + alphabet[i:i+1])
			}
		}
	}
	gen("")
}

// TestCulpritColon: the written-out split agrees with the pattern it
// replaces on every string of up to five characters from an alphabet of
// name characters, colons, blanks, a line break and non-ASCII.
func TestCulpritColon(t *testing.T) {
	re := regexp.MustCompile(`^([A-Za-z_][\w.-]*):(\S.*)$`)
	alphabet := []string{"a", "Z", "_", "1", ".", "-", ":", " ", "\t", "\n", "\f", "\v", "é", "\xff", "/"}
	var gen func(s string, n int)
	gen = func(s string, n int) {
		key, value, ok := culpritColon(s)
		m := re.FindStringSubmatch(s)
		if ok != (m != nil) || ok && (key != m[1] || value != m[2]) {
			t.Fatalf("culpritColon(%q) = %q, %q, %v; the pattern gives %q", s, key, value, ok, m)
		}
		if n > 0 {
			for _, c := range alphabet {
				gen(s+c, n-1)
			}
		}
	}
	gen("", 5)
}
