package lint

// Pass is what a rule sees of one document: the document, its typed view,
// the platform, and a way to report.
type Pass struct {
	Doc      *Document
	Spec     *Spec
	Platform Platform
	Rule     *Rule

	run *passRun // what every pass of one Lint shares: the findings, the rules
}

// Report records a finding of the pass's rule at the range of at. The message
// says what is wrong and what to do.
func (p *Pass) Report(at Ranged, format string, args ...any) *Diagnostic {
	msg := formatMessage(format, args)
	d := &Diagnostic{
		File:     p.Doc.Path,
		Range:    at.Span(),
		Severity: p.Rule.Severity,
		Rule:     p.Rule,
		Message:  msg,
	}
	p.run.out = append(p.run.out, d)
	return d
}

// IsLinux reports whether the EC2 file targets Linux (os: linux, or os
// missing or unknown, where Linux is the likelier host).
func (p *Pass) IsLinux() bool { return !p.Spec.IsWindows() }

// ReportAs records a finding on behalf of the rule with the given ID, for a
// check that serves several rules (the JSON Schema validation maps each
// schema error to the rule that owns that constraint). It is a fallback: the
// engine drops it when another finding already covers the same place, so a
// hand-written rule's finding is never repeated. When that rule is disabled
// or does not apply to the platform, the finding is discarded. Most
// fallbacks give way, so the message is a function, called only for a
// finding that is kept (before Lint returns, while the pass is still valid).
func (p *Pass) ReportAs(id string, at Ranged, message func() string) *Diagnostic {
	r := p.run.enabled(id)
	d := &Diagnostic{File: p.Doc.Path, Range: at.Span(), Rule: r, message: message, fallback: true, reporter: p.Rule}
	if r == nil {
		return d // detached: callers may still chain WithFix and friends
	}
	d.Severity = r.Severity
	p.run.out = append(p.run.out, d)
	return d
}
