package report

import (
	"bytes"
	"strings"
	"testing"

	"github.com/appspec-lint/appspec-lint/lint"
)

func oneFinding(src string, r lint.Range) *Result {
	doc := lint.Parse("appspec.yml", []byte(src))
	rule := &lint.Rule{ID: "AS999", Name: "test-rule"}
	d := &lint.Diagnostic{File: "appspec.yml", Range: r, Severity: lint.Warning, Rule: rule, Message: "msg"}
	return &Result{Files: []FileResult{{Doc: doc, Diagnostics: []*lint.Diagnostic{d}}}}
}

func TestTextUnderlinesTheRangeAfterTabsAndWideCharacters(t *testing.T) {
	res := oneFinding("k: \"🙂\"\tbad: x\n", lint.Range{Start: lint.Pos{Line: 1, Col: 8}, End: lint.Pos{Line: 1, Col: 11}})
	var out bytes.Buffer
	if err := Text(&out, res, Options{}); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(out.String(), "\n")
	// The underline keeps the tab, and pads the emoji with two columns (it
	// takes two in a terminal), so the caret sits under "bad".
	if lines[2] != "     |        \t^~~" {
		t.Errorf("underline %q", lines[2])
	}
	if !strings.HasPrefix(lines[0], "appspec.yml:1:8: warning: msg [AS999 test-rule]") {
		t.Errorf("header %q", lines[0])
	}
}

func TestTextUnderlineWidthCountsTerminalColumns(t *testing.T) {
	// "名前" is two wide characters (four columns); "é" written as e and a
	// combining accent takes one column.
	res := oneFinding("x: e\u0301名前\n", lint.Range{Start: lint.Pos{Line: 1, Col: 4}, End: lint.Pos{Line: 1, Col: 8}})
	var out bytes.Buffer
	if err := Text(&out, res, Options{}); err != nil {
		t.Fatal(err)
	}
	if lines := strings.Split(out.String(), "\n"); lines[2] != "     |    ^~~~~" {
		t.Errorf("underline %q", lines[2])
	}
}

func TestTextNeverPrintsControlCharacters(t *testing.T) {
	res := oneFinding("k: \x1b[31mx\n", lint.Range{Start: lint.Pos{Line: 1, Col: 1}, End: lint.Pos{Line: 1, Col: 2}})
	var out bytes.Buffer
	Text(&out, res, Options{})
	if strings.Contains(out.String(), "\x1b") {
		t.Errorf("an escape character from the file reached the terminal: %q", out.String())
	}
}

func TestTextColourOnlyWhenAsked(t *testing.T) {
	res := oneFinding("k: v\n", lint.Range{Start: lint.Pos{Line: 1, Col: 1}, End: lint.Pos{Line: 1, Col: 2}})
	var plain, colour bytes.Buffer
	Text(&plain, res, Options{})
	Text(&colour, res, Options{Color: true})
	if strings.Contains(plain.String(), "\x1b[") || !strings.Contains(colour.String(), "\x1b[33mwarning") {
		t.Errorf("plain %q\ncolour %q", plain.String(), colour.String())
	}
}

func TestJSONEmptyIsAnArray(t *testing.T) {
	var out bytes.Buffer
	JSON(&out, &Result{}, Options{})
	if strings.TrimSpace(out.String()) != "[]" {
		t.Errorf("no findings must print [], got %q", out.String())
	}
}
