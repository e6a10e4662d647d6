//go:build !unix

package lint

import "errors"

// makeFIFO: there are no named pipes in the file system here.
func makeFIFO(path string) error { return errors.ErrUnsupported }
