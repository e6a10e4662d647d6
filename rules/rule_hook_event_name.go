package rules

import (
	"fmt"
	"strings"

	"github.com/appspec-lint/appspec-lint/lint"
)

// HookUnknownEvent is AS502.
var HookUnknownEvent = &lint.Rule{
	ID: "AS502", Name: "hook-unknown-event", Severity: lint.Error,
	Platforms: lint.EC2, Category: "hooks",
	Summary: "an event name the agent does not know: its scripts never run",
	Doc: `The agent runs the scripts of nine events: ApplicationStop, BeforeInstall,
AfterInstall, ApplicationStart, ValidateService, BeforeBlockTraffic,
AfterBlockTraffic, BeforeAllowTraffic and AfterAllowTraffic. It looks them up
by their exact name, so the scripts of any other name never run, and nothing
in the deployment says so (only codedeploy-local rejects unknown names).

Severity depends on the name:

- error, with a fix that renames it, when the name is a misspelling of one of
  the nine (different case, or up to two letters off: AfterInnstall), or an
  old name (BeforeELBRemove, AfterELBRemove, BeforeELBAdd, AfterELBAdd: the
  names older agents gave the block/allow-traffic events): the script was
  meant to run and silently will not;
- error when a script key (location, timeout, runas, sudo) sits at the level
  of the events: it then is an "event" whose value the agent cannot walk, and
  the deployment fails. The message says how far to indent it so that it
  joins the script entry above, and the fix does it (a warning when the key
  has no value: the "event" is then empty and does nothing);
- warning for any other name (the reserved events are AS503's).

Bad:

    hooks:
      AfterInstal:
        - location: scripts/configure.sh
      ApplicationStart:
        - location: scripts/start.sh
          timeout: 300
      runas: root

Good:

    hooks:
      AfterInstall:
        - location: scripts/configure.sh
      ApplicationStart:
        - location: scripts/start.sh
          timeout: 300
          runas: root
`,
	Document: func(p *lint.Pass) {
		if len(p.Spec.Events) == 0 {
			return
		}
		names := hookEventNames(p.Spec)
		var entry *lint.Node  // the last script entry of the events so far
		var run []*lint.Event // the script keys written after it, so far
		for _, ev := range p.Spec.Events {
			if hookIsScriptKey(ev.Name()) {
				run = append(run, ev)
				hookMisplacedScriptKey(p, run, entry)
				continue
			}
			entry, run = hookLastEntry(ev), nil
			hookCheckEventName(p, ev, names)
		}
	},
}

// hookCheckEventName reports an event name the agent does not know.
func hookCheckEventName(p *lint.Pass, ev *lint.Event, names map[string]bool) {
	name := ev.Name()
	if hookIsScriptable(name) || hookReserved(name) != "" {
		return
	}
	key := ev.Pair.Key
	target, why := hookLegacyEvents[name], ""
	if target != "" {
		why = fmt.Sprintf("%s is the old name of %s, which current agents never run", name, target)
	} else if target = suggest(name, ScriptableEvents, 2); target != "" {
		why = fmt.Sprintf("the agent knows no event %s, so its scripts never run and nothing reports it", hookQuoteName(name))
	}
	if target != "" {
		if names[target] {
			p.Report(key, "%s; did you mean %s? %s is already listed: move these scripts under it", why, target, target)
			return
		}
		p.Report(key, "%s; did you mean %s?", why, target).
			WithFix(lint.IntentFix, "rename the event to "+target, structRenameKey(key, target))
		return
	}
	if name == "AfterAllowTestTraffic" {
		p.Report(key, "AfterAllowTestTraffic is an ECS event; EC2/On-Premises deployments have no test traffic and never run it. Use BeforeAllowTraffic or AfterAllowTraffic").
			WithSeverity(lint.Warning)
		return
	}
	p.Report(key, "the agent knows no event %s and never runs its scripts; the events that run scripts are %s", hookQuoteName(name), strings.Join(ScriptableEvents, ", ")).
		WithSeverity(lint.Warning)
}

// hookQuoteName shows an event name in a message.
func hookQuoteName(name string) string {
	if name == "" {
		return "with an empty name"
	}
	return "`" + hookShort(name) + "`"
}

// hookMisplacedScriptKey explains a script key (runas, timeout, ...) written
// at the level of the events, where it becomes an event of that name; entry
// is the script entry above it, if any; run holds the script keys written
// between that entry and this one (ev last).
func hookMisplacedScriptKey(p *lint.Pass, run []*lint.Event, entry *lint.Node) {
	ev := run[len(run)-1]
	name := ev.Name()
	key := ev.Pair.Key
	v := ev.Pair.Value.Resolve()
	consequence := "an event named " + name + " that never runs"
	crashes := !hookEmptyEvent(v)
	if crashes {
		what := v.Describe()
		if v.Kind == lint.ScalarNode {
			what = hookShow(v)
		}
		consequence = "an event named " + name + " and fails the deployment on its value " + what
	}
	var loc *lint.Pair
	if entry != nil {
		loc = entry.Get("location")
	}
	var d *lint.Diagnostic
	if loc == nil {
		d = p.Report(key, "`%s` belongs to a script entry (`- location: ...`), but here it sits at the level of the events, so the agent reads it as %s; move it into the script entry it belongs to", name, consequence)
	} else {
		col := loc.Key.Range.Start.Col
		d = p.Report(key, "`%s` belongs to the script entry above, but it is indented like an event, so the agent reads it as %s; indent it by %d spaces (column %d), to line up with `location:` on line %d", name, consequence, col-1, col, loc.Key.Range.Start.Line)
		if edits := hookIndentRun(p.Doc, run, entry, col); edits != nil {
			what := "`" + name + "`"
			if len(run) > 1 {
				what += " and the script keys above it"
			}
			d.WithFix(lint.IntentFix, "indent "+what+" into the script entry above", edits...)
		}
	}
	if !crashes {
		d.WithSeverity(lint.Warning)
	}
}

// hookIndentRun indents every script key of run to column col, into entry;
// nil when one of them cannot move safely. The keys move together: indenting
// a key while one above it stays at the events' level would make it part of
// that key's value, a YAML error. A name the entry has (or that repeats)
// would be a duplicate key.
func hookIndentRun(d *lint.Document, run []*lint.Event, entry *lint.Node, col int) []lint.Edit {
	if entry.Style == lint.Flow {
		return nil
	}
	seen := map[string]bool{}
	var edits []lint.Edit
	for _, ev := range run {
		key, name := ev.Pair.Key, ev.Name()
		if entry.Get(name) != nil || seen[name] || !hookSingleLine(ev.Pair.Value) ||
			ev.Pair.Value.Range.Start.Line != key.Range.Start.Line || !hookOwnLines(d, ev.Pair.Span()) {
			return nil
		}
		seen[name] = true
		edits = append(edits, lint.Edit{
			Range:   lint.Range{Start: lint.Pos{Line: key.Range.Start.Line, Col: 1}, End: key.Range.Start},
			NewText: strings.Repeat(" ", col-1),
		})
	}
	return edits
}

// hookLastEntry is the last script entry of an event, or nil.
func hookLastEntry(ev *lint.Event) *lint.Node {
	list := ev.Pair.Value.Resolve()
	if list.Kind != lint.SequenceNode || len(list.Items) == 0 {
		return nil
	}
	if last := list.Items[len(list.Items)-1].Resolve(); last.Kind == lint.MappingNode {
		return last
	}
	return nil
}

// HookReservedEvent is AS503.
var HookReservedEvent = &lint.Rule{
	ID: "AS503", Name: "hook-reserved-event", Severity: lint.Error,
	Platforms: lint.EC2, Category: "hooks",
	Summary: "a script on an event the agent reserves never runs",
	Doc: `Six lifecycle events are steps that CodeDeploy performs itself: Start,
DownloadBundle, Install, BlockTraffic, AllowTraffic and End. They appear in
the deployment's event list, but they cannot run scripts: scripts listed under
them are kept in the file and silently never run. Move them to the scriptable
event around the step:

- Start: ApplicationStop or BeforeInstall
- DownloadBundle: BeforeInstall
- Install: AfterInstall (the files are in place) or BeforeInstall
- BlockTraffic: BeforeBlockTraffic or AfterBlockTraffic
- AllowTraffic: BeforeAllowTraffic or AfterAllowTraffic
- End: ValidateService

For DownloadBundle, Install and End the fix moves the scripts: it renames
the event to BeforeInstall, AfterInstall or ValidateService when that event
is not listed yet, and otherwise moves the script entries into it (before
its own scripts for DownloadBundle and Install, which run earlier; after
them for End) and deletes the reserved event. Install's scripts go to
AfterInstall, when the files are in place; if they must run before the
files are copied, move them to BeforeInstall by hand. A reserved event with
nothing under it is AS515's.

Bad:

    hooks:
      Install:
        - location: scripts/configure.sh

Good:

    hooks:
      AfterInstall:
        - location: scripts/configure.sh
`,
	Document: func(p *lint.Pass) {
		var names map[string]bool // built on the first reserved event
		for _, ev := range p.Spec.Events {
			if hookReserved(ev.Name()) != "" && !hookEmptyEvent(ev.Pair.Value.Resolve()) {
				if names == nil {
					names = hookEventNames(p.Spec)
				}
				hookCheckReserved(p, ev, names)
			}
		}
	},
}

// hookCheckReserved reports the scripts of a reserved event.
func hookCheckReserved(p *lint.Pass, ev *lint.Event, names map[string]bool) {
	name := ev.Name()
	reserved := hookReserved(name)
	info := hookReservedInfo[reserved]
	what := reserved
	if name != reserved {
		what = hookQuoteName(name) + " (the reserved event " + reserved + ")"
	}
	d := p.Report(ev.Pair.Key, "%s is a step the CodeDeploy agent performs itself (it %s); scripts listed under it never run. Move them to %s", what, info.does, info.moveTo)
	switch {
	case info.fix == "":
	case !names[info.fix]:
		d.WithFix(lint.IntentFix, "rename the event to "+info.fix, structRenameKey(ev.Pair.Key, info.fix))
	default:
		// The target is listed: move the scripts into it, in the order the
		// events run (End comes after ValidateService).
		if f := canonMergeEvent(p.Doc, p.Spec, ev, info.fix, reserved != "End"); f != nil {
			d.WithFix(f.Kind, f.Description, f.Edits...)
		}
	}
}

// hookReservedInfo says what each reserved event does and where its scripts
// belong; fix is the one obvious target, if there is one.
var hookReservedInfo = map[string]struct{ does, moveTo, fix string }{
	"Start":          {"marks the start of the deployment", "ApplicationStop (to stop the running application) or BeforeInstall", ""},
	"DownloadBundle": {"copies the revision to a temporary folder on the instance", "BeforeInstall", "BeforeInstall"},
	"Install":        {"copies the revision's files to their destinations", "AfterInstall (the files are then in place) or BeforeInstall (before they are copied)", "AfterInstall"},
	"BlockTraffic":   {"deregisters the instance from its load balancer", "BeforeBlockTraffic or AfterBlockTraffic", ""},
	"AllowTraffic":   {"registers the instance with its load balancer", "BeforeAllowTraffic or AfterAllowTraffic", ""},
	"End":            {"marks the end of the deployment", "ValidateService", "ValidateService"},
}

func init() { register(HookUnknownEvent, HookReservedEvent) }
