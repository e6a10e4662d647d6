package lint

import "fmt"

// Pass is what a rule sees of one document: the document, its typed view,
// the platform, and a way to report.
type Pass struct {
	Doc      *Document
	Spec     *Spec
	Platform Platform
	Rule     *Rule

	out *[]*Diagnostic
}

// Report records a finding of the pass's rule at the range of at. The message
// says what is wrong and what to do.
func (p *Pass) Report(at Ranged, format string, args ...any) *Diagnostic {
	msg := format
	if len(args) > 0 {
		msg = fmt.Sprintf(format, args...)
	}
	d := &Diagnostic{
		File:     p.Doc.Path,
		Range:    at.Span(),
		Severity: p.Rule.Severity,
		Rule:     p.Rule,
		Message:  msg,
	}
	*p.out = append(*p.out, d)
	return d
}

// IsLinux reports whether the EC2 file targets Linux (os: linux, or os
// missing or unknown, where Linux is the likelier host).
func (p *Pass) IsLinux() bool { return !p.Spec.IsWindows() }
