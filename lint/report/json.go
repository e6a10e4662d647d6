package report

import (
	"encoding/json"
	"io"

	"github.com/appspec-lint/appspec-lint/lint"
)

// jsonFinding is the JSON contract of design.md: exactly these keys, plus an
// optional fix. Lines and columns are 1-based Unicode characters; the range
// is [start, end).
type jsonFinding struct {
	File      string   `json:"file"`
	Line      int      `json:"line"`
	Column    int      `json:"column"`
	EndLine   int      `json:"endLine"`
	EndColumn int      `json:"endColumn"`
	Severity  string   `json:"severity"`
	Rule      string   `json:"rule"`
	Name      string   `json:"name"`
	Message   string   `json:"message"`
	Fix       *jsonFix `json:"fix,omitempty"`
}

type jsonFix struct {
	Description string     `json:"description"`
	Kind        string     `json:"kind"` // "layout" keeps the data; "intent" changes it
	Edits       []jsonEdit `json:"edits"`
}

type jsonEdit struct {
	Line      int    `json:"line"`
	Column    int    `json:"column"`
	EndLine   int    `json:"endLine"`
	EndColumn int    `json:"endColumn"`
	Text      string `json:"text"`
}

// JSON writes one array of findings.
func JSON(w io.Writer, r *Result, _ Options) error {
	out := []jsonFinding{}
	for _, d := range r.All() {
		out = append(out, toJSON(d))
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false) // messages quote YAML such as `&&VAR&&` and `<TASK_DEFINITION>`: keep them readable
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

func toJSON(d *lint.Diagnostic) jsonFinding {
	f := jsonFinding{
		File: d.File, Line: d.Range.Start.Line, Column: d.Range.Start.Col,
		EndLine: d.Range.End.Line, EndColumn: d.Range.End.Col,
		Severity: d.Severity.String(), Rule: d.Rule.ID, Name: d.Rule.Name, Message: d.Message,
	}
	if d.Fix != nil {
		fx := &jsonFix{Description: d.Fix.Description, Kind: d.Fix.Kind.String(), Edits: []jsonEdit{}}
		for _, e := range d.Fix.Edits {
			fx.Edits = append(fx.Edits, jsonEdit{
				Line: e.Range.Start.Line, Column: e.Range.Start.Col,
				EndLine: e.Range.End.Line, EndColumn: e.Range.End.Col, Text: e.NewText,
			})
		}
		f.Fix = fx
	}
	return f
}
