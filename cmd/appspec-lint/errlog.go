package main

import (
	"fmt"
	"io"
	"strings"
)

// errLog says each distinct error once on stderr. A broken config file is
// the error of every file under it; saying it once per file would bury the
// other errors under copies of one. So that the user still learns which
// files went unchecked, it names them at the end (see skipped).
type errLog struct {
	w          io.Writer
	said       map[string]bool
	notChecked []string
}

func newErrLog(w io.Writer) *errLog { return &errLog{w: w, said: map[string]bool{}} }

func (l *errLog) say(msg string) {
	if l.said[msg] {
		return
	}
	l.said[msg] = true
	fmt.Fprintln(l.w, "appspec-lint:", msg)
}

// skipped records a file the error msg kept from being linted (or fixed),
// unless msg names it itself (an unreadable file, a corrupt archive).
func (l *errLog) skipped(display, msg string) {
	if display == "" || display == "-" {
		display = "standard input"
	}
	if !strings.Contains(msg, display) {
		l.notChecked = append(l.notChecked, display)
	}
}

// maxNamedSkips bounds the names in the closing line: the count says the rest.
const maxNamedSkips = 10

// close names, in one line, the files the errors above kept from being
// linted without naming them.
func (l *errLog) close(verb string) {
	n := len(l.notChecked)
	if n == 0 {
		return
	}
	names := l.notChecked[:min(n, maxNamedSkips)]
	more := ""
	if n > len(names) {
		more = fmt.Sprintf(" and %d more", n-len(names))
	}
	files := "files were"
	if n == 1 {
		files = "file was"
	}
	errors := "errors"
	if len(l.said) == 1 {
		errors = "error"
	}
	fmt.Fprintf(l.w, "appspec-lint: for the %s above, %d %s not %s: %s%s\n", errors, n, files, verb, strings.Join(names, ", "), more)
}
