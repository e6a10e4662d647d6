package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestPreCommitHooks runs this repository's .pre-commit-hooks.yaml with the
// real pre-commit, in throwaway git repositories, the way a user's commit
// would: the golang hook built from this repository by pre-commit itself, and
// the system hook with a built appspec-lint on the PATH.
//
// The golang hook's build is the slow part, so all the subtests share one
// PRE_COMMIT_HOME and pre-commit builds it once (try-repo keeps a store of its
// own, so it builds once more).
func TestPreCommitHooks(t *testing.T) {
	if testing.Short() {
		t.Skip("skipping in -short mode: pre-commit builds the golang hook (about 15 s)")
	}
	requireTool(t, "git", "to make the repositories pre-commit runs in")
	requireTool(t, "pre-commit", "to run .pre-commit-hooks.yaml (apt-get install pre-commit, or pip install pre-commit)")
	requireTool(t, "go", "for pre-commit to build the golang hook")

	root := repoRoot(t)
	tmp := t.TempDir()
	hookRepo, rev := hookRepoSnapshot(t, root, filepath.Join(tmp, "hook-repo"))

	modCache, code := runTool(t, time.Minute, root, toolEnv(), "go", "env", "GOMODCACHE")
	if code != 0 {
		t.Fatalf("go env GOMODCACHE: %s", modCache)
	}
	// pre-commit gives the hook its own GOPATH (and deletes its pkg/ after the
	// build); with the machine's module cache and no proxy the build reuses
	// the modules `go test` already has, and never goes to the network.
	home := filepath.Join(tmp, "pre-commit-home")
	env := toolEnv(
		"PRE_COMMIT_HOME="+home,
		"GOMODCACHE="+strings.TrimSpace(modCache),
		"GOPROXY=off",
		"GOTOOLCHAIN=local",
	)

	// A repository holding the files, in which pre-commit runs hookID from
	// hookRepo at rev over every file (--all-files: what a commit of them
	// all would check).
	runHook := func(t *testing.T, env []string, hookID string, files map[string]string, extraArgs ...string) (string, int) {
		t.Helper()
		dir := gitRepo(t, files)
		config := "repos:\n  - repo: " + hookRepo + "\n    rev: " + rev + "\n    hooks:\n      - id: " + hookID + "\n"
		writeFiles(t, dir, map[string]string{".pre-commit-config.yaml": config})
		gitIn(t, dir, "add", ".pre-commit-config.yaml")
		args := append([]string{"run", "--all-files"}, extraArgs...)
		start := time.Now()
		out, code := runTool(t, 5*time.Minute, dir, env, "pre-commit", args...)
		t.Logf("pre-commit run %s: %v", hookID, time.Since(start).Round(time.Millisecond))
		return out, code
	}

	bad := map[string]string{"appspec.yml": badAppSpec, "scripts/check.sh": checkScript}
	good := map[string]string{"appspec.yml": goodAppSpec, "scripts/check.sh": checkScript}

	t.Run("try-repo", func(t *testing.T) {
		// try-repo is how one tries hooks before pinning a rev: it takes a
		// local path and includes its uncommitted changes.
		dir := gitRepo(t, bad)
		start := time.Now()
		out, code := runTool(t, 5*time.Minute, dir, env, "pre-commit", "try-repo", root, "appspec-lint", "--all-files")
		t.Logf("pre-commit try-repo (builds the hook): %v", time.Since(start).Round(time.Millisecond))
		wantHookFailed(t, out, code, "appspec.yml:4:3: error:", "[AS502 hook-unknown-event]")
	})

	// The first run with the shared PRE_COMMIT_HOME builds the hook (cold);
	// the rest reuse it (warm).
	t.Run("golang/finding fails", func(t *testing.T) {
		out, code := runHook(t, env, "appspec-lint", bad)
		wantHookFailed(t, out, code, "appspec.yml:4:3: error:", "did you mean ValidateService?", "[AS502 hook-unknown-event]")

		// pre-commit ran `go install ./...` at the repository's root: it must
		// install the one command and nothing else onto the hook's PATH.
		bins, err := filepath.Glob(filepath.Join(home, "repo*", "golangenv-*", "bin", "*"))
		if err != nil || len(bins) != 1 || filepath.Base(bins[0]) != "appspec-lint" {
			t.Errorf("the golang hook's environment should hold exactly bin/appspec-lint, got %v", bins)
		}
	})

	t.Run("golang/clean passes", func(t *testing.T) {
		out, code := runHook(t, env, "appspec-lint", good)
		wantHookPassed(t, out, code)
	})

	t.Run("golang/no appspec is skipped", func(t *testing.T) {
		// Names that only look like an appspec are not one: the hook must not
		// run on them (their bad content would fail it).
		out, code := runHook(t, env, "appspec-lint", map[string]string{
			"README.md":        "# app\n",
			"myappspec.yml":    badAppSpec,
			"appspec.yml.orig": badAppSpec,
		})
		if code != 0 || !regexpFind(out, `appspec-lint\.+\(no files to check\)Skipped`) {
			t.Errorf("want the hook skipped with no files to check (exit 0), got exit %d:\n%s", code, out)
		}
	})

	t.Run("golang/any folder, any letter case", func(t *testing.T) {
		// The linter finds AppSpec.yml too, to report its name (AS103: the
		// agent reads only lower-case appspec.yml); so must the hook.
		out, code := runHook(t, env, "appspec-lint", map[string]string{
			"deploy/web/AppSpec.yml":      goodAppSpec,
			"deploy/web/scripts/check.sh": checkScript,
		})
		wantHookFailed(t, out, code, "deploy/web/AppSpec.yml:", "[AS103 file-name-case]")
	})

	t.Run("golang/missing hook script fails", func(t *testing.T) {
		// The revision checks run: in a repository the files beside the
		// appspec are the revision, and a script it names must be there.
		out, code := runHook(t, env, "appspec-lint", map[string]string{"appspec.yml": goodAppSpec})
		wantHookFailed(t, out, code, "appspec.yml:5:", "scripts/check.sh", "[AS506 hook-location-exists]")
	})

	t.Run("golang/colour follows pre-commit", func(t *testing.T) {
		// pre-commit runs the hook on a pseudo-terminal when its own output is
		// coloured, and the linter's --color auto colours exactly then.
		out, code := runHook(t, env, "appspec-lint", bad, "--color", "always")
		findings := out[strings.Index(out, "- exit code:")+1:]
		if code != 1 || !strings.Contains(findings, "\x1b[") {
			t.Errorf("--color always: want coloured findings (exit 1), got exit %d:\n%q", code, out)
		}
		out, code = runHook(t, env, "appspec-lint", bad, "--color", "never")
		if code != 1 || strings.Contains(out, "\x1b[") {
			t.Errorf("--color never: want no escape codes at all (exit 1), got exit %d:\n%q", code, out)
		}
	})

	// The system hook runs whatever appspec-lint is on the PATH.
	binDir := filepath.Join(tmp, "bin")
	if err := os.Mkdir(binDir, 0o755); err != nil {
		t.Fatal(err)
	}
	buildCLI(t, binDir)
	sysEnv := append(toolEnv(), "PRE_COMMIT_HOME="+home,
		"PATH="+binDir+string(os.PathListSeparator)+os.Getenv("PATH"))

	t.Run("system/finding fails", func(t *testing.T) {
		out, code := runHook(t, sysEnv, "appspec-lint-system", bad)
		wantHookFailed(t, out, code, "appspec.yml:4:3: error:", "[AS502 hook-unknown-event]")
	})

	t.Run("system/clean passes", func(t *testing.T) {
		out, code := runHook(t, sysEnv, "appspec-lint-system", good)
		wantHookPassed(t, out, code)
	})
}

// wantHookFailed checks that pre-commit reports the hook failed with the
// linter's exit status 1 and shows its findings.
func wantHookFailed(t *testing.T, out string, code int, wants ...string) {
	t.Helper()
	if code != 1 || !regexpFind(out, `appspec-lint[^\n]*\.+Failed`) || !strings.Contains(out, "- exit code: 1") {
		t.Errorf("want the hook to fail with the linter's exit code 1, got exit %d:\n%s", code, out)
		return
	}
	for _, w := range wants {
		if !strings.Contains(out, w) {
			t.Errorf("output lacks %q:\n%s", w, out)
		}
	}
}

func wantHookPassed(t *testing.T, out string, code int) {
	t.Helper()
	if code != 0 || !regexpFind(out, `appspec-lint[^\n]*\.+Passed`) {
		t.Errorf("want the hook to pass, got exit %d:\n%s", code, out)
	}
}

// gitRepo makes a git repository with the files added to its index, which is
// all pre-commit --all-files needs. Identity and signing are set locally so
// that neither the machine's git config nor its absence matters.
func gitRepo(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	gitIn(t, dir, "init", "--quiet")
	gitIn(t, dir, "config", "user.name", "appspec-lint test")
	gitIn(t, dir, "config", "user.email", "test@example.invalid")
	gitIn(t, dir, "config", "commit.gpgsign", "false")
	writeFiles(t, dir, files)
	gitIn(t, dir, "add", "--all")
	return dir
}

func gitIn(t *testing.T, dir string, args ...string) string {
	t.Helper()
	out, code := runTool(t, time.Minute, dir, toolEnv(), "git", args...)
	if code != 0 {
		t.Fatalf("git %s: exit %d\n%s", strings.Join(args, " "), code, out)
	}
	return strings.TrimSpace(out)
}

// hookRepoSnapshot returns a repository and commit that hold this working
// tree as `git diff HEAD` sees it, committed edits or not, so that the test
// checks the hooks as they are being written, as try-repo does: the
// repository itself at HEAD when it is clean, else a clone of it with the
// changes to tracked files (staged new ones included) committed on top.
func hookRepoSnapshot(t *testing.T, root, dir string) (repo, rev string) {
	t.Helper()
	if _, code := runTool(t, time.Minute, root, toolEnv(), "git", "rev-parse", "--git-dir"); code != 0 {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is not a git repository; pre-commit installs hooks from one", root)
		}
		t.Skipf("skipping: %s is not a git repository; pre-commit installs hooks from one", root)
	}
	head := gitIn(t, root, "rev-parse", "HEAD")
	diff, code := runTool(t, time.Minute, root, toolEnv(), "git", "diff", "HEAD", "--binary")
	if code != 0 {
		t.Fatalf("git diff HEAD: %s", diff)
	}
	if diff == "" {
		return root, head
	}
	gitIn(t, filepath.Dir(dir), "clone", "--quiet", "--no-checkout", root, dir)
	gitIn(t, dir, "checkout", "--quiet", head)
	patch := filepath.Join(filepath.Dir(dir), "uncommitted.patch")
	if err := os.WriteFile(patch, []byte(diff), 0o644); err != nil {
		t.Fatal(err)
	}
	gitIn(t, dir, "apply", "--index", patch)
	gitIn(t, dir, "-c", "user.name=appspec-lint test", "-c", "user.email=test@example.invalid",
		"-c", "commit.gpgsign=false", "commit", "--quiet", "--no-verify", "-m", "uncommitted changes")
	return dir, gitIn(t, dir, "rev-parse", "HEAD")
}

func regexpFind(s, pattern string) bool {
	return regexp.MustCompile(pattern).MatchString(s)
}
