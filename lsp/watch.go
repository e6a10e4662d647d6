package lsp

import (
	"github.com/sourcegraph/jsonrpc2"
	"go.lsp.dev/protocol"
)

// watcherRegistrationID names the server's file watcher registration.
const watcherRegistrationID = "appspec-lint-watch-files"

// registerWatchers asks a client that registers file watchers dynamically to
// report every file change in the workspace: a hook script, a files source or
// an .appspec-lint.yaml created, changed or deleted on disk changes what an
// open appspec's findings are. The request runs off the read loop; the
// client's answer (or error) is only logged.
func (s *server) registerWatchers() {
	s.mu.Lock()
	send := s.watchFiles && !s.registered
	s.registered = true
	s.mu.Unlock()
	if !send {
		return
	}
	params := protocol.RegistrationParams{Registrations: []protocol.Registration{{
		ID:     watcherRegistrationID,
		Method: "workspace/didChangeWatchedFiles",
		RegisterOptions: protocol.DidChangeWatchedFilesRegistrationOptions{
			Watchers: []protocol.FileSystemWatcher{{GlobPattern: "**/*"}},
		},
	}}}
	conn := s.conn.Load()
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		if err := conn.Call(s.ctx, "client/registerCapability", params, nil); err != nil {
			s.logf("registering the file watcher: %v", err)
		}
	}()
}

// didChangeWatchedFiles lints again every open document that lives on disk:
// its revision (the files beside it) or its config may have changed. Which
// files changed does not matter; a lint reads the folder afresh.
func (s *server) didChangeWatchedFiles(req *jsonrpc2.Request) {
	var p protocol.DidChangeWatchedFilesParams
	if !decode(req, &p) {
		s.logf("ignoring didChangeWatchedFiles with bad params")
		return
	}
	if len(p.Changes) == 0 {
		return
	}
	for _, d := range s.docs.all() {
		if d.path != "" {
			d.markDirty()
		}
	}
}
