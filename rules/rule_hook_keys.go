package rules

import (
	"strings"

	"github.com/appspec-lint/appspec-lint/lint"
)

// HookUnknownKey is AS514.
var HookUnknownKey = &lint.Rule{
	ID: "AS514", Name: "hook-unknown-key", Severity: lint.Warning,
	Platforms: lint.EC2, Category: "hooks",
	Summary: "a script entry key the agent does not read is ignored",
	Doc: `The agent reads four keys of a script entry: location, timeout, runas and
sudo. Any other key is silently ignored, so a misspelt runas or timeout
(run_as, runs, timout, Timeout) leaves the script running as the agent's user
or with the default one-hour timeout. Keys are case-sensitive. When the key
is close to a known one, the message names it and the fix renames the key.
Commands do not belong in the appspec at all: put them in the script.

(A misspelt location is AS504's: without a location the deployment fails.)

Bad:

    hooks:
      ApplicationStart:
        - location: scripts/start.sh
          runs: root
          timout: 300

Good:

    hooks:
      ApplicationStart:
        - location: scripts/start.sh
          runas: root
          timeout: 300
`,
	Script: func(p *lint.Pass, s *lint.Script) {
		for _, pair := range s.Node.Pairs {
			k := hookShort(pair.Key.Value)
			if hookIsScriptKey(k) {
				continue
			}
			if s.Location == nil && (suggest(k, []string{"location"}, 2) != "" || hookLocationAliases[strings.ToLower(k)]) {
				continue // AS504 names it
			}
			target := hookKeyAliases[strings.ToLower(k)]
			if target == "" {
				target = suggest(k, hookScriptKeys, 2)
			}
			if target == "" || (len([]rune(k)) <= 3 && !strings.EqualFold(k, target)) {
				hint := "a script entry takes location, timeout, runas and sudo"
				if hookCommandKeys[strings.ToLower(k)] {
					hint = "put commands in the script file itself; a script entry takes only location, timeout, runas and sudo"
				}
				p.Report(pair.Key, "the agent ignores the key `%s` of this script entry; %s", k, hint)
				continue
			}
			note := ""
			if strings.EqualFold(k, target) {
				note = " (keys are case-sensitive)"
			}
			d := p.Report(pair.Key, "the agent ignores the key `%s` of this script entry%s%s", k, note, didYouMean(target))
			if s.Node.Get(target) == nil {
				d.WithFix(lint.IntentFix, "rename the key to "+target, structRenameKey(pair.Key, target))
			}
		}
	},
}

// hookKeyAliases are other words people use for a script entry's keys.
var hookKeyAliases = map[string]string{
	"user": "runas", "run_as": "runas", "run-as": "runas", "runuser": "runas",
	"timeout_seconds": "timeout", "timeoutseconds": "timeout", "time_out": "timeout",
}

// hookCommandKeys are keys that try to write commands into the appspec.
var hookCommandKeys = map[string]bool{
	"command": true, "commands": true, "cmd": true, "run": true, "exec": true, "shell": true, "args": true, "arguments": true,
}

func init() { register(HookUnknownKey) }
