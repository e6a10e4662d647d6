// Command appspec-lint lints AWS CodeDeploy AppSpec files. This package only
// parses flags and wires the engine (lint), the rule set (rules) and the
// reporters together.
package main

import (
	"fmt"
	"io"
	"os"
)

const usage = `appspec-lint checks AWS CodeDeploy AppSpec files (EC2/On-Premises, Lambda, ECS)
before the deployment does.

Usage:
  appspec-lint [flags] [PATH ...]     lint files, directories (searched for appspec.yml,
                                      appspec.yaml, appspec.json), bundle archives (.zip,
                                      .tar, .tar.gz, .tgz) or - (stdin); no PATH = .
  appspec-lint rules [--format json]  list every rule
  appspec-lint explain ID|NAME        a rule's documentation with a bad and a good example
  appspec-lint schema [--platform P]  print the JSON Schema (P: auto, ec2, lambda, ecs)
  appspec-lint version                print the version
  appspec-lint lsp                    language server on stdio (logs on stderr)

Run 'appspec-lint -h' for the lint flags.
`

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run is main without the process: it returns the exit status (0 clean,
// 1 findings at or above the fail level, 2 bad usage or unreadable input).
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) > 0 {
		switch args[0] {
		case "rules":
			return runRules(args[1:], stdout, stderr)
		case "explain":
			return runExplain(args[1:], stdout, stderr)
		case "schema":
			return runSchema(args[1:], stdout, stderr)
		case "lsp":
			return runLSP(args[1:], stdin, stdout, stderr)
		case "version", "--version":
			fmt.Fprintln(stdout, "appspec-lint", version())
			return 0
		case "help":
			fmt.Fprint(stdout, usage)
			return 0
		}
	}
	return runLint(args, stdin, stdout, stderr)
}
