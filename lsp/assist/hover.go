package assist

import (
	"strings"

	"github.com/appspec-lint/appspec-lint/lint"
)

// Hover describes what is at a position: the findings whose range contains
// it (the rule's ID, name and long doc, examples as code blocks), then the
// key, event or value under it (its schema description, allowed values and,
// for an EC2 lifecycle event, where it runs). rng is the range the hover
// concerns (the finding's, else the node's). ok is false when there is
// nothing to say.
func Hover(doc *lint.Document, at lint.Pos, diags []*lint.Diagnostic, allRules []*lint.Rule) (markdown string, rng lint.Range, ok bool) {
	var parts []string
	seen := map[string]bool{}
	for _, d := range diags {
		if d == nil || !d.Range.Contains(at) {
			continue
		}
		r := d.Rule
		if r != nil && r.Doc == "" {
			for _, x := range allRules {
				if x.ID == r.ID {
					r = x
					break
				}
			}
		}
		if !ok {
			rng, ok = d.Range, true
		}
		key := d.Message
		if r != nil {
			key = r.ID + "\x00" + d.Message
		}
		if seen[key] {
			continue
		}
		seen[key] = true
		parts = append(parts, findingMarkdown(d, r))
	}
	if doc != nil && doc.Root != nil {
		if text, nrng, found := nodeHover(doc, at); found {
			parts = append(parts, text)
			if !ok {
				rng, ok = nrng, true
			}
		}
	}
	if !ok {
		return "", lint.Range{}, false
	}
	return strings.Join(parts, "\n\n---\n\n"), rng, true
}

func findingMarkdown(d *lint.Diagnostic, r *lint.Rule) string {
	var b strings.Builder
	sev := d.Severity.String()
	if r != nil {
		b.WriteString("**" + r.ID + " " + r.Name + "** (" + sev + ")\n\n")
	} else {
		b.WriteString("**" + sev + "**\n\n")
	}
	b.WriteString(d.Message + "\n")
	if r != nil && strings.TrimSpace(r.Doc) != "" {
		b.WriteString("\n" + DocMarkdown(r.Doc))
	}
	return strings.TrimRight(b.String(), "\n")
}

// DocMarkdown renders a rule's long doc as Markdown: its indented examples
// (four spaces or a tab, after a blank line) become fenced code blocks,
// ```yaml unless they look like JSON or a script.
func DocMarkdown(doc string) string {
	lines := strings.Split(strings.ReplaceAll(doc, "\r\n", "\n"), "\n")
	var out []string
	indented := func(s string) bool {
		return strings.HasPrefix(s, "    ") || strings.HasPrefix(s, "\t")
	}
	for i := 0; i < len(lines); i++ {
		l := lines[i]
		prevBlank := i == 0 || strings.TrimSpace(lines[i-1]) == ""
		if !(indented(l) && prevBlank && strings.TrimSpace(l) != "") {
			out = append(out, l)
			continue
		}
		// Collect the block: indented lines and blank lines between them.
		j := i
		var block []string
		for j < len(lines) {
			if indented(lines[j]) {
				block = append(block, lines[j])
			} else if strings.TrimSpace(lines[j]) == "" && j+1 < len(lines) && indented(lines[j+1]) {
				block = append(block, "")
			} else {
				break
			}
			j++
		}
		for k, bl := range block {
			if strings.HasPrefix(bl, "\t") {
				block[k] = bl[1:]
			} else if len(bl) >= 4 {
				block[k] = bl[4:]
			}
		}
		out = append(out, "```"+fenceLang(block))
		out = append(out, block...)
		out = append(out, "```")
		i = j - 1
	}
	return strings.TrimRight(strings.Join(out, "\n"), "\n") + "\n"
}

func fenceLang(block []string) string {
	first := ""
	for _, l := range block {
		if t := strings.TrimSpace(l); t != "" {
			first = t
			break
		}
	}
	switch {
	case strings.HasPrefix(first, "{"), strings.HasPrefix(first, "["):
		return "json"
	case strings.HasPrefix(first, "#!"), strings.HasPrefix(first, "$ "):
		return "sh"
	}
	return "yaml"
}

// step is one level of the path from the root to a node.
type step struct {
	seg  string     // key name, or "[]" for a list item
	node *lint.Node // the value node reached (nil for a key without value)
}

// locate finds the deepest node whose range contains at. It returns the path
// of keys to it, the node, and whether it is a mapping key.
func locate(root *lint.Node, at lint.Pos) (path []string, n *lint.Node, isKey bool) {
	cur := root
	if cur == nil || !cur.Range.Contains(at) {
		return nil, nil, false
	}
	for {
		cur = cur.Resolve()
		switch cur.Kind {
		case lint.MappingNode:
			next := false
			for _, p := range cur.Pairs {
				if p.Key != nil && p.Key.Range.Contains(at) {
					return append(path, p.Key.Value), p.Key, true
				}
				if p.Value != nil && p.Value.Range.Contains(at) {
					path = append(path, p.Key.Value)
					cur = p.Value
					next = true
					break
				}
			}
			if !next {
				return path, cur, false
			}
		case lint.SequenceNode:
			next := false
			for _, it := range cur.Items {
				if it != nil && it.Range.Contains(at) {
					path = append(path, "[]")
					cur = it
					next = true
					break
				}
			}
			if !next {
				return path, cur, false
			}
		default:
			return path, cur, false
		}
	}
}

func platformOf(doc *lint.Document) lint.Platform {
	p := doc.Platform
	if p == lint.EC2 || p == lint.Lambda || p == lint.ECS {
		return p
	}
	if doc.Root != nil {
		if q := lint.DetectPlatform(doc.Root); q == lint.EC2 || q == lint.Lambda || q == lint.ECS {
			return q
		}
	}
	if q := lint.DetectPlatformText(doc.Src); q == lint.EC2 || q == lint.Lambda || q == lint.ECS {
		return q
	}
	return lint.EC2
}

var platformTitle = map[lint.Platform]string{lint.EC2: "EC2/On-Premises", lint.Lambda: "Lambda", lint.ECS: "ECS"}

func nodeHover(doc *lint.Document, at lint.Pos) (string, lint.Range, bool) {
	path, n, isKey := locate(doc.Root, at)
	if n == nil || (!isKey && n.Kind != lint.ScalarNode) {
		return "", lint.Range{}, false
	}
	plat := platformOf(doc)
	top := schemaFor(plat)
	var b strings.Builder
	if isKey {
		parent := top.walk(path[:len(path)-1])
		name := path[len(path)-1]
		s := parent.key(name)
		what := keyKind(plat, path, parent)
		if !s.ok() {
			if !parent.ok() || len(parent.props()) == 0 {
				return "", lint.Range{}, false
			}
			b.WriteString("**`" + name + "`** — unknown " + what + " (" + platformTitle[plat] + ")\n\n")
			b.WriteString("Not a key of this place: CodeDeploy ignores or rejects it. Expected one of: " + codeList(parent.keyNames()) + ".\n")
			return b.String(), n.Range, true
		}
		canon := parent.canonicalKey(name)
		b.WriteString("**`" + canon + "`** — " + what + " (" + platformTitle[plat] + ")\n\n")
		b.WriteString(s.description() + "\n")
		if vals := s.values(canon); len(vals) > 0 {
			b.WriteString("\nAllowed values: " + codeList(vals))
			if s.enumHasNull() {
				b.WriteString(", or empty")
			}
			b.WriteString(".\n")
		}
		if plat == lint.EC2 && what == "lifecycle event" {
			if lc := ec2EventLifecycle(canon); lc != "" {
				b.WriteString("\n" + lc)
			}
		}
		return b.String(), n.Range, true
	}
	// A scalar value: describe the property it is the value of.
	s := top.walk(path)
	if !s.ok() || s.description() == "" {
		return "", lint.Range{}, false
	}
	owner := ""
	for i := len(path) - 1; i >= 0; i-- {
		if path[i] != "[]" {
			owner = path[i]
			break
		}
	}
	label := "value"
	if owner != "" {
		label = "value of `" + owner + "`"
		if path[len(path)-1] == "[]" {
			label = "item of `" + owner + "`"
		}
	}
	b.WriteString("**`" + n.Value + "`** — " + label + " (" + platformTitle[plat] + ")\n\n")
	b.WriteString(s.description() + "\n")
	if vals := s.values(owner); len(vals) > 0 {
		b.WriteString("\nAllowed values: " + codeList(vals))
		if s.enumHasNull() {
			b.WriteString(", or empty")
		}
		b.WriteString(".")
		if !containsFold(vals, n.Raw, n.Value) {
			b.WriteString(" `" + n.Raw + "` is not one of them.")
		}
		b.WriteString("\n")
	}
	return b.String(), n.Range, true
}

func containsFold(vals []string, raw, value string) bool {
	for _, v := range vals {
		if v == raw || v == value {
			return true
		}
	}
	return false
}

// keyKind names what a key is: a top-level key, a lifecycle event, ...
func keyKind(plat lint.Platform, path []string, parent sch) string {
	if len(path) == 1 {
		return "top-level key"
	}
	if isEventContainer(plat, path[:len(path)-1]) {
		return "lifecycle event"
	}
	if parent.def == "resource" && plat == lint.Lambda {
		return "function name"
	}
	return "key"
}

// isEventContainer reports whether the mapping at path holds lifecycle
// event names: EC2 `hooks`, or an item of Lambda/ECS `Hooks`.
func isEventContainer(plat lint.Platform, path []string) bool {
	if plat == lint.EC2 {
		return len(path) == 1 && path[0] == "hooks"
	}
	return len(path) == 2 && strings.EqualFold(path[0], "Hooks") && path[1] == "[]"
}

func codeList(vals []string) string {
	q := make([]string, len(vals))
	for i, v := range vals {
		q[i] = "`" + v + "`"
	}
	return strings.Join(q, ", ")
}
