package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log"
	"unicode"

	"go.lsp.dev/protocol"

	"github.com/appspec-lint/appspec-lint/lint"
	"github.com/appspec-lint/appspec-lint/lsp"
	assistpkg "github.com/appspec-lint/appspec-lint/lsp/assist"
	"github.com/appspec-lint/appspec-lint/rules"
)

// runLSP serves the Language Server Protocol on stdin/stdout. Logs go to
// stderr: stdout carries the protocol.
func runLSP(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("appspec-lint lsp", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Bool("stdio", true, "talk over stdin and stdout (the only transport; accepted for clients that pass it)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: appspec-lint lsp [--stdio]\n\nRuns the language server on stdin/stdout; logs go to stderr.")
	}
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return 0
		}
		return 2
	}
	out, ok := stdout.(io.WriteCloser)
	if !ok {
		out = nopCloser{stdout}
	}
	return lsp.Serve(context.Background(), stdin, out, lsp.Options{
		Linter:  lint.New(rules.All()),
		Version: version(),
		Log:     log.New(stderr, "appspec-lint lsp: ", log.LstdFlags),
		Assist:  assist(),
	})
}

// assist wires hover and completion (lsp/assist) into the server: it works
// in engine positions, the server converts them.
func assist() lsp.Assist {
	all := rules.All()
	linter := lint.New(all)
	return lsp.AssistFuncs{
		HoverFunc: func(doc *lint.Document, pos lint.Pos) (string, lint.Range, bool) {
			// The server hands a fresh parse of the snapshot; linting it
			// finds the findings under the cursor, whose docs hover shows.
			diags := linter.Lint(doc, nil)
			return assistpkg.Hover(doc, pos, diags, all)
		},
		CompleteFunc: func(doc *lint.Document, pos lint.Pos) []lsp.Completion {
			doc.Platform = 0
			if doc.Root != nil {
				doc.Platform = lint.DetectPlatform(doc.Root)
			}
			var out []lsp.Completion
			for _, it := range assistpkg.Complete(doc, pos) {
				out = append(out, lsp.Completion{
					Label: it.Label, Detail: it.Detail, Doc: it.Doc, InsertText: it.InsertText,
					Replace: wordBefore(doc, pos), Kind: completionKind(it.Kind), Snippet: it.Snippet,
				})
			}
			return out
		},
		Triggers: []string{":", "-", " "},
	}
}

// wordBefore is the key or value being typed at pos, which a completion
// replaces: the run of name characters just before the cursor.
func wordBefore(doc *lint.Document, pos lint.Pos) lint.Range {
	line := []rune(doc.Lines.Line(pos.Line))
	col := min(pos.Col-1, len(line))
	start := col
	for start > 0 {
		r := line[start-1]
		if r == '_' || r == '.' || unicode.IsLetter(r) || unicode.IsDigit(r) {
			start--
			continue
		}
		break
	}
	return lint.Range{Start: lint.Pos{Line: pos.Line, Col: start + 1}, End: lint.Pos{Line: pos.Line, Col: col + 1}}
}

func completionKind(k assistpkg.ItemKind) protocol.CompletionItemKind {
	switch k {
	case assistpkg.Value:
		return protocol.CompletionItemKindValue
	case assistpkg.Event:
		return protocol.CompletionItemKindEvent
	case assistpkg.Snippet:
		return protocol.CompletionItemKindSnippet
	}
	return protocol.CompletionItemKindProperty
}

type nopCloser struct{ io.Writer }

func (nopCloser) Close() error { return nil }
