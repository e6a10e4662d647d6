package lint

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
)

// TestParseConfig: the settings a config file may hold, and every way of
// getting one wrong, each with an error that names the place and says what
// was expected, in the settings' words.
func TestParseConfig(t *testing.T) {
	const path = ".appspec-lint.yaml"
	for _, c := range []struct {
		src  string
		want *Config // nil: an error
		err  string
	}{
		{src: "", want: &Config{}},
		{src: "# nothing set\n", want: &Config{}},
		{src: "null\n", want: &Config{}},
		{src: "platform: ecs\nfail-on: warning\ndisable: [AS211, spacing]\nenable:\n  - AS510\n",
			want: &Config{Platform: ECS, FailOn: Warning, Disable: []string{"AS211", "spacing"}, Enable: []string{"AS510"}}},
		{src: "disable: AS211\n", want: &Config{Disable: []string{"AS211"}}},
		// Saved as UTF-16 by a Windows editor: the parser decodes it.
		{src: "\xff\xfep\x00l\x00a\x00t\x00f\x00o\x00r\x00m\x00:\x00 \x00e\x00c\x00s\x00\n\x00", want: &Config{Platform: ECS}},
		{src: "platform: auto\ndisable: ~\nfail-on:\n", want: &Config{}},
		{src: "base: &b [AS211]\n", err: `:1:1: unknown setting "base" (known: platform, fail-on, disable, enable)`},
		{src: "~: AS211\n", err: ":1:1: a setting's name must be one of platform, fail-on, disable, enable, not null"},
		{src: "? [disable]\n: AS211\n", err: ":1:3: a setting's name must be one of platform, fail-on, disable, enable, not a list"},
		{src: "disable: [AS1]\ndisable: [AS2]\n", err: ":2:1: disable is set twice (first on line 1)"},
		{src: "- AS211\n", err: ":1:1: the settings must be a mapping (`fail-on: warning`, `disable: [AS211]`), not a list"},
		{src: "---\n---\nplatform: ecs\n", err: ":2:1: a second YAML document; a config file is one document (remove the `---` line)"},
		{src: "platform: [ec2]\n", err: ":1:11: platform takes one word, not a list"},
		{src: "platform: ec3\n", err: `:1:11: platform "ec3" is not one of auto, ec2, lambda, ecs`},
		{src: "fail-on: {level: error}\n", err: ":1:10: fail-on takes one word, not a mapping"},
		{src: "fail-on: 3\n", err: `:1:10: fail-on: unknown severity "3" (want error, warning or info)`},
		{src: "disable: {AS211: true}\n", err: ":1:10: disable takes a list of rule IDs, prefixes, names or categories (`disable: [AS211, spacing]`), not a mapping"},
		{src: "enable: [AS510, [AS511]]\n", err: ":1:17: each item of enable is a rule ID, prefix, name or category, not a list"},
		{src: "disable: [~]\n", err: ":1:11: each item of disable is a rule ID, prefix, name or category, not null"},
		{src: "disable: ['  ']\n", err: ":1:11: an empty item in disable; name a rule ID, prefix, name or category"},
		// A second byte order mark is a column of indentation on line 1,
		// as for an appspec (see SkippedMarks); the Go parser alone read
		// `isable` here, and an indented line 1 is fine.
		{src: "\ufeff\ufeffplatform: ecs\ndisable: [AS211]\n", err: ": not valid YAML: yaml: line 2: did not find expected <document start>"},
		{src: "\ufeff\ufeffplatform: ecs\n", want: &Config{Platform: ECS}},
		{src: "disable: [\n", err: ": not valid YAML: yaml: line 2: did not find expected node content"},
	} {
		got, err := ParseConfig(path, []byte(c.src))
		if c.want != nil {
			c.want.Path = path
			if err != nil || !reflect.DeepEqual(got, c.want) {
				t.Errorf("%q: got %+v, %v; want %+v", c.src, got, err, c.want)
			}
			continue
		}
		if err == nil || err.Error() != path+c.err {
			t.Errorf("%q: got error %v, want %q", c.src, err, path+c.err)
		}
	}
}

// TestParseConfigAliasBomb: aliases are followed, never expanded, so a
// billion-laughs config (10^12 leaves here) costs its text and is refused
// for what it says.
func TestParseConfigAliasBomb(t *testing.T) {
	var b strings.Builder
	b.WriteString("disable:\n  - &a0 [x, x, x, x, x, x, x, x, x, x]\n")
	for i := 1; i < 12; i++ {
		fmt.Fprintf(&b, "  - &a%d [%s]\n", i, strings.TrimSuffix(strings.Repeat(fmt.Sprintf("*a%d, ", i-1), 10), ", "))
	}
	b.WriteString("enable: *a11\n")
	_, err := ParseConfig("c.yaml", []byte(b.String()))
	if err == nil || err.Error() != "c.yaml:2:5: each item of disable is a rule ID, prefix, name or category, not a list" {
		t.Fatalf("got %v", err)
	}
}
