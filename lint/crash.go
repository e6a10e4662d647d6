package lint

import (
	"fmt"
	"runtime/debug"
)

// A rule that panics must not take the run down with it: a directory of a
// thousand files, an editor or a CI gate would lose every other finding to
// one rule's bug. Lint recovers, lints the document again without that
// rule, and reports the crash as an error of the rule itself (the file was
// not fully checked), so that --disable or an inline ignore can set it
// aside until it is fixed. The fuzz targets fail on such a finding (see
// Diagnostic.InternalError): recovering hides nothing from them.

// noRule is passRun.current while engine code runs: a panic there is the
// engine's own, and is not recovered (there is nothing to leave out).
const noRule = -1

// ruleCrash is one rule's panic on one document.
type ruleCrash struct {
	rule  *Rule
	value any
	stack []byte
}

// crashOf turns a recovered panic into the crash of the rule that was
// running, or panics again when no rule was.
func crashOf(r any, run *passRun, formatting *Rule) *ruleCrash {
	rule := formatting
	if rule == nil && run.current != noRule {
		rule = run.rules[run.current]
	}
	if rule == nil {
		panic(r)
	}
	return &ruleCrash{rule: rule, value: r, stack: debug.Stack()}
}

// diagnostic is the finding that stands for the crash, on the first line.
func (c *ruleCrash) diagnostic(doc *Document) *Diagnostic {
	start := Pos{Line: 1, Col: 1}
	end := start
	if doc.Lines != nil {
		end = doc.Lines.EndOfLine(1)
	}
	return &Diagnostic{
		File:     doc.Path,
		Range:    Range{Start: start, End: end},
		Severity: Error,
		Rule:     c.rule,
		Message: formatMessage("internal error: rule %s (%s) failed on this file, so its checks are missing here (%v); "+
			"please report it with the file; --disable %s sets the rule aside meanwhile",
			[]any{c.rule.ID, c.rule.Name, c.value, c.rule.ID}),
		crash: c,
	}
}

// InternalError returns, for the finding that stands for a rule's crash,
// the panic and where it happened; "" for every other finding.
func (d *Diagnostic) InternalError() string {
	if d.crash == nil {
		return ""
	}
	return fmt.Sprintf("rule %s panicked: %v\n%s", d.crash.rule.ID, d.crash.value, d.crash.stack)
}
