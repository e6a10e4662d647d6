package schema

import (
	"strings"

	"github.com/appspec-lint/appspec-lint/lint"
)

// folder gives a key the spelling Options.FoldKeys documents for it, when
// the key equals it except for case.
type folder struct {
	keys  []string          // the FoldKeys it was made from
	canon map[string]string // documented spelling by lower-case name
}

func newFolder(keys []string) *folder {
	f := &folder{keys: keys, canon: make(map[string]string, len(keys))}
	for _, k := range keys {
		f.canon[strings.ToLower(k)] = k
	}
	return f
}

// foldFor is the folder of some options: the one DefaultOptions made when
// FoldKeys is still its list, else a new one; nil when nothing folds.
func foldFor(opts Options) *folder {
	if len(opts.FoldKeys) == 0 {
		return nil
	}
	if f := opts.fold; f != nil && len(f.keys) == len(opts.FoldKeys) && &f.keys[0] == &opts.FoldKeys[0] {
		return f
	}
	return newFolder(opts.FoldKeys)
}

// keyName is a mapping key's name as the validator sees it: a scalar key's
// value (else its source text), folded. f may be nil (no folding).
func (f *folder) keyName(k *lint.Node) string {
	name := ""
	if r := k.Resolve(); r != nil && r.Kind == lint.ScalarNode {
		name = r.Value
	} else {
		name = k.Raw
	}
	if f != nil {
		if canon, ok := f.lookup(name); ok {
			return canon
		}
	}
	return name
}

// lookup finds strings.ToLower(name) in f.canon; a short ASCII name (any
// real key) is lowered in a buffer on the stack rather than copied.
func (f *folder) lookup(name string) (string, bool) {
	var buf [64]byte
	if len(name) > len(buf) || !isASCII(name) {
		canon, ok := f.canon[strings.ToLower(name)]
		return canon, ok
	}
	b := buf[:len(name)]
	for i := 0; i < len(name); i++ {
		c := name[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		b[i] = c
	}
	canon, ok := f.canon[string(b)]
	return canon, ok
}
