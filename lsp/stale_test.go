package lsp_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

// Rapid edits, sent without waiting: the diagnostics published for them
// never go back to an older version, and the last ones are for the last
// version and its text.
func TestStaleResultsDropped(t *testing.T) {
	const last = 60
	c := start(t)
	c.initialize(nil, nil)

	// What the last text alone gets.
	ref := fileURI(t, "appspec.yml", spacedFixed)
	open(c, ref, "yaml", spacedFixed)
	want := summary(c.diagnostics(ref, 1))

	uri := fileURI(t, "appspec.yml", spacedAppSpec)
	open(c, uri, "yaml", spacedAppSpec)
	c.diagnostics(uri, 1)
	for v := 2; v <= last; v++ {
		text := spacedAppSpec // layout findings
		if v%2 == 1 || v == last {
			text = spacedFixed
		}
		change(c, uri, v, map[string]any{"text": text})
	}

	var versions []int
	var final []diagnostic
	deadline := time.After(10 * time.Second)
	quiet := time.After(time.Hour)
	for done := false; !done; {
		select {
		case m := <-c.notifs:
			if m.Method != "textDocument/publishDiagnostics" {
				continue
			}
			var p publishParams
			if err := json.Unmarshal(m.Params, &p); err != nil {
				t.Fatal(err)
			}
			if p.URI != uri {
				continue
			}
			if n := len(versions); n > 0 && p.Version < versions[n-1] {
				t.Errorf("diagnostics for version %d after version %d", p.Version, versions[n-1])
			}
			versions = append(versions, p.Version)
			final = p.Diagnostics
			if p.Version == last {
				// Anything still in flight would arrive now.
				quiet = time.After(500 * time.Millisecond)
			}
		case <-quiet:
			done = true
		case <-deadline:
			t.Fatalf("no diagnostics for version %d; got versions %v", last, versions)
		}
	}
	if versions[len(versions)-1] != last {
		t.Errorf("last diagnostics for version %d, want %d (versions %v)", versions[len(versions)-1], last, versions)
	}
	if got := summary(final); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("last diagnostics %v, want those of the last text %v", got, want)
	}
	t.Logf("%d edits, diagnostics published for versions %v", last-1, versions)
}
