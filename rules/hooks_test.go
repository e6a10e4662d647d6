package rules_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/appspec-lint/appspec-lint/lint"
	"github.com/appspec-lint/appspec-lint/rules"
)

// The AS518 cases are revisions in testdata (a case folder is linted with
// itself as the revision). Without a revision the rule must stay silent: it
// never guesses at scripts it cannot read.
func TestScriptOutputsNeedsTheRevision(t *testing.T) {
	src, err := os.ReadFile(filepath.Join(testdataDir, "err", "AS518-script-outputs", "appspec.yml"))
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range lint.New(rules.All()).Lint(lint.Parse("appspec.yml", src), nil) {
		if d.Rule.ID == "AS518" {
			t.Errorf("AS518 without a revision: %s", d.Message)
		}
	}
}
