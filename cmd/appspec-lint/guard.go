package main

import "fmt"

// A panic while handling one input (a bug in appspec-lint outside the
// rules: a rule's panic is already a finding of that rule, see lint's
// crash.go) must not lose the other inputs of the run. It becomes that
// input's error, so the run goes on and exits 2, as for a file it could not
// read.

// guarded calls handle for one input and turns its panic into the input's
// error text, which says what was not done ("not linted", "not fixed").
func guarded[T any](display, undone string, handle func() (T, string)) (out T, errText string) {
	defer func() {
		if r := recover(); r != nil {
			var none T
			out, errText = none, fmt.Sprintf("%s: %s: appspec-lint failed on this file (internal error: %v); please report it with the file", display, undone, r)
		}
	}()
	return handle()
}
