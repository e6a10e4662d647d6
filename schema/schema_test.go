package schema

import (
	"bytes"
	"flag"
	"os"
	"strings"
	"testing"

	"github.com/appspec-lint/appspec-lint/lint"
)

var update = flag.Bool("update", false, "regenerate appspec.schema.json from the platform schemas")

var allPlatforms = []lint.Platform{0, lint.EC2, lint.Lambda, lint.ECS}

// TestUmbrellaUpToDate: the committed umbrella is what the platform schemas
// generate.
func TestUmbrellaUpToDate(t *testing.T) {
	got, err := buildUmbrella()
	if err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.WriteFile(FileName(0), got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if !bytes.Equal(got, Source(0)) {
		t.Fatal("appspec.schema.json is out of date: go test ./schema -update")
	}
}

// TestCompile: every schema compiles (the library checks it against the
// 2020-12 meta-schema) and carries its $id.
func TestCompile(t *testing.T) {
	for _, p := range allPlatforms {
		if err := Compile(p); err != nil {
			t.Errorf("%s: %v", FileName(p), err)
		}
		doc, err := decodeOrdered(Source(p))
		if err != nil {
			t.Fatalf("%s: %v", FileName(p), err)
		}
		o := doc.(object)
		if o.get("$id") != ID(p) || o.get("$schema") != "https://json-schema.org/draft/2020-12/schema" {
			t.Errorf("%s: $id %v, $schema %v", FileName(p), o.get("$id"), o.get("$schema"))
		}
	}
}

// TestDescriptions: every property of every schema documents itself, since
// the descriptions are what editors show on hover.
func TestDescriptions(t *testing.T) {
	for _, p := range allPlatforms[1:] {
		doc, _ := decodeOrdered(Source(p))
		var walk func(v any, where string)
		walk = func(v any, where string) {
			switch o := v.(type) {
			case object:
				for _, m := range o {
					if props, ok := m.Value.(object); ok && m.Key == "properties" {
						for _, pm := range props {
							s, _ := pm.Value.(object)
							if d, _ := s.get("description").(string); strings.TrimSpace(d) == "" {
								t.Errorf("%s: %s/properties/%s has no description", FileName(p), where, pm.Key)
							}
						}
					}
					if m.Key != "if" { // conditions, not documentation
						walk(m.Value, where+"/"+m.Key)
					}
				}
			case []any:
				for _, item := range o {
					walk(item, where+"/[]")
				}
			}
		}
		walk(doc, "")
	}
}

// TestNoDraft2019Keywords: editors such as VS Code's YAML extension read
// schemas with draft-07 semantics; the schemas keep to keywords that mean the
// same there.
func TestNoDraft2019Keywords(t *testing.T) {
	for _, p := range allPlatforms {
		for _, kw := range []string{"prefixItems", "unevaluatedProperties", "unevaluatedItems", "dependentRequired", "dependentSchemas", "$dynamicRef", "$anchor", "minContains", "maxContains"} {
			if bytes.Contains(Source(p), []byte(`"`+kw+`"`)) {
				t.Errorf("%s uses %s, which draft-07 tools do not read", FileName(p), kw)
			}
		}
	}
}

// TestSource: each platform's embedded text is the file FileName names (the
// files are embedded one by one), and a platform FileName does not name has
// the umbrella, as FileName says.
func TestSource(t *testing.T) {
	for _, p := range append(allPlatforms, lint.Platform(99)) {
		want, err := os.ReadFile(FileName(p))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(Source(p), want) {
			t.Errorf("platform %d: Source is not %s", p, FileName(p))
		}
	}
	if FileName(99) != FileName(0) || index(99) != index(0) {
		t.Errorf("platform 99: %s, schema %d", FileName(99), index(99))
	}
}
