package main

import (
	"fmt"
	"io"
)

// errLog says each distinct error once on stderr. A broken config file is
// the error of every file under it; saying it once per file would bury the
// other errors under copies of one.
type errLog struct {
	w    io.Writer
	said map[string]bool
}

func newErrLog(w io.Writer) *errLog { return &errLog{w: w, said: map[string]bool{}} }

func (l *errLog) say(msg string) {
	if l.said[msg] {
		return
	}
	l.said[msg] = true
	fmt.Fprintln(l.w, "appspec-lint:", msg)
}
