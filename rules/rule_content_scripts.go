package rules

import (
	"bytes"
	"fmt"
	"path"
	"strings"

	"github.com/appspec-lint/appspec-lint/lint"
)

// ScriptCRLF is AS901.
var ScriptCRLF = &lint.Rule{
	ID: "AS901", Name: "script-crlf", Severity: lint.Error,
	Platforms: lint.EC2, Category: "scripts",
	Summary: "a hook script has Windows (CRLF) line endings",
	Doc: `A script saved with Windows line endings (CRLF) ends every line with a
carriage return that Linux shells read as part of the command: cd /opt/app
becomes cd "/opt/app\r", a blank line becomes the command $'\r' ("$'\r':
command not found"), and exit 0 fails with "numeric argument required". When
the #! line itself ends in CRLF, the system looks for an interpreter named
"/bin/bash\r" and the script does not start at all ("bad interpreter: No such
file or directory"), whatever language it is in. The event then fails with
ScriptFailed.

The rule reads the scripts named by location (at most 1 MiB each) when the
linter can see the revision, on Linux (os: linux, or no os). It reports shell
scripts (a sh/bash/dash/zsh/ksh #! line, or no #! line and a .sh, .bash or
no extension) with any CRLF line, and any script whose #! line ends in CRLF.
Binary files are skipped. The finding points at the location in the appspec
and names the first CRLF line.

Convert the script to LF endings (dos2unix, or your editor's line-ending
setting), and keep it that way with a .gitattributes line such as
"*.sh text eol=lf": Git on Windows (core.autocrlf) otherwise checks scripts out
with CRLF and a bundle built from that checkout carries them.

For ApplicationStop, BeforeBlockTraffic and AfterBlockTraffic the finding is
info: those events run the previous revision's copy of the script, so this
one first runs, and fails, in the deployment after this one.

Bad:

    #!/bin/bash^M
    systemctl stop app^M

Good:

    #!/bin/bash
    systemctl stop app
`,
	Script: func(p *lint.Pass, s *lint.Script) {
		if !p.IsLinux() {
			return
		}
		ref, ok := contentScript(p, s)
		if !ok {
			return
		}
		src, ok := contentRead(p, ref)
		if !ok {
			return
		}
		first := bytes.Index(src, []byte("\r\n"))
		if first < 0 {
			return
		}
		line := 1 + bytes.Count(src[:first], []byte("\n"))
		pattern := "*" + path.Ext(ref.name)
		if pattern == "*" {
			pattern = ref.name
		}
		fix := "convert it to LF line endings (dos2unix, or `" + pattern + " text eol=lf` in .gitattributes so that Git does not check it out with CRLF)"
		var d *lint.Diagnostic
		switch {
		case line == 1 && bytes.HasPrefix(src, []byte("#!")):
			shebang := strings.TrimSpace(string(src[:first]))
			d = p.Report(ref.value, "the `#!` line of %s, `%s`, ends with CRLF (Windows line endings): the carriage return becomes part of the interpreter's name, so the script does not start and %s; %s", ref.name, hookShort(shebang), contentFails(ref.event, " with \"bad interpreter: No such file or directory\""), fix)
		case hookIsShell(ref.name, src):
			crlf := bytes.Count(src, []byte("\r\n"))
			lines := bytes.Count(src, []byte("\n"))
			if !bytes.HasSuffix(src, []byte("\n")) {
				lines++
			}
			d = p.Report(ref.value, "%s has Windows (CRLF) line endings (%d of %d lines, the first on line %d): the shell reads the carriage return as part of each command (`$'\\r': command not found`, `cd: $'/opt/app\\r'`), so %s; %s", ref.name, crlf, lines, line, contentFails(ref.event, ""), fix)
		default:
			return
		}
		if contentPreviousRevisionEvent(ref.event) {
			d.WithSeverity(lint.Info)
		}
	},
}

// ScriptShebang is AS902.
var ScriptShebang = &lint.Rule{
	ID: "AS902", Name: "script-shebang", Severity: lint.Warning,
	Platforms: lint.EC2, Category: "scripts",
	Summary: "a hook script has no #! line, so /bin/sh runs it",
	Doc: `On Linux the agent runs a script by executing the file itself (after chmod +x
when needed): there is no interpreter in between unless the file names one
on its first line, #!/bin/bash or #!/usr/bin/env python3. Without that line
the system refuses to execute the file and the agent's Ruby falls back to
/bin/sh, which runs it as a POSIX shell script: dash on Ubuntu and Debian,
bash in POSIX mode on Amazon Linux and RHEL. Bash syntax ([[ ]], arrays,
source, function) then breaks on some hosts, and a Python, Ruby, Perl or
Node script is read as shell and fails. (With runas, su hands the file to
that user's login shell instead; with sudo, sudo falls back to /bin/sh.)

The rule reads the scripts named by location when the linter can see the
revision, on Linux (os: linux, or no os). It reports:

- a text file without a #! line, with the interpreter to name for its
  extension (.py, .rb, .pl, .js, .php, and .ps1 for PowerShell on Linux;
  #!/bin/bash for .sh, .bash, no extension and anything else);
- a #! line that is not the first two bytes of the file: after a UTF-8 byte
  order mark, or after blank lines or spaces. The system sees the #! only at
  the very start.

It does not report empty files (nothing runs), binaries (ELF, or any NUL
byte), or .bat, .cmd, .exe and .com files: those are Windows programs, and
in a Linux appspec the os line is the likelier mistake. Windows
appspecs are skipped: the Windows agent picks the program by the file's
extension. For ApplicationStop, BeforeBlockTraffic and AfterBlockTraffic the
finding is info: those events run the previous revision's copy.

Bad:

    set -e
    systemctl stop app

Good:

    #!/bin/bash
    set -e
    systemctl stop app
`,
	Script: func(p *lint.Pass, s *lint.Script) {
		if !p.IsLinux() {
			return
		}
		ref, ok := contentScript(p, s)
		if !ok {
			return
		}
		ext := strings.ToLower(path.Ext(ref.name))
		switch ext {
		case ".bat", ".cmd", ".exe", ".com":
			return // Windows programs: the os line is the likelier mistake
		}
		src, ok := contentRead(p, ref)
		if !ok || len(bytes.TrimSpace(src)) == 0 || bytes.HasPrefix(src, []byte("#!")) {
			return
		}
		runas := s.Runas != nil && !hookNil(s.Runas.Value)
		runner := "/bin/sh (dash on Ubuntu and Debian)"
		if runas {
			runner = "the runas user's login shell"
		}
		body := bytes.TrimPrefix(src, []byte("\xef\xbb\xbf"))
		var d *lint.Diagnostic
		switch line, indented := contentLateShebang(body); {
		case len(body) < len(src) && bytes.HasPrefix(body, []byte("#!")):
			d = p.Report(ref.value, "%s starts with a UTF-8 byte order mark before its `#!` line, so the system does not see the `#!`: the agent's fallback runs the file with %s, which fails on the first line; save the script as UTF-8 without BOM", ref.name, runner)
		case line > 0:
			where := fmt.Sprintf("is on line %d", line)
			if indented {
				where = fmt.Sprintf("is indented (line %d)", line)
			}
			d = p.Report(ref.value, "the `#!` line of %s %s, but the system reads a `#!` line only at the very start of the file, so the script is run by %s instead; move the line to the start", ref.name, where, runner)
		default:
			interp, lang := contentInterpreter(ext)
			switch {
			case lang != "":
				d = p.Report(ref.value, "%s has no `#!` line: the agent executes the file directly, so %s runs it as a shell script, not as %s, and it fails; add `%s` as its first line", ref.name, runner, lang, interp)
			case runas:
				d = p.Report(ref.value, "%s has no `#!` line: the agent executes the file directly, so the shell that runs it is the runas user's login shell, whatever that is on the host; add `%s` as its first line", ref.name, interp)
			default:
				d = p.Report(ref.value, "%s has no `#!` line: the agent executes the file directly, so it is run by %s, not bash, and bash syntax in it (`[[`, arrays, `source`) fails; add `%s` as its first line", ref.name, runner, interp)
			}
		}
		if contentPreviousRevisionEvent(ref.event) {
			d.Message += contentPreviousNote(ref.event)
			d.WithSeverity(lint.Info)
		}
	},
}

// contentLateShebang finds a #! line that is not at the start of the file:
// indented, or after blank and comment lines. It returns its line number (0
// when there is none) and whether it is indented.
func contentLateShebang(src []byte) (line int, indented bool) {
	for i, l := range bytes.SplitN(src, []byte("\n"), 20) {
		t := bytes.TrimLeft(l, " \t")
		switch {
		case bytes.HasPrefix(t, []byte("#!")):
			return i + 1, len(t) < len(l)
		case len(bytes.TrimSpace(t)) == 0, bytes.HasPrefix(t, []byte("#")):
			continue
		}
		return 0, false
	}
	return 0, false
}

// contentInterpreter is the #! line to suggest for a script's extension, and
// the language's name when it is not a shell script.
func contentInterpreter(ext string) (shebang, lang string) {
	switch ext {
	case ".py":
		return "#!/usr/bin/env python3", "Python"
	case ".rb":
		return "#!/usr/bin/env ruby", "Ruby"
	case ".pl":
		return "#!/usr/bin/env perl", "Perl"
	case ".js":
		return "#!/usr/bin/env node", "JavaScript"
	case ".php":
		return "#!/usr/bin/env php", "PHP"
	case ".ps1":
		return "#!/usr/bin/env pwsh", "PowerShell"
	}
	return "#!/bin/bash", ""
}

// ScriptNotExecutable is AS903.
var ScriptNotExecutable = &lint.Rule{
	ID: "AS903", Name: "script-not-executable", Severity: lint.Info,
	Platforms: lint.EC2, Category: "scripts",
	Summary: "a hook script is not executable in the revision",
	Doc: `Before running a script the Linux agent checks that the file is executable
and, when it is not, logs a warning and runs chmod +x on it. That works when
the agent runs as root, as it usually does; when it cannot change the mode
(another owner, a read-only mount) the event fails with "Unable to set script
at specified location ... as executable". Setting the bit in the revision
avoids both the warning and the failure.

The rule looks at the mode the revision records: the Unix mode of a zip, tar
or tgz entry (a zip made on Windows records none, so its scripts unpack
without the bit), or the file's mode in a directory. It stays quiet where
modes are unknown: a directory linted on Windows, whose file systems have no
executable bit. It runs on Linux appspecs (os: linux, or no os); Windows runs
scripts by extension.

Set the bit before bundling: chmod +x scripts/*.sh, and in Git
git update-index --chmod=+x scripts/start.sh (Git keeps the bit; a checkout
on Windows does not show it).

Bad:

    -rw-r--r--  scripts/start.sh

Good:

    -rwxr-xr-x  scripts/start.sh
`,
	Script: func(p *lint.Pass, s *lint.Script) {
		if !p.IsLinux() {
			return
		}
		ref, ok := contentScript(p, s)
		if !ok || !contentModesKnown(p.Doc.Revision) {
			return
		}
		perm := ref.mode.Perm()
		if perm == 0 || perm&0o111 != 0 {
			return // no mode recorded, or executable by someone
		}
		p.Report(ref.value, "%s has no executable bit in the revision: the agent runs `chmod +x` on it first, and if it cannot, %s; set the bit before bundling (`chmod +x %s`, or `git update-index --chmod=+x %s`)", ref.name, contentFails(ref.event, " with \"Unable to set script ... as executable\""), ref.name, ref.name)
	},
}

func init() { register(ScriptCRLF, ScriptShebang, ScriptNotExecutable) }
