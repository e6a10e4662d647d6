// Package nvim_test runs the Neovim integration in editors/nvim inside the
// Neovim on this machine: filetype detection, the config in
// lsp/appspec_lint.lua, and the plugin that starts the real appspec-lint
// server and shows its diagnostics.
package nvim_test

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// probeResult is what testdata/probe.lua writes.
type probeResult struct {
	Error string `json:"error"`
	Files []struct {
		Path        string   `json:"path"`
		Filetype    string   `json:"filetype"`
		Syntax      string   `json:"syntax"`
		Clients     []string `json:"clients"`
		Diagnostics []struct {
			Lnum    int    `json:"lnum"` // 0-based, as vim.diagnostic has it
			Col     int    `json:"col"`
			Code    string `json:"code"`
			Source  string `json:"source"`
			Message string `json:"message"`
		} `json:"diagnostics"`
	} `json:"files"`
}

// needTool returns the tool's path, skipping the test when it is missing —
// or failing it under CI=true, so CI cannot skip the integration silently.
func needTool(t *testing.T, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is not installed, and CI=true requires this integration test to run: %v", name, err)
		}
		t.Skipf("%s is not installed (%v); install Neovim to run the editor integration test", name, err)
	}
	return p
}

// The binary is built once for the package's tests, into binDir, which
// TestMain removes at the end.
var (
	buildOnce sync.Once
	binDir    string
	buildErr  error
)

func TestMain(m *testing.M) {
	code := m.Run()
	if binDir != "" {
		os.RemoveAll(binDir)
	}
	os.Exit(code)
}

// buildBinary builds appspec-lint from this checkout and returns the folder
// it is in, for the PATH Neovim starts the server from.
func buildBinary(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		binDir, buildErr = os.MkdirTemp("", "appspec-lint-nvim-")
		if buildErr != nil {
			return
		}
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
		defer cancel()
		cmd := exec.CommandContext(ctx, "go", "build", "-o", filepath.Join(binDir, "appspec-lint"), "./cmd/appspec-lint")
		cmd.Dir = filepath.Join("..", "..")
		if out, err := cmd.CombinedOutput(); err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return binDir
}

func writeFile(t *testing.T, path, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// probeOpts vary a run: cmds are more --cmd arguments, run before any plugin
// loads; waitMS bounds how long the probe waits for diagnostics per AppSpec
// buffer (0: 10 s); hideBinary leaves the built binary off PATH.
type probeOpts struct {
	cmds       []string
	waitMS     int
	hideBinary bool
}

// exEscape escapes a path for an Ex command line, where a space or a
// backslash would otherwise end or change the argument.
func exEscape(path string) string {
	return strings.NewReplacer(`\`, `\\`, " ", `\ `).Replace(path)
}

// runProbe opens files in a headless Neovim with editors/nvim first on
// 'runtimepath' and returns what testdata/probe.lua saw.
func runProbe(t *testing.T, nvim, binDir string, files []string, opts probeOpts) probeResult {
	t.Helper()
	here, err := filepath.Abs(".")
	if err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	out := filepath.Join(tmp, "probe.json")
	list, _ := json.Marshal(files)

	// --clean: no user config or plugins, but this checkout's plugin/ and
	// ftdetect/ still load from 'runtimepath'. -n: no swap file; -i NONE: no
	// shada. Stdin is /dev/null and the probe ends with :qall!, so nothing
	// ever waits for input; the context bounds it regardless.
	args := []string{"--headless", "--clean", "-n", "-i", "NONE"}
	for _, c := range opts.cmds {
		args = append(args, "--cmd", c)
	}
	args = append(args,
		"--cmd", "set rtp^="+strings.ReplaceAll(exEscape(here), ",", `\,`),
		"-c", "luafile "+exEscape(filepath.Join(here, "testdata", "probe.lua")))

	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, nvim, args...)
	cmd.Dir = tmp
	cmd.WaitDelay = 5 * time.Second
	// Every directory Neovim might write to (logs, LSP log, state) is a temp
	// dir, so the test leaves nothing behind and reads no user settings.
	path := binDir + string(os.PathListSeparator) + os.Getenv("PATH")
	if opts.hideBinary {
		path = os.Getenv("PATH")
	}
	cmd.Env = append(os.Environ(),
		"PATH="+path,
		"HOME="+tmp,
		"XDG_CONFIG_HOME="+filepath.Join(tmp, "config"),
		"XDG_DATA_HOME="+filepath.Join(tmp, "data"),
		"XDG_STATE_HOME="+filepath.Join(tmp, "state"),
		"XDG_CACHE_HOME="+filepath.Join(tmp, "cache"),
		"NVIM_LOG_FILE="+filepath.Join(tmp, "nvim.log"),
		"APPSPEC_PROBE_FILES="+string(list),
		"APPSPEC_PROBE_OUT="+out,
		"APPSPEC_PROBE_WAIT_MS="+strconv.Itoa(cmp.Or(opts.waitMS, 10000)),
	)
	combined, err := cmd.CombinedOutput()
	if ctx.Err() != nil {
		t.Fatalf("nvim did not finish in time: %v\n%s", ctx.Err(), combined)
	}
	if err != nil {
		t.Fatalf("nvim: %v\n%s", err, combined)
	}
	raw, err := os.ReadFile(out)
	if err != nil {
		t.Fatalf("the probe wrote no result (%v); nvim said:\n%s", err, combined)
	}
	var res probeResult
	if err := json.Unmarshal(raw, &res); err != nil {
		t.Fatalf("probe result: %v\n%s", err, raw)
	}
	if res.Error != "" {
		t.Fatalf("the probe failed inside nvim: %s\n%s", res.Error, combined)
	}
	if len(res.Files) != len(files) {
		t.Fatalf("probe saw %d files, want %d: %s", len(res.Files), len(files), raw)
	}
	return res
}

// A misspelled EC2 event on line 4 (AS502, "did you mean BeforeInstall?").
const brokenYAML = `version: 0.0
os: linux
hooks:
  BeforeInstal:
    - location: scripts/before.sh
      timeout: 300
`

// A Lambda appspec in JSON with a misspelled hook on line 7 (AS609).
const brokenJSON = `{
  "version": 0.0,
  "Resources": [
    {"MyFunction": {"Type": "AWS::Lambda::Function", "Properties": {"Name": "f", "Alias": "live", "CurrentVersion": "1", "TargetVersion": "2"}}}
  ],
  "Hooks": [
    {"BeforeAllowTrafic": "LambdaFunctionToValidateBeforeTrafficShift"}
  ]
}
`

// TestNeovimAttachesAndShowsDiagnostics: in Neovim, appspec.yml and
// appspec.json get the AppSpec filetypes (keeping YAML/JSON syntax), the
// plugin starts `appspec-lint lsp` from lsp/appspec_lint.lua for them, and
// the server's findings arrive as diagnostics on the right lines with the
// rule ID and source; a plain YAML file keeps filetype yaml and gets no
// client. Run twice: with Neovim 0.7's default filetype.vim, and with its
// Lua filetype detection (vim.filetype.add, the path Neovim 0.8+ takes).
func TestNeovimAttachesAndShowsDiagnostics(t *testing.T) {
	nvim := needTool(t, "nvim")
	binDir := buildBinary(t)

	work := t.TempDir()
	yml := filepath.Join(work, "ec2", "appspec.yml")
	upper := filepath.Join(work, "upper", "AppSpec.YML")
	jsn := filepath.Join(work, "lambda", "appspec.json")
	other := filepath.Join(work, "ec2", "other.yml")
	writeFile(t, yml, brokenYAML)
	writeFile(t, upper, brokenYAML)
	writeFile(t, jsn, brokenJSON)
	writeFile(t, other, "name: not an appspec\nhooks: [1, 2]\n")

	for _, tc := range []struct {
		name  string
		extra []string
	}{
		{"filetype.vim", nil},
		{"filetype.lua", []string{"let g:do_filetype_lua = 1"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			start := time.Now()
			res := runProbe(t, nvim, binDir, []string{other, yml, upper, jsn}, probeOpts{cmds: tc.extra})
			t.Logf("nvim ran in %v", time.Since(start).Round(time.Millisecond))

			want := []struct {
				filetype, syntax string
				client           bool
				line             int // 1-based line of the expected finding
				code             string
			}{
				{"yaml", "yaml", false, 0, ""},
				{"yaml.appspec", "yaml", true, 4, "AS502"},
				{"yaml.appspec", "yaml", true, 1, "AS103"}, // the wrong-case name itself
				{"json.appspec", "json", true, 7, "AS609"},
			}
			for i, w := range want {
				f := res.Files[i]
				name := filepath.Base(f.Path)
				if f.Filetype != w.filetype {
					t.Errorf("%s: filetype %q, want %q", name, f.Filetype, w.filetype)
				}
				if f.Syntax != w.syntax {
					t.Errorf("%s: syntax %q, want %q (the compound filetype must keep the base syntax)", name, f.Syntax, w.syntax)
				}
				attached := strings.Join(f.Clients, ",")
				if w.client && attached != "appspec_lint" {
					t.Errorf("%s: clients %q, want exactly appspec_lint", name, attached)
				}
				if !w.client {
					if attached != "" {
						t.Errorf("%s: clients %q attached to a file that is not an AppSpec", name, attached)
					}
					if len(f.Diagnostics) != 0 {
						t.Errorf("%s: diagnostics on a file that is not an AppSpec: %+v", name, f.Diagnostics)
					}
					continue
				}
				found := false
				for _, d := range f.Diagnostics {
					if d.Source != "appspec-lint" {
						t.Errorf("%s: diagnostic with source %q, want appspec-lint: %+v", name, d.Source, d)
					}
					if d.Code == w.code && d.Lnum == w.line-1 {
						found = true
					}
				}
				if !found {
					t.Errorf("%s: no %s diagnostic on line %d; got %+v", name, w.code, w.line, f.Diagnostics)
				}
			}
		})
	}
}

// TestNeovimAutostartOff: `vim.g.appspec_lint_autostart = false`, the
// documented switch for users who start the server another way (say
// nvim-lspconfig), keeps the plugin from starting a client of its own, while
// the filetype is still set.
func TestNeovimAutostartOff(t *testing.T) {
	nvim := needTool(t, "nvim")
	binDir := buildBinary(t)
	yml := filepath.Join(t.TempDir(), "appspec.yml")
	writeFile(t, yml, brokenYAML)

	// The plugin decides in the FileType autocmd, before the probe looks; the
	// short wait only gives a wrongly started server time to report.
	res := runProbe(t, nvim, binDir, []string{yml}, probeOpts{
		cmds:   []string{"let g:appspec_lint_autostart = v:false"},
		waitMS: 1500,
	})
	f := res.Files[0]
	if f.Filetype != "yaml.appspec" {
		t.Errorf("filetype %q, want yaml.appspec", f.Filetype)
	}
	if len(f.Clients) != 0 || len(f.Diagnostics) != 0 {
		t.Errorf("with autostart off: clients %v, diagnostics %+v; want none", f.Clients, f.Diagnostics)
	}
}

// TestNeovimConfigOverride: on Neovim before 0.11, vim.g.appspec_lint_config
// overrides fields of lsp/appspec_lint.lua; here `cmd` names a binary that is
// not on PATH, and the server still starts and reports.
func TestNeovimConfigOverride(t *testing.T) {
	nvim := needTool(t, "nvim")
	bin := filepath.Join(buildBinary(t), "appspec-lint")
	if _, err := exec.LookPath("appspec-lint"); err == nil {
		t.Skip("an appspec-lint is on PATH already, so the override would prove nothing")
	}
	yml := filepath.Join(t.TempDir(), "appspec.yml")
	writeFile(t, yml, brokenYAML)
	res := runProbe(t, nvim, "", []string{yml}, probeOpts{
		cmds:       []string{"let g:appspec_lint_config = {'cmd': ['" + bin + "', 'lsp']}"},
		hideBinary: true,
	})
	f := res.Files[0]
	found := false
	for _, d := range f.Diagnostics {
		found = found || (d.Code == "AS502" && d.Lnum == 3)
	}
	if !found {
		t.Errorf("clients %v, diagnostics %+v; want AS502 on line 4 from the overridden cmd", f.Clients, f.Diagnostics)
	}
}
