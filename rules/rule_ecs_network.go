package rules

import (
	"strconv"
	"strings"

	"github.com/appspec-lint/appspec-lint/lint"
)

// ecsNetworkKeys are the settings under AwsvpcConfiguration.
var ecsNetworkKeys = []string{"Subnets", "SecurityGroups", "AssignPublicIp"}

// ecsAwsvpc finds NetworkConfiguration.AwsvpcConfiguration of a Properties
// mapping: the pair and its mapping value (nil when it is absent or not a
// mapping, which AS707 reports).
func ecsAwsvpc(props *lint.Node) (*lint.Pair, *lint.Node) {
	vpc := ecsMapping(props.GetFold("NetworkConfiguration")).GetFold("AwsvpcConfiguration")
	return vpc, ecsMapping(vpc)
}

// EcsNetworkAllOrNone is AS707.
var EcsNetworkAllOrNone = &lint.Rule{
	ID: "AS707", Name: "ecs-network-all-or-none", Severity: lint.Error,
	Platforms: lint.ECS, Category: "ecs",
	Summary: "ECS: give all of Subnets, SecurityGroups and AssignPublicIp, or none",
	Doc: `NetworkConfiguration sets the awsvpc network of the replacement task set. The
docs require all three settings under AwsvpcConfiguration, Subnets,
SecurityGroups and AssignPublicIp, or none of them: with none, CodeDeploy keeps
the service's current network settings; with only some, the AppSpec is
invalid (AWS's validator reports each missing one).

The settings must sit under NetworkConfiguration.AwsvpcConfiguration. Written
directly under NetworkConfiguration they are not part of the documented
structure and are likely not applied (a warning; so is a misspelt setting
when no valid one is given). A misspelt setting is named, and renamed by the
fix.

Bad:

    NetworkConfiguration:
      AwsvpcConfiguration:
        Subnets: ["subnet-0a1b2c3d"]

Good:

    NetworkConfiguration:
      AwsvpcConfiguration:
        Subnets: ["subnet-0a1b2c3d"]
        SecurityGroups: ["sg-0a1b2c3d"]
        AssignPublicIp: DISABLED
`,
	Document: func(p *lint.Pass) {
		ecsPropsEach(p, func(props *lint.Node) { ecsCheckNetwork(p, props) })
	},
}

func ecsCheckNetwork(p *lint.Pass, props *lint.Node) {
	nc := props.GetFold("NetworkConfiguration")
	if nc == nil {
		return
	}
	v := nc.ValueNode()
	if v.IsEmpty() {
		return // nothing given: the service keeps its settings
	}
	if v.Kind != lint.MappingNode {
		p.Report(v, "`%s` is %s; it must be a mapping holding `AwsvpcConfiguration`", ecsKey(nc), v.Describe())
		return
	}
	vpc := v.GetFold("AwsvpcConfiguration")
	if vpc == nil {
		for _, pair := range v.Pairs {
			if structFoldIn(ecsKey(pair), ecsNetworkKeys) {
				p.Report(pair.Key, "`%s` belongs under `%s.AwsvpcConfiguration`, not directly under `%s`; add `AwsvpcConfiguration:` and indent the network settings under it", ecsKey(pair), ecsKey(nc), ecsKey(nc)).
					WithSeverity(lint.Warning)
				return
			}
		}
		ecsReportMissing(p, nc.Key, v, "`"+ecsKey(nc)+"`", "AwsvpcConfiguration",
			"put `Subnets`, `SecurityGroups` and `AssignPublicIp` under `AwsvpcConfiguration:`").WithSeverity(lint.Warning)
		return
	}
	m := vpc.ValueNode()
	if m.IsEmpty() {
		return
	}
	if m.Kind != lint.MappingNode {
		p.Report(m, "`%s` is %s; it must be a mapping with `Subnets`, `SecurityGroups` and `AssignPublicIp`", ecsKey(vpc), m.Describe())
		return
	}
	var given, missing []string
	for _, k := range ecsNetworkKeys {
		if m.GetFold(k) != nil {
			given = append(given, "`"+k+"`")
		} else {
			missing = append(missing, k)
		}
	}
	// A misspelt key reads as a missing one: name it.
	for _, k := range missing {
		if near := ecsNearKey(m, k); near != nil {
			d := p.Report(near.Key, "`%s` is not a network setting%s The docs require all of `Subnets`, `SecurityGroups` and `AssignPublicIp`, or none", ecsKey(near), didYouMean("`"+k+"`")).
				WithFix(lint.IntentFix, "rename to "+k, structRenameKey(near.Key, k))
			if len(given) == 0 {
				d.WithSeverity(lint.Warning) // no valid setting at all: likely ignored, not partial
			}
			return
		}
	}
	if len(given) == 0 || len(missing) == 0 {
		return
	}
	p.Report(vpc.Key, "`%s` gives %s but not %s; the docs require all of `Subnets`, `SecurityGroups` and `AssignPublicIp`, or none (to keep the service's current network settings)",
		ecsKey(vpc), ecsJoin(given), ecsJoin(ecsTicks(missing)))
}

// ecsTicks puts each name in backticks.
func ecsTicks(names []string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = "`" + n + "`"
	}
	return out
}

// ecsJoin joins words as "a", "a and b", "a, b and c".
func ecsJoin(words []string) string {
	switch len(words) {
	case 0:
		return ""
	case 1:
		return words[0]
	}
	return strings.Join(words[:len(words)-1], ", ") + " and " + words[len(words)-1]
}

// EcsAssignPublicIp is AS708.
var EcsAssignPublicIp = &lint.Rule{
	ID: "AS708", Name: "ecs-assign-public-ip", Severity: lint.Error,
	Platforms: lint.ECS, Category: "ecs",
	Summary: "ECS: AssignPublicIp is exactly ENABLED or DISABLED",
	Doc: `AssignPublicIp says whether the tasks' network interfaces get a public IP
address. Its only values are ENABLED and DISABLED, in capitals (the ECS API
and AWS's AppSpec validator accept nothing else). The fix corrects the case,
and turns true/false into ENABLED/DISABLED.

Bad:

    AwsvpcConfiguration:
      Subnets: ["subnet-0a1b2c3d"]
      SecurityGroups: ["sg-0a1b2c3d"]
      AssignPublicIp: true

Good:

    AwsvpcConfiguration:
      Subnets: ["subnet-0a1b2c3d"]
      SecurityGroups: ["sg-0a1b2c3d"]
      AssignPublicIp: ENABLED
`,
	Document: func(p *lint.Pass) {
		ecsPropsEach(p, func(props *lint.Node) {
			_, m := ecsAwsvpc(props)
			ip := m.GetFold("AssignPublicIp")
			if ip == nil {
				return
			}
			v := ip.ValueNode()
			switch {
			case v.IsNull():
				p.Report(ip.Key, "`%s` has no value; write `ENABLED` or `DISABLED`", ecsKey(ip))
				return
			case v.Kind != lint.ScalarNode:
				p.Report(v, "`%s` is %s; write `ENABLED` or `DISABLED`", ecsKey(ip), v.Describe())
				return
			}
			if v.Value == "ENABLED" || v.Value == "DISABLED" || ecsPlaceholder(v.Value) {
				return
			}
			want := ecsPublicIPValue(v.Value)
			if want == "" {
				p.Report(v, "`%s` is %s; the only values are `ENABLED` and `DISABLED`", ecsKey(ip), v.Describe())
				return
			}
			p.Report(v, "`%s` is %s; the only values are `ENABLED` and `DISABLED`, in capitals; write `%s`", ecsKey(ip), v.Describe(), want).
				WithFix(lint.IntentFix, "write "+want, ecsScalarEdit(p, v, want))
		})
	},
}

// ecsPublicIPValue maps a near-miss AssignPublicIp value to the valid one.
func ecsPublicIPValue(s string) string {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "enabled", "enable", "true", "yes", "on":
		return "ENABLED"
	case "disabled", "disable", "false", "no", "off":
		return "DISABLED"
	}
	return ""
}

// ecsIDList checks a Subnets or SecurityGroups value: a non-empty list of
// at most max non-empty strings.
func ecsIDList(p *lint.Pass, pair *lint.Pair, max int, what string) {
	v := pair.ValueNode()
	switch {
	case v.IsNull():
		p.Report(pair.Key, "`%s` has no value; list 1 to %d %s IDs", ecsKey(pair), max, what)
		return
	case v.Kind == lint.ScalarNode:
		if strings.TrimSpace(v.Value) == "" {
			p.Report(v, "`%s` is empty; list 1 to %d %s IDs", ecsKey(pair), max, what)
			return
		}
		d := p.Report(v, "`%s` is %s, not a list; write the %s IDs as a list, such as `[\"%s-0a1b2c3d\"]`", ecsKey(pair), v.Describe(), what, ecsIDPrefix(what))
		var parts []string
		for _, s := range strings.Split(v.Value, ",") {
			if s = strings.TrimSpace(s); s != "" {
				parts = append(parts, strconv.Quote(s))
			}
		}
		if len(parts) > 0 && len(parts) <= max {
			d.WithFix(lint.IntentFix, "write a list", lint.Edit{Range: v.Range, NewText: "[" + strings.Join(parts, ", ") + "]"})
		}
		return
	case v.Kind != lint.SequenceNode:
		p.Report(v, "`%s` is %s; it must be a list of %s IDs", ecsKey(pair), v.Describe(), what)
		return
	case len(v.Items) == 0:
		p.Report(v, "`%s` is an empty list; list 1 to %d %s IDs", ecsKey(pair), max, what)
		return
	}
	for i, item := range v.Items {
		item := item.Resolve()
		switch {
		case i == max:
			p.Report(item, "`%s` lists %d %s IDs; ECS accepts at most %d", ecsKey(pair), len(v.Items), what, max)
		case item.IsNull():
			p.Report(item, "item %d of `%s` is empty; remove it or write a %s ID", i+1, ecsKey(pair), what)
		case item.Kind != lint.ScalarNode:
			p.Report(item, "item %d of `%s` is %s; write a %s ID", i+1, ecsKey(pair), item.Describe(), what)
		case strings.TrimSpace(item.Value) == "":
			p.Report(item, "item %d of `%s` is empty; remove it or write a %s ID", i+1, ecsKey(pair), what)
		}
	}
}

func ecsIDPrefix(what string) string {
	if what == "subnet" {
		return "subnet"
	}
	return "sg"
}

// EcsSubnetsLimit is AS709.
var EcsSubnetsLimit = &lint.Rule{
	ID: "AS709", Name: "ecs-subnets-limit", Severity: lint.Error,
	Platforms: lint.ECS, Category: "ecs",
	Summary: "ECS: Subnets is a list of 1 to 16 subnet IDs, none empty",
	Doc: `Subnets under AwsvpcConfiguration is a list of subnet IDs. ECS accepts at most
16, and CodeDeploy passes the list on to ECS, so more fail the deployment.
Empty entries (the official template has "" placeholders) are rejected by
AWS's AppSpec validator. A comma-separated string is not a list; the fix
writes it as one.

Bad:

    Subnets: "subnet-0a1b2c3d,subnet-4e5f6a7b"

Good:

    Subnets: ["subnet-0a1b2c3d", "subnet-4e5f6a7b"]
`,
	Document: func(p *lint.Pass) {
		ecsPropsEach(p, func(props *lint.Node) {
			_, m := ecsAwsvpc(props)
			if s := m.GetFold("Subnets"); s != nil {
				ecsIDList(p, s, 16, "subnet")
			}
		})
	},
}

// EcsSecurityGroupsLimit is AS710.
var EcsSecurityGroupsLimit = &lint.Rule{
	ID: "AS710", Name: "ecs-sg-limit", Severity: lint.Error,
	Platforms: lint.ECS, Category: "ecs",
	Summary: "ECS: SecurityGroups is a list of 1 to 5 security group IDs, none empty",
	Doc: `SecurityGroups under AwsvpcConfiguration is a list of security group IDs. ECS
accepts at most 5, and CodeDeploy passes the list on to ECS, so more fail the
deployment. Empty entries (the official template has "" placeholders) are
rejected by AWS's AppSpec validator. A comma-separated string is not a list;
the fix writes it as one.

Bad:

    SecurityGroups: ["sg-0a1b2c3d", ""]

Good:

    SecurityGroups: ["sg-0a1b2c3d"]
`,
	Document: func(p *lint.Pass) {
		ecsPropsEach(p, func(props *lint.Node) {
			_, m := ecsAwsvpc(props)
			if s := m.GetFold("SecurityGroups"); s != nil {
				ecsIDList(p, s, 5, "security group")
			}
		})
	},
}

// EcsSubnetSGFormat is AS711.
var EcsSubnetSGFormat = &lint.Rule{
	ID: "AS711", Name: "ecs-subnet-sg-format", Severity: lint.Warning,
	Platforms: lint.ECS, Category: "ecs",
	Summary: "ECS: Subnets hold subnet-... IDs and SecurityGroups sg-... IDs",
	Doc: `The network settings take IDs, not names: subnets look like
subnet-0a1b2c3d4e5f6a7b8 and security groups like sg-0a1b2c3d4e5f6a7b8. A name
(my-private-subnet), an ARN, or an ID under the wrong key (a subnet ID in
SecurityGroups) is very likely a mistake. All subnets and security groups must
also belong to the same VPC, which cannot be checked from the file.

Placeholders that a pipeline replaces (<SUBNET_1>, ${SUBNET_ID}) are not
reported.

Bad:

    Subnets: ["private-subnet-a"]
    SecurityGroups: ["subnet-0a1b2c3d"]

Good:

    Subnets: ["subnet-0a1b2c3d"]
    SecurityGroups: ["sg-0a1b2c3d"]
`,
	Document: func(p *lint.Pass) {
		ecsPropsEach(p, func(props *lint.Node) {
			_, m := ecsAwsvpc(props)
			ecsCheckIDs(p, m.GetFold("Subnets"), "subnet", ecsSubnetID, ecsSGID)
			ecsCheckIDs(p, m.GetFold("SecurityGroups"), "security group", ecsSGID, ecsSubnetID)
		})
	},
}

var (
	ecsSubnetID = lazyRE(`^subnet-[0-9a-z]+$`)
	ecsSGID     = lazyRE(`^sg-[0-9a-zA-Z]+$`)
)

func ecsCheckIDs(p *lint.Pass, pair *lint.Pair, what string, want, other *lazyRegexp) {
	list := pair.ValueNode()
	if list == nil || list.Kind != lint.SequenceNode {
		return
	}
	for _, item := range list.Items {
		item := structScalar(item)
		if item == nil {
			continue
		}
		s := strings.TrimSpace(item.Value)
		if s == "" || want.MatchString(s) || ecsPlaceholder(s) {
			continue
		}
		prefix := ecsIDPrefix(what) + "-"
		switch {
		case other.MatchString(s):
			p.Report(item, "%s is a %s ID under `%s`; list it under `%s`, and %s IDs (%s...) here", ecsCode(s), ecsOtherWhat(what), ecsKey(pair), ecsOtherKey(what), what, prefix)
		case strings.HasPrefix(s, "arn:"):
			p.Report(item, "%s is an ARN; `%s` takes %s IDs such as `%s0a1b2c3d`", ecsCode(s), ecsKey(pair), what, prefix)
		default:
			p.Report(item, "%s does not look like a %s ID (%s...); `%s` takes IDs, not names", ecsCode(s), what, prefix, ecsKey(pair))
		}
	}
}

func ecsOtherWhat(what string) string {
	if what == "subnet" {
		return "security group"
	}
	return "subnet"
}

func ecsOtherKey(what string) string {
	if what == "subnet" {
		return "SecurityGroups"
	}
	return "Subnets"
}

func init() {
	register(EcsNetworkAllOrNone, EcsAssignPublicIp, EcsSubnetsLimit, EcsSecurityGroupsLimit, EcsSubnetSGFormat)
}
