package lint

import (
	"strings"
	"testing"
)

func TestJSONPositions(t *testing.T) {
	src := "{\n\t\"version\": 0.0,\n\t\"Resources\": [\n\t\t{\"TargetService\": {\"Type\": \"AWS::ECS::Service\", \"n\": -1.5e3, \"ok\": true, \"x\": null}}\n\t],\n\t\"e\": \"😀\\u00e9\\ud83d\\ude00\"\n}\n"
	d := Parse("appspec.json", []byte(src))
	if d.SyntaxError != nil {
		t.Fatalf("tab-indented JSON must parse: %+v", d.SyntaxError)
	}
	if d.Format != JSON || DetectPlatform(d.Root) != ECS {
		t.Errorf("format %v platform %v", d.Format, DetectPlatform(d.Root))
	}
	v := d.Root.Get("version")
	if v.Key.Range != (Range{Pos{2, 2}, Pos{2, 11}}) || v.Value.Raw != "0.0" || v.Value.Tag != "!!float" || !v.Key.IsKey {
		t.Errorf("version: key %+v value %+v", v.Key.Range, v.Value)
	}
	ts := d.Root.Val("Resources").Items[0].Val("TargetService")
	for key, want := range map[string]string{"Type": `"AWS::ECS::Service"`, "n": "-1.5e3", "ok": "true", "x": "null"} {
		if got := d.Text(ts.Val(key).Range); got != want {
			t.Errorf("%s covers %q, want %q", key, got, want)
		}
	}
	if !ts.Val("x").IsNull() || ts.Val("ok").Tag != "!!bool" {
		t.Errorf("null and bool tags")
	}
	if e := d.Root.Val("e"); e.Value != "😀é😀" {
		t.Errorf("escapes: %q", e.Value)
	}
	if r := d.Root.Range; r.Start != (Pos{1, 1}) || r.End != (Pos{7, 2}) {
		t.Errorf("root range %+v", r)
	}
}

func TestJSONErrors(t *testing.T) {
	cases := []struct {
		src  string
		pos  Pos
		frag string
	}{
		{"{\n  \"version\": 0.0,\n}\n", Pos{3, 1}, "trailing comma"},
		{"{\n  \"version\": 0.0\n  \"os\": \"linux\"\n}\n", Pos{3, 3}, "`,` is missing"},
		{"{\"a\": 'x'}", Pos{1, 7}, "double quotes"},
		{"{\"a\": \"C:\\Program Files\"}", Pos{1, 10}, "not a JSON escape"},
		{"{\"a\": [1, 2}", Pos{1, 12}, "expected , or ]"},
		{"{\"a\": 1", Pos{1, 8}, "ends before the }"},
		{"{\"a\": 1} x", Pos{1, 10}, "after the end"},
	}
	for _, c := range cases {
		d := Parse("appspec.json", []byte(c.src))
		e := d.SyntaxError
		if e == nil {
			t.Errorf("%q: want an error", c.src)
			continue
		}
		if e.Pos != c.pos || !strings.Contains(e.Message, c.frag) {
			t.Errorf("%q: got %v %q, want %v containing %q", c.src, e.Pos, e.Message, c.pos, c.frag)
		}
	}
}

// YAML flow style that looks like JSON is still read, as YAML.
func TestJSONLikeYAMLFallsBackToYAML(t *testing.T) {
	d := Parse("appspec.yml", []byte("{version: 0.0, os: linux}\n"))
	if d.SyntaxError != nil || d.Format != YAML || d.Root.Val("os").Value != "linux" {
		t.Errorf("err %+v format %v", d.SyntaxError, d.Format)
	}
}

func TestJSONDeepNestingIsAnError(t *testing.T) {
	src := "{\"a\": " + strings.Repeat("[", 100000) + strings.Repeat("]", 100000) + "}"
	d := Parse("appspec.json", []byte(src))
	if d.SyntaxError == nil || !strings.Contains(d.SyntaxError.Message, "nested") {
		t.Errorf("want a nesting error, got %+v", d.SyntaxError)
	}
}
