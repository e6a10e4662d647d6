package rules

import (
	"errors"
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/appspec-lint/appspec-lint/lint"
)

// The EC2 agent loads the appspec with Ruby's YAML.load (Psych 4, YAML 1.1
// rules), then works on Ruby values: `timeout` goes through to_i and `sudo`
// through Ruby truthiness. The tree's tags are YAML 1.2, so the hook rules
// resolve scalars the way Psych does instead.

// hookRubyKind is the Ruby class a scalar becomes.
type hookRubyKind int

const (
	hookRubyNil hookRubyKind = iota
	hookRubyFalse
	hookRubyTrue
	hookRubyInt
	hookRubyFloat
	hookRubyString
	hookRubySymbol     // `:name`
	hookRubyDate       // a date or time: Psych 4's safe load refuses it
	hookRubyNoDigits   // a float without digits (.e+3): Ruby's Float() raises, the load fails
	hookRubyCollection // a list or a mapping
)

// hookRubyValue is a scalar as the agent sees it.
type hookRubyValue struct {
	Kind  hookRubyKind
	Int   int64   // hookRubyInt
	Float float64 // hookRubyFloat
	Str   string  // hookRubyString, hookRubySymbol
}

var (
	hookPsychTime     = lazyRE(`^-?\d{4}-\d{1,2}-\d{1,2}(?:[Tt]|\s+)\d{1,2}:\d\d:\d\d(?:\.\d*)?(?:\s*(?:Z|[-+]\d{1,2}:?(?:\d\d)?))?$`)
	hookPsychDate     = lazyRE(`^\d{4}-(?:1[012]|0\d|\d)-(?:[12]\d|3[01]|0\d|\d)$`)
	hookPsychSexInt   = lazyRE(`^[-+]?[0-9][0-9_]*(:[0-5]?[0-9]){1,2}$`)
	hookPsychSexFloat = lazyRE(`^[-+]?[0-9][0-9_]*(:[0-5]?[0-9]){1,2}\.[0-9_]*$`)
	hookPsychFloat    = lazyRE(`^[-+]?([0-9][0-9_,]*)?\.[0-9]*([eE][-+][0-9]+)?$`)
	hookPsychInt      = lazyRE(`^(?:[-+]?0b[0-1_,]+|[-+]?0[0-7_,]+|[-+]?(?:0|[1-9](?:[0-9]|,[0-9]|_[0-9])*)|[-+]?0x[0-9a-fA-F_,]+)$`)
	hookPsychTrue     = lazyRE(`(?i)^(yes|true|on)$`)
	hookPsychFalse    = lazyRE(`(?i)^(no|false|off)$`)
	hookPsychNull     = lazyRE(`(?i)^null$`)
)

// hookRuby resolves n, a value in the tree (never nil), as Psych 4 would.
// Quoted and block scalars are strings; plain scalars follow Psych's
// ScalarScanner#tokenize. The parser resolves every alias (one without its
// anchor is a syntax error), so after Resolve n is a collection or a scalar.
func hookRuby(n *lint.Node) hookRubyValue {
	n = n.Resolve()
	if n.Kind == lint.MappingNode || n.Kind == lint.SequenceNode {
		return hookRubyValue{Kind: hookRubyCollection}
	}
	if n.Style != lint.Plain {
		return hookRubyValue{Kind: hookRubyString, Str: n.Value}
	}
	return hookPsychTokenize(n.Value)
}

// psychDateShaped is what Psych's date and time patterns need before
// anything else: an optional -, four digits and a - (a cheap test that spares
// most values the two regular expressions).
func psychDateShaped(s string) bool {
	s = strings.TrimPrefix(s, "-")
	if len(s) < 8 || s[4] != '-' {
		return false
	}
	for i := 0; i < 4; i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// hookPsychTokenize is Psych's ScalarScanner#tokenize for a plain scalar.
func hookPsychTokenize(s string) hookRubyValue {
	str := hookRubyValue{Kind: hookRubyString, Str: s}
	if hookDecimal(s) {
		// The common case, a plain number such as 300, without the regexps.
		if v, err := strconv.ParseInt(s, 10, 64); err == nil {
			return hookRubyValue{Kind: hookRubyInt, Int: v}
		}
	}
	switch {
	case s == "":
		return hookRubyValue{Kind: hookRubyNil}
	case hookPsychStringLike(s) || strings.Contains(s, "\n"):
		if len(s) > 5 {
			return str
		}
		switch c := strings.ToLower(s[:1]); {
		case !strings.ContainsAny(c, "ytonf~"):
			return str
		case s == "~" || hookPsychNull.MatchString(s):
			return hookRubyValue{Kind: hookRubyNil}
		case hookPsychTrue.MatchString(s):
			return hookRubyValue{Kind: hookRubyTrue}
		case hookPsychFalse.MatchString(s):
			return hookRubyValue{Kind: hookRubyFalse}
		}
		return str
	case psychDateShaped(s) && (hookPsychTime.MatchString(s) || hookPsychDate.MatchString(s)):
		return hookRubyValue{Kind: hookRubyDate}
	case strings.EqualFold(s, ".inf"), strings.EqualFold(s, "+.inf"):
		return hookRubyValue{Kind: hookRubyFloat, Float: math.Inf(1)}
	case strings.EqualFold(s, "-.inf"):
		return hookRubyValue{Kind: hookRubyFloat, Float: math.Inf(-1)}
	case strings.EqualFold(s, ".nan"):
		return hookRubyValue{Kind: hookRubyFloat, Float: math.NaN()}
	case len(s) > 1 && s[0] == ':':
		return hookRubyValue{Kind: hookRubySymbol, Str: s[1:]}
	case strings.IndexByte(s, ':') >= 0 && hookPsychSexInt.MatchString(s):
		// Psych weighs the parts as 60**|i-2| and applies to_i to each, sign
		// included, so "1:30" is 1*3600 + 30*60.
		// Summed as floats (exact below 2**53) and saturated: Ruby's
		// Integer has no limit, and int64 arithmetic would wrap.
		var total float64
		for i, part := range strings.Split(s, ":") {
			total += float64(hookRubyToI(part)) * math.Pow(60, math.Abs(float64(i-2)))
		}
		return hookRubyValue{Kind: hookRubyInt, Int: saturateInt64(total)}
	case strings.IndexByte(s, ':') >= 0 && hookPsychSexFloat.MatchString(s):
		var total float64
		for i, part := range strings.Split(s, ":") {
			f, _ := strconv.ParseFloat(strings.ReplaceAll(part, "_", ""), 64)
			total += f * math.Pow(60, math.Abs(float64(i-2)))
		}
		return hookRubyValue{Kind: hookRubyFloat, Float: total}
	case strings.IndexByte(s, '.') >= 0 && hookPsychFloat.MatchString(s):
		if strings.Trim(s, "+-") == "." {
			return str
		}
		t := hookDropGrouping.Replace(s)
		t = strings.Replace(t, ".e", "e", 1)
		t = strings.Replace(t, ".E", "E", 1)
		t = strings.TrimSuffix(t, ".")
		f, err := strconv.ParseFloat(t, 64)
		if err != nil && !errors.Is(err, strconv.ErrRange) {
			// .e+3: Psych calls Float("e+3"), which raises, and the
			// appspec does not load.
			return hookRubyValue{Kind: hookRubyNoDigits}
		}
		// Out of range, Ruby's Float() gives Infinity as ParseFloat does:
		// 1.0e+999 is not 1.
		return hookRubyValue{Kind: hookRubyFloat, Float: f}
	case psychIntMatch(s, hookPsychInt):
		// Ruby's Integer(): 0b, 0 (octal) and 0x prefixes.
		t := hookDropGrouping.Replace(s)
		v, err := strconv.ParseInt(t, 0, 64)
		if err != nil {
			v = math.MaxInt64 // Ruby has big integers; the value is just huge
			if strings.HasPrefix(t, "-") {
				v = math.MinInt64
			}
		}
		return hookRubyValue{Kind: hookRubyInt, Int: v}
	}
	return str
}

// hookDropGrouping removes the `,` and `_` Psych allows between digits.
var hookDropGrouping = strings.NewReplacer(",", "", "_", "")

// hookDecimal reports whether s is digits without a leading zero (or "0").
func hookDecimal(s string) bool {
	if s == "" || (s[0] == '0' && len(s) > 1) {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// hookPsychStringLike is Psych's first test, /^[^\d.:-]?[[:alpha:]_\s!@#$%^&*(){}<>|\/\\~;=]+/,
// written out because it runs on every scalar the hook rules read. For ""
// there is no rune to match (RuneError and no second rune): false.
func hookPsychStringLike(s string) bool {
	in := func(r rune) bool {
		return unicode.IsLetter(r) || strings.ContainsRune(" \t\r\n\f\v_!@#$%^&*(){}<>|/\\~;=", r)
	}
	r0, n := utf8.DecodeRuneInString(s)
	if in(r0) {
		return true
	}
	if strings.ContainsRune("0123456789.:-", r0) {
		return false
	}
	r1, m := utf8.DecodeRuneInString(s[n:])
	return m > 0 && in(r1)
}

// hookRubyToI is Ruby's String#to_i: leading whitespace, an optional sign,
// then decimal digits (single underscores between digits allowed); anything
// else ends the number, and no digits at all give 0.
func hookRubyToI(s string) int64 {
	s = strings.TrimLeft(s, " \t\n\v\f\r")
	neg := false
	if s != "" && (s[0] == '+' || s[0] == '-') {
		neg = s[0] == '-'
		s = s[1:]
	}
	var v int64
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '_' && i > 0 && i+1 < len(s) && s[i-1] != '_' && s[i+1] >= '0' && s[i+1] <= '9' {
			continue
		}
		if c < '0' || c > '9' {
			break
		}
		if v > (math.MaxInt64-9)/10 {
			break // large enough; the agent has no maximum either
		}
		v = v*10 + int64(c-'0')
	}
	if neg {
		return -v
	}
	return v
}

// hookNil reports whether the agent reads n as nil: absent, empty, ~ or null
// in any case.
func hookNil(n *lint.Node) bool {
	n = n.Resolve()
	return n == nil || (n.Kind == lint.ScalarNode && hookRuby(n).Kind == hookRubyNil)
}

// hookRubyTruthy is Ruby truthiness: only nil and false are false.
func (v hookRubyValue) truthy() bool {
	return v.Kind != hookRubyNil && v.Kind != hookRubyFalse
}

// psychIntChar marks the characters of the integer patterns: digits, signs,
// the 0b and 0x prefixes, hex digits and the _ and , separators.
var psychIntChar = newByteSet("0123456789+-_,bxabcdefABCDEF")

// psychIntMatch is re.MatchString(s) for Psych's integer pattern (re is
// hookPsychInt or permReInteger), without the regexp for the usual value, a
// string of digits: that matches when it is 0, has no leading 0, or is an
// octal 0[0-7]+ (in both patterns).
func psychIntMatch(s string, re *lazyRegexp) bool {
	if s == "" {
		return re.MatchString(s)
	}
	octal := s[0] == '0'
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			if !psychIntChar[c] {
				return false // no integer form has this character
			}
			return re.MatchString(s)
		}
		if octal && c > '7' {
			return false
		}
	}
	return true
}

// saturateInt64 is f truncated toward zero, clamped to int64's range (Go's
// conversion of a float out of range gives an unspecified value).
func saturateInt64(f float64) int64 {
	switch {
	case f >= math.MaxInt64:
		return math.MaxInt64
	case f <= math.MinInt64:
		return math.MinInt64
	}
	return int64(f)
}

// hookUnloadable says why the agent's YAML reader fails on a scalar that
// reads as v, or "" when it loads.
func hookUnloadable(v hookRubyValue) string {
	switch v.Kind {
	case hookRubyDate:
		return "a date, which the agent's YAML reader refuses to load"
	case hookRubyNoDigits:
		return "a float without digits, on which the agent's YAML reader fails (Ruby's Float() raises)"
	}
	return ""
}

// hookReportUnloadable reports the value n of a script entry's key when the
// agent's YAML reader cannot load it: the agent cannot read the file, so the
// deployment fails whatever the key means. It says what to write instead.
func hookReportUnloadable(p *lint.Pass, key string, n *lint.Node, write string) bool {
	why := hookUnloadable(hookRuby(n))
	if why == "" {
		return false
	}
	p.Report(n, "%s is %s, %s, so the agent cannot read the AppSpec file and the deployment fails; write %s", key, hookShow(n), why, write).
		WithSeverity(lint.Error)
	return true
}
