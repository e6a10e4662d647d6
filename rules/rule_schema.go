package rules

import (
	"strconv"
	"strings"

	"github.com/appspec-lint/appspec-lint/lint"
	"github.com/appspec-lint/appspec-lint/schema"
)

// SchemaStructure is AS200. It validates the document against the JSON
// Schema of its platform (the same schemas `appspec-lint schema` prints for
// editors) and reports each violation on behalf of the rule that owns the
// constraint (Pass.ReportAs): a missing TaskDefinition is AS703, an unknown
// top-level key AS211, a wrong os AS206. Those are fallback findings: the
// engine drops one when a hand-written finding already covers the same
// place, so the schema check only speaks where the hand-written rules are
// silent, and never twice. It reports under its own ID only the violations
// that no rule of the reference owns (an unknown key inside an ECS
// LoadBalancerInfo, an owner that is a list), and those whose owner is not a
// rule of this build.
var SchemaStructure = &lint.Rule{
	ID: "AS200", Name: "schema-structure", Severity: lint.Error,
	Platforms: lint.AllPlatforms, Category: "structure",
	Summary: "the appspec does not match the AppSpec JSON Schema of its platform",
	Doc: `Each platform's AppSpec has a fixed shape: which keys exist where, which are
required, what kind of value each one takes. appspec-lint carries a JSON Schema
for each (print them with appspec-lint schema; editors use them for completion
and hover), and checks every file against its platform's schema.

Most mistakes the schema finds belong to a more specific rule and are reported
under that rule's ID (a missing TaskDefinition is AS703, a wrong os AS206),
once, even when that rule's own check also sees it. This rule's ID appears only
for the rest: a key the AppSpec does not have inside a Lambda or ECS resource
(a warning, since the service's handling of unknown keys is not documented),
or a value of the wrong kind where no other rule looks (an owner written as a
list, a PlatformVersion that is a number). Disabling a rule also silences the
schema findings reported under its ID.

Bad:

    version: 0.0
    Resources:
      - TargetService:
          Type: AWS::ECS::Service
          Properties:
            TaskDefinition: arn:aws:ecs:us-east-1:111122223333:task-definition/web:3
            LoadBalancerInfo:
              ContainerName: web
              ContainerPort: 80
              TargetGroup: web-blue

Good:

    version: 0.0
    Resources:
      - TargetService:
          Type: AWS::ECS::Service
          Properties:
            TaskDefinition: arn:aws:ecs:us-east-1:111122223333:task-definition/web:3
            LoadBalancerInfo:
              ContainerName: web
              ContainerPort: 80
`,
	Document: func(p *lint.Pass) {
		if p.Doc.Root == nil || p.Doc.SyntaxError != nil {
			return // the syntax rules explain a file that did not parse
		}
		// The error is an embedded schema that does not compile, a bug the
		// schema tests catch; there are no violations then.
		vs, _ := schema.Validate(p.Doc.Root, p.Platform, schema.DefaultOptions(p.Platform))
		// One finding per place: the branches of an anyOf (a port that is
		// neither a number nor a placeholder) each say the same thing.
		seen := map[string]bool{}
		for _, v := range vs {
			key := v.Pointer() + "\x00" + v.Property
			if seen[key] {
				continue
			}
			seen[key] = true
			schemaReport(p, v)
		}
	},
}

func init() { register(SchemaStructure) }

// schemaOwner maps a violation to the rule that owns its constraint. Entries
// are tried in order; the first whose platforms, path, kinds and property
// match wins. Path patterns are instance locations with `*` for any one key
// or list index; for Required and Additional the path is the mapping's.
// An owner "" means no rule of the reference owns it: AS200 reports it.
type schemaOwner struct {
	platforms lint.Platform
	path      string
	kinds     []schema.Kind // nil: any kind
	prop      string        // Required/Additional only: the key; "" any
	owner     string
}

var (
	anyKind    []schema.Kind
	required   = []schema.Kind{schema.Required}
	additional = []schema.Kind{schema.Additional}
	shape      = []schema.Kind{schema.Type, schema.MinProperties, schema.MaxProperties}
	typeOnly   = []schema.Kind{schema.Type}
	maxItems   = []schema.Kind{schema.MaxItems}
)

// schemaOwners is the mapping table. Special cases that depend on the value
// (a quoted version, a Resources look-alike, a reserved event) are decided
// in schemaOwnerOf before the table.
var schemaOwners = []schemaOwner{
	// EC2/On-Premises: top level.
	{lint.EC2, "", typeOnly, "", "AS205"},
	{lint.EC2, "", required, "version", "AS201"},
	{lint.EC2, "", required, "os", "AS205"},
	{lint.EC2, "", additional, "", "AS211"},
	{lint.EC2, "/version", anyKind, "", "AS202"},
	{lint.EC2, "/os", anyKind, "", "AS206"},
	{lint.EC2, "/file_exists_behavior", anyKind, "", "AS214"},
	// files
	{lint.EC2, "/files", anyKind, "", "AS303"},
	{lint.EC2, "/files/*", typeOnly, "", "AS303"},
	{lint.EC2, "/files/*", required, "source", "AS301"},
	{lint.EC2, "/files/*", required, "destination", "AS302"},
	{lint.EC2, "/files/*", additional, "", "AS314"},
	{lint.EC2, "/files/*/source", anyKind, "", "AS301"},
	{lint.EC2, "/files/*/destination", anyKind, "", "AS302"},
	// permissions
	{lint.EC2, "/permissions", maxItems, "", "AS401"},
	{lint.EC2, "/permissions", anyKind, "", "AS402"},
	{lint.EC2, "/permissions/*", typeOnly, "", "AS402"},
	{lint.EC2, "/permissions/*", required, "object", "AS402"},
	{lint.EC2, "/permissions/*/object", anyKind, "", "AS402"},
	{lint.EC2, "/permissions/*/except", anyKind, "", "AS409"},
	{lint.EC2, "/permissions/*/except/*", anyKind, "", "AS409"},
	{lint.EC2, "/permissions/*/mode", anyKind, "", "AS412"},
	{lint.EC2, "/permissions/*/acls", anyKind, "", "AS416"},
	{lint.EC2, "/permissions/*/acls/*", anyKind, "", "AS416"},
	{lint.EC2, "/permissions/*/context", typeOnly, "", "AS417"},
	{lint.EC2, "/permissions/*/context", required, "type", "AS417"},
	{lint.EC2, "/permissions/*/context", additional, "role", "AS424"},
	{lint.EC2, "/permissions/*/context/type", anyKind, "", "AS417"},
	{lint.EC2, "/permissions/*/context/range", anyKind, "", "AS419"},
	{lint.EC2, "/permissions/*/type", anyKind, "", "AS404"},
	{lint.EC2, "/permissions/*/type/*", anyKind, "", "AS403"},
	// hooks
	{lint.EC2, "/hooks", typeOnly, "", "AS501"},
	{lint.EC2, "/hooks", additional, "", "AS502"},
	{lint.EC2, "/hooks/*", anyKind, "", "AS501"},
	{lint.EC2, "/hooks/*/*", typeOnly, "", "AS501"},
	{lint.EC2, "/hooks/*/*", required, "location", "AS504"},
	{lint.EC2, "/hooks/*/*", additional, "", "AS514"},
	{lint.EC2, "/hooks/*/*/location", anyKind, "", "AS504"},
	{lint.EC2, "/hooks/*/*/timeout", anyKind, "", "AS508"},
	{lint.EC2, "/hooks/*/*/sudo", anyKind, "", "AS513"},

	// Lambda and ECS: top level.
	{lint.Serverless, "", typeOnly, "", "AS209"},
	{lint.Serverless, "", required, "version", "AS201"},
	{lint.Serverless, "", required, "Resources", "AS209"},
	{lint.Serverless, "", additional, "", "AS212"},
	{lint.Serverless, "/version", anyKind, "", "AS202"},
	{lint.Lambda, "/Resources", maxItems, "", "AS601"},
	{lint.ECS, "/Resources", maxItems, "", "AS701"},
	{lint.Serverless, "/Resources", anyKind, "", "AS209"},
	{lint.Lambda, "/Hooks", anyKind, "", "AS608"},
	{lint.ECS, "/Hooks", anyKind, "", "AS716"},

	// Lambda: the function.
	{lint.Lambda, "/Resources/*", []schema.Kind{schema.MaxProperties}, "", "AS601"},
	{lint.Lambda, "/Resources/*", []schema.Kind{schema.PropertyName}, "", "AS607"},
	{lint.Lambda, "/Resources/*", shape, "", "AS209"},
	{lint.Lambda, "/Resources/*/*", required, "Type", "AS602"},
	{lint.Lambda, "/Resources/*/*", required, "Properties", "AS603"},
	{lint.Lambda, "/Resources/*/*", typeOnly, "", "AS603"},
	{lint.Lambda, "/Resources/*/*/Type", anyKind, "", "AS602"},
	{lint.Lambda, "/Resources/*/*/Properties", typeOnly, "", "AS603"},
	{lint.Lambda, "/Resources/*/*/Properties", required, "", "AS603"},
	{lint.Lambda, "/Resources/*/*/Properties/Name", anyKind, "", "AS603"},
	{lint.Lambda, "/Resources/*/*/Properties/Alias", anyKind, "", "AS603"},
	{lint.Lambda, "/Resources/*/*/Properties/CurrentVersion", anyKind, "", "AS604"},
	{lint.Lambda, "/Resources/*/*/Properties/TargetVersion", anyKind, "", "AS604"},
	{lint.Lambda, "/Hooks/*", shape, "", "AS608"},
	{lint.Lambda, "/Hooks/*", additional, "", "AS609"},
	{lint.Lambda, "/Hooks/*/*", anyKind, "", "AS610"},

	// ECS: the service.
	{lint.ECS, "/Resources/*", anyKind, "", "AS701"},
	{lint.ECS, "/Resources/*/TargetService", typeOnly, "", "AS702"},
	{lint.ECS, "/Resources/*/TargetService", required, "Type", "AS702"},
	{lint.ECS, "/Resources/*/TargetService", required, "Properties", "AS703"},
	{lint.ECS, "/Resources/*/TargetService/Type", anyKind, "", "AS702"},
	{lint.ECS, "/Resources/*/TargetService/Properties", typeOnly, "", "AS703"},
	{lint.ECS, "/Resources/*/TargetService/Properties", required, "TaskDefinition", "AS703"},
	{lint.ECS, "/Resources/*/TargetService/Properties", required, "LoadBalancerInfo", "AS705"},
	{lint.ECS, "/Resources/*/TargetService/Properties/TaskDefinition", anyKind, "", "AS703"},
	{lint.ECS, "/Resources/*/TargetService/Properties/LoadBalancerInfo", typeOnly, "", "AS705"},
	{lint.ECS, "/Resources/*/TargetService/Properties/LoadBalancerInfo", required, "ContainerName", "AS705"},
	{lint.ECS, "/Resources/*/TargetService/Properties/LoadBalancerInfo", required, "ContainerPort", "AS706"},
	{lint.ECS, "/Resources/*/TargetService/Properties/LoadBalancerInfo/ContainerName", anyKind, "", "AS705"},
	{lint.ECS, "/Resources/*/TargetService/Properties/LoadBalancerInfo/ContainerPort", anyKind, "", "AS706"},
	{lint.ECS, "/Resources/*/TargetService/Properties/NetworkConfiguration", typeOnly, "", "AS707"},
	{lint.ECS, "/Resources/*/TargetService/Properties/NetworkConfiguration", required, "", "AS707"},
	{lint.ECS, "/Resources/*/TargetService/Properties/NetworkConfiguration/AwsvpcConfiguration", typeOnly, "", "AS707"},
	{lint.ECS, "/Resources/*/TargetService/Properties/NetworkConfiguration/AwsvpcConfiguration", required, "", "AS707"},
	{lint.ECS, "/Resources/*/TargetService/Properties/NetworkConfiguration/AwsvpcConfiguration/Subnets", anyKind, "", "AS709"},
	{lint.ECS, "/Resources/*/TargetService/Properties/NetworkConfiguration/AwsvpcConfiguration/Subnets/*", anyKind, "", "AS709"},
	{lint.ECS, "/Resources/*/TargetService/Properties/NetworkConfiguration/AwsvpcConfiguration/SecurityGroups", anyKind, "", "AS710"},
	{lint.ECS, "/Resources/*/TargetService/Properties/NetworkConfiguration/AwsvpcConfiguration/SecurityGroups/*", anyKind, "", "AS710"},
	{lint.ECS, "/Resources/*/TargetService/Properties/NetworkConfiguration/AwsvpcConfiguration/AssignPublicIp", anyKind, "", "AS708"},
	{lint.ECS, "/Resources/*/TargetService/Properties/CapacityProviderStrategy", typeOnly, "", "AS714"},
	{lint.ECS, "/Resources/*/TargetService/Properties/CapacityProviderStrategy/*", typeOnly, "", "AS714"},
	{lint.ECS, "/Resources/*/TargetService/Properties/CapacityProviderStrategy/*", required, "", "AS714"},
	{lint.ECS, "/Resources/*/TargetService/Properties/CapacityProviderStrategy/*/*", anyKind, "", "AS714"},
	{lint.ECS, "/Hooks/*", shape, "", "AS716"},
	{lint.ECS, "/Hooks/*", additional, "", "AS717"},
	{lint.ECS, "/Hooks/*/*", anyKind, "", "AS718"},

	// Anything else: an unknown key inside a resource, a value of the wrong
	// kind where no rule looks (owner, runas, PlatformVersion...).
	{lint.AllPlatforms, "", anyKind, "", ""},
}

// schemaOwnerOf returns the rule that owns a violation, "" for AS200 itself,
// or skip when another rule explains the same mistake at another place (or
// the agent never reads the value).
func schemaOwnerOf(p *lint.Pass, v *schema.Violation) (owner string, skip bool) {
	ptr := v.Pointer()
	if p.Platform == lint.EC2 {
		switch {
		case ptr == "/version" && v.Node != nil && v.Node.Resolve().IsQuoted():
			return "AS203", false
		case ptr == "" && v.Kind == schema.Additional && (strings.EqualFold(v.Property, "Resources") || structIsResourcesLike(v.Property)):
			return "AS210", false
		case strings.HasPrefix(ptr, "/files/") && v.Kind == schema.Additional && len(v.Path) == 2 && structIsFileExistsKey(v.Property):
			return "AS215", false
		case strings.HasPrefix(ptr, "/permissions/") && p.Spec.IsWindows():
			return "", true // with os: windows the section is the mistake (AS401), not its entries
		case ptr == "/hooks" && v.Kind == schema.Additional && hookReserved(v.Property) != "":
			return "AS503", false // a reserved event in another case (end:)
		case len(v.Path) >= 2 && v.Path[0] == "hooks" && hookReserved(v.Path[1]) != "":
			// The event itself: the schema gives a reserved event no items
			// to look into (an empty list or nothing).
			return "AS503", false
		}
	}
	if p.Platform != lint.EC2 && len(v.Path) == 0 && v.Kind == schema.Additional && structFoldIn(v.Property, structEC2OnlyKeys) {
		return "AS208", false
	}
	// A required key that is missing because it is misspelt: the unknown
	// key's finding (with its "did you mean") explains it at the right place.
	if v.Kind == schema.Required && schemaHasNearKey(v.Node, v.Property) {
		return "", true
	}
	if v.Kind == schema.Required && p.Platform == lint.EC2 && schemaPathMatch("/files/*", v.Path) {
		if m := v.Node.Resolve(); m != nil && m.Kind == lint.MappingNode && filesNearMiss(m, v.Property) != nil {
			return "", true // src:, dest: and the like (AS301, AS302)
		}
	}
	for i, o := range schemaOwners {
		if schemaOwnerDepths[i] != len(v.Path) {
			continue // a pattern matches paths of its own length only
		}
		if o.platforms.Has(p.Platform) && schemaPathMatch(o.path, v.Path) && schemaKindIn(v.Kind, o.kinds) &&
			(o.prop == "" || o.prop == v.Property) {
			return o.owner, false
		}
	}
	return "", false
}

// schemaOwnerDepths is the number of tokens of each schemaOwners pattern.
var schemaOwnerDepths = func() []int {
	ds := make([]int, len(schemaOwners))
	for i, o := range schemaOwners {
		ds[i] = strings.Count(o.path, "/")
	}
	return ds
}()

// schemaPathMatch matches an instance location against a pattern such as
// "/files/*/source".
func schemaPathMatch(pattern string, path []string) bool {
	// Token by token along the pattern, without splitting it: this runs for
	// every violation against every mapping row. What precedes the first /
	// is not a token.
	if i := strings.IndexByte(pattern, '/'); i >= 0 {
		pattern = pattern[i:]
	} else {
		pattern = ""
	}
	for _, p := range path {
		if !strings.HasPrefix(pattern, "/") {
			return false
		}
		pattern = pattern[1:]
		w := pattern
		if i := strings.IndexByte(pattern, '/'); i >= 0 {
			w = pattern[:i]
		}
		if w != "*" && w != p {
			return false
		}
		pattern = pattern[len(w):]
	}
	return pattern == ""
}

func schemaKindIn(k schema.Kind, kinds []schema.Kind) bool {
	if kinds == nil {
		return true
	}
	for _, x := range kinds {
		if x == k {
			return true
		}
	}
	return false
}

// schemaHasNearKey reports whether mapping m has a key that is name except
// for case, separators or a typo or two.
func schemaHasNearKey(m *lint.Node, name string) bool {
	m = m.Resolve()
	if m == nil || m.Kind != lint.MappingNode {
		return false
	}
	// No key is name itself: the validator reads keys as structKeyName
	// does, so the key would not be missing.
	for _, pair := range m.Pairs {
		if structSuggestKey(structKeyName(pair.Key), []string{name}) != "" {
			return true
		}
	}
	return false
}

// schemaReport reports one violation on behalf of its owner, or under AS200.
func schemaReport(p *lint.Pass, v *schema.Violation) {
	for _, seg := range v.Path {
		if seg == "" {
			// Under an empty key (an unnamed resource): AS607 names that,
			// and a path through "" cannot be placed or described.
			return
		}
	}
	if v.Kind == schema.PropertyName && v.Property == "" {
		return // an empty key: AS607 and the key rules name it
	}
	if (v.Kind == schema.MinLength || v.Kind == schema.Pattern) && (v.Node == nil || v.Node.Kind != lint.ScalarNode) {
		// The validator places a key's own form errors (propertyNames) at
		// the mapping; the PropertyName violation beside it says it.
		return
	}
	if p.Platform != lint.EC2 && v.Node != nil && v.Node.Kind == lint.ScalarNode && v.Node.Value != "$LATEST" && ecsPlaceholder(v.Node.Value) {
		// A pipeline replaces <TASK_DEFINITION>, ${PORT} and the like before
		// the deployment; the platform's rules decide what to say about them.
		return
	}
	owner, skip := schemaOwnerOf(p, v)
	if skip {
		return
	}
	at := schemaPlace(p, v, owner)
	// Built only if the finding is kept: most give way to the owner's own.
	msg := func() string { return schemaMessage(p, v, owner) }
	sev := lint.Severity(0)
	var fix *lint.Edit
	if owner == "AS706" && schemaQuotedNumber(v.Node) {
		// The docs make ContainerPort a number and the schema says so, but
		// nothing shows the service rejects "80": a warning, not an error.
		sev = lint.Warning
		if v.Node.Kind == lint.ScalarNode {
			fix = &lint.Edit{Range: v.Node.Range, NewText: v.Node.Value}
		}
	}
	if owner != "" {
		// Dropped by the engine when that rule reported the place itself,
		// and discarded when the rule is disabled or does not apply to the
		// platform (ReportAs then returns a finding without a rule). Every
		// owner is a rule of this package (TestSchemaOwnersAreRules).
		d := p.ReportAs(owner, at, msg).Scope(schemaScope(v.Node, at))
		if d.Rule != nil && sev != 0 {
			d.WithSeverity(sev)
		}
		if d.Rule != nil && fix != nil {
			d.WithFix(lint.IntentFix, "remove the quotes", *fix)
		}
		return
	}
	d := p.ReportAs(p.Rule.ID, at, msg).Scope(schemaScope(v.Node, at))
	if v.Kind == schema.Additional {
		// Like the other unknown-key rules (AS211, AS212, AS314, AS514).
		d.WithSeverity(lint.Warning)
	}
}

// schemaScope is the place a violation stands for: the key and value that
// hold the offending node (a resource, its Properties, one files entry), so
// that any hand-written finding there, which usually names the same mistake
// more precisely, takes its place. At the top level it is the finding's own
// place.
func schemaScope(n *lint.Node, at lint.Ranged) lint.Ranged {
	// Widen to the mapping or list that holds the node, then to the pair
	// holding that (for `Alias` misplaced in a resource, the resource), or
	// to the list item it is in.
	if n == nil || n.Parent == nil {
		return at
	}
	c := n
	if c.Parent.Parent != nil {
		c = c.Parent
	}
	for ; c.Parent != nil; c = c.Parent {
		par := c.Parent
		if par.Kind == lint.SequenceNode {
			// One list item (one files entry), not the whole list: a
			// finding in another entry says nothing about this one.
			return c
		}
		if par.Kind == lint.MappingNode {
			for _, q := range par.Pairs {
				if q.Value == c {
					return q
				}
			}
		}
	}
	return at
}

// schemaQuotedNumber reports whether n is a quoted whole number ("80").
func schemaQuotedNumber(n *lint.Node) bool {
	n = n.Resolve()
	if n == nil || n.Kind != lint.ScalarNode || !n.IsQuoted() || n.Value == "" {
		return false
	}
	_, err := strconv.ParseUint(n.Value, 10, 16)
	return err == nil
}

// schemaPlace is where a violation is reported: a missing key at the key of
// the mapping that lacks it (the mapping's first key for the root and list
// items), a key that is not allowed at that key, a wrong value at the value,
// or at its key when the value is empty (where the hand-written rules point
// for "has no value").
func schemaPlace(p *lint.Pass, v *schema.Violation, owner string) lint.Ranged {
	n, key := v.Node, v.Key
	switch {
	case v.Kind == schema.Required:
		if key != nil {
			return key
		}
		if n == nil {
			n = p.Doc.Root
		}
		return firstKeyRange(n.Resolve())
	case v.Kind == schema.Additional || v.Kind == schema.PropertyName:
		if key != nil {
			return key
		}
	case owner == "AS503" || owner == "AS401":
		if key != nil {
			return key
		}
	case v.Kind == schema.MaxProperties:
		// The first key over the limit.
		if m := n.Resolve(); m != nil && m.Kind == lint.MappingNode {
			if i, err := strconv.Atoi(v.Limit); err == nil && i >= 0 && i < len(m.Pairs) {
				return m.Pairs[i].Key
			}
		}
	case v.Kind == schema.MaxItems:
		// The first item over the limit.
		if list := n.Resolve(); list != nil && list.Kind == lint.SequenceNode {
			if i, err := strconv.Atoi(v.Limit); err == nil && i >= 0 && i < len(list.Items) {
				return list.Items[i]
			}
		}
	case len(v.Path) == 0 && n != nil:
		return structRootRange(p.Doc, n)
	}
	if n == nil {
		// Not placed (a key merged in through more merge keys than the
		// validator follows): no key either, since a placed pair has both.
		return firstKeyRange(p.Doc.Root.Resolve())
	}
	if n.Kind != lint.AliasNode && schemaEmpty(n) {
		// An empty value: the hand-written rules point at its key ("has no
		// value") or at the empty value itself; the pair covers both.
		if key != nil {
			r := key.Range
			if r.End.Before(n.Range.End) {
				r.End = n.Range.End
			}
			return r
		}
		// An empty list item: from its dash, where the files and hooks rules
		// point (the permissions rules point at the empty item itself).
		if n.Parent != nil && n.Parent.Kind == lint.SequenceNode && n.Parent.Style != lint.Flow && len(v.Path) > 0 && v.Path[0] != "permissions" {
			if dash := filesDashRange(p.Doc, n); dash != n.Range {
				return lint.Range{Start: dash.Start, End: n.Range.End}
			}
		}
	}
	return n
}

// schemaEmpty reports whether n holds nothing: null, or an empty list or
// mapping (not a blank text, which rules report at the value).
func schemaEmpty(n *lint.Node) bool {
	n = n.Resolve()
	switch {
	case n == nil || n.IsNull():
		return true
	case n.Kind == lint.MappingNode:
		return len(n.Pairs) == 0
	case n.Kind == lint.SequenceNode:
		return len(n.Items) == 0
	}
	return false
}

// schemaOwnerIDs lists the rules the schema check reports on behalf of.
func schemaOwnerIDs() []string {
	seen := map[string]bool{}
	var out []string
	for _, o := range schemaOwners {
		if o.owner != "" && !seen[o.owner] {
			seen[o.owner] = true
			out = append(out, o.owner)
		}
	}
	for _, id := range []string{"AS203", "AS208", "AS210", "AS215", "AS503"} {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}
