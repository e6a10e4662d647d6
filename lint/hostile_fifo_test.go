//go:build unix

package lint

import "syscall"

// makeFIFO makes a named pipe for the hostile-input tests.
func makeFIFO(path string) error { return syscall.Mkfifo(path, 0o644) }
