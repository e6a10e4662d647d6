package rules

import (
	"strconv"
	"strings"

	"github.com/appspec-lint/appspec-lint/lint"
)

// HooksMapForm is AS501.
var HooksMapForm = &lint.Rule{
	ID: "AS501", Name: "hooks-map-form", Severity: lint.Error,
	Platforms: lint.EC2, Category: "hooks",
	Summary: "hooks must map each event name to a list of script entries",
	Doc: `On EC2/On-Premises, hooks is a mapping from a lifecycle event name to a list
of script entries, each a mapping with a location. The agent walks this shape
without checking it, so any other shape stops the deployment with a Ruby
error ("undefined method") instead of a message. This rule reports every such
shape:

- hooks written as a list (- BeforeInstall: ...): the Lambda and ECS form;
- an event whose value is a text, a number or a mapping instead of a list;
- a script written as a text (- scripts/start.sh) or an empty list item
  instead of a mapping with a location.

An event with no value at all is skipped by the agent (AS515), and a script
key such as runas that slipped to the level of the events is explained by
AS502.

Bad:

    hooks:
      - BeforeInstall: scripts/install.sh
      - ApplicationStart:
          location: scripts/start.sh

Good:

    hooks:
      BeforeInstall:
        - location: scripts/install.sh
      ApplicationStart:
        - location: scripts/start.sh
`,
	Document: func(p *lint.Pass) {
		h := p.Spec.Hooks
		if h == nil {
			return
		}
		v := h.Value.Resolve()
		switch {
		case v.Kind == lint.MappingNode:
			return // events are checked one by one
		case v.Kind == lint.ScalarNode && !hookRuby(v).truthy():
			return // the agent reads `hooks || {}`: nothing to run (AS217 for an empty section)
		case v.Kind == lint.SequenceNode && len(v.Items) == 0:
			p.Report(v, "hooks is an empty list, and the agent fails on a list: on EC2/On-Premises hooks maps event names to lists of scripts; remove the `[]` or the whole hooks section")
		case v.Kind == lint.SequenceNode:
			at := lint.Ranged(v.Items[0])
			if first := v.Items[0].Resolve(); first.Kind == lint.MappingNode && len(first.Pairs) > 0 {
				at = first.Pairs[0].Key
			}
			p.Report(at, "hooks is written as a list (`- %s:`), the form of Lambda and ECS appspecs; on EC2/On-Premises hooks maps each event name to its list of scripts, and the agent fails on a list. Remove the `- ` before each event name and list the scripts under it as `- location: ...`", hookItemName(v.Items[0]))
		default:
			p.Report(v, "hooks is %s, but it must map event names to lists of scripts, e.g. `ApplicationStart:` followed by `- location: scripts/start.sh`; the agent fails on anything else", v.Describe())
		}
	},
	Event: func(p *lint.Pass, ev *lint.Event) {
		name := ev.Name()
		v := ev.Pair.Value.Resolve()
		switch v.Kind {
		case lint.ScalarNode:
			if hookEmptyEvent(v) || hookIsScriptKey(name) {
				return // AS515 and AS502 explain these
			}
			if strings.ContainsAny(strings.TrimSpace(v.Value), " \t\n") {
				p.Report(v, "the event %s has the text %s instead of a list of scripts, and the agent fails on it; hooks run script files, not commands: put the command in a script in the bundle and list it as `- location: scripts/name.sh`", name, hookShow(v))
				return
			}
			d := p.Report(v, "the event %s has %s instead of a list of scripts, and the agent fails on it; write each script as a list item: `- location: %s`", name, v.Describe(), hookPathHint(v))
			if fix, ok := hookScalarEventFix(p.Doc, ev.Pair, v); ok {
				d.WithFix(lint.IntentFix, "turn the value into a script entry", fix)
			}
		case lint.MappingNode:
			if len(v.Pairs) == 0 {
				return // nothing to walk: AS515
			}
			if v.Style == lint.Flow {
				// {location: ...}: brackets make it a list of one entry.
				key := v.Pairs[0].Key.Value
				if p.Doc.Format == lint.JSON {
					key = strconv.Quote(key)
				}
				d := p.Report(v.Pairs[0].Key, "the script of %s is written as a mapping, not a list, and the agent fails on it: a script entry is a list item. Put the mapping in brackets: `[{%s: ...}]`", name, key)
				d.WithFix(lint.IntentFix, "put the mapping in a list",
					lint.Edit{Range: lint.Range{Start: v.Range.Start, End: v.Range.Start}, NewText: "["},
					lint.Edit{Range: lint.Range{Start: v.Range.End, End: v.Range.End}, NewText: "]"})
				return
			}
			d := p.Report(v.Pairs[0].Key, "the script of %s is written as a mapping without a `- ` in front, and the agent fails on it: a script entry is a list item. Write `- %s: ...` and indent the keys below it to line up", name, v.Pairs[0].Key.Value)
			if edits, ok := hookMappingToItem(p.Doc, v); ok {
				d.WithFix(lint.IntentFix, "make the mapping a list item", edits...)
			}
		case lint.SequenceNode:
			for _, item := range v.Items {
				hookCheckItem(p, name, item)
			}
		}
	},
}

// hookCheckItem reports a script list item that is not a mapping.
func hookCheckItem(p *lint.Pass, event string, item *lint.Node) {
	it := item.Resolve()
	switch {
	case it.Kind == lint.MappingNode:
		return
	case hookNil(it):
		at := item.Range
		if dash, ok := hookDashBefore(p.Doc, item.Range); ok && item.Range.Start == item.Range.End {
			at = lint.Range{Start: dash.Start, End: item.Range.End}
		}
		p.Report(at, "an empty list item under %s: the agent fails on it; remove the `-` or write a script entry `- location: ...`", event)
	case it.Kind == lint.SequenceNode:
		p.Report(item, "a list inside the script list of %s: the agent fails on it; each item must be a script entry `- location: ...`", event)
	case strings.ContainsAny(strings.TrimSpace(it.Value), " \t"):
		p.Report(item, "a script of %s is the text %s, but hooks run script files, not commands, and the agent fails on a text item; put the command in a script in the bundle and list it as `- location: scripts/name.sh`", event, hookShow(it))
	default:
		d := p.Report(item, "a script of %s is the text %s; a script entry is a mapping with a location, and the agent fails on a text item: write `- location: %s`", event, hookShow(it), hookShort(it.Value))
		if it == item && hookSingleLine(it) {
			d.WithFix(lint.IntentFix, "add `location: `", lint.Edit{Range: lint.Range{Start: it.Range.Start, End: it.Range.Start}, NewText: "location: "})
		}
	}
}

// hookItemName is the first key of a list item, for messages.
func hookItemName(item *lint.Node) string {
	if it := item.Resolve(); it.Kind == lint.MappingNode && len(it.Pairs) > 0 {
		return it.Pairs[0].Key.Value
	}
	return "Event"
}

// hookPathHint is what to show after `location:` in a message.
func hookPathHint(v *lint.Node) string {
	if s := strings.TrimSpace(v.Value); s != "" && !strings.ContainsAny(s, " \t\n") {
		return hookShort(s)
	}
	return "scripts/name.sh"
}

// hookScalarEventFix turns `Event: path` into `Event:` + `- location: path`
// on the next line, indented two spaces deeper than the event.
func hookScalarEventFix(d *lint.Document, pair *lint.Pair, v *lint.Node) (lint.Edit, bool) {
	key := pair.Key
	s := strings.TrimSpace(v.Value)
	if s == "" || strings.ContainsAny(s, " \t") || !hookSingleLine(v) || v.Range.Start.Line != key.Range.Start.Line ||
		!hookOwnLines(d, lint.Range{Start: key.Range.Start, End: v.Range.End}) || key.Parent == nil || key.Parent.Style == lint.Flow {
		return lint.Edit{}, false
	}
	indent := hookBefore(d, key.Range)
	// Keep the colon: replace from just after it to the end of the value. A
	// block key with its value on its line is always followed by its colon.
	between := d.Text(lint.Range{Start: key.Range.End, End: v.Range.Start})
	colon := strings.Index(between, ":")
	start := d.Lines.PosAt(d.Lines.Offset(key.Range.End) + colon + 1)
	nl := "\n"
	if d.HasCRLF {
		nl = "\r\n"
	}
	return lint.Edit{
		Range:   lint.Range{Start: start, End: v.Range.End},
		NewText: nl + indent + "  - location: " + v.Raw,
	}, true
}

// hookMappingToItem turns a block mapping whose pairs each sit on one line
// into a list item: `- ` before the first key, two spaces before the others.
// (AS501 puts a flow mapping in brackets instead.)
func hookMappingToItem(d *lint.Document, m *lint.Node) ([]lint.Edit, bool) {
	var edits []lint.Edit
	for i, pair := range m.Pairs {
		if !hookSingleLine(pair.Value) && !hookNil(pair.Value) {
			return nil, false
		}
		if pair.Value.Range.End.Line != pair.Key.Range.Start.Line || !hookOwnLines(d, pair.Span()) {
			return nil, false
		}
		text := "  "
		if i == 0 {
			text = "- "
		}
		at := lint.Pos{Line: pair.Key.Range.Start.Line, Col: pair.Key.Range.Start.Col}
		if i > 0 {
			at.Col = 1
		}
		edits = append(edits, lint.Edit{Range: lint.Range{Start: at, End: at}, NewText: text})
	}
	return edits, true
}

// HookEmptyEvent is AS515.
var HookEmptyEvent = &lint.Rule{
	ID: "AS515", Name: "hook-empty-event", Severity: lint.Warning,
	Platforms: lint.EC2, Category: "hooks",
	Summary: "an event with no scripts is skipped; delete it or add a script",
	Doc: `An event written with nothing under it (BeforeInstall: alone on its line, or
an empty list) runs nothing. Current agents skip it; older agents failed the
deployment with "undefined method 'each' for nil". It is often a script
entry that lost its indentation, or a leftover from the template, which says
to delete unused event declarations. The fix deletes the line.

Bad:

    hooks:
      BeforeInstall:
      ApplicationStart:
        - location: scripts/start.sh

Good:

    hooks:
      ApplicationStart:
        - location: scripts/start.sh
`,
	Event: func(p *lint.Pass, ev *lint.Event) {
		v := ev.Pair.Value.Resolve()
		if !hookEmptyEvent(v) {
			return
		}
		if hookIsScriptKey(ev.Name()) {
			return // AS502 explains a script key at the level of the events
		}
		what := "has no scripts"
		switch v.Kind {
		case lint.SequenceNode:
			what = "has an empty list of scripts"
		case lint.MappingNode:
			what = "has an empty mapping instead of scripts"
		}
		d := p.Report(ev.Pair.Key, "the event %s %s: the agent skips it (older agents failed on it); delete the line, or list a script under it as `- location: ...`", ev.Name(), what)
		if span := ev.Pair.Span(); hookOwnLines(p.Doc, span) && ev.Pair.Key.Parent.Style != lint.Flow {
			d.WithFix(lint.IntentFix, "delete the empty event", hookDeleteLines(p.Doc, span))
		}
	},
}

// hookEmptyEvent reports whether an event's value (resolved) holds nothing
// the agent would walk: null, or an empty list or mapping (an empty text is
// not: the agent fails on it).
func hookEmptyEvent(v *lint.Node) bool {
	switch v.Kind {
	case lint.SequenceNode:
		return len(v.Items) == 0
	case lint.MappingNode:
		return len(v.Pairs) == 0
	}
	return hookRuby(v).Kind == hookRubyNil
}

func init() { register(HooksMapForm, HookEmptyEvent) }
