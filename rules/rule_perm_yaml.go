package rules

import (
	"errors"
	"math"
	"math/big"
	"strconv"
	"strings"

	"github.com/appspec-lint/appspec-lint/lint"
)

// The EC2 agent loads the appspec with Ruby's Psych, a YAML 1.1 loader, and
// then calls to_s, each or [] on what it got. For the permissions section the
// Ruby class of a value decides whether the agent works, fails with a message
// or crashes, and the Ruby text of a number decides the mode it sets. This
// file models how Psych turns a plain scalar into a Ruby value
// (Psych::ScalarScanner#tokenize), so rules can reason from the raw text
// rather than from go-yaml's YAML 1.2 reading.

// permRubyKind is the Ruby class Psych gives a value.
type permRubyKind int

const (
	permRbNil permRubyKind = iota
	permRbString
	permRbInt
	permRbFloat
	permRbBool
	permRbHash
	permRbArray
	// permRbOther is a value we do not model: a date, a time or a symbol
	// (which the agent's safe load refuses), or a scalar with an explicit
	// tag other than !!str.
	permRbOther
)

// permRuby is a value as the agent sees it.
type permRuby struct {
	Kind permRubyKind
	// Str is Ruby's to_s of a scalar value ("420" for a plain 0644).
	Str string
	// Form says how an integer was written: "decimal", "octal", "hex",
	// "binary" or "sexagesimal".
	Form string
}

// permLoad returns what the agent's YAML loader makes of n.
func permLoad(n *lint.Node) permRuby {
	n = n.Resolve()
	if n == nil {
		return permRuby{Kind: permRbNil}
	}
	switch n.Kind {
	case lint.MappingNode:
		return permRuby{Kind: permRbHash}
	case lint.SequenceNode:
		return permRuby{Kind: permRbArray}
	}
	// A scalar: the parser resolves every alias (one without its anchor is a
	// syntax error).
	if n.Tagged {
		// An explicit tag: !!str keeps the text; anything else is not modelled.
		if n.Tag == "!!str" {
			return permRuby{Kind: permRbString, Str: n.Value}
		}
		return permRuby{Kind: permRbOther}
	}
	if n.Style != lint.Plain {
		return permRuby{Kind: permRbString, Str: n.Value}
	}
	return permTokenize(n.Value)
}

// The regular expressions of Psych::ScalarScanner (Psych 4, the agent's Ruby 3).
var (
	permReTime      = lazyRE(`^-?\d{4}-\d{1,2}-\d{1,2}(?:[Tt]|\s+)\d{1,2}:\d\d:\d\d(?:\.\d*)?(?:\s*(?:Z|[-+]\d{1,2}:?(?:\d\d)?))?$`)
	permReDate      = lazyRE(`^\d{4}-(?:1[012]|0\d|\d)-(?:[12]\d|3[01]|0\d|\d)$`)
	permReSexInt    = lazyRE(`^[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+$`)
	permReSexFloat  = lazyRE(`^[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+\.[0-9_]*$`)
	permReFloat     = lazyRE(`^(?:[-+]?([0-9][0-9_,]*)?\.[0-9]*([eE][-+][0-9]+)?|[-+]?[0-9][0-9_,]*(:[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN))$`)
	permReInteger   = lazyRE(`^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+)$`)
	permReNotYTONF  = lazyRE(`^(?i)[^ytonf~]`)
	permReNull      = lazyRE(`^(?i)null$`)
	permReTrue      = lazyRE(`^(?i)(yes|true|on)$`)
	permReFalse     = lazyRE(`^(?i)(no|false|off)$`)
	permReInf       = lazyRE(`^(?i)\.inf$`)
	permReNegInf    = lazyRE(`^(?i)-\.inf$`)
	permReNaN       = lazyRE(`^(?i)\.nan$`)
	permReLoneDot   = lazyRE(`^[-+]?\.$`)
	permReThousands = strings.NewReplacer(",", "", "_", "")
)

// permStringy is Psych's first test, /^[^\d\.:-]?[A-Za-z_\s!@#\$%\^&\*\(\)\{\}\<\>\|\/\\~;=]+/,
// written out because it decides almost every scalar and runs often. s is
// not empty (permTokenize reads "" as nil first).
func permStringy(s string) bool {
	if permWordByte(s[0]) {
		return true
	}
	c := s[0]
	return !(c >= '0' && c <= '9' || c == '.' || c == ':' || c == '-') && len(s) > 1 && permWordByte(s[1])
}

func permWordByte(c byte) bool {
	switch {
	case c >= 'A' && c <= 'Z', c >= 'a' && c <= 'z':
		return true
	}
	return strings.IndexByte("_ \t\n\v\f\r!@#$%^&*(){}<>|/\\~;=", c) >= 0
}

// permTokenize is Psych's reading of a plain scalar's text.
func permTokenize(s string) permRuby {
	str := permRuby{Kind: permRbString, Str: s}
	switch {
	case s == "":
		return permRuby{Kind: permRbNil}
	case permStringy(s) || strings.Contains(s, "\n"):
		switch {
		case len(s) > 5, permReNotYTONF.MatchString(s):
			return str
		case s == "~" || permReNull.MatchString(s):
			return permRuby{Kind: permRbNil}
		case permReTrue.MatchString(s):
			return permRuby{Kind: permRbBool, Str: "true"}
		case permReFalse.MatchString(s):
			return permRuby{Kind: permRbBool, Str: "false"}
		}
		return str
	case !strings.ContainsAny(s, "-:."):
		// None of the patterns below can match: go straight to integers.
	case psychDateShaped(s) && (permReTime.MatchString(s) || permReDate.MatchString(s)):
		return permRuby{Kind: permRbOther}
	case permReInf.MatchString(s):
		return permRuby{Kind: permRbFloat, Str: "Infinity"}
	case permReNegInf.MatchString(s):
		return permRuby{Kind: permRbFloat, Str: "-Infinity"}
	case permReNaN.MatchString(s):
		return permRuby{Kind: permRbFloat, Str: "NaN"}
	case strings.HasPrefix(s, ":") && len(s) > 1:
		return permRuby{Kind: permRbOther} // a Ruby symbol
	case strings.IndexByte(s, ':') >= 0 && permReSexInt.MatchString(s):
		return permRuby{Kind: permRbInt, Str: permSexagesimal(s).String(), Form: "sexagesimal"}
	case strings.IndexByte(s, ':') >= 0 && permReSexFloat.MatchString(s):
		return permRuby{Kind: permRbOther}
	case strings.IndexByte(s, '.') >= 0 && permReFloat.MatchString(s):
		if permReLoneDot.MatchString(s) {
			return str
		}
		f, err := strconv.ParseFloat(strings.TrimSuffix(permReThousands.Replace(s), "."), 64)
		if err != nil && !errors.Is(err, strconv.ErrRange) {
			return permRuby{Kind: permRbOther} // .e+3: Float() fails
		}
		// Out of range, Ruby's Float() gives Infinity as ParseFloat does.
		return permRuby{Kind: permRbFloat, Str: permRubyFloat(f)}
	}
	clean := permReThousands.Replace(s)
	if !psychIntMatch(clean, permReInteger) {
		return str
	}
	v, form := permRubyInteger(clean)
	return permRuby{Kind: permRbInt, Str: v.String(), Form: form}
}

// permRubyInteger is Ruby's Integer() of a string that matched Psych's
// integer pattern, without separators: a leading 0 means octal, 0x hex, 0b
// binary. The pattern allows only the base's digits after the prefix, and at
// least one.
func permRubyInteger(s string) (*big.Int, string) {
	neg := false
	switch {
	case strings.HasPrefix(s, "-"):
		neg, s = true, s[1:]
	case strings.HasPrefix(s, "+"):
		s = s[1:]
	}
	base, form := 10, "decimal"
	switch {
	case strings.HasPrefix(s, "0x"):
		base, form, s = 16, "hex", s[2:]
	case strings.HasPrefix(s, "0b"):
		base, form, s = 2, "binary", s[2:]
	case len(s) > 1 && s[0] == '0':
		base, form, s = 8, "octal", s[1:]
	}
	v, _ := new(big.Int).SetString(s, base)
	if neg {
		v.Neg(v)
	}
	return v, form
}

// permSexagesimal computes Psych's base-60 integer exactly as Psych does:
// each part n at index e adds n * 60^|e-2| (so "6:44" is 6*3600 + 44*60).
func permSexagesimal(s string) *big.Int {
	total := new(big.Int)
	for e, part := range strings.Split(s, ":") {
		n := permRubyToI(part)
		exp := e - 2
		if exp < 0 {
			exp = -exp
		}
		pow := new(big.Int).Exp(big.NewInt(60), big.NewInt(int64(exp)), nil)
		total.Add(total, n.Mul(n, pow))
	}
	return total
}

// permRubyToI is Ruby's String#to_i: an optional sign, then leading digits
// (underscores allowed between them); anything else ends the number.
func permRubyToI(s string) *big.Int {
	neg := false
	if s != "" && (s[0] == '-' || s[0] == '+') {
		neg, s = s[0] == '-', s[1:]
	}
	var digits strings.Builder
scan:
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			digits.WriteByte(c)
		case c == '_' && i > 0 && i+1 < len(s) && s[i+1] >= '0' && s[i+1] <= '9':
		default:
			break scan
		}
	}
	// The leading 0 makes "no digits" read as 0, as to_i does.
	v, _ := new(big.Int).SetString("0"+digits.String(), 10)
	if neg {
		v.Neg(v)
	}
	return v
}

// permRubyFloat is Ruby's Float#to_s of a number Psych's float pattern gave
// (never NaN: .nan is read before).
func permRubyFloat(f float64) string {
	switch {
	case math.IsInf(f, 1):
		return "Infinity"
	case math.IsInf(f, -1):
		return "-Infinity"
	}
	if a := math.Abs(f); a == 0 || (a >= 1e-4 && a < 1e16) {
		s := strconv.FormatFloat(f, 'f', -1, 64)
		if !strings.Contains(s, ".") {
			s += ".0"
		}
		return s
	}
	s := strconv.FormatFloat(f, 'e', -1, 64) // 1e+20
	mant, exp, _ := strings.Cut(s, "e")
	if !strings.Contains(mant, ".") {
		mant += ".0"
	}
	return mant + "e" + exp
}

// name names a Ruby value that is not text, for the messages that say what
// the agent reads instead of text (a nil, text or a value the agent cannot
// load is never reported that way).
func (v permRuby) name() string {
	switch v.Kind {
	case permRbInt:
		return "the number " + v.Str
	case permRbFloat:
		return "the decimal number " + v.Str
	case permRbBool:
		return "the boolean " + v.Str
	case permRbHash:
		return "a mapping"
	}
	return "a list"
}

// permFlowList is the text of a one-item flow list holding scalar n, for
// fixes that turn `key: value` into `key: [value]`. ok is false when n is not
// a one-line scalar.
func permFlowList(n *lint.Node) (string, bool) {
	if n == nil || n.Kind != lint.ScalarNode || n.Range.Start.Line != n.Range.End.Line ||
		n.Style == lint.Literal || n.Style == lint.Folded || n.Tagged {
		return "", false
	}
	if n.IsQuoted() || permReSafeWord.MatchString(n.Value) {
		return "[" + n.Raw + "]", true
	}
	return "[" + strconv.Quote(n.Value) + "]", true
}

var permReSafeWord = lazyRE(`^[A-Za-z0-9_./-]+$`)

// permCode shows source text in a message: in backticks, on one line, and
// shortened when long.
func permCode(s string) string {
	if i := strings.IndexAny(s, "\r\n"); i >= 0 {
		s = s[:i] + "..."
	}
	if r := []rune(s); len(r) > 40 {
		s = string(r[:37]) + "..."
	}
	return "`" + s + "`"
}
