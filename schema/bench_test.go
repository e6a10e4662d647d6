package schema

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/appspec-lint/appspec-lint/lint"
)

// BenchmarkValidateCorpus validates every document of the real corpus
// against its platform's schema, as AS200 does, without the rest of the
// linting: the schema check's own cost.
func BenchmarkValidateCorpus(b *testing.B) {
	corpus := os.Getenv("APPSPEC_CORPUS")
	if corpus == "" {
		corpus = "../../shared/corpus/real"
	}
	paths, _ := filepath.Glob(filepath.Join(corpus, "*"))
	type input struct {
		root *lint.Node
		p    lint.Platform
	}
	var docs []input
	for _, path := range paths {
		src, err := os.ReadFile(path)
		if err != nil {
			b.Fatal(err)
		}
		doc := lint.Parse(filepath.Base(path), src)
		if doc.Root != nil && doc.SyntaxError == nil {
			docs = append(docs, input{doc.Root, lint.DetectPlatform(doc.Root)})
		}
	}
	if len(docs) == 0 {
		b.Skipf("no corpus at %s (set APPSPEC_CORPUS)", corpus)
	}
	for _, p := range allPlatforms {
		Compile(p)
		DefaultOptions(p)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		for _, d := range docs {
			if _, err := Validate(d.root, d.p, DefaultOptions(d.p)); err != nil {
				b.Fatal(err)
			}
		}
	}
}
