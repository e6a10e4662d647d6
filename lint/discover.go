package lint

import (
	"io/fs"
	"path/filepath"
	"sort"
	"strings"
)

// AppSpecNames are the file names directory discovery looks for. Case
// variants are found too, so that the file-name rules can report them.
var AppSpecNames = []string{"appspec.yml", "appspec.yaml", "appspec.json"}

// skipDirs are never entered: they hold no one's appspec and can be huge.
var skipDirs = map[string]bool{".git": true, "node_modules": true, ".hg": true, ".svn": true}

// IsAppSpecName reports whether a file name is an appspec name, ignoring case.
func IsAppSpecName(name string) bool {
	for _, n := range AppSpecNames {
		if strings.EqualFold(name, n) {
			return true
		}
	}
	return false
}

// Discover returns the appspec files under root, sorted. Symbolic links to
// directories are not followed, so a link loop cannot trap the walk. Errors
// reading a subdirectory are returned alongside what was found.
func Discover(root string) ([]string, []error) {
	var found []string
	var errs []error
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			errs = append(errs, err)
			if d != nil && d.IsDir() && path != root {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			if path != root && skipDirs[d.Name()] {
				return fs.SkipDir
			}
			return nil
		}
		// Not only regular files: a link, a named pipe or a device with an
		// appspec's name is listed too, so that reading it reports what it is
		// instead of the file silently not being linted.
		if IsAppSpecName(d.Name()) {
			found = append(found, path)
		}
		return nil
	})
	if err != nil {
		errs = append(errs, err)
	}
	sort.Strings(found)
	return found, errs
}
