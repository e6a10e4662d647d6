package rules_test

import (
	"sort"
	"strings"
	"testing"

	"github.com/appspec-lint/appspec-lint/lint"
	"github.com/appspec-lint/appspec-lint/rules"
)

// brokenInputs are files the YAML parser rejects, each a mistake seen in
// real appspecs or in the parser's error list.
var brokenInputs = []string{
	"version: 0.0\nos: linux\nfiles:\n  - source: /\n  destination: /var/www\n",
	"version: 0.0\nos: linux\nfiles:\n  - source: /\n      destination: /var/www\n",
	"version: 0.0\nos: linux\nfiles:\n  - source: /\n   destination: /var/www\n",
	"version: 0.0\nos: linux\nhooks:\n  AfterInstall:\n    - location: a.sh\n    timeout: 30\n    runas: root\n",
	"version: 0.0\nos: linux\nhooks:\n  AfterInstall:\n    - location: a.sh\n        timeout: 30\n",
	"version: 0.0\nos:linux\nfiles:\n  - source: /\n",
	"version:0.0\nos: linux\n",
	"version: 0.0\nos: linux\nhooks:\n  AfterInstall:\n    -location: a.sh\n      timeout: 30\n",
	"version: 0.0\nos: linux\nhooks:\n  AfterInstall:\n    - location:a.sh\n      timeout: 30\n",
	"version: 0.0\nos: linux\nhooks:\n  AfterInstall:\n    - location: a.sh\n      timeout:30\n      runas: root\n",
	"version: 0.0\nos: linux\npermissions:\n  - object: /var\n    pattern: *.txt\n",
	"version: 0.0\nos: linux\npermissions:\n  - object: /var\n    pattern: **\n",
	"version: 0.0\nos: linux\npermissions:\n  - object: /var\n    except: [*.txt]\n",
	"version: 0.0\n\tos: linux\n",
	"version: 0.0\nos: linux\nhooks:\n\tAfterInstall:\n\t  - location: a.sh\n",
	"version: 0.0\nos: linux\nhooks:\n  AfterInstall:\n  \t- location: a.sh\n",
	"version: 0.0\nos: linux\nhooks:\n  AfterInstall:\n    -\tlocation: a.sh\n",
	"version: 0.0\nos: linux\ncontent: |\n  foo\n\tbar\n",
	"version: 0.0\nos: linux\nhooks:\n  AfterInstall:\n    - location: \"a.sh\n      timeout: 30\n",
	"version: 0.0\nos: linux\nhooks:\n  AfterInstall: - location: a.sh\n",
	"version: 0.0\nos: linux\nhooks:\n  AfterInstall:\n    - location: @a.sh\n",
	"version: 0.0\nos: linux\nhooks:\n  AfterInstall:\n    - location: `a.sh`\n",
	"version: 0.0\nos: linux\nhooks:\n  AfterInstall:\n    - location: a.sh\n      runas: echo a: b\n",
	"{\"version\": 0.0 \"os\": \"linux\"}\n",
	"{\"version\": 0.0, \"os\": \"linux\"\n",
	"{\n  \"version\": 0.0,\n  \"os\": \"linux\"\n  \"files\": []\n}\n",
	"{\"version\": 0.0}}\n",
	"{\"ImageURI\": Test }EOF\n",
	"{\"version\": 0.0, \"hooks\": {\"AfterInstall\": [{\"location\": \"a.sh\"]}}\n",
	"version: 0.0\nos: linux\n  files:\n    - source: /\n",
	"version: 0.0\n os: linux\n",
	"version: 0.0\nos: linux\nhooks:\n  AfterInstall:\n    - location: a.sh\n  - location: b.sh\n",
	"version: 0.0\nos: linux\nhooks:\n  AfterInstall:\n    - location: a.sh\n  ApplicationStart\n    - location: b.sh\n",
	"version: 0.0\nos: linux\nfiles\n  - source: /\n",
	"version: 0.0\nos: linux\nhooks:\n  AfterInstall:\n    - location: \"a\\qb.sh\"\n",
	"a: |\n  foo\n bar: 1\n",
	"a: [1, 2\nb: 3\n",
	"- a\nb: 1\n",
	"% foo\n",
	"version: 0.0\nos: \"linux\" extra\n",
	"version: 0.0\nos: [a, ,]\n",
	"version: 0.0\nos: | x\n  foo\n",
	"version: 0.0\nos: &\n",
	"version: 0.0\nos: * \n",
	"version: 0.0\nos: !foo!bar x\n",
	"version: 0.0\nos: linux\nfoo\n",
	"version 0.0\nos: linux\n",
	"  version: 0.0\nos: linux\n",
	"version: 0.0\nos: linux\nhooks:\n    BeforeInstall:\n    - location: a.sh\n  AfterInstall:\n    - location: b.sh\n",
	"version: 0.0\nos: linux\npermissions:\n  - object: /x\n    owner: root\n  AfterInstall:\n    - location: a.sh\n",
	"version: 0.0\r\nos: linux\r\nfiles:\r\n  - source: /\r\n  destination: /x\r\n",
	"\ufeffversion: 0.0\n\tos: linux\n",
	"version: 0.0\nos: li\x01nux\n",
	"version: 0.0\nos: li\xffnux\n",
	"version: 0.0\nos: linux\x00\n",
	"version: 0.0\nos:\u00a0linux\n",
	"version: 0.0\nos: \u0085linux\n",
	"version: 0.0\nResources:\r\n  - TargetService:service\r\n      Type: AWS::ECS::Service\r\n",
}

// syntaxRules are the rules a syntax error can become.
var syntaxRules = map[string]bool{"AS106": true, "AS107": true, "AS112": true, "AS113": true, "AS151": true, "AS152": true, "AS153": true}

// TestSyntaxErrorIsOneFinding: whatever the platform, a syntax error becomes
// exactly one error, at the parser's position (reader errors, which have no
// position, at the offending character), explained rather than quoted.
func TestSyntaxErrorIsOneFinding(t *testing.T) {
	l := lint.New(rules.All())
	for _, src := range brokenInputs {
		for _, platform := range []lint.Platform{0, lint.EC2, lint.Lambda, lint.ECS} {
			doc, ds := l.LintBytes("appspec.yml", []byte(src), &lint.Config{Platform: platform})
			if doc.SyntaxError == nil {
				t.Errorf("%q: expected a syntax error", src)
				continue
			}
			var errs []*lint.Diagnostic
			for _, d := range ds {
				if syntaxRules[d.Rule.ID] && d.Severity == lint.Error {
					errs = append(errs, d)
				}
			}
			if len(errs) != 1 {
				t.Errorf("%q on %v: want 1 syntax error finding, got %d:\n%s", src, platform, len(errs), formatCase(errs))
				continue
			}
			d := errs[0]
			e := doc.SyntaxError
			reader := strings.Contains(e.Message, "control characters") || strings.Contains(e.Message, "UTF-8") ||
				strings.ContainsAny(src, "\u0085\u2028\u2029")
			if !reader && d.Range.Start != e.Pos {
				t.Errorf("%q: finding at %v, parser at %v", src, d.Range.Start, e.Pos)
			}
			if strings.HasPrefix(d.Message, e.Message) || len(d.Message) < len(e.Message)+30 {
				t.Errorf("%q: message repeats the parser: %s", src, d.Message)
			}
			if d.Rule.ID == "AS113" && platform != 0 && platform != lint.EC2 {
				t.Errorf("%q: AS113 reported on %v", src, platform)
			}
		}
	}
}

// TestSyntaxFixesHelp: a fix offered for a syntax error removes it (the
// file parses, or fails only further down).
func TestSyntaxFixesHelp(t *testing.T) {
	l := lint.New(rules.All())
	fixes := 0
	for _, src := range brokenInputs {
		doc, ds := l.LintBytes("appspec.yml", []byte(src), nil)
		for _, d := range ds {
			if !syntaxRules[d.Rule.ID] || d.Severity != lint.Error || d.Fix == nil {
				continue
			}
			fixes++
			fixed := applyEdits(doc, d.Fix.Edits)
			nd := lint.Parse("appspec.yml", []byte(fixed))
			if nd.SyntaxError != nil && nd.SyntaxError.Pos.Line <= doc.SyntaxError.Pos.Line &&
				!strings.Contains(d.Fix.Description, "hooks") && !strings.Contains(d.Fix.Description, "list item") {
				t.Errorf("%q: fix %q leaves %v %s in\n%s", src, d.Fix.Description, nd.SyntaxError.Pos, nd.SyntaxError.Message, fixed)
			}
		}
	}
	if fixes < 20 {
		t.Errorf("only %d syntax errors got a fix", fixes)
	}
}

func applyEdits(doc *lint.Document, edits []lint.Edit) string {
	sorted := append([]lint.Edit(nil), edits...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[j].Range.Start.Before(sorted[i].Range.Start) })
	src := string(doc.Src)
	for _, e := range sorted {
		a, b := doc.Lines.Offset(e.Range.Start), doc.Lines.Offset(e.Range.End)
		src = src[:a] + e.NewText + src[b:]
	}
	return src
}

// TestStarOffEC2: AS113 is an EC2 rule; on Lambda a `*` value still gets
// its explanation, from AS106.
func TestStarOffEC2(t *testing.T) {
	src := "version: 0.0\nResources:\n  - f:\n      Type: AWS::Lambda::Function\n      Properties:\n        Name: *name\n"
	_, ds := lint.New(rules.All()).LintBytes("appspec.yml", []byte(src), &lint.Config{Platform: lint.Lambda})
	if len(ds) != 1 || ds[0].Rule.ID != "AS106" || !strings.Contains(ds[0].Message, "quote it") {
		t.Errorf("want one AS106 explaining the star, got:\n%s", formatCase(ds))
	}
}

// TestTextRulesOnBrokenFiles: BOM, CRLF, tabs and invisible characters are
// still reported when the file does not parse.
func TestTextRulesOnBrokenFiles(t *testing.T) {
	src := "\ufeffversion: 0.0\r\nos: li\u200bnux\r\nfiles:\r\n  - source: /\r\n  destination: /x\r\n"
	_, ds := lint.New(rules.All()).LintBytes("appspec.yml", []byte(src), nil)
	got := map[string]bool{}
	for _, d := range ds {
		got[d.Rule.ID] = true
	}
	for _, id := range []string{"AS108", "AS109", "AS112", "AS151"} {
		if !got[id] {
			t.Errorf("%s missing:\n%s", id, formatCase(ds))
		}
	}
}

// TestFileNameInputs: standard input has no name to check, and neither has
// a path without a file name (a directory, an archive without a member),
// which an API caller may pass.
func TestFileNameInputs(t *testing.T) {
	l := lint.New(rules.All())
	src := []byte("version: 0.0\nos: linux\n")
	for _, name := range []string{"-", "<stdin>", "", ".", "/", "bundle.zip!", "appspec.yml", "dir/appspec.yaml", "bundle.zip!appspec.yml"} {
		if _, ds := l.LintBytes(name, src, nil); len(ds) != 0 {
			t.Errorf("%q: want no findings, got:\n%s", name, formatCase(ds))
		}
	}
	for name, id := range map[string]string{"APPSPEC.YML": "AS103", "appspec-dev.yml": "AS101", "x/appspec.json": "AS102", "bundle.zip!AppSpec.yaml": "AS103"} {
		_, ds := l.LintBytes(name, src, nil)
		if len(ds) != 1 || ds[0].Rule.ID != id {
			t.Errorf("%q: want %s, got:\n%s", name, id, formatCase(ds))
		}
	}
	// On Windows the case of the name does not stop the agent.
	_, ds := l.LintBytes("AppSpec.yml", []byte("version: 0.0\nos: windows\n"), nil)
	if len(ds) != 1 || ds[0].Severity != lint.Warning {
		t.Errorf("AppSpec.yml on windows: want one warning, got:\n%s", formatCase(ds))
	}
}

// checkOneSyntaxError: a broken file gets exactly one error from the
// syntax rules, at the parser's position.
func checkOneSyntaxError(t *testing.T, src string, doc *lint.Document, ds []*lint.Diagnostic) {
	t.Helper()
	e := doc.SyntaxError
	if e == nil || e.Message == "EOF" {
		return
	}
	var errs []*lint.Diagnostic
	for _, d := range ds {
		if syntaxRules[d.Rule.ID] && d.Severity == lint.Error {
			errs = append(errs, d)
		}
	}
	if len(errs) != 1 {
		t.Errorf("%q: want 1 syntax error finding, got:\n%s", src, formatCase(errs))
		return
	}
	// The reader reports no position for a bad character, and the parser
	// counts lone CR, NEL, LS and PS as line breaks where the line index
	// does not.
	drift := strings.ContainsAny(src, "\u0085\u2028\u2029") || strings.Contains(strings.ReplaceAll(src, "\r\n", ""), "\r")
	reader := strings.Contains(e.Message, "control characters") || strings.Contains(e.Message, "UTF-8")
	if !drift && !reader && errs[0].Range.Start != e.Pos {
		t.Errorf("%q: finding at %v, parser at %v", src, errs[0].Range.Start, e.Pos)
	}
}

// TestMutationsDoNotPanic lints many small corruptions of every input: no
// panic, ranges inside the document, one error per syntax error.
func TestMutationsDoNotPanic(t *testing.T) {
	l := lint.New(rules.All())
	inserts := []string{"\t", " ", ":", "-", "*", "\"", "\u00a0", "\x00", "\n", "{", "]", "#", "\r\n", "\xff", "\ufeff"}
	inputs := append([]string{"version: 0.0\nos: linux\nfiles:\n  - source: /\n    destination: /x\nhooks:\n  AfterInstall:\n    - location: a.sh\n      timeout: 30\n"}, brokenInputs...)
	for _, src := range inputs {
		for i := 0; i <= len(src); i += 3 {
			for _, ins := range inserts {
				mutated := src[:i] + ins + src[i:]
				doc, ds := l.LintBytes("appspec.yml", []byte(mutated), nil)
				checkWellFormed(t, doc, ds)
				checkOneSyntaxError(t, mutated, doc, ds)
			}
			if i < len(src) {
				doc, ds := l.LintBytes("appspec.yml", []byte(src[:i]+src[i+1:]), nil)
				checkWellFormed(t, doc, ds)
				checkOneSyntaxError(t, src[:i]+src[i+1:], doc, ds)
			}
		}
	}
}
