package report

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/appspec-lint/appspec-lint/lint"
)

// wellFormed reads the whole document with encoding/xml.
func wellFormed(t *testing.T, b []byte) {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(b))
	for {
		_, err := dec.Token()
		if errors.Is(err, io.EOF) {
			return
		}
		if err != nil {
			t.Fatalf("not well-formed XML: %v\n%s", err, b)
		}
	}
}

// nastyResult is richResult with markup and a control character in a
// message, which a broken file can put there.
func nastyResult() *Result {
	res := richResult()
	res.Files[0].Diagnostics[0].Message = "a <b> & \"c\" \x1b[31m ]]> end"
	return res
}

func TestJUnit(t *testing.T) {
	var out bytes.Buffer
	res := nastyResult()
	clean := *res.Files[0].Doc
	clean.Path = "clean/appspec.yml"
	res.Files = append(res.Files, FileResult{Doc: &clean}) // a file without findings
	if err := JUnit(&out, res, Options{}); err != nil {
		t.Fatal(err)
	}
	wellFormed(t, out.Bytes())
	var doc struct {
		Name     string `xml:"name,attr"`
		Tests    int    `xml:"tests,attr"`
		Failures int    `xml:"failures,attr"`
		Suites   []struct {
			Name     string `xml:"name,attr"`
			Tests    int    `xml:"tests,attr"`
			Failures int    `xml:"failures,attr"`
			Cases    []struct {
				Name      string `xml:"name,attr"`
				Classname string `xml:"classname,attr"`
				File      string `xml:"file,attr"`
				Line      int    `xml:"line,attr"`
				Failure   *struct {
					Message string `xml:"message,attr"`
					Type    string `xml:"type,attr"`
					Text    string `xml:",chardata"`
				} `xml:"failure"`
			} `xml:"testcase"`
		} `xml:"testsuite"`
	}
	if err := xml.Unmarshal(out.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Name != "appspec-lint" || doc.Tests != 4 || doc.Failures != 3 || len(doc.Suites) != 3 {
		t.Fatalf("totals %+v", doc)
	}
	s := doc.Suites[0]
	if s.Name != "deploy dir/appspec.yml" || s.Tests != 2 || s.Failures != 2 {
		t.Errorf("suite %+v", s)
	}
	c := s.Cases[0]
	if c.Name != "AS203 version-quoted-ec2 at 1:10" || c.Classname != "deploy dir/appspec.yml" || c.Line != 1 ||
		c.Failure.Type != "error" || c.Failure.Message != "a <b> & \"c\" \uFFFD[31m ]]> end" ||
		!strings.HasPrefix(c.Failure.Text, "deploy dir/appspec.yml:1:10: error: a <b>") {
		t.Errorf("case %+v %+v", c, c.Failure)
	}
	if c := doc.Suites[1].Cases[0]; c.File != "app.tgz" || c.Classname != "app.tgz!repo-1a2/appspec.yml" || c.Line != 0 || c.Failure.Type != "info" {
		t.Errorf("archive case %+v", c)
	}
	if c := doc.Suites[2].Cases; len(c) != 1 || c[0].Failure != nil || doc.Suites[2].Failures != 0 {
		t.Errorf("a clean file must be one passing test: %+v", doc.Suites[2])
	}
}

func TestJUnitEmpty(t *testing.T) {
	var out bytes.Buffer
	JUnit(&out, &Result{}, Options{})
	wellFormed(t, out.Bytes())
	if !strings.Contains(out.String(), `<testsuites name="appspec-lint" tests="0" failures="0" errors="0"></testsuites>`) {
		t.Errorf("%s", out.String())
	}
}

func TestCheckstyle(t *testing.T) {
	var out bytes.Buffer
	if err := Checkstyle(&out, nastyResult(), Options{}); err != nil {
		t.Fatal(err)
	}
	wellFormed(t, out.Bytes())
	var doc struct {
		XMLName xml.Name `xml:"checkstyle"`
		Version string   `xml:"version,attr"`
		Files   []struct {
			Name   string `xml:"name,attr"`
			Errors []struct {
				Line     string `xml:"line,attr"`
				Column   string `xml:"column,attr"`
				Severity string `xml:"severity,attr"`
				Message  string `xml:"message,attr"`
				Source   string `xml:"source,attr"`
			} `xml:"error"`
		} `xml:"file"`
	}
	if err := xml.Unmarshal(out.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Version != "4.3" || len(doc.Files) != 2 {
		t.Fatalf("%+v", doc)
	}
	f := doc.Files[0]
	if f.Name != "deploy dir/appspec.yml" || len(f.Errors) != 2 {
		t.Fatalf("file %+v", f)
	}
	if e := f.Errors[0]; e.Line != "1" || e.Column != "10" || e.Severity != "error" || e.Source != "appspec-lint.AS203" || e.Message != "a <b> & \"c\" \uFFFD[31m ]]> end" {
		t.Errorf("error %+v", e)
	}
	if e := f.Errors[1]; e.Line != "6" || e.Column != "3" || e.Severity != "warning" || e.Source != "appspec-lint.AS120" {
		t.Errorf("error %+v", e)
	}
	a := doc.Files[1]
	if a.Name != "app.tgz" || a.Errors[0].Line != "" || a.Errors[0].Severity != "info" || a.Errors[0].Message != "app.tgz!repo-1a2/appspec.yml:2:5: tar" {
		t.Errorf("archive %+v", a)
	}
}

// A finding below the run's fail level (--fail-on) passes, its text in
// <system-out>, so GitLab's test view agrees with the exit status.
func TestJUnitFailLevel(t *testing.T) {
	var out bytes.Buffer
	res := richResult()
	opts := Options{FailLevel: func(string) lint.Severity { return lint.Error }}
	if err := JUnit(&out, res, opts); err != nil {
		t.Fatal(err)
	}
	wellFormed(t, out.Bytes())
	var doc struct {
		Failures int `xml:"failures,attr"`
		Suites   []struct {
			Cases []struct {
				Name      string    `xml:"name,attr"`
				Failure   *struct{} `xml:"failure"`
				SystemOut string    `xml:"system-out"`
			} `xml:"testcase"`
		} `xml:"testsuite"`
	}
	if err := xml.Unmarshal(out.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	errors, passedWithText := 0, 0
	for _, d := range res.All() {
		if d.Severity >= lint.Error {
			errors++
		}
	}
	for _, s := range doc.Suites {
		for _, c := range s.Cases {
			if c.Failure == nil && strings.Contains(c.SystemOut, c.Name[:5]) {
				passedWithText++
			}
		}
	}
	if doc.Failures != errors || passedWithText != len(res.All())-errors || passedWithText == 0 {
		t.Errorf("failures %d (want %d), passing findings %d (want %d)\n%s", doc.Failures, errors, passedWithText, len(res.All())-errors, out.String())
	}
}
