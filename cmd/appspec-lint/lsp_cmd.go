package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log"

	"github.com/appspec-lint/appspec-lint/lint"
	"github.com/appspec-lint/appspec-lint/lsp"
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

// assist wires hover and completion (lsp/assist); nil until they exist.
func assist() lsp.Assist { return nil }

type nopCloser struct{ io.Writer }

func (nopCloser) Close() error { return nil }
