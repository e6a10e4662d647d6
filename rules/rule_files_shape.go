package rules

import (
	"strings"

	"github.com/appspec-lint/appspec-lint/lint"
)

// FilesNotList is AS303.
var FilesNotList = &lint.Rule{
	ID: "AS303", Name: "files-not-list", Severity: lint.Error,
	Platforms: lint.EC2, Category: "files",
	Summary: "files must be a list of `- source: ... destination: ...` entries",
	Doc: `The agent walks files as a list and reads source and destination from each
item. Anything else makes it fail: a mapping written without the "- " (the most
common slip), a single value, an item that is a plain string, or an empty
"-" item. The deployment stops with a Ruby error instead of a message, which
makes this one hard to diagnose from the console.

For a mapping written without the dash the fix turns it into one list item.

Bad:

    files:
      source: /
      destination: /var/www/html

Good:

    files:
      - source: /
        destination: /var/www/html
`,
	Document: func(p *lint.Pass) {
		pair := p.Spec.Files
		if pair == nil {
			return
		}
		at, v := pair.Value, pair.Value.Resolve()
		switch {
		case v.IsNull():
			return // AS217
		case v.Kind == lint.MappingNode:
			if len(v.Pairs) == 0 {
				return // AS217: the agent iterates an empty mapping without harm
			}
			d := p.Report(at, "`files` is a mapping, but it must be a list: start each entry with `- `, as in `- source: /`")
			if edits := filesListFix(p.Doc, pair, v); edits != nil && at == v {
				d.WithFix(lint.IntentFix, "make the mapping one list item", edits...)
			}
		case v.Kind == lint.ScalarNode:
			p.Report(at, "`files` is %s, but it must be a list of entries such as `- source: /` with `destination: /var/www/html` under it", v.Describe())
		case v.Kind == lint.SequenceNode:
			for _, item := range v.Items {
				it := item.Resolve()
				switch {
				case it == nil || it.IsNull():
					p.Report(filesDashRange(p.Doc, item), "this files item is empty; give it a `source:` and a `destination:`, or remove the `-`")
				case it.Kind == lint.ScalarNode:
					p.Report(item, "this files item is %s, but each item must be a mapping with `source:` and `destination:` keys", it.Describe())
				case it.Kind == lint.SequenceNode:
					p.Report(item, "this files item is a list, but each item must be a mapping with `source:` and `destination:` keys")
				}
			}
		}
	},
}

// filesListFix turns a block mapping written under files without a dash into
// one list item: "- " before the first key, two more spaces before each other
// key. It returns nil when the mapping is not that simple shape (flow style,
// keys on the files line, repeated keys, values spanning lines).
func filesListFix(d *lint.Document, files *lint.Pair, m *lint.Node) []lint.Edit {
	if m.Style == lint.Flow {
		return nil
	}
	col := m.Pairs[0].Key.Range.Start.Col
	seen := map[string]bool{}
	line := files.Key.Range.Start.Line
	for _, pair := range m.Pairs {
		k := pair.Key
		if k.Kind != lint.ScalarNode || seen[k.Value] || k.Range.Start.Col != col ||
			k.Range.Start.Line <= line || pair.Span().End.Line != k.Range.Start.Line || !structLineOnly(d, pair) {
			return nil
		}
		seen[k.Value] = true
		line = k.Range.Start.Line
	}
	var edits []lint.Edit
	for i, pair := range m.Pairs {
		at := lint.Range{Start: pair.Key.Range.Start, End: pair.Key.Range.Start}
		text := "  "
		if i == 0 {
			text = "- "
		}
		edits = append(edits, lint.Edit{Range: at, NewText: text})
	}
	return edits
}

// filesDashRange is the range of the "-" that starts list item n, found in
// the source text left of the item; n's own range when there is none (an
// empty item's node has no width).
func filesDashRange(d *lint.Document, n *lint.Node) lint.Range {
	start := n.Range.Start
	line := []rune(d.Lines.Line(start.Line))
	for c := min(start.Col-1, len(line)) - 1; c >= 0; c-- {
		switch line[c] {
		case ' ', '\t':
			continue
		case '-':
			return lint.Range{Start: lint.Pos{Line: start.Line, Col: c + 1}, End: lint.Pos{Line: start.Line, Col: c + 2}}
		}
		break
	}
	return n.Range
}

// filesKeyAliases are words people use for source and destination.
var filesKeyAliases = map[string]string{
	"src": "source", "from": "source", "sources": "source", "sourcepath": "source",
	"dest": "destination", "dst": "destination", "target": "destination", "to": "destination",
	"destinations": "destination", "destinationpath": "destination", "path": "destination",
}

// filesNearMiss returns the pair of entry that was most likely meant as the
// missing key want (Source:, src:, destiantion:), or nil. It is nil when want
// is present.
func filesNearMiss(entry *lint.Node, want string) *lint.Pair {
	if entry.Get(want) != nil {
		return nil
	}
	for _, pair := range entry.Pairs {
		k := pair.Key
		if k.Kind != lint.ScalarNode || k.Value == "source" || k.Value == "destination" {
			continue
		}
		if filesKeyAliases[structNormalize(k.Value)] == want || structSuggestKey(k.Value, []string{"source", "destination"}) == want {
			return pair
		}
	}
	return nil
}

// FilesSourceRequired is AS301.
var FilesSourceRequired = &lint.Rule{
	ID: "AS301", Name: "files-source-required", Severity: lint.Error,
	Platforms: lint.EC2, Category: "files",
	Summary: "each files entry needs a source path",
	Doc: `Each files entry copies source (a file or directory of the revision, relative
to the appspec) to destination (a directory on the instance). Without source,
or with an empty one, the agent fails the deployment with "specifies a
destination file, but no source file". Keys are case-sensitive: Source: is not
source:. A source that is a number or true/false is not a path to the agent
either: it fails while joining it to the revision's directory; quote it.

Bad:

    files:
      - destination: /var/www/html

Good:

    files:
      - source: /
        destination: /var/www/html
`,
	File: func(p *lint.Pass, f *lint.FileEntry) {
		filesCheckRequired(p, f, "source", f.Source, f.Destination)
	},
}

// FilesDestinationRequired is AS302.
var FilesDestinationRequired = &lint.Rule{
	ID: "AS302", Name: "files-destination-required", Severity: lint.Error,
	Platforms: lint.EC2, Category: "files",
	Summary: "each files entry needs a destination path",
	Doc: `A files entry with a source but no destination, or an empty one, fails the
deployment with "specifies only a source file". Watch for values that start
with #: in YAML, "destination: #{DEPLOY_DIR}" is a key followed by a comment,
so the destination is empty; quote such values. A destination that is a
number or true/false is not a path to the agent either.

Bad:

    files:
      - source: /
        destination:

Good:

    files:
      - source: /
        destination: /var/www/html
`,
	File: func(p *lint.Pass, f *lint.FileEntry) {
		filesCheckRequired(p, f, "destination", f.Destination, f.Source)
	},
}

// filesCheckRequired reports a missing, empty or non-path source or
// destination (want/pair) of entry f; other is the companion key.
func filesCheckRequired(p *lint.Pass, f *lint.FileEntry, want string, pair, other *lint.Pair) {
	if pair == nil {
		if miss := filesNearMiss(f.Node, want); miss != nil {
			why := "is not read"
			if strings.EqualFold(miss.Key.Value, want) {
				why = "is not read: keys are case-sensitive"
			}
			p.Report(miss.Key, "`%s` %s, so this files entry has no %s and the deployment fails; write `%s`", miss.Key.Value, why, want, want).
				WithFix(lint.IntentFix, "rename to "+want, structRenameKey(miss.Key, want))
			return
		}
		otherName := "destination"
		if want == "destination" {
			otherName = "source"
		}
		if other == nil {
			other = filesNearMiss(f.Node, otherName)
		}
		if other == nil {
			// Both missing: say it once, as the agent does (it asks for the
			// source first).
			if want == "source" {
				p.Report(filesEntryRange(f.Node), "this files entry has neither `source` nor `destination`; write `source:` (a path in the revision) and `destination:` (a directory on the instance)")
			}
			return
		}
		if want == "source" {
			p.Report(other.Key, "this files entry has a destination but no `source`; add `source:` with the file or directory of the revision to copy (for the whole revision, `source: /`)")
		} else {
			p.Report(other.Key, "this files entry has a source but no `destination`; add `destination:` with the directory on the instance to copy it to")
		}
		return
	}
	at, v := pair.Value, pair.Value.Resolve()
	switch {
	case v.IsNull():
		if c := filesCommentAfter(pair); c != "" {
			p.Report(pair.Key, "`%s` is empty: `%s` starts a YAML comment, not the value; quote the value, e.g. `%s: \"%s\"`", want, c, want, c)
			return
		}
		p.Report(pair.Key, "`%s` has no value; the agent fails the deployment on an empty %s", want, want)
	case v.Kind == lint.MappingNode:
		p.Report(at, "`%s` is a mapping; it must be one path", want)
	case v.Kind == lint.SequenceNode:
		p.Report(at, "`%s` is a list; it must be one path (the agent would join the items into one path); write one files entry per path", want)
	case v.Kind == lint.ScalarNode:
		if kind := filesRubyKind(v); kind != "" {
			p.Report(at, "`%s` is read as %s, not a path, and the agent fails on it; quote it: `\"%s\"`", want, kind, v.Value).
				WithFix(lint.IntentFix, "quote the path", lint.Edit{Range: at.Range, NewText: `"` + v.Value + `"`})
		}
	}
}

// filesEntryRange is where a finding about a whole files entry points: its
// first key, or the whole of an empty mapping, which is always a flow one
// (`{}`): neither YAML nor JSON writes an empty mapping any other way.
func filesEntryRange(entry *lint.Node) lint.Range {
	if len(entry.Pairs) > 0 {
		return entry.Pairs[0].Key.Range
	}
	return entry.Range
}

// filesCommentAfter returns the comment that follows an empty value on its
// line, if it looks like a swallowed value (#{VAR}, #!/...). The parser may
// attach it to the key or the value.
func filesCommentAfter(pair *lint.Pair) string {
	for _, c := range []string{pair.Value.LineComment, pair.Key.LineComment} {
		c = strings.TrimSpace(c)
		if strings.HasPrefix(c, "#") && len(c) > 1 && !strings.HasPrefix(c, "# ") && !strings.ContainsAny(c, " \t") {
			return c
		}
	}
	return ""
}

var (
	filesSexagesimal = lazyRE(`^[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+$`)
	filesDate        = lazyRE(`^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}`)
)

// filesRubyKind names what the agent's YAML loader (Psych, YAML 1.1) makes of
// a plain scalar when it is not a string ("a number", "a boolean", "a
// date"), or "" for a string.
func filesRubyKind(n *lint.Node) string {
	if n.Kind != lint.ScalarNode || n.Style != lint.Plain {
		return ""
	}
	switch n.Tag {
	case "!!int", "!!float":
		return "a number"
	case "!!bool":
		return "a boolean"
	}
	if len(n.Value) <= len("false") {
		switch strings.ToLower(n.Value) {
		case "yes", "no", "on", "off", "true", "false":
			return "a boolean"
		}
	}
	// Both patterns start with a digit or a sign: most values (paths) are
	// ruled out without running them.
	if v := n.Value; v == "" || !(v[0] >= '0' && v[0] <= '9' || v[0] == '-' || v[0] == '+') {
		return ""
	}
	switch {
	case filesSexagesimal.MatchString(n.Value):
		return "a number"
	case filesDate.MatchString(n.Value):
		return "a date"
	}
	return ""
}

// filesPermissionKeys and filesHookKeys help explain keys that landed in a
// files entry but belong elsewhere.
var (
	filesPermissionKeys = []string{"object", "pattern", "except", "owner", "group", "mode", "acls", "context", "type"}
	filesHookKeys       = []string{"location", "timeout", "runas", "sudo"}
)

// FilesUnknownKey is AS314.
var FilesUnknownKey = &lint.Rule{
	ID: "AS314", Name: "files-unknown-key", Severity: lint.Warning,
	Platforms: lint.EC2, Category: "files",
	Summary: "a files entry has only source and destination",
	Doc: `The agent reads two keys from each files entry, source and destination, and
ignores the rest without a word. Owner, group and mode are set in a separate
permissions section; scripts go under hooks. (file_exists_behavior and
overwrite inside an entry are reported by AS215; a misspelt source or
destination, when the real key is missing, by AS301/AS302.)

Bad:

    files:
      - source: /
        destination: /var/www/html
        owner: www-data

Good:

    files:
      - source: /
        destination: /var/www/html
    permissions:
      - object: /var/www/html
        owner: www-data
`,
	File: func(p *lint.Pass, f *lint.FileEntry) {
		missSrc, missDst := filesNearMiss(f.Node, "source"), filesNearMiss(f.Node, "destination")
		for _, pair := range f.Node.Pairs {
			k := pair.Key
			name := structKeyName(k)
			if k.Kind == lint.ScalarNode && (name == "source" || name == "destination") {
				continue
			}
			if pair == missSrc || pair == missDst || structIsFileExistsKey(name) {
				continue // AS301/AS302, AS215
			}
			switch {
			case structFoldIn(name, filesPermissionKeys):
				p.Report(k, "`%s` is not a files key and is ignored; set it in a `permissions` entry whose `object` is the installed path", name)
			case structFoldIn(name, filesHookKeys):
				p.Report(k, "`%s` is not a files key and is ignored; scripts are listed under `hooks`, e.g. `AfterInstall: - location: ...`", name)
			default:
				want := structSuggestKey(name, []string{"source", "destination"})
				if want == "" {
					p.Report(k, "`%s` is not a files key and the agent ignores it; an entry has only `source` and `destination`", name)
					continue
				}
				p.Report(k, "`%s` is not a files key and the agent ignores it (`%s` is already given)", name, want)
			}
		}
	},
}

func init() { register(FilesNotList, FilesSourceRequired, FilesDestinationRequired, FilesUnknownKey) }
