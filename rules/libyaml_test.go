package rules_test

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/appspec-lint/appspec-lint/lint"
	"github.com/appspec-lint/appspec-lint/rules"
)

// libyamlScript reads file paths, one a line, and answers for each with
// "ok <digest>" or "error <line> <message>": whether libyaml reads the file,
// through PyYAML's binding to it (CSafeLoader; compose builds the node tree
// as the parser reads it), and a digest of what it reads: every node's kind,
// scalar text and resolved tag (libyaml's YAML 1.1 types, as Psych's).
const libyamlScript = `
import hashlib, json, sys, yaml
if not getattr(yaml, "__with_libyaml__", False):
    print("no libyaml"); sys.exit(3)
sys.setrecursionlimit(100000)
def dump(n):
    if n is None: return None
    if isinstance(n, yaml.MappingNode): return ["m", [[dump(k), dump(v)] for k, v in n.value]]
    if isinstance(n, yaml.SequenceNode): return ["q", [dump(i) for i in n.value]]
    return ["s", n.value, n.tag]
for path in sys.stdin.read().split("\n"):
    if not path: continue
    try:
        tree = yaml.compose(open(path, "rb").read(), Loader=yaml.CSafeLoader)
        print("ok " + hashlib.sha1(json.dumps(dump(tree)).encode()).hexdigest())
    except Exception as e:
        m = getattr(e, "problem_mark", None)
        print("error %d %s" % (m.line + 1 if m else 0, str(getattr(e, "problem", None) or e).split("\n")[0]))
    sys.stdout.flush()
`

// TestLibyamlAgrees holds the parser to libyaml, the C library the EC2
// agent's Ruby (Psych) reads appspec files with. The Go parser is a port of
// it to YAML 1.2 and accepts more; the syntax rules report what the agent
// would refuse (tab indentation, anchor names, control characters, an entry
// with no key, a key too long). For every EC2 appspec among the testdata
// cases, the real corpus and the inputs of FuzzLint and FuzzFix:
//   - a file libyaml refuses gets an error from a syntax rule: the user is
//     told why the agent fails, not only a consequence (an -update once
//     rewrote AS106's case to AS302's "destination has no value");
//   - a file libyaml reads is not called invalid YAML (AS106). (The other
//     syntax rules report YAML that reads, but not as meant.)
//
// And for every file libyaml reads, the layout fix leaves what it reads as
// it was (checkLibyamlLayoutFix).
//
// It found a second byte order mark read differently, Unicode spaces taken
// for blank, the lost anchor check, the key-less entry, comments right after
// a value refused, and keys too long for libyaml.
func TestLibyamlAgrees(t *testing.T) {
	python, err := exec.LookPath("python3")
	if err == nil {
		err = exec.Command(python, "-c", "import yaml; assert yaml.__with_libyaml__").Run()
	}
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("CI needs python3 with PyYAML built on libyaml (Debian: python3-yaml): %v", err)
		}
		t.Skipf("needs python3 with PyYAML built on libyaml (Debian: python3-yaml): %v", err)
	}
	inputs := libyamlInputs(t)
	verdicts := libyamlVerdicts(t, python, inputs)
	t.Run("syntax", func(t *testing.T) { checkLibyamlSyntax(t, inputs, verdicts) })
	t.Run("layout fix", func(t *testing.T) { checkLibyamlLayoutFix(t, python, inputs, verdicts) })
}

func checkLibyamlSyntax(t *testing.T, inputs []libyamlInput, verdicts []string) {
	l := lint.New(rules.All())
	checked := 0
	for i, in := range inputs {
		src, err := os.ReadFile(in.path)
		if err != nil {
			t.Fatal(err)
		}
		doc, ds := l.LintBytes("appspec.yml", src, &lint.Config{})
		if !ec2AppSpec(doc) {
			continue
		}
		checked++
		var syntaxErrs, notYAML []string
		for _, d := range ds {
			if d.Severity == lint.Error && syntaxRules[d.Rule.ID] {
				syntaxErrs = append(syntaxErrs, fmt.Sprintf("%d:%d %s %s", d.Range.Start.Line, d.Range.Start.Col, d.Rule.ID, d.Message))
				if d.Rule.ID == "AS106" {
					notYAML = append(notYAML, syntaxErrs[len(syntaxErrs)-1])
				}
			}
		}
		v := verdicts[i]
		reads := strings.HasPrefix(v, "ok ")
		switch {
		case !reads && len(syntaxErrs) == 0:
			t.Errorf("%s: libyaml refuses it (%s), but no syntax rule reports an error:\n%s", in.name, v, src)
		case reads && len(notYAML) > 0:
			t.Errorf("%s: libyaml reads it, but %s:\n%s", in.name, strings.Join(notYAML, "; "), src)
		}
	}
	if checked < 500 {
		t.Errorf("only %d EC2 appspec files were compared; the inputs went missing", checked)
	}
}

// checkLibyamlLayoutFix: `--fix` (layout fixes only) changes how a file
// looks, never what it says: FuzzFix and TestFixCorpus hold it to that with
// the Go parser; here libyaml, the agent's parser, must read the fixed file
// as it read the original, types included.
func checkLibyamlLayoutFix(t *testing.T, python string, inputs []libyamlInput, verdicts []string) {
	l := lint.New(rules.All())
	tmp := t.TempDir()
	var fixed, origs []libyamlInput
	var want []string
	for i, in := range inputs {
		if !strings.HasPrefix(verdicts[i], "ok ") {
			continue
		}
		src, err := os.ReadFile(in.path)
		if err != nil {
			t.Fatal(err)
		}
		if d := lint.Parse("appspec.yml", src); d.SyntaxError != nil || d.Root == nil {
			continue
		}
		r := l.Fix("appspec.yml", src, nil, false, nil)
		if string(r.Src) == string(src) {
			continue
		}
		p := filepath.Join(tmp, fmt.Sprintf("%d.yml", i))
		if err := os.WriteFile(p, r.Src, 0o644); err != nil {
			t.Fatal(err)
		}
		fixed = append(fixed, libyamlInput{in.name, p})
		origs = append(origs, in)
		want = append(want, verdicts[i])
	}
	got := libyamlVerdicts(t, python, fixed)
	for i := range fixed {
		if got[i] != want[i] {
			a, _ := os.ReadFile(origs[i].path)
			b, _ := os.ReadFile(fixed[i].path)
			t.Errorf("%s: libyaml reads the layout-fixed file differently (%s):\n--- before\n%s\n--- after\n%s", origs[i].name, got[i], a, b)
		}
	}
	if len(fixed) < 300 {
		t.Errorf("only %d files were changed by the layout fix; the inputs went missing", len(fixed))
	}
}

type libyamlInput struct{ name, path string }

// libyamlInputs lists the files to compare: testdata's cases and the real
// corpus as they are, and FuzzLint's and FuzzFix's inputs decoded into a
// temporary folder.
func libyamlInputs(t *testing.T) []libyamlInput {
	var out []libyamlInput
	for _, dir := range []string{"ok", "err"} {
		for _, f := range caseFiles(t, filepath.Join(testdataDir, dir)) {
			if st, err := os.Stat(f); err == nil && !st.IsDir() {
				out = append(out, libyamlInput{f, f})
			}
		}
	}
	if dir := fixCorpusDir(); dir != "" {
		files, _ := filepath.Glob(filepath.Join(dir, "*.y*ml"))
		for _, f := range files {
			out = append(out, libyamlInput{f, f})
		}
	}
	tmp := t.TempDir()
	seeds, _ := filepath.Glob("testdata/fuzz/FuzzLint/*")
	more, _ := filepath.Glob("testdata/fuzz/FuzzFix/*")
	seeds = append(seeds, more...)
	for _, f := range seeds {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		src, ok := fuzzBytes(b)
		if !ok || lint.UTF16(src) != "" {
			continue // UTF-16 files are refused by AS112 before any parser
		}
		p := filepath.Join(tmp, filepath.Base(f))
		if err := os.WriteFile(p, src, 0o644); err != nil {
			t.Fatal(err)
		}
		out = append(out, libyamlInput{f, p})
	}
	return out
}

// fuzzBytes decodes a corpus file of a one-[]byte fuzz target.
func fuzzBytes(b []byte) ([]byte, bool) {
	header, rest, ok := bytes.Cut(b, []byte("\n"))
	if !ok || string(header) != "go test fuzz v1" {
		return nil, false
	}
	lit := strings.TrimSpace(string(rest))
	if !strings.HasPrefix(lit, "[]byte(") || !strings.HasSuffix(lit, ")") {
		return nil, false
	}
	s, err := strconv.Unquote(lit[len("[]byte(") : len(lit)-1])
	return []byte(s), err == nil
}

// libyamlVerdicts asks libyaml about every input, in one Python process.
func libyamlVerdicts(t *testing.T, python string, inputs []libyamlInput) []string {
	var paths strings.Builder
	for _, in := range inputs {
		paths.WriteString(in.path + "\n")
	}
	cmd := exec.Command(python, "-c", libyamlScript)
	cmd.Stdin = strings.NewReader(paths.String())
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("python3: %v\n%s", err, stderr.Bytes())
	}
	var verdicts []string
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		verdicts = append(verdicts, sc.Text())
	}
	if len(verdicts) != len(inputs) {
		t.Fatalf("python3 answered for %d of %d files", len(verdicts), len(inputs))
	}
	return verdicts
}

// ec2AppSpec: the file is linted as an EC2 appspec and reads as one (or
// does not parse at all), so what libyaml says is what the agent says.
func ec2AppSpec(doc *lint.Document) bool {
	if doc.Platform != lint.EC2 {
		return false
	}
	if doc.SyntaxError != nil {
		return true
	}
	r := doc.Root
	if r == nil || r.Kind != lint.MappingNode {
		return false
	}
	for _, k := range []string{"version", "os", "files", "permissions", "hooks"} {
		if r.Get(k) != nil {
			return true
		}
	}
	return false
}
