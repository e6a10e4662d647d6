package lint

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"syscall"
)

// ReadFileBounded reads at most max+1 bytes of the file at path (one more
// than max, so the caller can tell a file that is too large), never
// blocking on a named pipe. Errors start with the path.
//
// Opening a named pipe for reading blocks until something opens it for
// writing, so a stray pipe named appspec.yml or .appspec-lint.yaml (or a
// link to one) would hang the run. It is opened non-blocking instead: a
// pipe with a writer, as in `appspec-lint <(generate)`, is read to its end
// as usual; a pipe with no writer reads as empty at once, which is an error
// rather than an empty file. A directory, a socket or a block device is
// refused by name; a character device (/dev/stdin, /dev/zero) is read.
func ReadFileBounded(path string, max int64) ([]byte, error) {
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, pathError(path, err)
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, pathError(path, err)
	}
	mode := info.Mode()
	switch {
	case mode.IsDir():
		return nil, fmt.Errorf("%s: is a directory, not a file", path)
	case mode&fs.ModeSocket != 0:
		return nil, fmt.Errorf("%s: is a socket, not a file", path)
	case mode&fs.ModeDevice != 0 && mode&fs.ModeCharDevice == 0:
		return nil, fmt.Errorf("%s: is a block device, not a file", path)
	}
	b, err := io.ReadAll(io.LimitReader(f, max+1))
	if err != nil {
		return nil, pathError(path, err)
	}
	if len(b) == 0 && mode&fs.ModeNamedPipe != 0 {
		return nil, fmt.Errorf("%s: is a named pipe with nothing writing to it; nothing was read", path)
	}
	return b, nil
}

// pathError words err as "path: reason", without Go's "open"/"read" prefix.
func pathError(path string, err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	return fmt.Errorf("%s: %w", path, err)
}
