package lint

import (
	"sort"
	"sync"
)

// Linter runs a rule set over documents. It knows nothing about any rule:
// it is handed them (lint.New(rules.All())), so a library user can add or
// drop rules.
type Linter struct {
	rules []*Rule
	plans planCache // see planFor

	// NoRecover lets a rule's panic through, rather than turning it into
	// a finding of that rule (crash.go): for fuzz targets and tests, which
	// want the panic where it happened.
	NoRecover bool
}

// New returns a linter over rules.
func New(rules []*Rule) *Linter { return &Linter{rules: rules} }

// Rules returns the rule set.
func (l *Linter) Rules() []*Rule { return l.rules }

// Rule finds a rule by ID or name (case-insensitive).
func (l *Linter) Rule(idOrName string) *Rule {
	for _, r := range l.rules {
		if EqualFold(r.ID, idOrName) || EqualFold(r.Name, idOrName) {
			return r
		}
	}
	return nil
}

// LintBytes parses and lints one file's content.
func (l *Linter) LintBytes(path string, src []byte, cfg *Config) (*Document, []*Diagnostic) {
	doc := Parse(path, src)
	return doc, l.Lint(doc, cfg)
}

// Lint runs every enabled rule for the document's platform in one walk and
// returns the findings sorted by position, with inline ignores applied.
func (l *Linter) Lint(doc *Document, cfg *Config) []*Diagnostic {
	doc.memo = nil // memos may depend on the platform, decided again here
	doc.Platform = 0
	if cfg != nil {
		doc.Platform = cfg.Platform
	}
	if doc.Platform == 0 {
		if doc.Root == nil {
			doc.Platform = DetectPlatformText(doc.Src)
		} else {
			doc.Platform = DetectPlatform(doc.Root)
		}
	}

	ensureBundle(doc)
	standIn := doc.Bundle.StandIn()

	pl := l.planFor(doc.Platform, standIn, cfg)
	var crashes []*ruleCrash
	for {
		ds, crash := l.lintWith(doc, pl, standIn, crashes)
		if crash == nil {
			return ds
		}
		// See crash.go: again, without the rule that panicked.
		crashes = append(crashes, crash)
		pl = pl.without(crash.rule, standIn)
		doc.memo = nil
	}
}

// lintWith runs a plan's rules over the document in one walk and returns
// the findings, or the crash of the rule that panicked. crashes are those
// of earlier tries, reported among the findings.
func (l *Linter) lintWith(doc *Document, pl *plan, standIn bool, crashes []*ruleCrash) (kept []*Diagnostic, crash *ruleCrash) {
	// One block of passes rather than one allocation per rule, and that
	// block reused from one document to the next (a directory or an editor
	// lints many): nothing keeps a Pass after Lint returns. Only what
	// changes is written: a pointer write costs a barrier while the
	// collector marks, and a whole Pass copied costs one per pointer.
	run := getPassRun(len(pl.rules))
	defer putPassRun(run)
	var formatting *Rule // the reporter of the fallback message being built
	defer func() {
		if l.NoRecover {
			return
		}
		if r := recover(); r != nil {
			kept, crash = nil, crashOf(r, run, formatting)
		}
	}()
	run.rules = pl.rules
	passes := run.passes
	for i, r := range pl.rules {
		p := &passes[i]
		p.Doc, p.Spec, p.Platform = doc, doc.Spec, doc.Platform
		if p.Rule != r {
			p.Rule = r
		}
	}
	for _, i := range pl.document {
		run.current = i
		passes[i].Rule.Document(&passes[i])
	}
	if doc.Bundle != nil {
		for _, i := range pl.revision {
			run.current = i
			passes[i].Rule.Revision(&passes[i])
		}
	}
	if !standIn {
		w := walker{plan: pl, passes: passes, run: run}
		w.nodes(doc.Root)
		w.spec(doc.Spec)
	}
	run.current = noRule

	ds := parseDirectives(doc)
	// The findings are the caller's: copied out of the pooled buffer.
	cands := dropFallbacks(dropConsequences(run.out))
	if len(cands)+len(crashes) > 0 {
		kept = make([]*Diagnostic, 0, len(cands)+len(crashes))
		for _, d := range cands {
			if !ds.suppresses(d) {
				kept = append(kept, d)
			}
		}
		for _, c := range crashes {
			if d := c.diagnostic(doc); !ds.suppresses(d) {
				kept = append(kept, d)
			}
		}
	}
	for _, d := range kept {
		if d.message != nil {
			formatting = d.reporter
			d.Message, d.message = formatMessage(d.message(), nil), nil
		}
	}
	formatting = nil
	SortDiagnostics(kept)
	return kept, nil
}

// dropConsequences removes findings that a root-cause finding of another rule
// supersedes (see Diagnostic.Supersede).
func dropConsequences(ds []*Diagnostic) []*Diagnostic {
	var causes []*Diagnostic
	for _, d := range ds {
		if len(d.supersedes) > 0 {
			causes = append(causes, d)
		}
	}
	if len(causes) == 0 {
		return ds
	}
	out := make([]*Diagnostic, 0, len(ds))
next:
	for _, d := range ds {
		for _, c := range causes {
			if c.Rule == d.Rule {
				continue
			}
			for _, r := range c.supersedes {
				if r.Contains(d.Range.Start) {
					continue next
				}
			}
		}
		out = append(out, d)
	}
	return out
}

// dropFallbacks removes fallback findings (Pass.ReportAs) at a place another
// finding already covers: the same start, or a start inside the other's
// range or the other's start inside theirs.
func dropFallbacks(ds []*Diagnostic) []*Diagnostic {
	var primary []*Diagnostic
	hasFallback := false
	for _, d := range ds {
		if d.fallback {
			hasFallback = true
		} else {
			primary = append(primary, d)
		}
	}
	if !hasFallback {
		return ds
	}
	out := make([]*Diagnostic, 0, len(ds))
next:
	for _, d := range ds {
		if d.fallback {
			for _, p := range primary {
				if overlaps(p.Range, d.Range) || (d.scope != nil && d.scope.Contains(p.Range.Start)) {
					continue next
				}
			}
		}
		out = append(out, d)
	}
	return out
}

// overlaps reports whether two ranges share a position or touch (a
// zero-width finding at the end of another counts as the same place).
func overlaps(a, b Range) bool {
	return !a.End.Before(b.Start) && !b.End.Before(a.Start)
}

// SortDiagnostics orders findings by file, position, rule ID and message.
func SortDiagnostics(ds []*Diagnostic) {
	sort.SliceStable(ds, func(i, j int) bool {
		a, b := ds[i], ds[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Range.Start != b.Range.Start {
			return a.Range.Start.Before(b.Range.Start)
		}
		if a.Rule.ID != b.Rule.ID {
			return a.Rule.ID < b.Rule.ID
		}
		return a.Message < b.Message
	})
}

// walker makes the single walk: each node and each typed entry once, calling
// every pass whose rule has the matching callback. The plan lists the passes
// of each callback, so that a node costs only the rules that look at nodes.
type walker struct {
	plan   *plan
	passes []Pass
	run    *passRun // run.current: the rule being called, for a crash
}

func (w *walker) nodes(n *Node) {
	if n == nil || !w.plan.anyNode {
		return
	}
	// An explicit stack rather than recursion: a hostile file may nest deeply.
	stack := append(make([]*Node, 0, 64), n)
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for _, i := range w.plan.node[n.Kind] {
			w.run.current = i
			w.passes[i].Rule.Node(&w.passes[i], n)
		}
		switch n.Kind {
		case MappingNode:
			for i := len(n.Pairs) - 1; i >= 0; i-- {
				stack = append(stack, n.Pairs[i].Value, n.Pairs[i].Key)
			}
		case SequenceNode:
			for i := len(n.Items) - 1; i >= 0; i-- {
				stack = append(stack, n.Items[i])
			}
		}
	}
}

func (w *walker) spec(s *Spec) {
	ps, pl := w.passes, w.plan
	for _, f := range s.FileEntries {
		for _, i := range pl.file {
			w.run.current = i
			ps[i].Rule.File(&ps[i], f)
		}
	}
	for _, perm := range s.PermEntries {
		for _, i := range pl.perm {
			w.run.current = i
			ps[i].Rule.Permission(&ps[i], perm)
		}
	}
	for _, ev := range s.Events {
		for _, i := range pl.event {
			w.run.current = i
			ps[i].Rule.Event(&ps[i], ev)
		}
		for _, sc := range ev.Scripts {
			for _, i := range pl.script {
				w.run.current = i
				ps[i].Rule.Script(&ps[i], sc)
			}
		}
	}
}

// passRun is one Lint's block of passes and what they share. It is pooled
// between runs of Lint and not cleared (Lint writes what it uses; clearing
// pointers costs a write barrier each while the collector runs): a pooled
// run holds its last document and findings until it is reused or the pool
// drops it at a collection.
type passRun struct {
	passes  []Pass
	rules   []*Rule       // the plan's, for enabled
	out     []*Diagnostic // what the passes report, before filtering
	current int           // index of the rule being called, or noRule
}

// enabled returns the rule of this run with the given ID, or nil (the rule
// of a fallback finding, Pass.ReportAs: rare, so a scan).
func (r *passRun) enabled(id string) *Rule {
	for _, x := range r.rules {
		if x.ID == id {
			return x
		}
	}
	return nil
}

var passPool sync.Pool // of *passRun

// getPassRun returns a run with n passes, each pointing at the run.
func getPassRun(n int) *passRun {
	r, _ := passPool.Get().(*passRun)
	if r == nil {
		r = new(passRun)
	}
	if cap(r.passes) < n {
		r.passes = make([]Pass, n)
		for i := range r.passes {
			r.passes[i].run = r
		}
	}
	r.passes = r.passes[:n]
	r.out = r.out[:0]
	r.current = noRule
	return r
}

func putPassRun(r *passRun) {
	passPool.Put(r)
}
