// Package yamlls_test checks appspec-lint's JSON Schema where most editors
// meet it: in yaml-language-server (Red Hat's YAML extension for VS Code, and
// the YAML server Neovim, Helix, Emacs and others run), pinned in
// package.json and run from node_modules over LSP.
package yamlls_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"testing"
	"time"
)

type diagnostic struct {
	Range struct {
		Start struct{ Line, Character int } `json:"start"`
	} `json:"range"`
	Severity int    `json:"severity"`
	Message  string `json:"message"`
	Source   string `json:"source"`
}

type publishParams struct {
	URI         string       `json:"uri"`
	Diagnostics []diagnostic `json:"diagnostics"`
}

func fileURI(path string) string {
	return (&url.URL{Scheme: "file", Path: filepath.ToSlash(path)}).String()
}

// server is a running yaml-language-server with the test's client on its
// stdio.
type server struct {
	*rpcClient
	stderr *bytes.Buffer
}

// startServer runs yaml-language-server from node_modules with settings
// as the `yaml` section it pulls through workspace/configuration.
// root, when not empty, is the workspace folder relative schema paths in
// the settings resolve against.
func startServer(t *testing.T, root string, settings map[string]any) *server {
	t.Helper()
	bin := filepath.Join("node_modules", "yaml-language-server", "bin", "yaml-language-server")
	if _, err := os.Stat(bin); err != nil {
		missing(t, "yaml-language-server is not installed in editors/yamlls/node_modules: run `npm ci` in editors/yamlls (or `npm ci --prefix editors/yamlls`)")
	}
	node, err := exec.LookPath("node")
	if err != nil {
		missing(t, "node is not installed; yaml-language-server needs Node.js to run")
	}

	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	cmd := exec.CommandContext(ctx, node, bin, "--stdio")
	cmd.WaitDelay = 5 * time.Second
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	stderr := &bytes.Buffer{}
	cmd.Stderr = stderr
	if err := cmd.Start(); err != nil {
		t.Fatalf("starting yaml-language-server: %v", err)
	}
	var c *rpcClient
	t.Cleanup(func() {
		if c != nil {
			// The polite end: node would otherwise keep running until killed.
			c.send(map[string]any{"jsonrpc": "2.0", "id": "bye", "method": "shutdown"})
			c.notify("exit", nil)
		}
		stdin.Close()
		done := make(chan struct{})
		go func() { cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			cancel() // kills it
			<-done
		}
		cancel()
	})

	answer := func(method string, params json.RawMessage) any {
		if method != "workspace/configuration" {
			return nil // client/registerCapability, window/workDoneProgress/create, ...
		}
		var p struct {
			Items []struct{ Section string } `json:"items"`
		}
		json.Unmarshal(params, &p)
		out := make([]any, len(p.Items))
		for i, it := range p.Items {
			if it.Section == "yaml" {
				out[i] = settings
			}
		}
		return out
	}
	c = newRPCClient(t, stdout, stdin, answer)
	s := &server{rpcClient: c, stderr: stderr}

	var rootURI any
	if root != "" {
		rootURI = fileURI(root)
	}
	c.call("initialize", map[string]any{
		"processId": os.Getpid(),
		"rootUri":   rootURI,
		"capabilities": map[string]any{
			"workspace": map[string]any{
				"configuration":          true,
				"didChangeConfiguration": map[string]any{"dynamicRegistration": true},
			},
			"textDocument": map[string]any{
				"publishDiagnostics": map[string]any{},
				"hover":              map[string]any{"contentFormat": []string{"markdown", "plaintext"}},
			},
		},
	}, 30*time.Second, nil)
	c.notify("initialized", map[string]any{})
	// The server pulls its settings after `initialized`; documents opened
	// before that would be validated without our schema mapping.
	select {
	case <-c.configured:
	case <-time.After(30 * time.Second):
		t.Fatalf("yaml-language-server never asked for its settings\n%s", stderr)
	}
	return s
}

// missing skips the test with a reason, or fails it when CI=true so CI cannot
// skip the integration silently.
func missing(t *testing.T, reason string) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatal(reason + " (CI=true: this integration test must run)")
	}
	t.Skip(reason)
}

// open sends didOpen as a YAML document and returns the first diagnostics
// published for it.
func (s *server) open(t *testing.T, path, text string) []diagnostic {
	t.Helper()
	return s.openAs(t, path, "yaml", text)
}

// openAs is open with the client's languageId for the document.
func (s *server) openAs(t *testing.T, path, languageID, text string) []diagnostic {
	t.Helper()
	uri := fileURI(path)
	s.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{
		"uri": uri, "languageId": languageID, "version": 1, "text": text}})
	m := s.waitNote("publishDiagnostics for "+filepath.Base(path), 30*time.Second, func(m message) bool {
		if m.Method != "textDocument/publishDiagnostics" {
			return false
		}
		var p publishParams
		return json.Unmarshal(m.Params, &p) == nil && p.URI == uri
	})
	var p publishParams
	json.Unmarshal(m.Params, &p)
	sort.Slice(p.Diagnostics, func(i, j int) bool {
		return p.Diagnostics[i].Range.Start.Line < p.Diagnostics[j].Range.Start.Line
	})
	return p.Diagnostics
}

func repoSchema(t *testing.T, name string) string {
	t.Helper()
	p, err := filepath.Abs(filepath.Join("..", "..", "schema", name))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(p); err != nil {
		t.Fatal(err)
	}
	return p
}
