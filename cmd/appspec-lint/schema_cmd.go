package main

import (
	"flag"
	"fmt"
	"io"

	"github.com/appspec-lint/appspec-lint/lint"
	"github.com/appspec-lint/appspec-lint/schema"
)

// runSchema prints a JSON Schema: the umbrella one (any platform, picked by
// the file's shape) by default, or one platform's.
func runSchema(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("appspec-lint schema", flag.ContinueOnError)
	fs.SetOutput(stderr)
	platform := fs.String("platform", "auto", "which schema: auto (any AppSpec, the platform picked by the file's shape), ec2, lambda or ecs")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "appspec-lint schema: unexpected argument %q\nusage: appspec-lint schema [--platform auto|ec2|lambda|ecs]\n", fs.Arg(0))
		return 2
	}
	p, ok := lint.ParsePlatform(*platform)
	if !ok {
		fmt.Fprintf(stderr, "appspec-lint schema: --platform %q is not one of auto, ec2, lambda, ecs\n", *platform)
		return 2
	}
	if _, err := stdout.Write(schema.Source(p)); err != nil {
		return 2
	}
	return 0
}
