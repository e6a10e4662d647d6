package rules

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/appspec-lint/appspec-lint/lint"
)

// hookDefaultTimeout is what the agent allows a script without a timeout,
// and the most CodeDeploy allows one lifecycle event.
const hookDefaultTimeout = 3600

// hookTimeoutRead is what the agent makes of a script's timeout.
type hookTimeoutRead struct {
	Seconds int64  // the value the agent uses, when OK
	OK      bool   // the agent accepts it (Seconds > 0)
	Default bool   // absent, null or false: the agent uses 3600
	Crash   string // why the agent cannot convert it at all, or ""
	Exact   bool   // written as a plain decimal number: nothing to explain
}

// hookPlainSeconds reports whether s is a whole number of seconds written
// plainly: an optional +, then digits without a leading zero.
func hookPlainSeconds(s string) bool {
	s = strings.TrimPrefix(s, "+")
	if s == "" || s[0] == '0' {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// hookTimeout applies the agent's rule, `(timeout || 3600).to_i`, to the
// value of a timeout key (its callers handle an absent key).
func hookTimeout(n *lint.Node) hookTimeoutRead {
	n = n.Resolve()
	v := hookRuby(n)
	var secs int64
	switch v.Kind {
	case hookRubyNil, hookRubyFalse:
		return hookTimeoutRead{Seconds: hookDefaultTimeout, OK: true, Default: true}
	case hookRubyTrue:
		return hookTimeoutRead{Crash: hookShow(n) + ", the boolean true for the agent's YAML reader"}
	case hookRubyCollection:
		return hookTimeoutRead{Crash: n.Describe()}
	case hookRubySymbol:
		return hookTimeoutRead{Crash: hookShow(n) + ", a Ruby symbol for the agent's YAML reader"}
	case hookRubyDate, hookRubyNoDigits:
		return hookTimeoutRead{Crash: hookUnloadable(v)} // AS508 says so before this
	case hookRubyFloat:
		if math.IsInf(v.Float, 0) || math.IsNaN(v.Float) {
			return hookTimeoutRead{Crash: hookShow(n) + ", not a finite number"}
		}
		// to_i truncates toward zero, into an Integer of any size; past
		// int64 the count saturates (Go's conversion would not: on amd64
		// 1.0e+20 becomes the most negative int64).
		secs = saturateInt64(v.Float)
	case hookRubyInt:
		secs = v.Int
	case hookRubyString:
		secs = hookRubyToI(v.Str)
	}
	exact := n.Style == lint.Plain && hookPlainSeconds(n.Value)
	return hookTimeoutRead{Seconds: secs, OK: secs > 0, Exact: exact}
}

// HookTimeoutType is AS508.
var HookTimeoutType = &lint.Rule{
	ID: "AS508", Name: "hook-timeout-type", Severity: lint.Error,
	Platforms: lint.EC2, Category: "hooks",
	Summary: "timeout must be a whole number of seconds, at least 1",
	Doc: `The agent reads timeout with Ruby's to_i, after its YAML loader (YAML 1.1)
has typed the value. What it makes of a value decides the finding:

- error: the result is 0 or negative (0, -5, 0.5, "", foo): the deployment
  fails with "invalid timeout value";
- error: the value cannot be converted at all (true, yes, on, a list, a
  mapping, a date): the deployment fails with a Ruby error;
- warning: the value converts, but not to what it shows. to_i keeps the
  leading digits and drops the rest: 30s and "30" are 30, 30.9 is 30, 1e3
  is 1 (YAML 1.1 has no float without a dot), 0300 is octal, 192. The
  message says what the agent reads, and the fix writes that number;
- warning: false, no or off turn the key off: the default 3600 applies.

An empty timeout (timeout: with nothing) is the same as none: AS510 covers it.

Bad:

    hooks:
      ApplicationStart:
        - location: scripts/start.sh
          timeout: 5m

Good:

    hooks:
      ApplicationStart:
        - location: scripts/start.sh
          timeout: 300
`,
	Script: func(p *lint.Pass, s *lint.Script) {
		if s.Timeout == nil {
			return
		}
		n := s.Timeout.Value.Resolve()
		if hookNil(n) {
			return
		}
		if hookReportUnloadable(p, "timeout", n, "the seconds, e.g. `timeout: 300`") {
			return
		}
		t := hookTimeout(n)
		switch {
		case t.Crash != "":
			p.Report(n, "timeout is %s, which the agent cannot turn into a number, and the deployment fails; write the seconds, e.g. `timeout: 300`", t.Crash)
		case t.Default:
			p.Report(n, "timeout %s is read as false, so the agent ignores it and allows the default 3600 seconds; write the number of seconds, or remove the key", hookShow(n)).
				WithSeverity(lint.Warning)
		case !t.OK:
			p.Report(n, "the agent reads timeout %s as %s and fails the deployment with \"invalid timeout value\"; write a whole number of seconds, 1 or more, e.g. `timeout: 300`", hookShow(n), hookSeconds(t.Seconds))
		case !t.Exact:
			read := fmt.Sprintf("the agent reads timeout %s as %s%s", hookShow(n), hookSeconds(t.Seconds), hookTimeoutWhy(n))
			meant, ok := hookTimeoutMeant(n)
			switch {
			case !ok:
				p.Report(n, "%s; write the number of seconds you mean as a plain number", read).
					WithSeverity(lint.Warning)
			case meant == t.Seconds:
				p.Report(n, "%s; write `timeout: %d`", read, meant).
					WithSeverity(lint.Warning).
					WithFix(lint.IntentFix, fmt.Sprintf("write %d", meant), lint.Edit{Range: n.Range, NewText: strconv.FormatInt(meant, 10)})
			default:
				p.Report(n, "%s; if you meant %s, write `timeout: %d`", read, hookSeconds(meant), meant).
					WithSeverity(lint.Warning).
					WithFix(lint.IntentFix, fmt.Sprintf("write %d", meant), lint.Edit{Range: n.Range, NewText: strconv.FormatInt(meant, 10)})
			}
		}
	},
}

// hookSeconds writes "1 second", "30 seconds".
func hookSeconds(n int64) string {
	switch n { // the int64 limits stand for larger counts: Ruby's Integer has none
	case math.MaxInt64:
		return "a huge number of seconds"
	case math.MinInt64:
		return "a huge negative number of seconds"
	case 1, -1:
		return fmt.Sprintf("%d second", n)
	}
	return fmt.Sprintf("%d seconds", n)
}

var (
	hookTimeoutUnit    = lazyRE(`(?i)\s*(s|secs?|seconds?)$`)
	hookTimeoutDecimal = lazyRE(`^\+?[0-9]+(\.[0-9]*)?([eE][+-]?[0-9]+)?$`)
)

// hookTimeoutMeant is the number of seconds a timeout's text shows to a
// reader, when that is clear: 30s, "30", 0300, 1e3 and 1_000 mean 30, 30,
// 300, 1000 and 1000; 5m or 0:30 mean nothing clear.
func hookTimeoutMeant(n *lint.Node) (int64, bool) {
	if n.Kind != lint.ScalarNode || !hookSingleLine(n) {
		return 0, false
	}
	text := hookTimeoutUnit.ReplaceAllString(strings.TrimSpace(n.Value), "")
	text = hookDropGrouping.Replace(text)
	if !hookTimeoutDecimal.MatchString(text) {
		return 0, false
	}
	f, err := strconv.ParseFloat(text, 64)
	if err != nil || f < 1 || f > 1e9 {
		return 0, false
	}
	return int64(f), true
}

// hookTimeoutWhy explains a surprising conversion.
func hookTimeoutWhy(n *lint.Node) string {
	v := hookRuby(n)
	switch {
	case n.IsQuoted():
		return " (it is quoted text)"
	case v.Kind == hookRubyString:
		return " (it keeps the leading digits and drops the rest)"
	case v.Kind == hookRubyFloat:
		return " (it drops the fraction)"
	case strings.Contains(n.Value, ":"):
		return " (YAML 1.1 reads `:` as a base-60 number)"
	case strings.HasPrefix(strings.TrimLeft(n.Value, "+-"), "0x"):
		return " (a hexadecimal number)"
	case strings.HasPrefix(strings.TrimLeft(n.Value, "+-"), "0b"):
		return " (a binary number)"
	case strings.HasPrefix(strings.TrimLeft(n.Value, "+-"), "0"):
		return " (YAML 1.1 reads a leading 0 as octal)"
	}
	return ""
}

// hookSumTerms is how many of the timeouts AS509 adds up its message lists.
const hookSumTerms = 10

// HookTimeoutSum is AS509.
var HookTimeoutSum = &lint.Rule{
	ID: "AS509", Name: "hook-timeout-sum", Severity: lint.Error,
	Platforms: lint.EC2, Category: "hooks",
	Summary: "the timeouts of one event add up to more than 3600 seconds",
	Doc: `CodeDeploy allows one lifecycle event at most one hour (3600 seconds) on an
instance. The scripts of an event run one after another, so their timeout
values must add up to 3600 or less: past the hour the deployment fails on
that instance whatever the scripts' own timeouts say. The agent itself puts
no maximum on a timeout, so nothing warns before the deployment.

Only timeouts that are written count here; scripts without one get 3600
each, which AS510 (opt-in) points out.

Bad:

    hooks:
      ApplicationStart:
        - location: scripts/migrate.sh
          timeout: 3000
        - location: scripts/start.sh
          timeout: 1200

Good:

    hooks:
      ApplicationStart:
        - location: scripts/migrate.sh
          timeout: 2400
        - location: scripts/start.sh
          timeout: 1200
`,
	Event: func(p *lint.Pass, ev *lint.Event) {
		var sum int64
		var parts []string
		var nodes []*lint.Node
		for _, s := range ev.Scripts {
			if s.Timeout == nil {
				continue
			}
			t := hookTimeout(s.Timeout.Value)
			if !t.OK || t.Default {
				continue
			}
			term := strconv.FormatInt(t.Seconds, 10)
			if t.Seconds == math.MaxInt64 {
				term = strings.TrimSpace(s.Timeout.Value.Resolve().Value) // saturated: as written
			}
			sum = min(sum, math.MaxInt64-t.Seconds) + t.Seconds // saturating: no wrap to negative
			parts = append(parts, term)
			nodes = append(nodes, s.Timeout.Value)
		}
		if sum <= hookDefaultTimeout {
			return
		}
		detail := ""
		switch {
		case len(parts) > hookSumTerms:
			// A long sum says little more than its first terms and its count.
			detail = fmt.Sprintf(" (%s + … : %d timeouts)", strings.Join(parts[:hookSumTerms], " + "), len(parts))
		case len(parts) > 1:
			detail = " (" + strings.Join(parts, " + ") + ")"
		}
		what, lower := "the timeouts of "+ev.Name()+" add up to", "lower them so that they total 3600 or less"
		if len(parts) == 1 {
			what, lower = "the timeout of "+ev.Name()+" is", "lower it to 3600 or less"
		}
		d := p.Report(ev.Pair.Key, "%s %s%s, more than the 3600 seconds (one hour) CodeDeploy allows a lifecycle event, so the deployment fails on the instance once the hour is up; %s", what, hookSeconds(sum), detail, lower)
		for _, n := range nodes {
			d.WithRelated(n, "timeout counted in the sum")
		}
	},
}

// HookTimeoutDefault is AS510.
var HookTimeoutDefault = &lint.Rule{
	ID: "AS510", Name: "hook-timeout-default", Severity: lint.Info,
	Platforms: lint.EC2, Category: "hooks", OptIn: true,
	Summary: "a script without timeout may run for the event's whole hour",
	Doc: `A script without timeout (or with an empty one) gets the agent's default of
3600 seconds, the whole hour a lifecycle event may take. A script that hangs
then holds the deployment for an hour before it fails, and with two such
scripts in one event the second can never get its time. Setting a timeout
close to what the script needs makes failures quick and clear. (The user
guide's template comment says the default is 1800; the agent uses 3600.)

Opt-in: most files leave timeout out on purpose.

Bad:

    hooks:
      ApplicationStart:
        - location: scripts/start.sh

Good:

    hooks:
      ApplicationStart:
        - location: scripts/start.sh
          timeout: 300
`,
	Script: func(p *lint.Pass, s *lint.Script) {
		var at lint.Ranged
		what := "has no timeout"
		switch {
		case s.Timeout == nil:
			at = firstKeyRange(s.Node)
			if s.Location != nil {
				at = s.Location.Key
			}
		case hookNil(s.Timeout.Value.Resolve()):
			at = s.Timeout.Key
			what = "has an empty timeout"
		default:
			return
		}
		more := ""
		if n := len(s.Event.Scripts); n > 1 {
			more = fmt.Sprintf("; with %d scripts in %s, the event can run past its one-hour limit", n, s.Event.Name())
		}
		p.Report(at, "this script %s, so the agent allows it the default 3600 seconds, the whole hour of the event%s; set `timeout:` to what the script needs", what, more)
	},
}

func init() { register(HookTimeoutType, HookTimeoutSum, HookTimeoutDefault) }
