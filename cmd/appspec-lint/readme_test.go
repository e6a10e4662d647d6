package main

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/appspec-lint/appspec-lint/rules"
)

const readmePath = "../../README.md"

// ruleTable renders the README's rule list from the rule set itself, so the
// README cannot drift from the code.
func ruleTable() string {
	var b strings.Builder
	b.WriteString("| ID | name | severity | platforms | what it catches |\n|---|---|---|---|---|\n")
	for _, r := range rules.All() {
		sev := r.Severity.String()
		if r.OptIn {
			sev += " (opt-in)"
		}
		fmt.Fprintf(&b, "| %s | `%s` | %s | %s | %s |\n", r.ID, r.Name, sev,
			strings.Join(r.Platforms.Names(), ", "), strings.ReplaceAll(r.Summary, "|", "\\|"))
	}
	return b.String()
}

func TestREADMERuleTable(t *testing.T) {
	b, err := os.ReadFile(readmePath)
	if err != nil {
		t.Fatal(err)
	}
	readme := string(b)
	const startMark, endMark = "<!-- rules:start -->\n", "<!-- rules:end -->"
	i, j := strings.Index(readme, startMark), strings.Index(readme, endMark)
	if i < 0 || j < i {
		t.Fatal("README.md lacks the rules:start/rules:end markers")
	}
	want := readme[:i+len(startMark)] + ruleTable() + readme[j:]
	if *update {
		if err := os.WriteFile(readmePath, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if want != readme {
		t.Error("the README's rule table is out of date: go test ./cmd/appspec-lint -update")
	}
}
