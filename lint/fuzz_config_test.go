package lint

import (
	"bytes"
	"encoding/binary"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode/utf16"
)

// FuzzParseConfig: a config file of any bytes is read or refused, never a
// panic; a refusal names the file and, when it is at a place in the file, a
// line and column inside it; reading is deterministic; and what is read
// holds only known settings: a platform and fail level that parse, and
// selectors that are not empty.
func FuzzParseConfig(f *testing.F) {
	for _, s := range []string{
		"", "# nothing\n", "null\n",
		"platform: ecs\nfail-on: warning\ndisable: [AS211, spacing]\nenable:\n  - AS510\n",
		"disable: AS211\n", "platform: auto\ndisable: ~\nfail-on:\n",
		"~: AS211\n", "? [disable]\n: AS211\n", "disable: [AS1]\ndisable: [AS2]\n",
		"- AS211\n", "---\n---\nplatform: ecs\n", "platform: [ec2]\n",
		"fail-on: {level: error}\n", "enable: [AS510, [AS511]]\n", "disable: ['  ']\n",
		"disable: [\n", "d: &d AS211\nenable: [*d]\n", "disable:\n  - &a [x, x]\n  - &b [*a, *a]\n",
		"\ufeffplatform: lambda\n", "platform: \"ec2\"\r\nfail-on: 'info'\r\n",
	} {
		f.Add([]byte(s))
	}
	const path = "dir/.appspec-lint.yaml"
	f.Fuzz(func(t *testing.T, b []byte) {
		c, err := ParseConfig(path, b)
		again, err2 := ParseConfig(path, b)
		if !reflect.DeepEqual(c, again) || (err == nil) != (err2 == nil) || err != nil && err.Error() != err2.Error() {
			t.Fatalf("not deterministic: %+v, %v then %+v, %v", c, err, again, err2)
		}
		if err != nil {
			if c != nil {
				t.Fatalf("both a config and an error: %+v, %v", c, err)
			}
			checkConfigError(t, path, b, err.Error())
			return
		}
		if c.Path != path || c.Platform != 0 && c.Platform != EC2 && c.Platform != Lambda && c.Platform != ECS || c.FailOn > Error {
			t.Fatalf("read a config that is not one: %+v", c)
		}
		for _, s := range append(append([]string(nil), c.Disable...), c.Enable...) {
			if strings.TrimSpace(s) == "" || s != strings.TrimSpace(s) {
				t.Fatalf("an empty or untrimmed selector %q in %+v", s, c)
			}
		}
	})
}

var configPlace = regexp.MustCompile(`^:([0-9]+):([0-9]+): .`)

// checkConfigError: the message starts with the path, then either a line
// and column inside the file or the YAML parser's own words.
func checkConfigError(t *testing.T, path string, b []byte, msg string) {
	t.Helper()
	rest, ok := strings.CutPrefix(msg, path)
	if !ok {
		t.Fatalf("the error does not start with the file's path: %q", msg)
	}
	if strings.HasPrefix(rest, ": not valid YAML: ") {
		return
	}
	m := configPlace.FindStringSubmatch(rest)
	if m == nil {
		t.Fatalf("the error names no place in the file: %q", msg)
	}
	line, _ := strconv.Atoi(m[1])
	col, _ := strconv.Atoi(m[2])
	// YAML's line breaks: \r\n, a lone \r or \n, NEL, LS and PS, in the
	// text as the parser decodes it (UTF-16 after a byte order mark).
	text := strings.ReplaceAll(yamlText(b), "\r\n", "\n")
	lines := 1 + strings.Count(text, "\n") + strings.Count(text, "\r") +
		strings.Count(text, "\u0085") + strings.Count(text, "\u2028") + strings.Count(text, "\u2029")
	if line < 1 || line > lines || col < 1 {
		t.Fatalf("the error's place %d:%d is outside the file (%d lines): %q", line, col, lines, msg)
	}
}

// yamlText is b as the YAML parser reads it: UTF-16 after a byte order mark
// (a config file saved by a Windows editor), UTF-8 otherwise.
func yamlText(b []byte) string {
	var order binary.ByteOrder
	switch {
	case bytes.HasPrefix(b, []byte{0xFF, 0xFE}):
		order = binary.LittleEndian
	case bytes.HasPrefix(b, []byte{0xFE, 0xFF}):
		order = binary.BigEndian
	default:
		return string(b)
	}
	units := make([]uint16, (len(b)-2)/2)
	for i := range units {
		units[i] = order.Uint16(b[2+2*i:])
	}
	return string(utf16.Decode(units))
}
