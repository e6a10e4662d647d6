package rules

import (
	"bytes"
	"fmt"
	"path"
	"sort"
	"strconv"
	"strings"

	"github.com/appspec-lint/appspec-lint/lint"
)

// hookScriptLimit is how much of a script AS518 reads.
const hookScriptLimit = 1 << 20

// HookScriptOutputs is AS518.
var HookScriptOutputs = &lint.Rule{
	ID: "AS518", Name: "hook-script-outputs", Severity: lint.Info,
	Platforms: lint.EC2, Category: "hooks",
	Summary: "a script starts a background job that keeps the agent's stdout or stderr open",
	Doc: `The agent runs each script with its stdout and stderr connected to pipes, and
waits until both are closed, not just until the script exits. A job the
script starts in the background (nohup java -jar app.jar &) inherits them,
so as long as it runs the event cannot finish: it waits out the script's
timeout and fails with "failed to close STDOUT" (or STDERR), or times out.
Redirect both streams of every background job, e.g.

    nohup java -jar app.jar > /dev/null 2>&1 < /dev/null &

(a log file instead of /dev/null is fine). nohup does not help: it
redirects output only when it is a terminal, and here it is a pipe. The agent
closes the script's stdin itself, so a job that only keeps stdin is not
reported, though the user guide recommends redirecting it too.

A list run in the background (cd /opt/app && java -jar app.jar > app.log
2>&1 &) is reported too: a background shell runs the list and keeps the
script's output while java runs, because bash forks the last command of such
a list instead of becoming it. Put the cd on its own line, or redirect the
list as a whole.

Output sent to a process substitution (java -jar app.jar > >(logger -t app)
2>&1 &) still reaches the agent: logger writes where the script writes and
runs as long as java does. Redirect the substituted command's output too,
>(logger -t app > /dev/null 2>&1), or pipe into it (| logger) and redirect
that.

This rule needs the script's text, so it runs only when the linter can see
the revision (a directory or an archive, not stdin). It reads shell scripts
(a sh/bash/dash/zsh/ksh #! line, or a .sh file or a file without extension
without one), follows quoting, here-documents, pipelines, subshells and
groups, and honours "exec >log 2>&1" at the top of the script. The finding
points at the script's location in the appspec and names the lines.

Bad:

    #!/bin/bash
    cd /opt/app
    nohup java -jar app.jar &

Good:

    #!/bin/bash
    cd /opt/app
    nohup java -jar app.jar > /var/log/app.log 2>&1 < /dev/null &
`,
	Document: func(p *lint.Pass) {
		if p.Doc.Revision == nil || p.Spec.IsWindows() {
			return
		}
		scans := map[string]*hookScriptScan{} // a script listed twice is read once
		for _, ev := range p.Spec.Events {
			for _, s := range ev.Scripts {
				v := s.Location.ValueNode()
				if v == nil || v.Kind != lint.ScalarNode || hookNil(v) {
					continue
				}
				name, ok := lint.CleanRevisionPath(v.Value)
				if !ok || name == "." {
					continue
				}
				scan, done := scans[name]
				if !done {
					scan = hookScanScript(p.Doc.Revision, name)
					scans[name] = scan
				}
				if scan != nil {
					p.Report(v, "%s", scan.message(name, ev.Name()))
				}
			}
		}
	},
}

// hookScriptScan is what AS518 found in one script.
type hookScriptScan struct {
	lines    []int  // line of each open background job
	example  string // how to fix the first job, when it is short and on one line
	out, err bool   // which streams stay open (over all jobs)
	job      string // the first job's text, when it is short and on one line
}

// hookScanScript reads and checks one script; nil when there is nothing to
// say (missing, not a shell script, or no open background job).
func hookScanScript(rev lint.Revision, name string) *hookScriptScan {
	src, err := rev.ReadFile(name, hookScriptLimit)
	if err != nil || !hookIsShell(name, src) {
		return nil
	}
	text := string(src)
	jobs := hookShOpenJobs(text)
	if len(jobs) == 0 {
		return nil
	}
	scan := &hookScriptScan{}
	// The line of each job, found from the offsets of the line breaks: a
	// script can start a job on each of a hundred thousand lines.
	var breaks []int
	for i := strings.IndexByte(text, '\n'); i >= 0; {
		breaks = append(breaks, i)
		next := strings.IndexByte(text[i+1:], '\n')
		if next < 0 {
			break
		}
		i += 1 + next
	}
	for _, j := range jobs {
		line := 1 + sort.SearchInts(breaks, j.start)
		if n := len(scan.lines); n == 0 || scan.lines[n-1] != line {
			scan.lines = append(scan.lines, line)
		}
		scan.out, scan.err = scan.out || j.out, scan.err || j.err
	}
	job := strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(text[jobs[0].start:jobs[0].end]), "&"))
	if !strings.ContainsAny(job, "\n\r") && len([]rune(job)) <= 80 {
		scan.job = job
		scan.example = hookJobFix(job, jobs[0])
	}
	return scan
}

// hookJobFix writes job with the redirections it lacks: a simple command
// gets the missing ones, anything else is redirected as a whole.
func hookJobFix(job string, j hookShJob) string {
	switch {
	case j.shape == hookShSimple && !j.out:
		return job + " 2>&1 &" // stdout already goes elsewhere: send stderr after it
	case j.shape == hookShSimple && !j.err:
		return job + " > /dev/null &"
	case j.shape == hookShList:
		job = "( " + job + " )"
	}
	return job + " > /dev/null 2>&1 < /dev/null &"
}

func (s *hookScriptScan) message(name, event string) string {
	streams, them := hookStreams(s.out, s.err), "it"
	if s.out && s.err {
		them = "them"
	}
	closeMsg := "STDOUT"
	if !s.out {
		closeMsg = "STDERR"
	}
	var b strings.Builder
	if len(s.lines) == 1 {
		what := "a job"
		if s.job != "" {
			what = "`" + s.job + " &`"
		}
		fmt.Fprintf(&b, "line %d of %s starts %s in the background with its %s still going to the agent", s.lines[0], name, what, streams)
	} else {
		fmt.Fprintf(&b, "lines %s of %s start jobs in the background with their %s still going to the agent", hookJoinLines(s.lines), name, streams)
	}
	fmt.Fprintf(&b, ", which waits for %s to close: %s hangs until the script's timeout and fails with \"failed to close %s\". ", them, event, closeMsg)
	if s.example != "" && len(s.lines) == 1 {
		fmt.Fprintf(&b, "Redirect %s: `%s`", them, s.example)
	} else {
		b.WriteString("Redirect the output of each background job, e.g. `command > /dev/null 2>&1 < /dev/null &`")
	}
	return b.String()
}

func hookStreams(out, err bool) string {
	switch {
	case out && err:
		return "stdout and stderr"
	case out:
		return "stdout"
	}
	return "stderr"
}

// hookJoinLines writes 3, 7 and 12: two lines or more.
func hookJoinLines(lines []int) string {
	shown := lines
	if len(shown) > hookMaxLinesListed {
		shown = shown[:hookMaxLinesListed]
	}
	parts := make([]string, len(shown))
	for i, l := range shown {
		parts[i] = strconv.Itoa(l)
	}
	if more := len(lines) - len(shown); more > 0 {
		return strings.Join(parts, ", ") + " and " + strconv.Itoa(more) + " more"
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1]
}

// hookMaxLinesListed is how many lines a message lists: enough to find the
// jobs in a real script, short for one that starts thousands.
const hookMaxLinesListed = 10

// hookIsShell reports whether a script is a shell script: its #! line names
// a POSIX-like shell, or it has none and is a .sh (or extensionless) file.
func hookIsShell(name string, src []byte) bool {
	if bytes.IndexByte(src, 0) >= 0 {
		return false // binary
	}
	if bytes.HasPrefix(src, []byte("#!")) {
		line, _, _ := bytes.Cut(src[2:], []byte("\n"))
		fields := strings.Fields(string(line))
		if len(fields) == 0 {
			return false
		}
		interp := path.Base(fields[0])
		if interp == "env" {
			interp = ""
			for _, f := range fields[1:] {
				if !strings.HasPrefix(f, "-") {
					interp = path.Base(f)
					break
				}
			}
		}
		switch interp {
		case "sh", "bash", "dash", "zsh", "ksh", "ash", "mksh", "busybox":
			return true
		}
		return false
	}
	switch strings.ToLower(path.Ext(name)) {
	case ".sh", ".bash", ".ksh", ".zsh", "":
		return true
	}
	return false
}

func init() { register(HookScriptOutputs) }
