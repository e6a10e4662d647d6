package rules

import (
	"fmt"
	"sort"
	"strings"

	"github.com/appspec-lint/appspec-lint/lint"
)

// PermissionsContextTypeRequired is AS417.
var PermissionsContextTypeRequired = &lint.Rule{
	ID: "AS417", Name: "permissions-context-type-required", Severity: lint.Error,
	Platforms: lint.EC2, Category: "permissions",
	Summary: "an SELinux context needs a type",
	Doc: `context sets an SELinux label with semanage, and type is the one part it
needs. A context without type fails the deployment ("invalid context type").
context must be a mapping of type, and optionally range; an empty type makes
the semanage call fail during Install.

Bad:

    permissions:
      - object: /var/www/html
        context:
          range: s0

Good:

    permissions:
      - object: /var/www/html
        context:
          type: httpd_sys_content_t
          range: s0
`,
	Permission: func(p *lint.Pass, perm *lint.Permission) {
		if perm.Context == nil || !permIsLinuxEC2(p) {
			return
		}
		n := perm.Context.ValueNode()
		switch permLoad(n).Kind {
		case permRbNil, permRbOther:
			return
		case permRbHash:
		default:
			p.Report(n, "`context` is %s, but it must be a mapping with `type` (and optionally `range`), such as `type: httpd_sys_content_t`; the agent fails the deployment", n.Describe())
			return
		}
		t := n.Get("type")
		if t == nil {
			p.Report(perm.Context.Key, "`context` has no `type`, and the agent fails the deployment (\"invalid context type\"); add the SELinux type, such as `type: httpd_sys_content_t`")
			return
		}
		switch v := permLoad(t.ValueNode()); {
		case v.Kind == permRbNil:
			p.Report(t.Key, "`type` has no value, and the agent fails the deployment (\"invalid context type\"); give the SELinux type, such as `httpd_sys_content_t`")
		case v.Kind == permRbString && strings.TrimSpace(v.Str) == "":
			p.Report(t.Value, "`type` is empty, so the agent's semanage call fails during Install; give the SELinux type, such as `httpd_sys_content_t`")
		case v.Kind == permRbHash || v.Kind == permRbArray:
			p.Report(t.ValueNode(), "`type` is %s, but it must be one SELinux type, such as `httpd_sys_content_t`", t.ValueNode().Describe())
		}
	},
}

// PermissionsContextUserIgnored is AS418.
var PermissionsContextUserIgnored = &lint.Rule{
	ID: "AS418", Name: "permissions-context-user-ignored", Severity: lint.Warning,
	Platforms: lint.EC2, Category: "permissions",
	Summary: "context.user is ignored by the agent",
	Doc: `The user guide documents context.user for the SELinux user, but the agent
reads the user from a key named name, so user is silently dropped and no
SELinux user is passed to semanage. The undocumented name key is what works
today; since it is undocumented, this rule does not propose it as a fix. If
the default SELinux user is fine, remove user.

Bad:

    permissions:
      - object: /var/www/html
        context:
          user: system_u
          type: httpd_sys_content_t

Good:

    permissions:
      - object: /var/www/html
        context:
          type: httpd_sys_content_t
`,
	Permission: func(p *lint.Pass, perm *lint.Permission) {
		if !permIsLinuxEC2(p) {
			return
		}
		ctx := perm.Context.ValueNode()
		u := ctx.Get("user")
		if u == nil || u.ValueNode().IsNull() {
			return
		}
		p.Report(u.Key, "the agent ignores `context.user` (it reads the SELinux user from an undocumented `name` key), so %s is never applied; remove `user` or expect the default SELinux user", u.ValueNode().Describe())
	},
}

// PermissionsContextRangeFormat is AS419.
var PermissionsContextRangeFormat = &lint.Rule{
	ID: "AS419", Name: "permissions-context-range-format", Severity: lint.Error,
	Platforms: lint.EC2, Category: "permissions",
	Summary: "an SELinux range the agent cannot parse fails the deployment",
	Doc: `range is an MLS/MCS range: a sensitivity sN, optionally -sM with M >= N,
then optionally ":" and a comma-separated list of categories cX or ranges cX.cY
(X <= Y), each at most c1023 and none repeated. The agent parses it strictly and
fails the deployment on anything else. range only matters when MLS/MCS is
enabled; the default is s0.

Bad:

    permissions:
      - object: /var/www/html
        context:
          type: httpd_sys_content_t
          range: s3-s2:c0.c1024

Good:

    permissions:
      - object: /var/www/html
        context:
          type: httpd_sys_content_t
          range: s2-s3:c0.c1023
`,
	Permission: func(p *lint.Pass, perm *lint.Permission) {
		if !permIsLinuxEC2(p) {
			return
		}
		ctx := perm.Context.ValueNode()
		r := ctx.Get("range")
		if r == nil {
			return
		}
		n := r.ValueNode()
		v := permLoad(n)
		switch v.Kind {
		case permRbNil, permRbOther:
			return
		case permRbString:
			if problem := permRangeProblem(v.Str); problem != "" {
				p.Report(n, "SELinux range %s is invalid: %s", permCode(n.Raw), problem)
			}
			return
		}
		p.Report(n, "SELinux range %s is read as %s, not text, and the agent crashes on it; write a range such as `s0` or `s0:c0.c1023`", permCode(n.Raw), v.name())
	},
}

// permRangeParts is the agent's ensure_parts: split once on sep when sep is
// present, and require every part to be non-empty.
func permRangeParts(s, sep string) ([]string, bool) {
	var parts []string
	if strings.Contains(s, sep) {
		a, b, _ := strings.Cut(s, sep)
		parts = []string{a, b}
	} else if s != "" {
		parts = []string{s}
	}
	if len(parts) == 0 {
		return nil, false
	}
	for _, p := range parts {
		if p == "" {
			return nil, false
		}
	}
	return parts, true
}

// permLevel checks an sN or cN word: the letter, then only digits. It
// returns the digits without leading zeros.
func permLevel(word string, letter byte) (string, bool) {
	if len(word) < 2 || word[0] != letter {
		return "", false
	}
	digits := word[1:]
	for i := 0; i < len(digits); i++ {
		if digits[i] < '0' || digits[i] > '9' {
			return "", false
		}
	}
	digits = strings.TrimLeft(digits, "0")
	if digits == "" {
		digits = "0"
	}
	return digits, true
}

// permLess compares two digit strings without leading zeros.
func permLess(a, b string) bool {
	if len(a) != len(b) {
		return len(a) < len(b)
	}
	return a < b
}

// permCategory reads cN as a number 0-1023.
func permCategory(word string) (int, string) {
	digits, ok := permLevel(word, 'c')
	if !ok {
		return 0, fmt.Sprintf("`%s` is not a category; write c followed by a number from 0 to 1023, such as c5", word)
	}
	if len(digits) > 4 || (len(digits) == 4 && digits > "1023") {
		return 0, fmt.Sprintf("`%s` is above c1023, the highest category", word)
	}
	n := 0
	for i := 0; i < len(digits); i++ {
		n = n*10 + int(digits[i]-'0')
	}
	return n, ""
}

// permRangeProblem checks a range exactly as the agent's RangeInfo does and
// says what is wrong, or "" when it is valid.
func permRangeProblem(r string) string {
	parts, ok := permRangeParts(r, ":")
	if !ok {
		if r == "" {
			return "it is empty; write a sensitivity such as `s0`"
		}
		return "a part before or after `:` is missing; write `sN` or `sN:cX`, such as `s0:c0.c1023`"
	}
	sens, ok := permRangeParts(parts[0], "-")
	if !ok {
		return fmt.Sprintf("`%s` has a missing sensitivity around `-`; write `sN` or `sN-sM`, such as `s0-s3`", parts[0])
	}
	low, ok := permLevel(sens[0], 's')
	if !ok {
		return fmt.Sprintf("`%s` is not a sensitivity; write s followed by a number, such as s0", sens[0])
	}
	if len(sens) == 2 {
		high, ok := permLevel(sens[1], 's')
		if !ok {
			return fmt.Sprintf("`%s` is not a sensitivity; write s followed by a number, such as s0", sens[1])
		}
		if permLess(high, low) {
			return fmt.Sprintf("the high sensitivity `%s` is below the low one `%s`; write `%s-%s`", sens[1], sens[0], sens[1], sens[0])
		}
	}
	if len(parts) < 2 {
		return ""
	}
	// Ruby's split(",") drops trailing empty fields.
	cats := strings.Split(parts[1], ",")
	for len(cats) > 0 && cats[len(cats)-1] == "" {
		cats = cats[:len(cats)-1]
	}
	type span struct {
		lo, hi int
		text   string
	}
	var spans []span
	for _, c := range cats {
		if c == "" {
			return "there is an empty category between two commas; remove the extra comma"
		}
		if strings.Contains(c, ".") {
			ends, ok := permRangeParts(c, ".")
			if !ok {
				return fmt.Sprintf("the category range `%s` is missing an end; write `cX.cY`, such as c0.c255", c)
			}
			lo, problem := permCategory(ends[0])
			if problem != "" {
				return problem
			}
			hi, problem := permCategory(ends[1])
			if problem != "" {
				return problem
			}
			if hi < lo {
				return fmt.Sprintf("the category range `%s` runs backwards; write `%s.%s`", c, ends[1], ends[0])
			}
			spans = append(spans, span{lo, hi, c})
			continue
		}
		n, problem := permCategory(c)
		if problem != "" {
			return problem
		}
		spans = append(spans, span{n, n, c})
	}
	sort.SliceStable(spans, func(i, j int) bool { return spans[i].lo < spans[j].lo })
	for i := 1; i < len(spans); i++ {
		if spans[i].lo <= spans[i-1].hi {
			if spans[i].text == spans[i-1].text {
				return fmt.Sprintf("the category `%s` is listed twice; list each category once", spans[i].text)
			}
			return fmt.Sprintf("categories repeat (`%s` overlaps `%s`); list each category once", spans[i].text, spans[i-1].text)
		}
	}
	return ""
}

// PermissionsRoleUnsupported is AS424.
var PermissionsRoleUnsupported = &lint.Rule{
	ID: "AS424", Name: "permissions-role-unsupported", Severity: lint.Warning,
	Platforms: lint.EC2, Category: "permissions",
	Summary: "context.role is not supported and is ignored",
	Doc: `SELinux roles are not supported in an AppSpec context. The agent has a check
that fails the deployment when a role is set, but it never reads the role key,
so in practice role is silently ignored: the deployment goes ahead without it.
The reference lists this as an error; since the agent accepts the file, it is a
warning here. Remove role.

Bad:

    permissions:
      - object: /var/www/html
        context:
          role: object_r
          type: httpd_sys_content_t

Good:

    permissions:
      - object: /var/www/html
        context:
          type: httpd_sys_content_t
`,
	Permission: func(p *lint.Pass, perm *lint.Permission) {
		if !permIsLinuxEC2(p) {
			return
		}
		role := perm.Context.ValueNode().Get("role")
		if role == nil {
			return
		}
		p.Report(role.Key, "SELinux roles are not supported: the agent ignores `context.role`, so no role is applied; remove it")
	},
}

func init() {
	register(PermissionsContextTypeRequired, PermissionsContextUserIgnored, PermissionsContextRangeFormat, PermissionsRoleUnsupported)
}
