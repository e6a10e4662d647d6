package lint

// treeSlabs is the memory a YAML tree is carved from (builder.reserve): all
// its nodes, pairs and child lists, in four allocations.
type treeSlabs struct {
	nodes    []Node
	pairs    []Pair
	pairRefs []*Pair
	itemRefs []*Node
}

// spareSlabs holds the slabs of released trees (Document.ReleaseTree). A
// command that lints file after file and keeps only the findings reuses one
// tree's memory for the next instead of allocating a second tree beside the
// parser's each time: that second tree is most of what a lint allocates
// beyond the YAML decode, and allocation is what sets how often the
// collector runs. A few slabs, one per core or so, are enough; a channel
// rather than a sync.Pool, because a pool empties at every second
// collection, and parsing a big file runs one or two before its tree is
// built: its slabs would be lost just when reusing them pays most.
var spareSlabs = make(chan *treeSlabs, 4)

// reuseSlabs returns zeroed slabs with room for the given counts: released
// ones when they are big enough, new ones otherwise.
func reuseSlabs(nodes, pairs, items int) *treeSlabs {
	var s *treeSlabs
	select {
	case s = <-spareSlabs:
	default:
	}
	if s != nil {
		if cap(s.nodes) >= nodes && cap(s.pairs) >= pairs && cap(s.itemRefs) >= items {
			// ReleaseTree cleared what the last tree used, and what lies
			// beyond was never used or cleared before.
			s.nodes, s.pairs = s.nodes[:nodes], s.pairs[:pairs]
			s.pairRefs, s.itemRefs = s.pairRefs[:pairs], s.itemRefs[:items]
			return s
		}
		// Too small for this tree: let it go, and make room for this one.
	}
	return &treeSlabs{
		nodes:    make([]Node, nodes),
		pairs:    make([]Pair, pairs),
		pairRefs: make([]*Pair, pairs),
		itemRefs: make([]*Node, items),
	}
}

// maxSpareNodes bounds the slabs kept for reuse: a one-off huge file's tree
// is left to the collector rather than held for the rest of the run.
const maxSpareNodes = 1 << 14

// ReleaseTree gives the document's tree back for the next parse to reuse,
// once nothing needs it: after Lint, whose findings hold no node. The
// document keeps its text, lines and syntax error, which is all a report
// reads; Root becomes nil and Spec empty. Nothing may hold a Node or Pair of
// this document afterwards: the next document's nodes are carved from the
// same memory. Releasing is optional; a tree not released is collected as
// usual.
func (d *Document) ReleaseTree() {
	s := d.slabs
	d.slabs, d.Root, d.Spec, d.memo = nil, nil, BuildSpec(nil), nil
	if s == nil || cap(s.nodes) > maxSpareNodes {
		return
	}
	// Cleared now, not when reused: a kept slab would otherwise hold the old
	// tree's strings alive until then. Only what this tree used (the
	// lengths reuseSlabs set) needs it.
	clear(s.nodes)
	clear(s.pairs)
	clear(s.pairRefs)
	clear(s.itemRefs)
	select {
	case spareSlabs <- s:
	default: // enough spares: let this one go
	}
}
