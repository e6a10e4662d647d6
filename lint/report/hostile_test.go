package report

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/appspec-lint/appspec-lint/lint"
)

// TestTextSnippetOfALongLine: on a long line the snippet is a window
// around the finding, with "…" where the line goes on, and the underline
// still sits under the range (here `bad`, after an accent and a tab).
func TestTextSnippetOfALongLine(t *testing.T) {
	src := "k: [" + strings.Repeat("x, ", 1000) + "\"é\"\tbad, " + strings.Repeat("y, ", 1000) + "]\n"
	col := 1 + len("k: [") + 3*1000 + 4 // é is one character
	res := oneFinding(src, lint.Range{Start: lint.Pos{Line: 1, Col: col}, End: lint.Pos{Line: 1, Col: col + 3}})
	var out bytes.Buffer
	if err := Text(&out, res, Options{}); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(out.String(), "\n")
	if !strings.HasPrefix(lines[1], "   1 | …") || !strings.HasSuffix(lines[1], "…") || len([]rune(lines[1])) > 7+2+160 {
		t.Fatalf("snippet %q", lines[1])
	}
	code, under := []rune(strings.TrimPrefix(lines[1], "   1 | ")), []rune(strings.TrimPrefix(lines[2], "     | "))
	at := strings.IndexRune(string(under), '^')
	if at < 0 || len(under) != at+3 || string(code[len([]rune(string(under[:at]))):][:3]) != "bad" {
		t.Errorf("underline %q does not sit under `bad` in %q", lines[2], lines[1])
	}
	// Near the start of the line: no "…" before.
	res = oneFinding(src, lint.Range{Start: lint.Pos{Line: 1, Col: 1}, End: lint.Pos{Line: 1, Col: 2}})
	out.Reset()
	Text(&out, res, Options{})
	if lines = strings.Split(out.String(), "\n"); !strings.HasPrefix(lines[1], "   1 | k: [x, ") || lines[2] != "     | ^" {
		t.Errorf("snippet at the start %q / %q", lines[1], lines[2])
	}
}

// TestTextManyFindingsOnAMegabyteLine: 30,000 findings on one line of
// 1 MB print in proportion to the findings, not to findings × line length
// (which was 60 GB of output), within a deadline that only a hang misses.
func TestTextManyFindingsOnAMegabyteLine(t *testing.T) {
	const n = 30_000
	src := "[" + strings.Repeat("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx, ", n) + "]\n"
	doc := lint.Parse("appspec.yml", []byte(src))
	rule := &lint.Rule{ID: "AS999", Name: "test-rule"}
	var ds []*lint.Diagnostic
	for i := 0; i < n; i++ {
		at := lint.Pos{Line: 1, Col: 2 + 32*i}
		ds = append(ds, &lint.Diagnostic{File: "appspec.yml", Range: lint.Range{Start: at, End: lint.Pos{Line: 1, Col: at.Col + 30}}, Severity: lint.Warning, Rule: rule, Message: "msg"})
	}
	res := &Result{Files: []FileResult{{Doc: doc, Diagnostics: ds}}}
	var out bytes.Buffer
	done := make(chan error, 1)
	go func() { done <- Text(&out, res, Options{}) }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(60 * time.Second):
		t.Fatal("writing the findings did not end within a minute")
	}
	if perFinding := out.Len() / n; perFinding > 500 {
		t.Errorf("%d bytes of output per finding", perFinding)
	}
}
