package rules

import (
	"strings"

	"github.com/appspec-lint/appspec-lint/lint"
)

// structFileExistsValues are the values the agent accepts for file_exists_behavior.
var structFileExistsValues = []string{"DISALLOW", "OVERWRITE", "RETAIN"}

// FileExistsBehaviorValue is AS214.
var FileExistsBehaviorValue = &lint.Rule{
	ID: "AS214", Name: "file-exists-behavior-value", Severity: lint.Error,
	Platforms: lint.EC2, Category: "structure",
	Summary: "file_exists_behavior must be exactly DISALLOW, OVERWRITE or RETAIN",
	Doc: `file_exists_behavior tells the agent what to do with a file that is already at
a destination and was not installed by the last successful deployment:
DISALLOW fails the deployment, OVERWRITE replaces the file, RETAIN keeps the
old one. The agent accepts exactly these three upper-case words and fails the
deployment with "invalid file_exists_behavior value" for anything else,
including overwrite, Overwrite or true. A key with no value at all does
nothing (the deployment's own setting applies); that is a warning.

Bad:

    file_exists_behavior: overwrite

Good:

    file_exists_behavior: OVERWRITE
`,
	Document: func(p *lint.Pass) {
		pair := p.Spec.FileExistsBehavior
		if pair == nil {
			return
		}
		at, v := pair.Value, pair.Value.Resolve()
		if v == nil || v.IsNull() {
			p.Report(pair.Key, "file_exists_behavior has no value, so it does nothing and the deployment's own setting applies (DISALLOW unless changed); write DISALLOW, OVERWRITE or RETAIN, or remove the line").
				WithSeverity(lint.Warning)
			return
		}
		if v.Kind != lint.ScalarNode {
			p.Report(at, "file_exists_behavior is %s; it must be one of DISALLOW, OVERWRITE or RETAIN", v.Describe())
			return
		}
		if structIn(v.Value, structFileExistsValues) {
			return
		}
		want := structFileExistsSuggest(v.Value)
		if want == "" {
			p.Report(at, "file_exists_behavior is %s; the agent accepts only DISALLOW, OVERWRITE or RETAIN and fails the deployment otherwise", v.Describe())
			return
		}
		why := structWhyNearMiss(v.Value, want)
		d := p.Report(at, "file_exists_behavior is %s, which the agent rejects%s; did you mean %s?", v.Describe(), why, want)
		if why != "" || suggest(v.Value, structFileExistsValues, 2) == want {
			d.WithFix(lint.IntentFix, "set file_exists_behavior to "+want, lint.Edit{Range: at.Range, NewText: want})
		}
	},
}

// structFileExistsSuggest maps a near-miss (overwrite, Retain, OVERWIRTE,
// true) to the value it most likely meant.
func structFileExistsSuggest(v string) string {
	l := strings.ToLower(strings.TrimSpace(v))
	switch l {
	case "true", "yes", "on", "replace", "override":
		return "OVERWRITE"
	case "keep", "skip", "ignore", "preserve":
		return "RETAIN"
	case "false", "no", "off", "fail", "deny", "error":
		return "DISALLOW"
	}
	return suggest(l, structFileExistsValues, 2)
}

// FileExistsBehaviorPlacement is AS215.
var FileExistsBehaviorPlacement = &lint.Rule{
	ID: "AS215", Name: "file-exists-behavior-placement", Severity: lint.Warning,
	Platforms: lint.EC2, Category: "structure",
	Summary: "file_exists_behavior goes at the top level, not inside a files entry",
	Doc: `The agent reads file_exists_behavior only at the top level of the file, once,
and applies it to every files entry. Written inside a files entry (or as the
look-alike overwrite: true) it is an unknown key there and is ignored, so the
deployment keeps DISALLOW and fails when a file already exists.

Bad:

    files:
      - source: /
        destination: /var/www/html
        overwrite: yes

Good:

    files:
      - source: /
        destination: /var/www/html
    file_exists_behavior: OVERWRITE
`,
	File: func(p *lint.Pass, f *lint.FileEntry) {
		for _, pair := range f.Node.Pairs {
			name := structKeyName(pair.Key)
			if !structIsFileExistsKey(name) {
				continue
			}
			value := "OVERWRITE"
			if v := structScalar(pair.Value); v != nil {
				if w := structFileExistsSuggest(v.Value); w != "" {
					value = w
				}
			}
			top := ""
			if p.Spec.FileExistsBehavior != nil {
				top = " (the top-level `file_exists_behavior` already decides it)"
			}
			if structNormalize(name) == "fileexistsbehavior" {
				p.Report(pair.Key, "`%s` inside a files entry is ignored%s; the agent reads it only at the top level, where it applies to every entry: move it there as `file_exists_behavior: %s`", name, top, value)
				continue
			}
			p.Report(pair.Key, "`%s` is not a files key and is ignored%s; to replace files that already exist, write `file_exists_behavior: %s` at the top level of the appspec", name, top, value)
		}
	},
}

// structIsFileExistsKey reports whether a key inside a files entry is an
// attempt at file_exists_behavior (AS215 owns these, AS314 skips them).
func structIsFileExistsKey(name string) bool {
	switch n := structNormalize(name); {
	case n == "overwrite" || n == "overwrites" || n == "override":
		return true
	case n == "fileexistsbehavior" || n == "fileexistbehavior" || n == "fileexistsbehaviour":
		return true
	default:
		// Three characters short or more (in bytes, which are at least the
		// characters): too far for a distance of 2.
		return len(n) >= len("fileexistsbehavior")-2 && editDistanceWithin(n, "fileexistsbehavior", 2) <= 2
	}
}

// FileExistsBehaviorPrecedence is AS216.
var FileExistsBehaviorPrecedence = &lint.Rule{
	ID: "AS216", Name: "file-exists-behavior-precedence", Severity: lint.Info,
	Platforms: lint.EC2, Category: "structure", OptIn: true,
	Summary: "reminder: the appspec's file_exists_behavior overrides the deployment's setting",
	Doc: `A deployment can be told what to do with files that already exist in three
places: the appspec's file_exists_behavior, the --file-exists-behavior option
of aws deploy create-deployment (fileExistsBehavior in the API, "content
options" in the console), and the default, DISALLOW. The appspec wins over the
other two, so a console choice of "overwrite" has no effect when the file says
DISALLOW. This is a reminder on the file_exists_behavior line, off by default;
turn it on with --enable AS216.

Bad:

    # the deployment is created with --file-exists-behavior OVERWRITE
    file_exists_behavior: DISALLOW

Good:

    # the one place that decides
    file_exists_behavior: OVERWRITE
`,
	Document: func(p *lint.Pass) {
		pair := p.Spec.FileExistsBehavior
		if pair == nil {
			return
		}
		v := structScalar(pair.Value)
		if v == nil || !structIn(v.Value, structFileExistsValues) {
			return
		}
		p.Report(pair.Key, "`file_exists_behavior: %s` here overrides the deployment's own setting (the --file-exists-behavior option of create-deployment, fileExistsBehavior in the API, the console's content options)", v.Value)
	},
}

// EmptySection is AS217.
var EmptySection = &lint.Rule{
	ID: "AS217", Name: "empty-section", Severity: lint.Warning,
	Platforms: lint.EC2, Category: "structure",
	Summary: "files:, permissions: or hooks: with nothing under it",
	Doc: `A files, permissions or hooks key with no entries does nothing. The current
agent treats it as empty, but older agents failed on an empty hooks value
("undefined method 'each' for nil"), and AWS's template says to remove
sections that are not used rather than leave them blank. An empty section is
also often the sign of an indentation slip that left its entries somewhere
else. The fix deletes the line.

Bad:

    version: 0.0
    os: linux
    files:
      - source: /
        destination: /var/www/html
    hooks:

Good:

    version: 0.0
    os: linux
    files:
      - source: /
        destination: /var/www/html
`,
	Document: func(p *lint.Pass) {
		for _, pair := range []*lint.Pair{p.Spec.Files, p.Spec.Permissions, p.Spec.Hooks} {
			if pair == nil {
				continue
			}
			v := pair.Value.Resolve()
			// A blank or other scalar is AS303 (files), or the permissions and
			// hooks shape rules: the agent crashes on it rather than skipping it.
			// `hooks: []` is a list, which the agent cannot read as events: a
			// shape error for the hooks rules, not an empty section.
			emptyList := v != nil && v.Kind == lint.SequenceNode && len(v.Items) == 0 && pair != p.Spec.Hooks
			if !(v.IsNull() || emptyList || (v.Kind == lint.MappingNode && len(v.Pairs) == 0)) {
				continue
			}
			name := pair.Key.Value
			d := p.Report(pair.Key, "`%s` is empty; remove it, or add its entries indented under it", name)
			if structLineOnly(p.Doc, pair) {
				d.WithFix(lint.IntentFix, "remove the empty `"+name+"` line", structDeleteLines(p.Doc, pair))
			}
		}
	},
}

func init() {
	register(FileExistsBehaviorValue, FileExistsBehaviorPlacement, FileExistsBehaviorPrecedence, EmptySection)
}
