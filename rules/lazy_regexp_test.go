package rules

import (
	"regexp"
	"strings"
	"testing"
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

// TestNonPrintingSuspect: the word-at-a-time scan agrees with the byte table
// for every byte at every position of a word.
func TestNonPrintingSuspect(t *testing.T) {
	for b := 0; b < 256; b++ {
		for at := 0; at < 19; at++ {
			src := []byte("version: 0.0\nos: li")
			src[at] = byte(b)
			if got, want := nonPrintingSuspect(src), nonPrintingByte[b]; got != want {
				t.Fatalf("byte %#x at %d: nonPrintingSuspect = %v, want %v", b, at, got, want)
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
