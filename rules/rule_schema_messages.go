package rules

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/appspec-lint/appspec-lint/lint"
	"github.com/appspec-lint/appspec-lint/schema"
)

// The messages of the schema check: our own words, built from the
// violation's kind, where it is and what the schema allows, never the
// validator's text.

// schemaRequiredHints say what a missing key holds, after "add ".
var schemaRequiredHints = map[string]string{
	"source":           "`source:` with the file or directory of the revision to copy (`/` for all of it)",
	"destination":      "`destination:` with the directory on the instance to copy it to",
	"object":           "`object:` with the path of the copied file or directory it applies to",
	"location":         "`location:` with the path of the script inside the revision",
	"Type":             "`Type:` with the kind of resource",
	"Properties":       "`Properties:` with the resource's settings",
	"Name":             "`Name:` with the name of the Lambda function",
	"Alias":            "`Alias:` with the name of the function's alias whose traffic shifts",
	"CurrentVersion":   "`CurrentVersion:` with the version the alias points to now, e.g. \"1\"",
	"TargetVersion":    "`TargetVersion:` with the version to shift the alias to, e.g. \"2\"",
	"TargetService":    "`TargetService:` with the ECS service's Type and Properties",
	"TaskDefinition":   "`TaskDefinition:` with the ARN of the task definition to deploy",
	"LoadBalancerInfo": "`LoadBalancerInfo:` with the `ContainerName` and `ContainerPort` that receive the load balancer's traffic",
	"ContainerName":    "`ContainerName:` with the name of the container that receives the load balancer's traffic",
	"ContainerPort":    "`ContainerPort:` with the container port that receives the traffic, e.g. 80",
	"CapacityProvider": "`CapacityProvider:` with the name of the capacity provider",
	"type":             "`type:` with the SELinux type, such as `httpd_sys_content_t`",
	"AwsvpcConfiguration": "`AwsvpcConfiguration:` with `Subnets`, `SecurityGroups` and `AssignPublicIp`, " +
		"or remove `NetworkConfiguration` to keep the service's network settings",
}

// schemaValueHints say what a value must be, for "give ..." after an empty
// value.
var schemaValueHints = map[string]string{
	"source":         "the file or directory of the revision to copy (`/` for all of it)",
	"destination":    "the directory on the instance to copy it to",
	"object":         "the path of the copied file or directory this entry applies to",
	"type":           "the SELinux type, such as `httpd_sys_content_t`",
	"runas":          "the Linux user to run the script as, or remove the key",
	"Name":           "the name of the Lambda function",
	"Alias":          "the name of the function's alias whose traffic shifts",
	"TaskDefinition": "the ARN of the task definition to deploy",
	"ContainerName":  "the name of the container that receives the load balancer's traffic",
	"PlatformVersion": "the Fargate platform version, such as `1.4.0`, " +
		"or remove the key for the default, LATEST",
	"CapacityProvider":      "the name of the capacity provider",
	"BeforeAllowTraffic":    "the name or ARN of the Lambda function to call",
	"AfterAllowTraffic":     "the name or ARN of the Lambda function to call",
	"BeforeInstall":         "the name or ARN of the Lambda function to call",
	"AfterInstall":          "the name or ARN of the Lambda function to call",
	"AfterAllowTestTraffic": "the name or ARN of the Lambda function to call",
}

// schemaTypeHints say what a value must be when it has the wrong kind, by
// its key (or its list's key), instead of naming the JSON types.
var schemaTypeHints = map[string]string{
	"owner":           "one user name, such as `apache`",
	"group":           "one group name, such as `apache`",
	"runas":           "one Linux user name, such as `ec2-user`",
	"pattern":         "one glob in double quotes, such as `\"*.html\"`",
	"user":            "one SELinux user name, such as `system_u`",
	"name":            "one SELinux user name, such as `system_u`",
	"PlatformVersion": "a text such as `\"1.4.0\"`, in quotes",
	"Subnets":         "a list of subnet IDs, such as `[subnet-0123456789abcdef0]`",
	"SecurityGroups":  "a list of security group IDs, such as `[sg-0123456789abcdef0]`",
}

// schemaItemNouns name a list's items, by the list's key.
var schemaItemNouns = map[string]string{
	"files":                    "files entry",
	"permissions":              "permissions entry",
	"Resources":                "Resources item",
	"Hooks":                    "Hooks item",
	"Subnets":                  "subnet",
	"SecurityGroups":           "security group",
	"except":                   "except item",
	"acls":                     "ACL entry",
	"type":                     "type item",
	"CapacityProviderStrategy": "capacity provider",
}

// schemaMessage says what is wrong, where, and what to do.
func schemaMessage(p *lint.Pass, v *schema.Violation, owner string) string {
	last, hintKey := "", ""
	if len(v.Path) > 0 {
		last, hintKey = v.Path[len(v.Path)-1], v.Path[len(v.Path)-1]
		if _, err := strconv.Atoi(last); err == nil && len(v.Path) > 1 {
			hintKey = v.Path[len(v.Path)-2] // a list item: what its list holds
		}
	}
	got := "nothing"
	if n := v.Node.Resolve(); n != nil {
		got = n.Describe()
	}
	switch v.Kind {
	case schema.Required:
		return schemaMsgRequired(p, v)
	case schema.Additional:
		return schemaMsgAdditional(p, v)
	}
	subject := schemaSubject(v.Path, v.Key)
	switch owner {
	case "AS203":
		return fmt.Sprintf("version is the quoted string %s; the EC2 agent compares it with the number 0.0 and fails the deployment. Remove the quotes: `version: 0.0`", v.Node.Resolve().Raw)
	case "AS202":
		return fmt.Sprintf("version is %s, but the only AppSpec version is 0.0; write `version: 0.0`", got)
	case "AS401":
		return "permissions are not supported on Windows Server instances, and with `os: windows` the agent fails the deployment at the first entry; remove the `permissions` section"
	case "AS503":
		return fmt.Sprintf("%s is a step the CodeDeploy agent performs itself; scripts listed under it never run. Move them to a scriptable event such as %s", last, schemaReservedAlternative(last))
	}
	switch last {
	case "mode":
		if v.Kind != schema.Type {
			return fmt.Sprintf("`mode` is %s, which is not a mode: write one to four octal digits, e.g. `644` or `\"0755\"`", got)
		}
	case "timeout":
		if v.Kind != schema.Type {
			return fmt.Sprintf("`timeout` is %s, which is not a whole number of seconds, 1 or more; write e.g. `timeout: 300`", got)
		}
	case "location":
		if v.Kind == schema.Pattern {
			return "`location` is blank; write the path of the script inside the revision, e.g. `location: scripts/start.sh`"
		}
	case "ContainerPort":
		if schemaQuotedNumber(v.Node) {
			return fmt.Sprintf("`ContainerPort` is the text %s; the AppSpec documents it as a number, the one property that is not a text: write it without quotes, `ContainerPort: %s`", v.Node.Resolve().Raw, v.Node.Resolve().Value)
		}
		if v.Kind != schema.Type || !schemaEmpty(v.Node) {
			return fmt.Sprintf("`ContainerPort` is %s, but it must be the port number of the container that receives the traffic, e.g. 80", got)
		}
	case "CurrentVersion", "TargetVersion":
		if !schemaEmpty(v.Node) {
			return fmt.Sprintf("`%s` is %s, but it must be a published version of the function, a positive whole number such as \"2\" ($LATEST, aliases and ARNs are not accepted)", last, got)
		}
	}
	// The sizes and limits of the list and mapping kinds.
	count, _ := v.Got.(int)
	limit, _ := strconv.Atoi(v.Limit)
	switch v.Kind {
	case schema.Type:
		if len(v.Path) == 0 {
			return fmt.Sprintf("the appspec is %s, not a mapping of keys; it must start with keys such as `version: 0.0`", got)
		}
		if schemaEmpty(v.Node) {
			if hint := schemaValueHints[hintKey]; hint != "" {
				return fmt.Sprintf("%s has no value; give %s", subject, hint)
			}
		}
		if hint := schemaTypeHints[hintKey]; hint != "" && hintKey == last {
			return fmt.Sprintf("%s is %s, but it must be %s", subject, got, hint)
		}
		return fmt.Sprintf("%s is %s, but it must be %s", subject, got, schemaTypeWords(v.Want))
	case schema.Const:
		return fmt.Sprintf("%s is %s, but it must be `%v`", subject, got, v.Want[0])
	case schema.Enum:
		var words []string
		for _, w := range v.Want {
			if w != nil {
				words = append(words, fmt.Sprintf("`%v`", w))
			}
		}
		msg := fmt.Sprintf("%s is %s, but it must be %s", subject, got, schemaOr(words))
		if s, ok := v.Got.(string); ok {
			var cands []string
			for _, w := range v.Want {
				if ws, ok := w.(string); ok {
					cands = append(cands, ws)
				}
			}
			if want := schemaSuggestValue(s, cands); want != "" {
				msg += didYouMean("`" + want + "`")
			}
		}
		return msg
	case schema.MinItems:
		if v.Got == 0 {
			if last == "Resources" {
				return fmt.Sprintf("`Resources` is empty; list the %s to deploy under it", structResourceWord(p.Platform))
			}
			return fmt.Sprintf("%s is empty; it needs at least %s item%s", subject, v.Limit, plural(limit))
		}
		return fmt.Sprintf("%s has %d item%s, but it needs at least %s", subject, count, plural(count), v.Limit)
	case schema.MaxItems:
		switch last {
		case "Resources":
			if p.Platform == lint.ECS {
				return "an ECS appspec deploys exactly one service, the `- TargetService:` item; remove this extra item"
			}
			return "a Lambda appspec deploys exactly one function; remove this extra resource, or deploy it with its own appspec"
		case "Subnets", "SecurityGroups":
			return fmt.Sprintf("`%s` lists %v entries, but ECS accepts at most %s; this one is over the limit", last, v.Got, v.Limit)
		}
		return fmt.Sprintf("%s has %d item%s, but at most %s %s allowed", subject, count, plural(count), v.Limit, isAre(limit))
	case schema.MinLength, schema.Pattern:
		if v.Kind == schema.Pattern && (len(v.Want) == 0 || v.Want[0] != `\S`) {
			return fmt.Sprintf("%s is %s, which does not have the required form", subject, got)
		}
		// minLength 1, or the pattern \S: a text that is empty or blank.
		if hint := schemaValueHints[hintKey]; hint != "" {
			return fmt.Sprintf("%s is empty; give %s", subject, hint)
		}
		return fmt.Sprintf("%s is empty", subject)
	case schema.Minimum:
		return fmt.Sprintf("%s is %v, but it must be at least %s", subject, v.Got, v.Limit)
	case schema.Maximum:
		return fmt.Sprintf("%s is %v, but it must be at most %s", subject, v.Got, v.Limit)
	case schema.MinProperties:
		if len(v.Path) >= 1 && v.Path[0] == "Hooks" {
			return fmt.Sprintf("%s is empty; write a hook as `- %s: MyFunction`", subject, schemaHookNames(p.Platform)[0])
		}
		return fmt.Sprintf("%s is an empty mapping", subject)
	case schema.MaxProperties:
		if len(v.Path) >= 1 && v.Path[0] == "Hooks" {
			return fmt.Sprintf("%s holds %v hooks; write each hook as its own list item, `- Name: function`, with a `- ` before each", subject, v.Got)
		}
		if len(v.Path) >= 1 && v.Path[0] == "Resources" {
			return fmt.Sprintf("%s holds %v resources, but a Lambda appspec deploys exactly one function; keep one", subject, v.Got)
		}
		return fmt.Sprintf("%s has %d key%s, but at most %s %s allowed", subject, count, plural(count), v.Limit, isAre(limit))
	}
	return fmt.Sprintf("%s does not match the AppSpec schema of its platform", subject)
}

func schemaMsgRequired(p *lint.Pass, v *schema.Violation) string {
	name := v.Property
	if len(v.Path) == 0 {
		switch name {
		case "version":
			return "the appspec has no version; add `version: 0.0` as the first line"
		case "os":
			return "the appspec has no os; add `os: linux` or `os: windows` (the agent fails with \"unsupported operating system ()\")"
		case "Resources":
			return fmt.Sprintf("the appspec has no `Resources`; %s appspec must list the resource to deploy under `Resources:`", structPlatformName(p.Platform))
		}
	}
	subject := schemaSubject(v.Path, v.Key)
	if len(v.Path) > 0 && v.Path[len(v.Path)-1] == "AwsvpcConfiguration" {
		return fmt.Sprintf("%s has no `%s`; give `Subnets`, `SecurityGroups` and `AssignPublicIp` together, or none of them to keep the service's network settings", subject, name)
	}
	hint := schemaRequiredHints[name]
	switch {
	case name == "Type" && p.Platform == lint.ECS:
		hint = "`Type: AWS::ECS::Service`"
	case name == "Type" && p.Platform == lint.Lambda:
		hint = "`Type: AWS::Lambda::Function`"
	case hint == "":
		hint = "`" + name + ":`"
	}
	return fmt.Sprintf("%s has no `%s`; add %s", subject, name, hint)
}

func schemaMsgAdditional(p *lint.Pass, v *schema.Violation) string {
	name := v.Property
	if v.Key != nil {
		name = structKeyName(v.Key)
	}
	if p.Platform == lint.EC2 && len(v.Path) == 1 && v.Path[0] == "hooks" {
		if r := hookReserved(name); r != "" {
			return fmt.Sprintf("`%s` is the reserved event %s, a step the CodeDeploy agent performs itself, and in another case than the agent's; scripts listed under it never run. Move them to a scriptable event such as %s", name, r, schemaReservedAlternative(r))
		}
		msg := fmt.Sprintf("`%s` is not a lifecycle event the agent knows, so its scripts never run", name)
		if want := structSuggestKey(name, ScriptableEvents); want != "" {
			return msg + didYouMean(want)
		}
		return msg + "; the scriptable events are " + schemaAnd(ScriptableEvents)
	}
	if len(v.Path) == 2 && v.Path[0] == "Hooks" {
		msg := fmt.Sprintf("`%s` is not a hook of %s appspec", name, structPlatformName(p.Platform))
		if want := structSuggestKey(name, v.Allowed); want != "" {
			return msg + didYouMean(want)
		}
		return msg + "; the hooks are " + schemaAnd(v.Allowed)
	}
	where := "the appspec"
	if len(v.Path) > 0 {
		where = schemaSubject(v.Path, schemaKeyOf(v.Key))
	}
	msg := fmt.Sprintf("`%s` is not a key of %s", name, where)
	if p.Platform == lint.EC2 {
		msg += " and the agent ignores it"
	}
	if want := structSuggestKey(name, v.Allowed); want != "" {
		return msg + didYouMean("`"+want+"`")
	}
	if len(v.Allowed) > 0 {
		msg += "; the keys there are " + schemaAnd(v.Allowed)
	}
	return msg
}

// schemaSubject names the value at path for a message: "the appspec",
// "`Properties`" (as written), or "this files entry" for a list item.
func schemaSubject(path []string, key *lint.Node) string {
	if len(path) == 0 {
		return "the appspec"
	}
	if key != nil {
		// A mapping's value, even under a key that looks like a list
		// index (a Lambda resource named 2024).
		return "`" + structKeyName(key) + "`"
	}
	last := path[len(path)-1]
	if _, err := strconv.Atoi(last); err == nil && len(path) >= 2 {
		parent := path[len(path)-2]
		if len(path) == 3 && path[0] == "hooks" {
			return "this script entry of " + parent
		}
		if noun := schemaItemNouns[parent]; noun != "" {
			return "this " + noun
		}
		return "this item of `" + parent + "`"
	}
	return "`" + last + "`"
}

// schemaKeyOf finds the key whose value is the mapping that holds key n,
// for naming that mapping; n is nil when the validator could not place the
// key (merged in through more than 64 merge keys).
func schemaKeyOf(n *lint.Node) *lint.Node {
	if n == nil {
		return nil
	}
	return pairKey(n.Parent) // a key always has its mapping as parent
}

// schemaTypeWords says which kinds of value a key takes. null is left out:
// that a key may be left empty is not what the message is about.
func schemaTypeWords(want []any) string {
	var words []string
	for _, w := range want {
		switch w {
		case "object":
			words = append(words, "a mapping")
		case "array":
			words = append(words, "a list")
		case "string":
			words = append(words, "a text")
		case "integer":
			words = append(words, "a whole number")
		case "number":
			words = append(words, "a number")
		case "boolean":
			words = append(words, "a boolean (`true` or `false`)")
		}
	}
	if len(words) == 0 {
		return "empty"
	}
	return schemaOr(words)
}

// schemaSuggestValue finds the enum value a near miss meant: a different
// case or stray spaces, or a typo or two.
func schemaSuggestValue(got string, cands []string) string {
	t := strings.TrimSpace(got)
	for _, c := range cands {
		if strings.EqualFold(t, c) {
			return c
		}
	}
	if len([]rune(t)) < 4 {
		return ""
	}
	return suggest(t, cands, 2)
}

// schemaReservedAlternative names where the scripts of a reserved event go.
func schemaReservedAlternative(event string) string {
	switch hookReserved(event) {
	case "Install", "DownloadBundle":
		return "AfterInstall or BeforeInstall"
	case "BlockTraffic":
		return "BeforeBlockTraffic or AfterBlockTraffic"
	case "AllowTraffic":
		return "BeforeAllowTraffic or AfterAllowTraffic"
	case "End":
		return "ValidateService"
	}
	return "BeforeInstall"
}

func schemaHookNames(pl lint.Platform) []string {
	if pl == lint.ECS {
		return []string{"BeforeInstall", "AfterInstall", "AfterAllowTestTraffic", "BeforeAllowTraffic", "AfterAllowTraffic"}
	}
	return []string{"BeforeAllowTraffic", "AfterAllowTraffic"}
}

// schemaOr joins words as "a, b or c"; schemaAnd as "a, b and c".
func schemaOr(words []string) string  { return schemaJoin(words, " or ") }
func schemaAnd(words []string) string { return schemaJoin(words, " and ") }

func schemaJoin(words []string, last string) string {
	if len(words) < 2 {
		return strings.Join(words, "")
	}
	return strings.Join(words[:len(words)-1], ", ") + last + words[len(words)-1]
}
