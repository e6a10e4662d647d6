package rules

import (
	"regexp"
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
