package rules

import (
	"regexp"
	"sync"
)

// lazyRegexp is a regular expression compiled on first use. The rules have
// some sixty; compiling them all at package init cost about a millisecond at
// every process start, which a one-file run (a pre-commit hook) mostly pays
// for rules that never look at its content. TestLazyRegexps compiles every
// one, so a bad pattern still fails the tests rather than a user's run.
type lazyRegexp struct {
	expr string
	once sync.Once
	re   *regexp.Regexp
}

// allLazyRegexps lists every lazyRegexp, for the test.
var allLazyRegexps []*lazyRegexp

func lazyRE(expr string) *lazyRegexp {
	l := &lazyRegexp{expr: expr}
	allLazyRegexps = append(allLazyRegexps, l)
	return l
}

func (l *lazyRegexp) get() *regexp.Regexp {
	l.once.Do(func() { l.re = regexp.MustCompile(l.expr) })
	return l.re
}

func (l *lazyRegexp) MatchString(s string) bool            { return l.get().MatchString(s) }
func (l *lazyRegexp) FindStringSubmatch(s string) []string { return l.get().FindStringSubmatch(s) }
func (l *lazyRegexp) FindStringSubmatchIndex(s string) []int {
	return l.get().FindStringSubmatchIndex(s)
}
func (l *lazyRegexp) FindAllStringIndex(s string, n int) [][]int {
	return l.get().FindAllStringIndex(s, n)
}
func (l *lazyRegexp) ReplaceAllString(src, repl string) string {
	return l.get().ReplaceAllString(src, repl)
}
