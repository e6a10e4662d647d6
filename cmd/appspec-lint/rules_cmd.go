package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/appspec-lint/appspec-lint/lint"
	"github.com/appspec-lint/appspec-lint/rules"
)

// ruleInfo is the JSON form of a rule for `appspec-lint rules --format json`.
type ruleInfo struct {
	ID        string   `json:"id"`
	Name      string   `json:"name"`
	Severity  string   `json:"severity"`
	Platforms []string `json:"platforms"`
	Category  string   `json:"category"`
	Summary   string   `json:"summary"`
	OptIn     bool     `json:"optIn"`
}

func runRules(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("appspec-lint rules", flag.ContinueOnError)
	fs.SetOutput(stderr)
	format := fs.String("format", "text", "output format: text or json")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	all := rules.All()
	switch *format {
	case "json":
		out := make([]ruleInfo, 0, len(all))
		for _, r := range all {
			out = append(out, ruleInfo{ID: r.ID, Name: r.Name, Severity: r.Severity.String(),
				Platforms: r.Platforms.Names(), Category: r.Category, Summary: r.Summary, OptIn: r.OptIn})
		}
		enc := json.NewEncoder(stdout)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		if err := enc.Encode(out); err != nil {
			return 2
		}
	case "text":
		tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tNAME\tSEVERITY\tPLATFORMS\tSUMMARY")
		for _, r := range all {
			sev := r.Severity.String()
			if r.OptIn {
				sev += " (opt-in)"
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", r.ID, r.Name, sev, strings.Join(r.Platforms.Names(), ","), r.Summary)
		}
		tw.Flush()
	default:
		fmt.Fprintf(stderr, "appspec-lint rules: unknown format %q (want text or json)\n", *format)
		return 2
	}
	return 0
}

func runExplain(args []string, stdout, stderr io.Writer) int {
	if len(args) != 1 {
		fmt.Fprintln(stderr, "usage: appspec-lint explain ID|NAME   (for example: appspec-lint explain AS503)")
		return 2
	}
	linter := lint.New(rules.All())
	r := linter.Rule(args[0])
	if r == nil {
		var close []string
		for _, c := range linter.Rules() {
			if strings.Contains(strings.ToLower(c.Name), strings.ToLower(args[0])) {
				close = append(close, c.ID+" "+c.Name)
			}
		}
		fmt.Fprintf(stderr, "appspec-lint explain: no rule %q", args[0])
		if len(close) > 0 {
			fmt.Fprintf(stderr, "; rules with that in their name: %s", strings.Join(close, ", "))
		}
		fmt.Fprintln(stderr, "\nrun 'appspec-lint rules' for the list")
		return 2
	}
	fmt.Fprint(stdout, Explain(r))
	return 0
}

// Explain renders a rule's documentation as `explain` prints it.
func Explain(r *lint.Rule) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s\n", r.ID, r.Name)
	fmt.Fprintf(&b, "severity: %s", r.Severity)
	if r.OptIn {
		b.WriteString(" (opt-in: enable with --enable " + r.ID + ")")
	}
	fmt.Fprintf(&b, "   platforms: %s   category: %s\n\n", strings.Join(r.Platforms.Names(), ", "), r.Category)
	fmt.Fprintf(&b, "%s\n\n", r.Summary)
	b.WriteString(strings.TrimRight(r.Doc, "\n"))
	b.WriteString("\n")
	return b.String()
}
