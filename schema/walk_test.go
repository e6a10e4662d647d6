package schema

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/appspec-lint/appspec-lint/lint"
)

// walkCases are documents that take the corners of reading a tree in place:
// aliases, repeated keys, folded keys, every kind of scalar, nesting past
// maxDepth, and the trees that must still be converted (merge keys).
var walkCases = []struct{ name, src string }{
	{"aliases", `version: 0.0
os: linux
files: &f
  - source: &s app
    destination: /opt/app
  - *f
hooks:
  AfterInstall: &h
    - location: scripts/a.sh
      timeout: &t 300
      runas: *s
  ApplicationStart: *h
  ValidateService:
    - location: *s
      timeout: *t
`},
	{"repeated keys", `version: 0.0
version: 1
os: linux
os: windows
files:
  - source: a
    source: ""
    destination: /x
permissions:
  - object: /x
`},
	{"many repeated keys", "version: 0.0\nos: linux\n" + strings.Repeat("a: 1\nb: 2\nc: 3\nd: 4\ne: 5\nf: 6\n", 4) + "os: solaris\n"},
	{"lambda folded", `version: 0.0
resources:
  - fn:
      TYPE: AWS::Lambda::Function
      properties:
        name: f
        Alias: live
        currentversion: 1
        TargetVersion: "2"
  - "": {Type: AWS::Lambda::Function}
  - a: {}
    b: {}
hooks:
  - beforeallowtraffic: x
  - Reſources: x
    RESOURCES: y
`},
	{"ecs folded", `version: 0.0
Resources:
  - targetservice:
      type: AWS::ECS::Service
      Properties:
        taskdefinition: arn
        LoadBalancerInfo:
          containername: web
          ContainerPort: "80"
        NetworkConfiguration:
          AwsvpcConfiguration:
            subnets: [a]
        CapacityProviderStrategy:
          - Base: 1.5
            Weight: -1
            CapacityProvider: x
`},
	{"scalars", `version: !!float 0
os: !!str linux
file_exists_behavior: ~
files:
  - source: !GetAtt a.b
    destination: 12345678901234567890123
permissions:
  - object: /x
    mode: 0x1F
    owner: True
    group: FALSE
    acls: [1e3, .inf, -.inf, .nan]
    context: {type: 1_000, range: +60, name: !!int x, user: !!bool yes}
hooks:
  BeforeInstall:
    - location: a
      timeout: 3600.5
    - location: b
      timeout: -0.0
    - location: c
      timeout: 9007199254740993
    - location: d
      timeout: 1e300
    - location: e
      timeout: 0o17
    - location: f
      timeout: "300"
      sudo: yes
`},
	{"versions", "version: 9007199254740992.0\nos: linux\n"},
	{"version list", "version: [0.0]\nos: [linux]\nfile_exists_behavior: {a: 1}\n"},
	{"version int", "version: 0\nos: linux\n"},
	{"version neg", "version: -0.0\nos: linux\n"},
	{"version text", "version: 0.0.0\nos: Linux\n"},
	{"nulls", "version:\nos:\nfiles:\n  -\n  - source:\n    destination: ~\nhooks:\n  AfterInstall:\n    -\n"},
	{"odd keys", "version: 0.0\nos: linux\na/b: 1\n\"~0\": 2\n\"\": 3\n? [x]\n: 4\n1: 5\nnull: 6\n"},
	{"deep", "version: 0.0\nos: linux\nhooks:\n  AfterInstall: " + strings.Repeat("[", 80) + strings.Repeat("]", 80) + "\nfiles: " + strings.Repeat("{a: ", 70) + "1" + strings.Repeat("}", 70) + "\n"},
	{"merge", `base: &b {location: a, timeout: 300}
version: 0.0
os: linux
hooks:
  AfterInstall:
    - <<: *b
      timeout: x
    - <<: [*b, {runas: 1}]
`},
	{"json", `{"version": 0.0, "os": "linux", "files": [{"source": 1, "destination": null}], "hooks": {"AfterInstall": [{"location": "a", "timeout": 1.0}]}}`},
	{"not a mapping", "- a\n- b\n"},
	{"scalar root", "hello\n"},
	// An anchored mapping that merges itself: the conversion skips the
	// merge of a mapping it is already converting.
	{"self merge", "version: 0.0\nos: linux\nhooks:\n  AfterInstall:\n    - &m {<<: *m, location: a, timeout: x}\n"},
	// A cycle deeper than activeScanMax, where activeSet has switched to
	// its map.
	{"deep cycle", "version: 0.0\nos: linux\nfiles: &f " + strings.Repeat("{a: ", 40) + "*f" + strings.Repeat("}", 40) + "\n"},
	// An explicit !!bool on text that is no boolean leaves the text.
	{"bool tag on text", "version: 0.0\nos: !!bool nope\nfile_exists_behavior: !!bool FALSE\n"},
}

// TestInPlaceMatchesConverted validates every reference input and every
// walk case read in place and converted (the way every document was
// validated before, and the way the reference test feeds the library), for
// every schema and fold option, and wants the same violations down to the
// nodes: reading in place is an optimisation, not a second reading.
func TestInPlaceMatchesConverted(t *testing.T) {
	type doc struct {
		name string
		root *lint.Node
	}
	var docs []doc
	for _, c := range walkCases {
		name := "appspec.yml"
		if c.name == "json" {
			name = "appspec.json"
		}
		d := lint.Parse(name, []byte(c.src))
		if d.Root == nil || d.SyntaxError != nil {
			t.Fatalf("%s: does not parse: %v", c.name, d.SyntaxError)
		}
		docs = append(docs, doc{c.name, d.Root})
	}
	for _, f := range referenceInputs(t) {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if d := lint.Parse(filepath.Base(f), src); d.Root != nil {
			docs = append(docs, doc{f, d.Root})
		}
	}
	inPlace, violations := 0, 0
	for _, d := range docs {
		w := getWalker(d.root, Options{})
		if w.direct() {
			inPlace++
		}
		putWalker(w)
		for _, p := range allPlatforms {
			for _, opts := range []Options{{}, DefaultOptions(lint.Lambda), DefaultOptions(lint.ECS), {FoldKeys: []string{"Version", "OS", "Files"}}} {
				got, gerr := validateTree(d.root, p, opts, true)
				want, werr := validateTree(d.root, p, opts, false)
				if gerr != nil || werr != nil {
					t.Fatalf("%s as %s: %v, %v", d.name, FileName(p), gerr, werr)
				}
				violations += len(want)
				if !reflect.DeepEqual(got, want) {
					t.Errorf("%s as %s (fold %d):\nin place  %s\nconverted %s", d.name, FileName(p), len(opts.FoldKeys), dumpViolations(got), dumpViolations(want))
				}
			}
		}
	}
	// Both ways of reading must be exercised.
	if inPlace == len(docs) || inPlace < len(docs)/2 {
		t.Errorf("%d of %d documents read in place", inPlace, len(docs))
	}
	t.Logf("%d documents (%d read in place), %d violations, all alike", len(docs), inPlace, violations)
}

// TestDirect: which trees are read in place.
func TestDirect(t *testing.T) {
	for _, c := range []struct {
		src  string
		want bool
	}{
		{"a: &x [1]\nb: *x\n", true},
		{"a: &x {k: 1}\nb: {<<: *x}\n", false},
		{"a: {<<: {k: 1}}\n", false},
		{"a: " + strings.Repeat("[", 100) + strings.Repeat("]", 100) + "\n", true},
	} {
		d := lint.Parse("appspec.yml", []byte(c.src))
		w := getWalker(d.Root, Options{})
		if got := w.direct(); got != c.want {
			t.Errorf("%q: direct %v, want %v", c.src, got, c.want)
		}
		putWalker(w)
	}
	// A cycle (the parser makes them too: a: &a {b: *a})
	// and more values than maxValues once aliases are expanded.
	m := &lint.Node{Kind: lint.MappingNode}
	m.Pairs = []*lint.Pair{{Key: &lint.Node{Kind: lint.ScalarNode, Value: "self", Tag: "!!str"}, Value: &lint.Node{Kind: lint.AliasNode, Alias: m}}}
	big := &lint.Node{Kind: lint.SequenceNode}
	for range 400 {
		big.Items = append(big.Items, &lint.Node{Kind: lint.ScalarNode, Value: "x", Tag: "!!str"})
	}
	bomb := &lint.Node{Kind: lint.SequenceNode}
	for range 300 {
		bomb.Items = append(bomb.Items, &lint.Node{Kind: lint.AliasNode, Alias: big})
	}
	for name, root := range map[string]*lint.Node{"cycle": m, "bomb": bomb} {
		w := getWalker(root, Options{})
		if w.direct() {
			t.Errorf("%s: read in place", name)
		}
		putWalker(w)
	}
}
