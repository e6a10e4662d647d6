package rules

import (
	"strconv"
	"strings"

	"github.com/appspec-lint/appspec-lint/lint"
)

// CurrentVersion and TargetVersion: published version numbers, written as
// strings, and different from each other.

// lambdaVersionProps are the two version properties.
var lambdaVersionProps = []string{"CurrentVersion", "TargetVersion"}

// lambdaPositiveInt matches the canonical text of a positive integer.
var lambdaPositiveInt = lazyRE(`^[1-9][0-9]*$`)

// lambdaARNVersion matches a function ARN, capturing its qualifier.
var lambdaARNVersion = lazyRE(`^arn:aws[a-zA-Z-]*:lambda:[a-z0-9-]*:[0-9]*:function:[A-Za-z0-9_.-]+(?::([A-Za-z0-9_$-]+))?$`)

// lambdaDotted matches dotted numbers: 2.0, 0.0.10, 1.2.3.
var lambdaDotted = lazyRE(`^v?[0-9]+(\.[0-9]+)+$`)

// LambdaVersionInteger is AS604.
var LambdaVersionInteger = &lint.Rule{
	ID: "AS604", Name: "lambda-version-integer", Severity: lint.Error,
	Platforms: lint.Lambda, Category: "lambda",
	Summary: "CurrentVersion and TargetVersion are published version numbers: 1, 2, 3, ...",
	Doc: `CodeDeploy shifts a Lambda alias between two published versions of the
function. The reference requires both to be "a valid positive integer": the
numbers Lambda gives versions when you publish them (aws lambda
publish-version), starting at 1. Not accepted:

- $LATEST: the unpublished code cannot be the target of a weighted alias;
  publish a version and use its number;
- your application's release number (0.0.10, 1.2.3): Lambda numbers versions
  itself, 1, 2, 3, ...;
- a function ARN: write only the number after its last colon (the fix does);
- an alias name (live, prod): the alias goes in Alias;
- 0 or a negative number;
- a CloudFormation function (!GetAtt fn.Version, {"Ref": ...}): CodeDeploy
  reads the AppSpec as plain data and does not evaluate it; write the number,
  or have your pipeline fill it in.

Placeholders a pipeline fills in (${VERSION}, {{TARGET_VERSION}}) are left to
AS612.

Bad:

    CurrentVersion: $LATEST
    TargetVersion: 0.0.10

Good:

    CurrentVersion: "9"
    TargetVersion: "10"
`,
	Document: func(p *lint.Pass) {
		for _, r := range lambdaResources(p.Spec) {
			for _, name := range lambdaVersionProps {
				if pair := r.Prop(name); pair != nil {
					lambdaCheckVersion(p, pair)
				}
			}
		}
	},
}

func lambdaCheckVersion(p *lint.Pass, pair *lint.Pair) {
	key := structKeyName(pair.Key)
	v := pair.Value.Resolve()
	if v.IsEmpty() {
		return // AS603
	}
	if fn := lambdaCFNFunction(v); fn != "" {
		p.Report(lambdaNodeRange(p.Doc, v), "%s is written with the CloudFormation function `%s`, which CodeDeploy does not evaluate in an AppSpec; write the version number (for example `\"2\"`), or have your pipeline write it", key, fn)
		return
	}
	if v.Kind != lint.ScalarNode {
		p.Report(v, "%s is %s; write the version number, for example `\"2\"`", key, v.Describe())
		return
	}
	if lambdaHasSubst(v) {
		return // AS612
	}
	s := strings.TrimSpace(v.Value)
	if lambdaPositiveInt.MatchString(s) {
		if s != v.Value {
			p.Report(v, "%s has spaces around the number; write `%s`", key, lambdaQuote(s, v)).
				WithFix(lint.IntentFix, "remove the spaces", lint.Edit{Range: v.Range, NewText: lambdaQuote(s, v)})
		}
		return
	}
	fix := func(d *lint.Diagnostic, num string) {
		d.WithFix(lint.IntentFix, "write "+num, lint.Edit{Range: v.Range, NewText: lambdaQuote(num, v)})
	}
	n, intErr := strconv.ParseInt(s, 10, 64)
	switch {
	case strings.EqualFold(s, "$LATEST"):
		p.Report(v, "%s is `$LATEST`, which CodeDeploy cannot shift traffic to or from: an alias can only split traffic between published versions. Publish the code (`aws lambda publish-version`) and write the version number it returns", key)
	case lambdaARNVersion.MatchString(s):
		q := lambdaARNVersion.FindStringSubmatch(s)[1]
		if lambdaPositiveInt.MatchString(q) {
			fix(p.Report(v, "%s is a function ARN; write only the version number, `%s`", key, q), q)
		} else {
			p.Report(v, "%s is a function ARN; write only the version number (the function goes in Name, the alias in Alias)", key)
		}
	case intErr == nil && n <= 0:
		p.Report(v, "%s is `%s`; Lambda numbers published versions from 1, so there is no version %s", key, s, s)
	case intErr == nil:
		// Leading zeros or a plus sign.
		num := strconv.FormatInt(n, 10)
		fix(p.Report(v, "%s is `%s`; write the version number as Lambda does, `%s`", key, s, num), num)
	case lambdaDotted.MatchString(s):
		if f, err := strconv.ParseFloat(s, 64); err == nil && f >= 1 && f == float64(int64(f)) {
			num := strconv.FormatInt(int64(f), 10)
			fix(p.Report(v, "%s is `%s`; Lambda versions are whole numbers: write `%s`", key, s, num), num)
			return
		}
		p.Report(v, "%s is `%s`, which looks like a release number; Lambda versions are the whole numbers 1, 2, 3, ... that publishing assigns. Write the number of the published version", key, s)
	default:
		p.Report(v, "%s is `%s`, not a version number; write the number of a published version of the function, for example `\"2\"`%s", key, s, lambdaVersionHint(s))
	}
}

// lambdaVersionHint adds advice for a version that is a word.
func lambdaVersionHint(s string) string {
	if s != "" && strings.IndexFunc(s, func(r rune) bool { return r >= '0' && r <= '9' }) < 0 {
		return " (an alias name goes in Alias)"
	}
	return ""
}

// LambdaVersionString is AS605.
var LambdaVersionString = &lint.Rule{
	ID: "AS605", Name: "lambda-version-string", Severity: lint.Info,
	Platforms: lint.Lambda, Category: "lambda",
	Summary: "write CurrentVersion and TargetVersion as quoted strings, as the docs do",
	Doc: `The AppSpec reference says each Lambda property is a string, and every AWS
example quotes the versions ("1", "2"). A bare 2 is a number in YAML and JSON.
The service most likely reads it as the same version, so this is advice, not
an error; quoting keeps the file in the documented form. Every Lambda AppSpec
of the project's corpus of real files quotes its versions, so the rule is on
by default.

Bad:

    CurrentVersion: 1
    TargetVersion: 2

Good:

    CurrentVersion: "1"
    TargetVersion: "2"
`,
	Document: func(p *lint.Pass) {
		for _, r := range lambdaResources(p.Spec) {
			for _, name := range lambdaVersionProps {
				pair := r.Prop(name)
				if pair == nil {
					continue
				}
				v := lambdaScalar(pair.Value)
				if v == nil || v.IsQuoted() || v.Tag != "!!int" || v.Tagged || !lambdaPositiveInt.MatchString(v.Value) {
					continue
				}
				q := lambdaQuote(v.Value, nil)
				p.Report(v, "%s is the number %s; the docs give the versions as strings: write `%s`", structKeyName(pair.Key), v.Value, q).
					WithFix(lint.IntentFix, "quote it", lint.Edit{Range: v.Range, NewText: q})
			}
		}
	},
}

// LambdaTargetEqualsCurrent is AS606.
var LambdaTargetEqualsCurrent = &lint.Rule{
	ID: "AS606", Name: "lambda-target-equals-current", Severity: lint.Error,
	Platforms: lint.Lambda, Category: "lambda",
	Summary: "TargetVersion must differ from CurrentVersion",
	Doc: `A Lambda deployment shifts the alias from CurrentVersion to TargetVersion.
When both are the same version there is nothing to shift, and the service
rejects the deployment with its generic "AppSpec file ... is missing or has an
invalid configuration" message for Lambda, which does not say why (seen with
terraform-aws-modules/terraform-aws-lambda issue 82). This happens when a
pipeline publishes no new version, or fills both from the same variable. The
values are compared as numbers as well as text, so "1" and 1 are the same.

Bad:

    CurrentVersion: "4"
    TargetVersion: "4"

Good:

    CurrentVersion: "4"
    TargetVersion: "5"
`,
	Document: func(p *lint.Pass) {
		for _, r := range lambdaResources(p.Spec) {
			cur, tgt := r.Prop("CurrentVersion"), r.Prop("TargetVersion")
			if cur == nil || tgt == nil {
				continue
			}
			if lambdaCFNFunction(cur.Value) != "" || lambdaCFNFunction(tgt.Value) != "" {
				continue // AS604: the values are not versions at all
			}
			a, b := lambdaVersionKey(p.Doc, cur.Value), lambdaVersionKey(p.Doc, tgt.Value)
			if a == "" || a != b {
				continue
			}
			at := lint.Ranged(lambdaNodeRange(p.Doc, tgt.Value.Resolve()))
			p.Report(at, "TargetVersion is the same as CurrentVersion (%s); there is nothing to shift, and CodeDeploy rejects the deployment. Publish the new code as a new version and set TargetVersion to its number", lambdaShort(b)).
				WithRelated(lambdaNodeRange(p.Doc, cur.Value.Resolve()), "CurrentVersion")
		}
	},
}

// lambdaVersionKey is the text a version compares by: a whole number in
// canonical form, else the trimmed text (with its tag, if any); "" for a
// value that cannot be compared.
func lambdaVersionKey(d *lint.Document, n *lint.Node) string {
	n = n.Resolve()
	if n == nil || n.IsEmpty() {
		return ""
	}
	if n.Kind != lint.ScalarNode {
		return d.Text(n.Range)
	}
	s := strings.TrimSpace(n.Value)
	if i, err := strconv.ParseInt(s, 10, 64); err == nil {
		return strconv.FormatInt(i, 10)
	}
	if n.Tagged {
		return n.Tag + " " + s
	}
	return s
}

// lambdaShort shortens a value for a message.
func lambdaShort(s string) string {
	if r := []rune(s); len(r) > 40 {
		s = string(r[:37]) + "..."
	}
	return "`" + s + "`"
}

func init() {
	register(LambdaVersionInteger, LambdaVersionString, LambdaTargetEqualsCurrent)
}
