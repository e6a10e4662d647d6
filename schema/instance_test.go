package schema

import (
	"encoding/json"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/appspec-lint/appspec-lint/lint"
)

func convert(t *testing.T, name, src string, opts Options) *Instance {
	t.Helper()
	doc := lint.Parse(name, []byte(src))
	if doc.SyntaxError != nil {
		t.Fatalf("%s: %v", src, doc.SyntaxError)
	}
	return Convert(doc.Root, opts)
}

// TestConvertScalars: YAML scalars become the JSON types YAML 1.2 gives
// them; anything else is text.
func TestConvertScalars(t *testing.T) {
	in := convert(t, "appspec.yml", `a: 0.0
b: "0.0"
c: 0755
d: 0o17
e: 0x1F
f: true
g: no
h: ~
i:
j: 2024-01-02
k: !GetAtt fn.Version
l: .inf
m: 12345678901234567890123
n: +60
o: 1e3
`, Options{})
	want := map[string]any{
		"a": 0.0, "b": "0.0", "c": int64(755), "d": int64(15), "e": int64(31),
		"f": true, "g": "no", "h": nil, "i": nil, "j": "2024-01-02", "k": "fn.Version", "l": ".inf",
		"m": 1.2345678901234568e+22, "n": int64(60), "o": 1000.0,
	}
	got := in.Value.(map[string]any)
	for k, w := range want {
		if !reflect.DeepEqual(got[k], w) {
			t.Errorf("%s: got %#v, want %#v", k, got[k], w)
		}
	}
}

func TestConvertJSON(t *testing.T) {
	in := convert(t, "appspec.json", `{"version": 0.0, "n": 80, "s": "x", "b": false, "z": null, "l": [1, {"k": "v"}]}`, Options{})
	got, _ := json.Marshal(in.Value)
	if string(got) != `{"b":false,"l":[1,{"k":"v"}],"n":80,"s":"x","version":0,"z":null}` {
		t.Errorf("got %s", got)
	}
	if n := in.Node("/l/1/k"); n == nil || n.Value != "v" || in.Key("/l/1/k").Value != "k" {
		t.Errorf("pointer map: %v", n)
	}
}

// TestConvertAliasesAndMerge: an alias is its anchor's value, but the node at
// its place is the alias itself; merge keys add what the mapping lacks.
func TestConvertAliasesAndMerge(t *testing.T) {
	in := convert(t, "appspec.yml", `base: &b {Type: AWS::ECS::Service, Name: base}
svc:
  <<: *b
  Name: svc
ref: *b
`, Options{})
	v := in.Value.(map[string]any)
	svc := v["svc"].(map[string]any)
	if svc["Type"] != "AWS::ECS::Service" || svc["Name"] != "svc" || len(svc) != 2 {
		t.Errorf("merge: %v", svc)
	}
	if n := in.Node("/ref"); n == nil || n.Kind != lint.AliasNode {
		t.Errorf("the node at /ref should be the alias, got %v", n)
	}
	if in.Node("/ref/Type") == nil {
		t.Errorf("the alias's target is mapped under the alias's pointer")
	}
}

// TestConvertFoldKeys: documented keys in another case are given in the
// documented case; others are left alone.
func TestConvertFoldKeys(t *testing.T) {
	in := convert(t, "appspec.yml", "version: 0.0\nresources:\n  - fn:\n      type: AWS::Lambda::Function\nhooks: []\nBeforeallowtraffic: x\n", DefaultOptions(lint.Lambda))
	v := in.Value.(map[string]any)
	for _, k := range []string{"Resources", "Hooks", "Beforeallowtraffic"} {
		if _, ok := v[k]; !ok {
			t.Errorf("no key %s in %v", k, v)
		}
	}
	fn := v["Resources"].([]any)[0].(map[string]any)["fn"].(map[string]any)
	if _, ok := fn["Type"]; !ok {
		t.Errorf("type not folded: %v", fn)
	}
	if in.Key("/Resources").Value != "resources" {
		t.Errorf("the key node keeps the text as written")
	}
	if len(DefaultOptions(lint.EC2).FoldKeys) != 0 {
		t.Errorf("EC2 keys are case-sensitive for the agent: no folding")
	}
}

// TestConvertHostile: alias bombs, alias cycles and deep nesting are
// bounded; Validate never fails on them.
func TestConvertHostile(t *testing.T) {
	var b strings.Builder
	b.WriteString("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n")
	for i := 1; i < 12; i++ {
		b.WriteString("a" + strconv.Itoa(i) + ": &a" + strconv.Itoa(i) + " [")
		for j := 0; j < 10; j++ {
			if j > 0 {
				b.WriteString(", ")
			}
			b.WriteString("*a" + strconv.Itoa(i-1))
		}
		b.WriteString("]\n")
	}
	start := time.Now()
	doc := lint.Parse("appspec.yml", []byte(b.String()))
	if doc.Root != nil {
		if in := Convert(doc.Root, Options{}); in != nil {
			t.Errorf("an alias bomb must not be expanded")
		}
		for _, p := range []lint.Platform{lint.EC2, lint.Lambda, lint.ECS, 0} {
			if _, err := Validate(doc.Root, p, Options{}); err != nil {
				t.Fatal(err)
			}
		}
	}
	if time.Since(start) > 5*time.Second {
		t.Errorf("alias bomb took %v", time.Since(start))
	}

	deep := strings.Repeat("[", 5000) + strings.Repeat("]", 5000)
	if doc := lint.Parse("appspec.yml", []byte("version: 0.0\nx: "+deep+"\n")); doc.Root != nil {
		if _, err := Validate(doc.Root, lint.EC2, Options{}); err != nil {
			t.Fatal(err)
		}
	}

	// A hand-made cycle (the parser makes them too, see the walk case "deep
	// cycle"): a mapping that contains itself through an alias.
	m := &lint.Node{Kind: lint.MappingNode}
	alias := &lint.Node{Kind: lint.AliasNode, Alias: m}
	m.Pairs = []*lint.Pair{{Key: &lint.Node{Kind: lint.ScalarNode, Value: "self", Tag: "!!str"}, Value: alias}}
	if in := Convert(m, Options{}); in == nil || in.Value.(map[string]any)["self"] != nil {
		t.Errorf("a cycle is cut at the repeated node")
	}
	if _, err := Validate(m, lint.EC2, Options{}); err != nil {
		t.Fatal(err)
	}
	if vs, err := Validate(nil, lint.EC2, Options{}); vs != nil || err != nil {
		t.Errorf("nil root: %v %v", vs, err)
	}
}

// TestInstanceNodeMissing: a pointer to nothing in the document gives no
// node and no key, whatever stops it: an index that is no number or out of
// range, a key under a scalar, a missing key, a nil root or list item.
func TestInstanceNodeMissing(t *testing.T) {
	in := convert(t, "appspec.yml", "os: linux\nfiles:\n  - source: a\n", Options{})
	for _, ptr := range []string{"/files/x", "/files/-1", "/files/1", "/os/x", "/nokey", "/files/0/source/x"} {
		if n, k := in.Node(ptr), in.Key(ptr); n != nil || k != nil {
			t.Errorf("%s: node %v, key %v", ptr, n, k)
		}
	}
	if in := Convert(nil, Options{}); in.Value != nil || in.Node("") != nil || in.Node("/a") != nil {
		t.Errorf("nil root: %v, %v, %v", in.Value, in.Node(""), in.Node("/a"))
	}
	list := &lint.Node{Kind: lint.SequenceNode, Items: []*lint.Node{nil}}
	if in := Convert(list, Options{}); in.Node("/0") != nil || in.Node("/0/a") != nil {
		t.Errorf("nil item: %v, %v", in.Node("/0"), in.Node("/0/a"))
	}
}

// TestHandMadeTree: a tree built by a library user may hold what the parser
// never makes: a nil pair, a pair without a key, a nil value or list item, a
// node of no known kind. Convert and Validate skip such pairs and read the
// rest as null, in place and converted alike.
func TestHandMadeTree(t *testing.T) {
	str := func(s string) *lint.Node { return &lint.Node{Kind: lint.ScalarNode, Value: s, Tag: "!!str"} }
	odd := &lint.Node{Kind: 99}
	files := &lint.Node{Kind: lint.SequenceNode, Items: []*lint.Node{nil, odd}}
	os := str("linux")
	root := &lint.Node{Kind: lint.MappingNode, Pairs: []*lint.Pair{
		{Key: str("version"), Value: &lint.Node{Kind: lint.ScalarNode, Value: "0.0", Tag: "!!float"}},
		{Key: str("os"), Value: os},
		{Key: str("files"), Value: files},
		{Key: str("hooks"), Value: nil},
		nil,
		{Key: nil, Value: str("x")},
	}}
	in := Convert(root, Options{})
	want := map[string]any{"version": 0.0, "os": "linux", "files": []any{nil, nil}, "hooks": nil}
	if !reflect.DeepEqual(in.Value, want) {
		t.Errorf("converted %#v, want %#v", in.Value, want)
	}
	if in.Node("/os") != os || in.Node("/files/1") != odd {
		t.Errorf("lookups past the nil pairs: %v, %v", in.Node("/os"), in.Node("/files/1"))
	}
	got, err := Validate(root, lint.EC2, Options{})
	if err != nil {
		t.Fatal(err)
	}
	converted, _ := validateTree(root, lint.EC2, Options{}, false)
	if !reflect.DeepEqual(got, converted) {
		t.Errorf("in place  %s\nconverted %s", dumpViolations(got), dumpViolations(converted))
	}
	var kinds []string
	for _, v := range got {
		kinds = append(kinds, v.Kind.String()+" "+v.Pointer())
	}
	if w := []string{"type /files/0", "type /files/1"}; !reflect.DeepEqual(kinds, w) {
		t.Errorf("violations %v, want %v", kinds, w)
	}
	if got[0].Node != nil || got[1].Node != odd {
		t.Errorf("placed at %v and %v, want nil and the odd node", got[0].Node, got[1].Node)
	}
}
