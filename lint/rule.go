package lint

// Rule is one check. It is a small value that documents itself (ID, name,
// severity, platforms, summary and a long doc with a bad and a good example)
// plus callbacks. The linter walks each document once and calls every
// callback a rule sets; a rule never walks the tree itself.
type Rule struct {
	ID        string // stable, e.g. "AS503"
	Name      string // stable, e.g. "hook-reserved-event"
	Severity  Severity
	Platforms Platform
	Category  string // file, spacing, structure, files, permissions, hooks, ...
	Summary   string // one line
	Doc       string // long text: why, what to do, a bad and a good example
	// OptIn rules only run when enabled (--enable or the config file): they
	// are reminders that would fire on most correct files.
	OptIn bool

	// Document runs once per document, before the walk. It also runs on a
	// document that failed to parse (Doc.Root is then nil).
	Document func(p *Pass)
	// Node runs for every node of the tree, keys included, in document order;
	// for only the kinds in NodeKinds when that is set (a rule about
	// mappings is not called for each scalar).
	Node      func(p *Pass, n *Node)
	NodeKinds KindSet
	// File, Permission, Event and Script run for every entry of the EC2
	// sections, in document order.
	File       func(p *Pass, f *FileEntry)
	Permission func(p *Pass, perm *Permission)
	Event      func(p *Pass, ev *Event)
	Script     func(p *Pass, s *Script)
	// Revision runs once per document whose revision is known
	// (p.Doc.Bundle is set), after Document: checks of the revision as
	// CodeDeploy unpacks it. When no appspec is found in a revision, the
	// linter lints a stand-in document for the revision itself (its path,
	// empty text; Bundle.StandIn) and runs only Revision callbacks on it.
	Revision func(p *Pass)
}

// Matches reports whether selector names this rule: its ID, its name, its
// category, a prefix of its ID ("AS5", "AS50"), or "all". Case is ignored.
func (r *Rule) Matches(selector string) bool {
	switch {
	case selector == "":
		return false
	case EqualFold(selector, "all"), EqualFold(selector, r.ID), EqualFold(selector, r.Name), EqualFold(selector, r.Category):
		return true
	}
	return len(selector) >= 2 && len(selector) < len(r.ID) && EqualFold(selector, r.ID[:len(selector)])
}

// KindSet is a set of node kinds; the zero set stands for every kind.
type KindSet uint8

// Kinds makes a set of kinds.
func Kinds(ks ...Kind) KindSet {
	var s KindSet
	for _, k := range ks {
		s |= 1 << k
	}
	return s
}

// Has reports whether k is in s (every kind is in the zero set).
func (s KindSet) Has(k Kind) bool { return s == 0 || s&(1<<k) != 0 }
