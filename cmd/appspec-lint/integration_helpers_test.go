package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Helpers shared by the tests that drive real outside tools (pre-commit, the
// Actions runner's bash) against this repository.

// requireTool returns the path of an outside tool. Without it the test is
// skipped, except in CI (CI=true), where a missing tool must not let the
// integration pass unnoticed.
func requireTool(t *testing.T, name, why string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err == nil {
		return p
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s is not installed (CI=true, so this fails instead of skipping); it is needed %s", name, why)
	}
	t.Skipf("skipping: %s is not installed; it is needed %s", name, why)
	return ""
}

// repoRoot is the repository's root: the folder with go.mod, action.yml and
// .pre-commit-hooks.yaml.
func repoRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		t.Fatalf("repository root not found at %s: %v", root, err)
	}
	return root
}

// buildCLI builds appspec-lint into dir and returns the binary's path.
func buildCLI(t *testing.T, dir string) string {
	t.Helper()
	bin := filepath.Join(dir, "appspec-lint")
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "go", "build", "-o", bin, ".")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// toolEnv is the environment for an outside tool: this process's, less what
// would make it act on another repository or another run (GIT_DIR and the
// rest of git's variables when the tests run from a git hook, the runner's
// GITHUB_* variables when they run in a workflow, NO_COLOR), plus extra.
func toolEnv(extra ...string) []string {
	var env []string
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		switch {
		case strings.HasPrefix(name, "GIT_"), strings.HasPrefix(name, "GITHUB_"),
			strings.HasPrefix(name, "RUNNER_"), strings.HasPrefix(name, "PRE_COMMIT"),
			name == "NO_COLOR", name == "SKIP":
			continue
		}
		env = append(env, kv)
	}
	return append(env, extra...)
}

// runTool runs a command in dir with env and a time limit, and returns its
// combined output and exit status. Failing to start it, or running out of
// time, fails the test.
func runTool(t *testing.T, timeout time.Duration, dir string, env []string, name string, args ...string) (string, int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir = dir
	cmd.Env = env
	cmd.WaitDelay = 5 * time.Second
	var out bytes.Buffer
	cmd.Stdout = &out
	cmd.Stderr = &out
	err := cmd.Run()
	if ctx.Err() != nil {
		t.Fatalf("%s %s: no result within %v\n%s", name, strings.Join(args, " "), timeout, out.String())
	}
	var exit *exec.ExitError
	switch {
	case err == nil:
		return out.String(), 0
	case errors.As(err, &exit):
		return out.String(), exit.ExitCode()
	default:
		t.Fatalf("%s: %v\n%s", name, err, out.String())
		return "", -1
	}
}

// writeFiles writes name → content under dir, making folders as needed; a
// name ending in ".sh" is made executable, as a hook script in a revision is.
func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		mode := os.FileMode(0o644)
		if strings.HasSuffix(name, ".sh") {
			mode = 0o755
		}
		if err := os.WriteFile(p, []byte(content), mode); err != nil {
			t.Fatal(err)
		}
	}
}

// Appspecs both integrations lint: a clean one, and one whose misspelled event
// (AS502 hook-unknown-event, an error) means its script would never run.
const (
	goodAppSpec = "version: 0.0\nos: linux\nhooks:\n  ValidateService:\n    - location: scripts/check.sh\n      timeout: 60\n"
	badAppSpec  = "version: 0.0\nos: linux\nhooks:\n  ValidataService:\n    - location: scripts/check.sh\n      timeout: 60\n"
	checkScript = "#!/bin/sh\nexit 0\n"
)
