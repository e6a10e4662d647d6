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
	var out []*Diagnostic
	// One block of passes rather than one allocation per rule, and that
	// block reused from one document to the next (a directory or an editor
	// lints many): nothing keeps a Pass after Lint returns. The rule of a
	// fallback finding (Pass.ReportAs, rare) is looked up by a scan.
	block := getPasses(len(pl.rules))
	defer putPasses(block)
	passes := *block
	enabled := func(id string) *Rule {
		for _, r := range pl.rules {
			if r.ID == id {
				return r
			}
		}
		return nil
	}
	for i, r := range pl.rules {
		passes[i] = Pass{Doc: doc, Spec: doc.Spec, Platform: doc.Platform, Rule: r, out: &out, enabled: enabled}
	}
	for _, i := range pl.document {
		passes[i].Rule.Document(&passes[i])
	}
	if doc.Bundle != nil {
		for _, i := range pl.revision {
			passes[i].Rule.Revision(&passes[i])
		}
	}
	if !standIn {
		w := walker{plan: pl, passes: passes}
		w.nodes(doc.Root)
		w.spec(doc.Spec)
	}

	ds := parseDirectives(doc)
	kept := out[:0]
	for _, d := range dropFallbacks(dropConsequences(out)) {
		if !ds.suppresses(d) {
			kept = append(kept, d)
		}
	}
	for _, d := range kept {
		if d.message != nil {
			d.Message, d.message = formatMessage(d.message(), nil), nil
		}
	}
	SortDiagnostics(kept)
	return kept
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
			ps[i].Rule.File(&ps[i], f)
		}
	}
	for _, perm := range s.PermEntries {
		for _, i := range pl.perm {
			ps[i].Rule.Permission(&ps[i], perm)
		}
	}
	for _, ev := range s.Events {
		for _, i := range pl.event {
			ps[i].Rule.Event(&ps[i], ev)
		}
		for _, sc := range ev.Scripts {
			for _, i := range pl.script {
				ps[i].Rule.Script(&ps[i], sc)
			}
		}
	}
}

// passPool holds blocks of passes between runs of Lint.
var passPool sync.Pool // of *[]Pass

// getPasses returns a block of n passes, to be set by Lint (a pooled one
// still holds its last run).
func getPasses(n int) *[]Pass {
	if b, ok := passPool.Get().(*[]Pass); ok && cap(*b) >= n {
		*b = (*b)[:n]
		return b
	}
	b := make([]Pass, n)
	return &b
}

// putPasses returns the passes to the pool. They are not cleared (Lint sets
// every field of the ones it uses): clearing pointers costs a write barrier
// each while the collector runs. A pooled block holds its last document
// until it is reused or the pool drops it at a collection.
func putPasses(b *[]Pass) {
	passPool.Put(b)
}
