package rules

import (
	"strings"

	"github.com/appspec-lint/appspec-lint/lint"
)

// ScriptableEvents are the EC2/On-Premises lifecycle events whose scripts the
// CodeDeploy agent runs, in the order the user guide lists them. No other
// event name under `hooks` ever runs a script.
var ScriptableEvents = []string{
	"ApplicationStop",
	"BeforeInstall",
	"AfterInstall",
	"ApplicationStart",
	"ValidateService",
	"BeforeBlockTraffic",
	"AfterBlockTraffic",
	"BeforeAllowTraffic",
	"AfterAllowTraffic",
}

// ReservedEvents are the lifecycle events the agent (or the service) performs
// itself: they appear in the deployment's event list but cannot run scripts.
var ReservedEvents = []string{
	"Start",
	"DownloadBundle",
	"Install",
	"BlockTraffic",
	"AllowTraffic",
	"End",
}

// hookScriptKeys are the keys the agent reads in a script entry.
var hookScriptKeys = []string{"location", "timeout", "runas", "sudo"}

// hookIsScriptable reports whether name is exactly a scriptable event (the
// agent's lookup is case-sensitive).
func hookIsScriptable(name string) bool {
	for _, e := range ScriptableEvents {
		if e == name {
			return true
		}
	}
	return false
}

// hookReserved returns the reserved event name matches, ignoring case, or "".
func hookReserved(name string) string {
	for _, e := range ReservedEvents {
		if strings.EqualFold(e, name) {
			return e
		}
	}
	return ""
}

// hookIsScriptKey reports whether name is one of the keys of a script entry.
func hookIsScriptKey(name string) bool {
	for _, k := range hookScriptKeys {
		if k == name {
			return true
		}
	}
	return false
}

// hookLegacyEvents are the names older agents gave the block/allow-traffic
// events (BeforeELBRemove... in their hook mapping). Current agents never
// run them.
var hookLegacyEvents = map[string]string{
	"BeforeELBRemove": "BeforeBlockTraffic",
	"AfterELBRemove":  "AfterBlockTraffic",
	"BeforeELBAdd":    "BeforeAllowTraffic",
	"AfterELBAdd":     "AfterAllowTraffic",
}

// hookEventNames is the set of event names written under hooks, to check
// that a rename would not create a duplicate key.
func hookEventNames(s *lint.Spec) map[string]bool {
	names := map[string]bool{}
	for _, ev := range s.Events {
		names[ev.Name()] = true
	}
	return names
}
