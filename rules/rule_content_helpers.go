package rules

import (
	"bytes"
	"errors"
	"io/fs"
	"path"
	"runtime"
	"strings"
	"syscall"

	"github.com/appspec-lint/appspec-lint/lint"
)

// Helpers shared by the rules that look into the revision: AS307 (files
// sources), AS506 (hook scripts) and AS901-AS904 (what the scripts hold).

// contentScriptLimit is how much of a script the content rules read.
const contentScriptLimit = 1 << 20

// contentOS is the os the agent would run the file on, as far as path
// semantics go: "linux", "windows", or "" when os is missing or invalid
// (AS205/AS206 report that; paths are then read leniently).
func contentOS(p *lint.Pass) string { return filesOS(p) }

// contentResolve turns a source or location as written into a revision name
// the way the agent's File.join does on the file's os: a leading / (or \ on
// Windows) is relative to the revision's root; on Windows \ separates names;
// on Linux \ is an ordinary character of a file name. ok is false for a path
// that leaves the revision with "..".
func contentResolve(p *lint.Pass, written string) (name string, ok bool) {
	if contentOS(p) != "linux" || !strings.Contains(written, `\`) {
		return lint.CleanRevisionPath(written)
	}
	s := strings.TrimLeft(strings.TrimSpace(written), "/")
	if s == "" {
		return ".", true
	}
	s = path.Clean(s)
	if s == ".." || strings.HasPrefix(s, "../") {
		return "", false
	}
	return s, true
}

// contentLinuxBackslash reports whether written, on Linux, names a file with
// a backslash in it that would exist with the backslashes read as slashes:
// the author wrote a Windows path. It returns that slash path.
func contentLinuxBackslash(p *lint.Pass, written string) (string, bool) {
	if contentOS(p) != "linux" || !strings.Contains(written, `\`) {
		return "", false
	}
	name, ok := lint.CleanRevisionPath(written)
	if !ok {
		return "", false
	}
	if _, _, err := contentStat(p, name); err != nil {
		return "", false
	}
	return name, true
}

// contentReadDirer is implemented by revisions that can list a directory;
// with it, names are matched without case for Windows, whose file systems
// ignore case.
type contentReadDirer interface {
	ReadDir(name string) ([]fs.DirEntry, error)
}

// contentStat looks name up in the revision. For os: windows a name that
// differs only in case is found too, when the revision can list its
// directories. It returns the name as stored.
func contentStat(p *lint.Pass, name string) (fs.FileInfo, string, error) {
	rev := p.Doc.Revision
	info, err := rev.Stat(name)
	if err == nil || contentOS(p) != "windows" || name == "." {
		return info, name, err
	}
	lister, ok := rev.(contentReadDirer)
	if !ok {
		return nil, name, err
	}
	found := "."
	for _, part := range strings.Split(name, "/") {
		entries, lerr := lister.ReadDir(found)
		if lerr != nil {
			return nil, name, err
		}
		next := ""
		for _, e := range entries {
			if strings.EqualFold(e.Name(), part) {
				next = e.Name()
				break
			}
		}
		if next == "" {
			return nil, name, err
		}
		found = path.Join(found, next)
	}
	info, ferr := rev.Stat(found)
	if ferr != nil {
		return nil, name, err
	}
	return info, found, nil
}

// contentIsMissing reports whether err says the file is not there (as opposed
// to an unreadable revision, where the rules say nothing).
//
// A link loop (ELOOP) counts as missing: the agent cannot run or copy
// through it either. A link that leads out of the revision does not: on the
// instance it may well point at something that exists there.
func contentIsMissing(err error) bool {
	return errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ELOOP) || strings.Contains(err.Error(), "not a directory")
}

// contentGlob reports whether a path holds shell wildcards, which the agent
// takes literally.
func contentGlob(s string) bool {
	if strings.ContainsAny(s, "*?") {
		return true
	}
	if i := strings.IndexByte(s, '['); i >= 0 && strings.IndexByte(s[i:], ']') > 0 {
		return true
	}
	if i := strings.IndexByte(s, '{'); i >= 0 && strings.Contains(s[i:], ",") && strings.IndexByte(s[i:], '}') > 0 {
		return true
	}
	return false
}

// contentGlobDir is the directory part of a pattern before its first
// wildcard: "target" for target/*.war, "." for *.war, "" when a directory
// name holds a wildcard (dist-*/app.js).
func contentGlobDir(name string) string {
	i := strings.IndexAny(name, "*?[{")
	if i < 0 || strings.Contains(name[i:], "/") {
		return ""
	}
	j := strings.LastIndexByte(name[:i], '/')
	if j < 0 {
		return "."
	}
	return name[:j]
}

// contentPreviousRevisionEvent reports whether an event runs the scripts of
// the last successful revision rather than of this one.
func contentPreviousRevisionEvent(event string) bool {
	switch event {
	case "ApplicationStop", "BeforeBlockTraffic", "AfterBlockTraffic":
		return true
	}
	return false
}

// contentPreviousNote is what a finding about a script of such an event
// adds: this deployment runs the old copy, so this one matters from the next.
func contentPreviousNote(event string) string {
	return "; " + event + " runs the last successful revision's scripts, so this copy first runs in the next deployment, and a fix lands only one deployment later"
}

// contentFails says which event fails, with what: this deployment's, or for
// an event that runs the previous revision's scripts, the next one's.
func contentFails(event, with string) string {
	if contentPreviousRevisionEvent(event) {
		return "the next deployment's " + event + " fails" + with + " (" + event + " runs the last successful revision's scripts, so this deployment still runs the old copy; fix it now, as a fix lands only one deployment later)"
	}
	return event + " fails" + with
}

// contentScriptRef is a script entry whose location names a file the
// content rules can look at.
type contentScriptRef struct {
	value *lint.Node // the location value, where findings point
	name  string     // the file's name in the revision, as stored
	mode  fs.FileMode
	event string
}

// contentScript resolves a script entry to a regular file of the revision,
// or returns false: no revision, no usable location, a reserved event (its
// scripts never run), or nothing there (AS506 reports that).
func contentScript(p *lint.Pass, s *lint.Script) (contentScriptRef, bool) {
	if p.Doc.Revision == nil || hookReserved(s.Event.Name()) != "" {
		return contentScriptRef{}, false
	}
	v := s.Location.ValueNode()
	if v == nil || v.Kind != lint.ScalarNode || hookNil(v) || strings.TrimSpace(v.Value) == "" {
		return contentScriptRef{}, false
	}
	name, ok := contentResolve(p, v.Value)
	if !ok || name == "." {
		return contentScriptRef{}, false
	}
	info, stored, err := contentStat(p, name)
	if err != nil || !info.Mode().IsRegular() {
		return contentScriptRef{}, false
	}
	return contentScriptRef{value: v, name: stored, mode: info.Mode(), event: s.Event.Name()}, true
}

// contentRead reads a script, or returns false when it cannot be read or is
// binary (a NUL byte, or an ELF executable): binaries are no scripts.
func contentRead(p *lint.Pass, ref contentScriptRef) ([]byte, bool) {
	src, err := p.Doc.Revision.ReadFile(ref.name, contentScriptLimit)
	if err != nil || contentBinary(src) {
		return nil, false
	}
	return src, true
}

func contentBinary(src []byte) bool {
	return bytes.HasPrefix(src, []byte("\x7fELF")) || bytes.IndexByte(src, 0) >= 0
}

// contentModesKnown reports whether the revision records Unix modes: an
// archive does, and so does a directory unless the linter runs on Windows,
// whose file systems have no executable bit.
func contentModesKnown(rev lint.Revision) bool {
	return rev.Kind().IsArchive() || runtime.GOOS != "windows"
}

// contentSlashFix is the edit writing a path value with / for \, when the
// value is one line and its text, inside any quotes, is the value itself.
func contentSlashFix(v *lint.Node) (lint.Edit, bool) {
	if !hookSingleLine(v) {
		return lint.Edit{}, false
	}
	inner := v.Raw
	if v.IsQuoted() {
		inner = v.Raw[1 : len(v.Raw)-1]
	}
	if inner != v.Value {
		return lint.Edit{}, false // escapes: leave it to the author
	}
	text := strings.ReplaceAll(v.Raw, `\`, "/")
	return lint.Edit{Range: v.Range, NewText: text}, true
}
