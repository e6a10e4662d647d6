package rules

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/appspec-lint/appspec-lint/lint"
)

// The agent's ModeInfo: mode.to_s, left-padded with 0 to three characters,
// must then be at most four characters, each 0-7. The to_s is of what YAML
// 1.1 made of the text, so an unquoted 0644 arrives as the integer 420.

// permModeProblem is why the agent rejects a mode string, or "".
func permModeProblem(s string) string {
	for len(s) < 3 {
		s = "0" + s
	}
	if len(s) > 4 {
		return fmt.Sprintf("is %d characters long, but at most 4 are allowed", len([]rune(s)))
	}
	for _, c := range s {
		if c < '0' || c > '7' {
			return fmt.Sprintf("contains %s, but only the octal digits 0-7 are allowed", permShowChar(c))
		}
	}
	return ""
}

func permShowChar(c rune) string {
	switch c {
	case '\n':
		return "a line break"
	case ' ':
		return "a space"
	case '\t':
		return "a tab"
	}
	return "`" + string(c) + "`"
}

// permOctalValue reads a valid agent mode string as the mode it sets.
func permOctalValue(s string) int64 {
	v, _ := strconv.ParseInt(s, 8, 64)
	return v
}

// PermissionsModeLeadingZero is AS411.
var PermissionsModeLeadingZero = &lint.Rule{
	ID: "AS411", Name: "permissions-mode-leading-zero", Severity: lint.Error,
	Platforms: lint.EC2, Category: "permissions",
	Summary: "an unquoted mode with a leading zero is read as an octal number",
	Doc: `The agent reads the appspec with a YAML 1.1 parser, where an unquoted number
with a leading zero is octal. mode: 0644 becomes the number 420, and the agent
then applies mode 420 (r---w----) without any error; mode: 0755 becomes 493,
which fails the deployment because 9 is not an octal digit. Quote the mode:
the agent left-pads it with zeros to three characters and accepts up to four
octal digits, so "0644" and "644" both mean rw-r--r--. (0000 or 0007 read the
same either way and are not reported.)

Bad:

    permissions:
      - object: /var/www/html
        mode: 0644

Good:

    permissions:
      - object: /var/www/html
        mode: "0644"
`,
	Permission: func(p *lint.Pass, perm *lint.Permission) {
		if perm.Mode == nil || !permIsLinuxEC2(p) {
			return
		}
		n := perm.Mode.ValueNode()
		v := permLoad(n)
		if v.Kind != permRbInt || v.Form != "octal" {
			return
		}
		digits := strings.TrimLeft(permReThousands.Replace(n.Value), "+")
		if strings.HasPrefix(digits, "-") {
			return // AS412
		}
		problem := permModeProblem(v.Str)
		if problem == "" && permOctalValue(v.Str) == permOctalValue(digits) {
			return // 0000, 0007: the same mode either way
		}
		quoted := digits
		for len(quoted) > 4 && quoted[0] == '0' {
			quoted = quoted[1:]
		}
		var d *lint.Diagnostic
		if problem != "" {
			d = p.Report(n, "mode %s is an octal number in YAML 1.1: the agent reads it as %s and fails the deployment (%s %s); quote it: `\"%s\"`",
				permCode(n.Raw), v.Str, v.Str, problem, quoted)
		} else {
			d = p.Report(n, "mode %s is an octal number in YAML 1.1: the agent reads it as %s and silently sets mode %s instead of %s; quote it: `\"%s\"`",
				permCode(n.Raw), v.Str, permPad3(v.Str), quoted, quoted)
		}
		if len(quoted) <= 4 {
			d.WithFix(lint.IntentFix, "quote the mode", lint.Edit{Range: n.Range, NewText: `"` + quoted + `"`})
		}
	},
}

func permPad3(s string) string {
	for len(s) < 3 {
		s = "0" + s
	}
	return s
}

// PermissionsModeFormat is AS412.
var PermissionsModeFormat = &lint.Rule{
	ID: "AS412", Name: "permissions-mode-format", Severity: lint.Error,
	Platforms: lint.EC2, Category: "permissions",
	Summary: "mode must be one to four octal digits",
	Doc: `The agent turns mode into text, pads it with leading zeros to three
characters, and fails the deployment if the result is longer than four
characters or holds anything but the digits 0-7 ("length of a permissions
mode" / "contains an invalid character"). Symbolic modes such as u+x or
rwxr-xr-x are not supported; a decimal point, a sign, or a YAML 1.1 reading
such as 6:44 (a base-60 number) fail too. 12 means 012; 2775 sets setgid.

Bad:

    permissions:
      - object: /opt/app/bin
        mode: u+x

Good:

    permissions:
      - object: /opt/app/bin
        mode: 755
`,
	Permission: func(p *lint.Pass, perm *lint.Permission) {
		if perm.Mode == nil || !permIsLinuxEC2(p) {
			return
		}
		n := perm.Mode.ValueNode()
		v := permLoad(n)
		switch v.Kind {
		case permRbNil, permRbOther:
			return
		case permRbHash, permRbArray:
			p.Report(n, "mode is %s, but it must be one to four octal digits such as 644 or \"0755\", and the agent fails the deployment", n.Describe())
			return
		case permRbInt:
			if v.Form == "octal" && !strings.HasPrefix(n.Value, "-") {
				return // AS411
			}
		}
		problem := permModeProblem(v.Str)
		if problem == "" {
			if v.Kind == permRbInt && (v.Form == "hex" || v.Form == "binary" || v.Form == "sexagesimal") {
				p.Report(n, "mode %s is a %s number in YAML 1.1: the agent reads it as %s and sets mode %s; write the octal digits you mean, quoted, such as `\"644\"`",
					permCode(n.Raw), v.Form, v.Str, permPad3(v.Str))
			}
			return
		}
		hint := "write one to four octal digits, such as 644 or \"0755\""
		if oct, ok := permSymbolicMode(v.Str); ok {
			hint = fmt.Sprintf("symbolic modes are not supported; write %s", oct)
		} else if v.Kind == permRbString && permReSymbolic.MatchString(v.Str) {
			hint = "symbolic modes are not supported; write the full octal mode, such as 755"
		}
		if v.Str != n.Value || v.Kind != permRbString {
			p.Report(n, "mode %s fails the deployment: the agent reads it as %s, which %s; %s", permCode(n.Raw), v.name(), problem, hint)
			return
		}
		p.Report(n, "mode %s fails the deployment: it %s; %s", permCode(n.Raw), problem, hint)
	},
}

var permReSymbolic = lazyRE(`^[ugoa]*[-+=][rwxXst]*(,[ugoa]*[-+=][rwxXst]*)*$`)

// permSymbolicMode converts an ls-style mode (rwxr-xr-x) to octal.
func permSymbolicMode(s string) (string, bool) {
	if len(s) != 9 {
		return "", false
	}
	out := ""
	for i := 0; i < 9; i += 3 {
		d := 0
		for j, want := range "rwx" {
			switch s[i+j] {
			case byte(want):
				d |= 4 >> j
			case '-':
			default:
				return "", false
			}
		}
		out += strconv.Itoa(d)
	}
	return out, true
}

func init() { register(PermissionsModeLeadingZero, PermissionsModeFormat) }
