package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"syscall"
)

// readFile reads at most maxFileSize+1 bytes of a file named on the command
// line or found in a directory, without ever blocking on a named pipe.
//
// Opening a FIFO for reading blocks until something opens it for writing, so
// a stray pipe named appspec.yml (or a link to one) would hang the whole run.
// It is opened non-blocking instead: a pipe with a writer, as in
// `appspec-lint <(generate)`, is read to its end as usual; a pipe with no
// writer reads as empty at once, and that is reported as an error rather
// than linted as an empty file. Sockets, devices and directories are refused
// by name.
func readFile(path string) ([]byte, error) {
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, errors.New(plainError(err))
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, errors.New(plainError(err))
	}
	mode := info.Mode()
	switch {
	case mode.IsDir():
		return nil, fmt.Errorf("%s: is a directory, not an appspec file", path)
	case mode&(fs.ModeSocket|fs.ModeDevice) != 0 && mode&fs.ModeCharDevice == 0:
		return nil, fmt.Errorf("%s: is a %s, not a file", path, fileKind(mode))
	}
	src, err := io.ReadAll(io.LimitReader(f, maxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	if len(src) == 0 && mode&fs.ModeNamedPipe != 0 {
		return nil, fmt.Errorf("%s: is a named pipe with nothing writing to it; nothing was read", path)
	}
	return src, nil
}

func fileKind(mode fs.FileMode) string {
	switch {
	case mode&fs.ModeSocket != 0:
		return "socket"
	case mode&fs.ModeDevice != 0:
		return "block device"
	}
	return "special file"
}
