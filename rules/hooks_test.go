package rules_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/appspec-lint/appspec-lint/lint"
	"github.com/appspec-lint/appspec-lint/rules"
)

// hookBundle is a revision for the rules that read the scripts an appspec
// names (AS518). The testdata harness lints appspec files alone, so this
// test writes the revision to a directory, lints its appspec with the
// directory as its Revision, and compares with a golden file in the harness
// format. Regenerate with go test ./rules -run HookBundle -update.
var hookBundle = map[string]string{
	"appspec.yml": `version: 0.0
os: linux
hooks:
  ApplicationStop:
    - location: scripts/stop.sh
  AfterInstall:
    - location: scripts/partial.sh
    - location: /opt/app/configure.sh
  ApplicationStart:
    - location: scripts/start.sh
      timeout: 300
    - location: scripts/quiet.sh
    - location: scripts/several.sh
    - location: scripts/list.sh
    - location: scripts/app.py
    - location: scripts/missing.sh
  ValidateService:
    - location: /scripts/start.sh
`,
	// The classic: nohup does not redirect output that is not a terminal.
	"scripts/start.sh": `#!/bin/bash
cd /opt/app
nohup java -jar app.jar &
`,
	// Only stdout is redirected: stderr keeps the event waiting.
	"scripts/partial.sh": `#!/usr/bin/env bash
java -jar app.jar > app.log &
`,
	// Four open jobs: stderr sent to the old stdout, a pipeline ending in
	// tee, a subshell, and a job in a case branch.
	"scripts/several.sh": `#!/bin/sh
./api 2>&1 > api.log &
./worker | tee worker.log &
( ./scheduler ) &
case "$1" in
  start) ./queue & ;;
esac
`,
	// Nothing to report: comments, quotes, here-documents, redirected jobs
	// in every form, and exec redirecting the rest of the script.
	"scripts/quiet.sh": `#!/bin/bash
# nohup java -jar app.jar &
echo "starting & waiting" && echo 'a & b'
nohup java -jar app.jar > /dev/null 2>&1 < /dev/null &
node server.js &> /var/log/node.log &
cat <<EOF > /etc/motd
run me & forget
EOF
(cd /opt/worker && ./worker) > worker.log 2>&1 &
cd /opt/worker
nohup ./worker > worker.log 2>&1 &
{ ./a; ./b; } > /dev/null 2>&1 &
if true; then
  ./c >/dev/null 2>/dev/null &
fi
start_app() {
  ./d > d.log 2>&1 &
}
start_app
test -f x && echo "$(date) ok"
exec > /var/log/deploy.log 2>&1
python3 -m http.server &
`,
	// A list in the background runs in a background shell that holds the
	// agent's output while ./worker runs (bash forks the last command of
	// an asynchronous list instead of replacing itself with it).
	"scripts/list.sh": `#!/bin/bash
cd /opt/worker && nohup ./worker > worker.log 2>&1 &
`,
	// A path that looks like one of the instance but is in the revision:
	// AS505 says info, not error.
	"opt/app/configure.sh": "#!/bin/sh\nexec ./configure --prefix=/opt/app\n",
	// No #! line, .sh: a shell script with no background job.
	"scripts/stop.sh": "pkill -f app.jar || true\n",
	// Not a shell script: not read as one.
	"scripts/app.py": "#!/usr/bin/env python3\nimport subprocess\nsubprocess.Popen(['x']) if 1 & 1 else None\n",
}

func TestHookBundle(t *testing.T) {
	dir := t.TempDir()
	for name, text := range hookBundle {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	rev, err := lint.OpenDirRevision(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer rev.Close()

	doc := lint.Parse("appspec.yml", []byte(hookBundle["appspec.yml"]))
	doc.Revision = rev
	ds := lint.New(rules.All()).Lint(doc, nil)
	checkWellFormed(t, doc, ds)
	got := formatCase(ds)

	want := filepath.Join(testdataDir, "err", "AS518-script-outputs.out")
	if *update {
		if err := os.WriteFile(want, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	b, err := os.ReadFile(want)
	if err != nil {
		t.Fatalf("missing expected output %s (run go test ./rules -run HookBundle -update): %v", want, err)
	}
	if got != string(b) {
		t.Errorf("findings differ from %s\n--- got\n%s--- want\n%s", want, got, b)
	}

	// Without the revision, the same appspec gets no AS518 finding.
	plain := lint.New(rules.All()).Lint(lint.Parse("appspec.yml", []byte(hookBundle["appspec.yml"])), nil)
	for _, d := range plain {
		if d.Rule.ID == "AS518" {
			t.Errorf("AS518 without a revision: %s", d.Message)
		}
	}
}
