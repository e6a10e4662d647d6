package schema

import (
	"sync"

	"github.com/appspec-lint/appspec-lint/lint"
)

// The validator reads a document's tree in place rather than converting it
// first (Convert builds a map per mapping and boxes every scalar, which cost
// as much as the validation itself). Reading in place gives the same values
// as the conversion for any tree without merge keys (<<) and without alias
// cycles, which is every real AppSpec; a tree with either, or one too large
// once its aliases are expanded, is converted as before (walker.direct).

// walker is the state of one document's validation shared by the nested
// validations (anyOf branches, if), reused across documents.
type walker struct {
	root *lint.Node
	fold *folder
	// fields holds the keys of the mappings being validated, one run per
	// mapping on the current path (walker.fields).
	fields []field
	// path backs the instance locations of the walk: violations copy it.
	path [16]string

	// The state of walker.direct.
	count  int
	stop   bool
	active activeSet
}

var walkers = sync.Pool{New: func() any { return new(walker) }}

func getWalker(root *lint.Node, opts Options) *walker {
	w := walkers.Get().(*walker)
	w.root, w.fold = root, foldFor(opts)
	return w
}

func putWalker(w *walker) {
	clear(w.fields[:cap(w.fields)]) // hold no document once done
	w.fields = w.fields[:0]
	w.root, w.fold = nil, nil
	clear(w.active.stack[:cap(w.active.stack)])
	w.active = activeSet{stack: w.active.stack[:0]}
	walkers.Put(w)
}

// direct reports whether reading the tree in place gives what Convert would
// give: the tree has no merge key and no alias cycle where the conversion
// goes, and has at most maxValues values once its aliases are expanded. It
// walks as converter.value does and counts the same values.
func (w *walker) direct() bool {
	w.count, w.stop = 0, false
	w.scan(w.root, 0)
	return !w.stop
}

func (w *walker) scan(n *lint.Node, depth int) {
	if n == nil || w.stop {
		return
	}
	if w.count++; w.count > maxValues {
		w.stop = true
		return
	}
	t := n.Resolve()
	if depth > maxDepth || (t.Kind != lint.MappingNode && t.Kind != lint.SequenceNode) {
		return
	}
	if !w.active.push(t) {
		w.stop = true // a cycle, which the conversion cuts
		return
	}
	if t.Kind == lint.SequenceNode {
		for _, item := range t.Items {
			w.scan(item, depth+1)
		}
	} else {
		for _, p := range t.Pairs {
			if p == nil || p.Key == nil {
				continue
			}
			if isMerge(p.Key) {
				w.stop = true
				break
			}
			w.scan(p.Value, depth+1)
		}
	}
	w.active.pop()
}

// field is one key of a mapping as the conversion reads it: its name
// (folded) and the pair that gives its value (the last with that name).
type field struct {
	name string
	pair *lint.Pair
}

// mappingFields lists m's keys in document order, each once, at the end of
// w.fields; the caller truncates w.fields back to start when done with them.
func (w *walker) mappingFields(m *lint.Node) (fs []field, start int) {
	start = len(w.fields)
	for _, p := range m.Pairs {
		if p == nil || p.Key == nil {
			continue
		}
		w.fields = append(w.fields, field{w.fold.keyName(p.Key), p})
	}
	fs = w.fields[start:]
	if len(fs) <= 16 && !maybeRepeated(fs) {
		return fs[:len(fs):len(fs)], start
	}
	// Later keys win, as they do for the conversion (and for the agent's
	// YAML loader): keep the last pair of each name.
	n := 0
	if len(fs) <= 16 {
	next:
		for i, f := range fs {
			for _, g := range fs[i+1:] {
				if g.name == f.name {
					continue next
				}
			}
			fs[n] = f
			n++
		}
	} else {
		last := make(map[string]int, len(fs))
		for i, f := range fs {
			last[f.name] = i
		}
		for i, f := range fs {
			if last[f.name] == i {
				fs[n] = f
				n++
			}
		}
	}
	w.fields = w.fields[:start+n]
	return fs[:n:n], start
}

// maybeRepeated reports whether two fields might have the same name: it
// sets a bit per name, picked by its length and a few of its bytes, so that
// a mapping whose keys all differ there (nearly every mapping) needs no
// comparison of names.
func maybeRepeated(fs []field) bool {
	var seen uint64
	for _, f := range fs {
		h := uint64(len(f.name))
		if len(f.name) > 0 {
			h = h<<24 ^ uint64(f.name[0])<<16 ^ uint64(f.name[len(f.name)/2])<<8 ^ uint64(f.name[len(f.name)-1])
		}
		bit := uint64(1) << (h * 0x9E3779B97F4A7C15 >> 58)
		if seen&bit != 0 {
			return true
		}
		seen |= bit
	}
	return false
}

// fieldValue is the value of a mapping's field at a depth.
func fieldValue(f field, depth int) value {
	return docValue(f.pair.Value, f.pair.Key, depth)
}

// hasField reports whether fs has a key.
func hasField(fs []field, name string) bool {
	for _, f := range fs {
		if f.name == name {
			return true
		}
	}
	return false
}
