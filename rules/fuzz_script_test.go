package rules_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"unicode/utf8"

	"github.com/appspec-lint/appspec-lint/lint"
	"github.com/appspec-lint/appspec-lint/rules"
)

// FuzzScript: the rules that read a hook script's text (AS518's shell
// reader, AS901's line endings, AS902's #! line, AS903, AS904) take any
// bytes from the revision without panicking, and what they say is well
// formed, deterministic, valid UTF-8 and short. The other fuzz targets mutate
// the appspec only; the scripts beside it are as hostile an input (anything
// the repository holds), and the shell reader is a parser of its own.
//
// The input's first value picks the appspec and the revision around the
// script (see scriptFuzzCase), the second is the script's text.
func FuzzScript(f *testing.F) {
	for _, top := range []string{"../testdata/ok", "../testdata/err"} {
		err := filepath.WalkDir(top, func(file string, e fs.DirEntry, err error) error {
			if err != nil || e.IsDir() || !inCaseFolder(file) || strings.HasPrefix(e.Name(), "appspec.") {
				return err
			}
			if src, err := os.ReadFile(file); err == nil && len(src) <= 64<<10 {
				// Each script under the appspec its name suits.
				f.Add(scriptFuzzKindFor(file), src)
			}
			return nil
		})
		if err != nil {
			f.Fatal(err)
		}
	}
	for i, src := range scriptFuzzSeeds {
		f.Add(uint8(i<<2), []byte(src)) // run.sh, in each setting in turn
	}
	f.Add(uint8(3), []byte("if ($PSHOME -like \"*SysWOW64*\") { & (Join-Path ($PSHOME -replace 'SysWOW64','SysNative') powershell.exe) }\n"))
	linter := lint.New(rules.All())
	linter.NoRecover = true // a crash is a failure here, with its stack
	all := &lint.Config{Enable: []string{"all"}}
	f.Fuzz(func(t *testing.T, kind uint8, script []byte) {
		c := scriptFuzzCase(kind, script)
		lintIt := func() (*lint.Document, []*lint.Diagnostic) {
			doc := lint.Parse("appspec.yml", []byte(c.appspec))
			doc.Revision = c.rev
			return doc, linter.Lint(doc, all)
		}
		doc, ds := lintIt()
		checkWellFormed(t, doc, ds)
		for _, d := range ds {
			if !utf8.ValidString(d.Message) || len(d.Message) > 1000 {
				t.Errorf("%s message is %d bytes, valid UTF-8 %v: %.300q", d.Rule.ID, len(d.Message), utf8.ValidString(d.Message), d.Message)
			}
		}
		if again := formatCase(func() []*lint.Diagnostic { _, ds := lintIt(); return ds }()); again != formatCase(ds) {
			t.Fatalf("linting with %s is not deterministic:\n%s\n---\n%s", c.name, formatCase(ds), again)
		}
	})
}

// scriptFuzzCase is the appspec and revision FuzzScript lints a script in.
// The kind's bits choose: 0-1 the script's name and the appspec's os
// (run.sh, run with no extension, run.py on Linux; run.ps1 on Windows); 2
// whether it is executable; 3 whether the revision is an archive (stricter
// severities) or a directory; 4 the event (ApplicationStop, which runs the
// previous revision's scripts, or AfterInstall).
func scriptFuzzCase(kind uint8, script []byte) scriptFuzzSetting {
	names := []string{"scripts/run.sh", "scripts/run", "scripts/run.py", `scripts\run.ps1`}
	name := names[kind&3]
	system := "linux"
	if kind&3 == 3 {
		system = "windows"
	}
	mode := fs.FileMode(0o644)
	if kind&4 != 0 {
		mode = 0o755
	}
	revKind := lint.DirRevisionKind
	if kind&8 != 0 {
		revKind = lint.ZipRevisionKind
	}
	event := "AfterInstall"
	if kind&16 != 0 {
		event = "ApplicationStop"
	}
	files := fstest.MapFS{strings.ReplaceAll(name, `\`, "/"): {Data: script, Mode: mode}}
	return scriptFuzzSetting{
		name:    name + " (" + revKind.String() + ", " + mode.String() + ", " + event + ")",
		appspec: "version: 0.0\nos: " + system + "\nhooks:\n  " + event + ":\n    - location: " + name + "\n",
		rev:     contentListing{contentArchive{files: files, kind: revKind}},
	}
}

// scriptFuzzSetting is one appspec naming the script, and the revision
// holding it.
type scriptFuzzSetting struct {
	name, appspec string // name describes the setting in messages
	rev           lint.Revision
}

// scriptFuzzKindFor is the kind that lints a testdata file under the
// appspec its name suits, executable as it is in testdata.
func scriptFuzzKindFor(file string) uint8 {
	var kind uint8 = 1 // no extension
	switch filepath.Ext(file) {
	case ".sh":
		kind = 0
	case ".py":
		kind = 2
	case ".ps1", ".bat", ".cmd":
		kind = 3
	}
	if info, err := os.Stat(file); err == nil && info.Mode()&0o111 != 0 {
		kind |= 4
	}
	return kind
}

// scriptFuzzSeeds are shell shapes the testdata scripts lack, so that the
// fuzzer starts with every construct the shell reader knows about.
var scriptFuzzSeeds = []string{
	"#!/bin/sh\ncat <<EOF > /tmp/x &\nbody $(date) `id`\nEOF\nserver 2>&1 | logger &\n",
	"#!/usr/bin/env -S bash -e\nexec >/var/log/deploy.log 2>&1\nnohup app &\n",
	"#!/bin/bash\nif [ -f x ]; then\n  (worker &)\nelif true; then { a & } 2>/dev/null\nelse b & fi\n",
	"#!/bin/bash\nfor i in 1 2; do job \"$i\" >/dev/null & done\nwhile false; do :; done\nuntil true; do x & done\nwait\n",
	"#!/bin/bash\ncase \"$1\" in\n  (start) app 1>&2 & ;;\n  stop|*) kill %1 ;;\nesac\nselect x in a b; { y & }\n",
	"#!/bin/bash\nfunction run() { daemon --flag='a b' \"c\\\"d\" & }\nrun2 () ( svc <&- >&- & )\nrun\n",
	"#!/bin/bash\nset -e\\\n  -u\ncat <<-'END' | tee log |& grep x &\n\tEND\n${VAR:-$(cmd)} $((1+2)) &>/dev/null &\n! a && b || c &\n",
	"#!/bin/bash\r\necho hi\r\n",
	"   #!/bin/bash\n# indented shebang\n",
	"#!/bin/zsh\n" + strings.Repeat("(", 70) + "a &" + strings.Repeat(")", 70) + "\n",
	"\xef\xbb\xbf#!/bin/bash\nnode server.js > app.log 2> err.log < /dev/null &\n",
	"#!/bin/sh\nnohup ./server \\\n  --port 8080 2>>err.log &\ncat << EOF > /etc/motd\nrun & forget\nEOF\ncat <<\\END | sh\n./x &\nEND\n",
	"#!/bin/bash\n./app --host \"$(hostname -f | tr -d '\\n')\" --jars $(find lib -name \\*.jar) --uid $(echo `id -u`) --at `date +\\%s` &\n",
	"#!/bin/bash\n./app 2> >(grep -v '^$' | (logger -t app)) --log <(tail -f x) &\nfunction start ./server &\nfunction stop\n",
	"#!\n./worker &\n",
}
