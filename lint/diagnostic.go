package lint

// Diagnostic is one finding: where, how bad, which rule, what to do.
type Diagnostic struct {
	File     string
	Range    Range
	Severity Severity
	Rule     *Rule
	Message  string
	Fix      *Fix
	Related  []Related

	// supersedes are ranges this finding explains as a root cause (a
	// mis-indented key, a missing space after a colon); other rules'
	// findings that start inside them are consequences and are dropped.
	supersedes []Range
	// fallback findings (Pass.ReportAs) give way to any other finding that
	// covers the same place.
	fallback bool
	scope    *Range        // a fallback's wider place: see Scope
	message  func() string // a fallback's message, built if it is kept
	reporter *Rule         // the rule whose pass made a fallback (its message is that rule's code)
	crash    *ruleCrash    // set on the finding that stands for a rule's crash
}

// Related points at a second place that explains a finding (for example the
// first of two duplicate keys).
type Related struct {
	Range   Range
	Message string
}

// FixKind separates fixes that keep the file's meaning from those that change
// what CodeDeploy will do.
type FixKind int

const (
	// LayoutFix keeps the parsed data the same (indentation, BOM, line endings).
	LayoutFix FixKind = iota
	// IntentFix changes the data to what the author most likely meant
	// (renaming a misspelled event, quoting a mode).
	IntentFix
)

func (k FixKind) String() string {
	if k == IntentFix {
		return "intent"
	}
	return "layout"
}

// Fix is a set of edits that resolves a finding.
type Fix struct {
	Description string
	Kind        FixKind
	Edits       []Edit
}

// Edit replaces the text in Range with NewText.
type Edit struct {
	Range   Range
	NewText string
}

// WithSeverity changes the severity of this one finding (for rules whose
// severity depends on the case, e.g. a misspelt event vs an unknown one).
func (d *Diagnostic) WithSeverity(s Severity) *Diagnostic {
	d.Severity = s
	return d
}

// WithFix attaches a fix. Its description is made safe as a message is
// (see formatMessage).
func (d *Diagnostic) WithFix(kind FixKind, description string, edits ...Edit) *Diagnostic {
	d.Fix = &Fix{Description: formatMessage(description, nil), Kind: kind, Edits: edits}
	return d
}

// WithRelated adds a related location. Its message is made safe as a
// finding's is (see formatMessage).
func (d *Diagnostic) WithRelated(at Ranged, message string) *Diagnostic {
	if len(d.Related) >= maxRelated {
		return d // the first ones show where to look; see maxRelated
	}
	d.Related = append(d.Related, Related{Range: at.Span(), Message: formatMessage(message, nil)})
	return d
}

// Supersede marks the ranges this finding explains: a finding of another rule
// that starts inside one of them is a consequence of the same mistake (a
// files entry "without destination" because `destination:` was dedented out
// of it) and is dropped, so the user sees the cause once.
func (d *Diagnostic) Supersede(at ...Ranged) *Diagnostic {
	for _, a := range at {
		d.supersedes = append(d.supersedes, a.Span())
	}
	return d
}

// Scope widens the place a fallback finding (Pass.ReportAs) stands for: it
// gives way to any other finding that starts inside scope, not only to one at
// its own range. A schema violation deep in a resource is usually the echo of
// a hand-written finding on that resource.
func (d *Diagnostic) Scope(at Ranged) *Diagnostic {
	r := at.Span()
	d.scope = &r
	return d
}
