package rules_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

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

// TestScriptReader: AS518's shell reader on shapes the testdata scripts lack.
// want is the start of the AS518 message, "" for none.
func TestScriptReader(t *testing.T) {
	cases := []struct{ name, script, want string }{
		// A line continuation between words: the redirections on the next
		// line belong to the command.
		{"continued and redirected", "#!/bin/sh\nnohup ./server \\\n  --port 8080 > /dev/null 2>&1 &\n", ""},
		{"continued", "#!/bin/sh\nnohup ./server \\\n  --port 8080 &\n", "line 2 of scripts/run.sh starts a job in the background with its stdout and stderr"},
		// The body of a here document is text, whatever it holds.
		{"here document after a space", "#!/bin/sh\ncat << EOF > /etc/motd\nrun me & forget\nEOF\n", ""},
		{"here document with an escaped delimiter", "#!/bin/sh\ncat <<\\EOF > /etc/motd\nrun me & forget\nEOF\n./worker &\n", "line 5 of scripts/run.sh starts `./worker &`"},
		// Quotes, escapes and backquotes inside $( ) and ` ` stay in the word.
		{"substitutions", "#!/bin/bash\n" +
			"./app --host \"$(hostname -f | tr -d '\\n')\" &\n" +
			"./app --jars $(find lib -name \\*.jar) &\n" +
			"./app --dir \"$(dirname \"$0\")\" &\n" +
			"./app --uid $(echo `id -u`) &\n" +
			"./app --stamp `date +\\%s` &\n", "lines 2, 3, 4, 5 and 6 of scripts/run.sh start jobs"},
		{"unclosed quote in a substitution", "#!/bin/sh\n./app $(echo 'unfinished &\n./worker &\n", ""},
		// A process substitution is a word: a redirection's target, or an
		// argument that leaves stdout where it was.
		{"process substitution", "#!/bin/bash\n./app 2> >(grep -v '^$' | (logger -t app)) &\n", "line 2 of scripts/run.sh starts `./app 2> >(grep -v '^$' | (logger -t app)) &` in the background with its stdout and stderr still"},
		// Output sent into >(cmd) reaches the agent when cmd writes there:
		// logger holds the agent's stdout as long as ./app writes to it.
		{"output into a process substitution", "#!/bin/bash\n./app > >(logger -t app) 2>&1 &\n", "line 2 of scripts/run.sh starts `./app > >(logger -t app) 2>&1 &` in the background with its stdout and stderr still"},
		{"both streams into a process substitution", "#!/bin/bash\n./app &> >(logger -t app) &\n", "line 2 of scripts/run.sh starts `./app &> >(logger -t app) &` in the background with its stdout and stderr still"},
		// An exec in the substituted command redirects what follows it there.
		{"process substitution that redirects itself with exec", "#!/bin/bash\n./app > >(exec > /dev/null 2>&1; logger -t app) 2>&1 &\n", ""},
		{"output into a redirected process substitution", "#!/bin/bash\n./app > >(logger -t app > /dev/null 2>&1) 2>&1 &\n", ""},
		{"output into a substitution after a redirection", "#!/bin/bash\n./app > /var/log/app 2> >(cat) &\n", "line 2 of scripts/run.sh starts `./app > /var/log/app 2> >(cat) &` in the background with its stderr still"},
		// A substitution inside a substitution is not followed (hostile
		// nesting would cost the square of its length): it counts as a file.
		{"nested process substitution", "#!/bin/bash\n./app > >(tee >(logger)) 2>&1 &\n", ""},
		{"process substitution as an argument", "#!/bin/bash\n./app --log-file >(logger -t app) &\n", "line 2 of scripts/run.sh starts `./app --log-file >(logger -t app) &` in the background with its stdout and stderr still"},
		{"unclosed process substitution", "#!/bin/bash\n./app > >(logger -t app &\n", ""},
		// bash rejects `function name` without a compound command, so
		// nothing runs.
		{"function without a body", "#!/bin/bash\nfunction start\n", ""},
		{"function with a simple command", "#!/bin/bash\nfunction start ./server &\n", ""},
		// stdout open, stderr to a file: the advice adds only `> /dev/null`.
		{"stderr redirected", "#!/bin/sh\n./collector 2>>/var/log/collector.err &\n", "line 2 of scripts/run.sh starts `./collector 2>>/var/log/collector.err &` in the background with its stdout still going to the agent, which waits for it to close: AfterInstall hangs until the script's timeout and fails with \"failed to close STDOUT\". Redirect it: `./collector 2>>/var/log/collector.err > /dev/null &`"},
		// A #! line naming no interpreter: not a shell script the agent runs.
		{"empty #! line", "#!\n./worker &\n", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rev := contentListing{contentArchive{files: fstest.MapFS{"scripts/run.sh": {Data: []byte(c.script), Mode: 0o755}}, kind: lint.ZipRevisionKind}}
			got := ""
			for _, d := range contentLint(t, "version: 0.0\nos: linux\nhooks:\n  AfterInstall:\n    - location: scripts/run.sh\n", rev) {
				if d.Rule.ID == "AS518" {
					got = d.Message
				}
			}
			if !strings.HasPrefix(got, c.want) || (c.want == "") != (got == "") {
				t.Errorf("AS518 says %q, want it to start %q", got, c.want)
			}
		})
	}
}
