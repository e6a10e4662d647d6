package rules_test

import (
	"strings"
	"testing"

	"github.com/appspec-lint/appspec-lint/lint"
	"github.com/appspec-lint/appspec-lint/rules"
)

// docExample returns the indented example after label ("Bad:" or "Good:")
// in a rule's Doc, dedented by four spaces.
func docExample(doc, label string) string {
	_, rest, ok := strings.Cut(doc, "\n"+label+"\n")
	if !ok {
		return ""
	}
	var b strings.Builder
	for _, line := range strings.Split(rest, "\n") {
		if line != "" && !strings.HasPrefix(line, "    ") {
			break
		}
		b.WriteString(strings.TrimPrefix(line, "    ") + "\n")
	}
	return strings.TrimLeft(b.String(), "\n")
}

// TestPermDocExamples: each permissions rule reports its own Bad example and
// stays quiet on its Good one, so the docs cannot drift from the code.
func TestPermDocExamples(t *testing.T) {
	for _, r := range rules.All() {
		if !strings.HasPrefix(r.ID, "AS4") {
			continue
		}
		cfg := &lint.Config{Enable: []string{r.ID}}
		count := func(src string) int {
			_, ds := lint.New(rules.All()).LintBytes("appspec.yml", []byte(src), cfg)
			n := 0
			for _, d := range ds {
				if d.Rule == r {
					n++
				}
			}
			return n
		}
		if bad := docExample(r.Doc, "Bad:"); count(bad) == 0 {
			t.Errorf("%s: the Bad example gives no finding:\n%s", r.ID, bad)
		}
		if good := docExample(r.Doc, "Good:"); count(good) != 0 {
			t.Errorf("%s: the Good example gives a finding:\n%s", r.ID, good)
		}
	}
}

// TestPermOddShapes: every permissions rule survives values of the wrong
// kind anywhere (lists, mappings, aliases, nulls, tags).
func TestPermOddShapes(t *testing.T) {
	values := []string{"", "~", "[]", "{}", "[a, [b]]", "{a: {b: c}}", "*x", "!!str 0644", "!!int 12", "|\n      644\n",
		"0644", "-1", "1e3", ".inf", ":sym", "2020-01-01", "6:44", "\"\"", "'s0:'", "[~, 1, true, {a: b}]"}
	keys := []string{"object", "pattern", "except", "owner", "group", "mode", "acls", "context", "type"}
	cfg := &lint.Config{Enable: []string{"AS4"}}
	l := lint.New(rules.All())
	for _, key := range keys {
		for _, v := range values {
			for _, ctx := range []string{"", "\n      type: " + v, "\n      range: " + v, "\n      user: " + v} {
				val := v
				if key == "context" && ctx != "" {
					val = ctx
				}
				src := "version: 0.0\nos: linux\nfiles:\n  - source: a.txt\n    destination: &x /opt/app\n" +
					"permissions:\n  - object: /opt/app/a.txt\n    " + key + ": " + val + "\n  - object: /opt/app\n    " + key + ": " + val + "\n"
				doc, ds := l.LintBytes("appspec.yml", []byte(src), cfg)
				for _, d := range ds {
					if d.Range.End.Before(d.Range.Start) || d.Range.End.Line > doc.Lines.LineCount() {
						t.Errorf("%s: bad range %v-%v for\n%s", d.Rule.ID, d.Range.Start, d.Range.End, src)
					}
				}
			}
		}
	}
	for _, src := range []string{
		"permissions: *x\n", "permissions:\n  - *x\n", "version: 0.0\nos: linux\npermissions: [[], {}, ~, 1]\n",
		"version: 0.0\nos: linux\nfiles: {a: b}\npermissions:\n  - object: /\n", "- permissions\n",
		"version: 0.0\nos: linux\nfiles:\n  - source: [x]\n    destination: {y: z}\npermissions:\n  - object: relative\n",
	} {
		l.LintBytes("appspec.yml", []byte(src), cfg)
	}
}
