package lint

import (
	"strconv"
	"strings"
	"sync"
)

// A plan is what Lint does for one kind of run: which rules run (by
// platform, stand-in and the configuration's selectors) and which of them
// each walk callback calls. Every document of a run needs the same plan, so
// the linter makes each once and keeps it, rather than filtering some 140
// rules and sorting their callbacks for every file.
type plan struct {
	rules []*Rule
	// Indexes into rules of those with each callback, in rule order; node
	// callbacks by the kind of node they take.
	document, revision, file, perm, event, script []int
	node                                          [AliasNode + 1][]int
	anyNode                                       bool // some rule has a Node callback
}

// planKey names a plan: the platform, whether the document is a stand-in,
// and the selectors (which decide Config.Enabled).
func planKey(p Platform, standIn bool, cfg *Config) string {
	var b strings.Builder
	b.WriteString(strconv.Itoa(int(p)))
	if standIn {
		b.WriteString("s")
	}
	if cfg != nil {
		for _, s := range cfg.Enable {
			b.WriteString("\x00+")
			b.WriteString(s)
		}
		for _, s := range cfg.Disable {
			b.WriteString("\x00-")
			b.WriteString(s)
		}
	}
	return b.String()
}

// planFor returns the plan for a document, made on first use. Linters are
// shared by the goroutines of a directory run, hence the sync.Map.
func (l *Linter) planFor(platform Platform, standIn bool, cfg *Config) *plan {
	key := planKey(platform, standIn, cfg)
	if p, ok := l.plans.Load(key); ok {
		return p.(*plan)
	}
	var rules []*Rule
	for _, r := range l.rules {
		if r.Platforms.Has(platform) && cfg.Enabled(r) && (!standIn || r.Revision != nil) {
			rules = append(rules, r)
		}
	}
	p := newPlan(rules, standIn)
	actual, _ := l.plans.LoadOrStore(key, p)
	return actual.(*plan)
}

// newPlan lists the callbacks of rules.
func newPlan(rules []*Rule, standIn bool) *plan {
	p := &plan{rules: rules}
	for i, r := range rules {
		add := func(list *[]int, has bool) {
			if has {
				*list = append(*list, i)
			}
		}
		add(&p.document, r.Document != nil && !standIn)
		add(&p.revision, r.Revision != nil)
		p.anyNode = p.anyNode || r.Node != nil
		for k := range p.node {
			add(&p.node[k], r.Node != nil && r.NodeKinds.Has(Kind(k)))
		}
		add(&p.file, r.File != nil)
		add(&p.perm, r.Permission != nil)
		add(&p.event, r.Event != nil)
		add(&p.script, r.Script != nil)
	}
	return p
}

// without returns a plan of the same rules but one (a rule that crashed on
// the document at hand: see crash.go), made afresh and not kept.
func (p *plan) without(drop *Rule, standIn bool) *plan {
	rules := make([]*Rule, 0, len(p.rules))
	for _, r := range p.rules {
		if r != drop {
			rules = append(rules, r)
		}
	}
	return newPlan(rules, standIn)
}

// planCache is the Linter's store of plans by planKey.
type planCache = sync.Map
