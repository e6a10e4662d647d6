// Package schema holds the JSON Schemas of AWS CodeDeploy AppSpec files, one
// per compute platform (EC2/On-Premises, Lambda, ECS) and an umbrella schema
// that picks one by the file's shape, all embedded in the binary. It also
// validates a parsed document against them and reports each violation with
// the positioned node it concerns, so that callers (the rules package) can
// place a finding exactly and attribute it to the rule that owns the
// constraint.
//
// The .schema.json files in this directory are the source; the umbrella,
// appspec.schema.json, is generated from them (go test ./schema -update).
package schema

import (
	_ "embed" // the schema files
	"fmt"
	"strings"
	"sync"

	"github.com/appspec-lint/appspec-lint/lint"
)

// The schema files, embedded one by one: a build without one of them fails.
var (
	//go:embed appspec.schema.json
	umbrellaFile string
	//go:embed ec2.schema.json
	ec2File string
	//go:embed lambda.schema.json
	lambdaFile string
	//go:embed ecs.schema.json
	ecsFile string
)

// BaseURL is where the schemas' $id URLs live.
const BaseURL = "https://appspec-lint.dev/schema/"

// FileName is the file of each platform's schema in this directory; the
// umbrella (platform 0, "auto") is appspec.schema.json.
func FileName(p lint.Platform) string {
	switch p {
	case lint.EC2:
		return "ec2.schema.json"
	case lint.Lambda:
		return "lambda.schema.json"
	case lint.ECS:
		return "ecs.schema.json"
	}
	return "appspec.schema.json"
}

// ID is the $id URL of a platform's schema (0 for the umbrella).
func ID(p lint.Platform) string {
	return BaseURL + strings.TrimSuffix(FileName(p), ".schema.json") + ".json"
}

// Source returns the text of a platform's schema; platform 0 ("auto") is the
// umbrella schema, which accepts an AppSpec of any of the three platforms.
func Source(p lint.Platform) []byte {
	switch p {
	case lint.EC2:
		return []byte(ec2File)
	case lint.Lambda:
		return []byte(lambdaFile)
	case lint.ECS:
		return []byte(ecsFile)
	}
	return []byte(umbrellaFile)
}

// platforms lists the schemas by index: 0 the umbrella, then EC2, Lambda, ECS.
var platforms = [...]lint.Platform{0, lint.EC2, lint.Lambda, lint.ECS}

// index is a platform's place in platforms: 0, the umbrella, for platform 0
// and, as FileName has it, for any platform it does not name.
func index(p lint.Platform) int {
	for i := 1; i < len(platforms); i++ {
		if platforms[i] == p {
			return i
		}
	}
	return 0
}

// compiled holds each schema, compiled once on first use: a run that lints
// only EC2 files never compiles the others.
var compiled [len(platforms)]struct {
	once   sync.Once
	schema *node
	err    error
}

// compile returns the compiled schema of a platform (0 for the umbrella).
func compile(p lint.Platform) (*node, error) {
	c := &compiled[index(p)]
	c.once.Do(func() { c.schema, c.err = compileSource(FileName(p), Source(p)) })
	return c.schema, c.err
}

// compileSource compiles a schema file's text; name is the file's, for the
// error.
func compileSource(name string, src []byte) (*node, error) {
	doc, err := decodeOrdered(src)
	if err == nil {
		var root *node
		if root, err = compileNative(doc); err == nil {
			return root, nil
		}
	}
	return nil, fmt.Errorf("schema %s: %w", name, err)
}

// Compile compiles a platform's schema (0 for the umbrella) and reports an
// error if it does not compile. Validation compiles lazily; this is for tests
// and for callers that want to fail early.
func Compile(p lint.Platform) error {
	_, err := compile(p)
	return err
}

// DefaultOptions are the conversion options the linter validates a
// platform's documents with. Lambda and ECS appspecs fold the case of their
// documented keys (every key the schema names except the hook event names):
// the AWS pages show both Resources and resources, and whether the service
// cares is not documented, so the case is the concern of its own rule
// (AS213), not of the schema check.
func DefaultOptions(p lint.Platform) Options {
	if p != lint.Lambda && p != lint.ECS {
		return Options{}
	}
	i := index(p)
	foldOnce[i].Do(func() {
		// The embedded schema decodes (TestCompile); were it not to, nil
		// would fold no key.
		doc, _ := decodeOrdered(Source(p))
		seen := map[string]bool{}
		var walk func(v any, skip bool)
		walk = func(v any, skip bool) {
			switch t := v.(type) {
			case object:
				for _, m := range t {
					if props, ok := m.Value.(object); ok && m.Key == "properties" && !skip {
						for _, pm := range props {
							if !seen[pm.Key] {
								seen[pm.Key] = true
								foldKeys[i] = append(foldKeys[i], pm.Key)
							}
						}
					}
					// The hook items' keys are event names, checked by the
					// hook-name rules (AS609, AS717), case included.
					walk(m.Value, skip || m.Key == "hook")
				}
			case []any:
				for _, item := range t {
					walk(item, skip)
				}
			}
		}
		walk(doc, false)
		if len(foldKeys[i]) > 0 {
			folders[i] = newFolder(foldKeys[i])
		}
	})
	return Options{FoldKeys: foldKeys[i], fold: folders[i]}
}

var (
	foldOnce [len(platforms)]sync.Once
	foldKeys [len(platforms)][]string
	folders  [len(platforms)]*folder // foldKeys ready for look-ups
)
