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
	docs := benchCorpus(b)
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

type benchInput struct {
	root *lint.Node
	p    lint.Platform
}

// benchDocs keeps the parsed corpus: the benchmark function runs several
// times, and parsing is not what it measures.
var benchDocs []benchInput

func benchCorpus(b *testing.B) []benchInput {
	if benchDocs != nil {
		return benchDocs
	}
	corpus := os.Getenv("APPSPEC_CORPUS")
	if corpus == "" {
		corpus = "../../shared/corpus/real"
	}
	paths, _ := filepath.Glob(filepath.Join(corpus, "*"))
	var docs []benchInput
	for _, path := range paths {
		src, err := os.ReadFile(path)
		if err != nil {
			b.Fatal(err)
		}
		doc := lint.Parse(filepath.Base(path), src)
		if doc.Root != nil && doc.SyntaxError == nil {
			docs = append(docs, benchInput{doc.Root, lint.DetectPlatform(doc.Root)})
		}
	}
	if len(docs) == 0 {
		b.Skipf("no corpus at %s (set APPSPEC_CORPUS)", corpus)
	}
	benchDocs = docs
	return docs
}
