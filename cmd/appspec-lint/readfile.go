package main

import "github.com/appspec-lint/appspec-lint/lint"

// readFile reads at most maxFileSize+1 bytes of a file named on the command
// line or found in a directory, never blocking on a named pipe (see
// lint.ReadFileBounded).
func readFile(path string) ([]byte, error) {
	return lint.ReadFileBounded(path, maxFileSize)
}
