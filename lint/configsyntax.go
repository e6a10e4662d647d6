package lint

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"

	yaml "go.yaml.in/yaml/v4"
)

// The config file is read from the YAML tree rather than decoded into a
// struct: the library's decode errors name Go types ("cannot construct !!seq
// into string"), a null key or a second document would be dropped without a
// word, and none of it would say where in the file the mistake is. Each error
// here is a *configErr, which says where it is.

// configErr is a mistake in a config file, at a line and column when it is
// at a node (line 0: the whole file).
type configErr struct {
	line, col int
	msg       string
}

// in places the mistake in the file at path: "path:line:col: msg".
func (e *configErr) in(path string) error {
	if e.line == 0 {
		return fmt.Errorf("%s: %s", path, e.msg)
	}
	return fmt.Errorf("%s:%d:%d: %s", path, e.line, e.col, e.msg)
}

// configError is a mistake at node n.
func configError(n *yaml.Node, format string, args ...any) *configErr {
	return &configErr{n.Line, n.Column, fmt.Sprintf(format, args...)}
}

// notYAML is a file the YAML parser refuses; its message has the line.
func notYAML(err error) *configErr {
	return &configErr{msg: fmt.Sprintf("not valid YAML: %v", err)}
}

// configMapping parses b and returns its top-level mapping, or nil for an
// empty file (or one holding only null or comments): the default config.
func configMapping(b []byte) (*yaml.Node, *configErr) {
	dec := yaml.NewDecoder(bytes.NewReader(yamlInput(b, SkippedMarks(b), nil)))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, nil
		}
		return nil, notYAML(err)
	}
	var next yaml.Node
	if err := dec.Decode(&next); err == nil {
		return nil, configError(&next, "a second YAML document; a config file is one document (remove the `---` line)")
	} else if !errors.Is(err, io.EOF) {
		return nil, notYAML(err)
	}
	top := &doc
	if top.Kind == yaml.DocumentNode && len(top.Content) == 1 {
		top = top.Content[0]
	}
	top = unalias(top)
	switch {
	case top.Kind == yaml.MappingNode:
		return top, nil
	case top.Kind == yaml.ScalarNode && top.Tag == "!!null":
		return nil, nil
	}
	return nil, configError(top, "the settings must be a mapping (`fail-on: warning`, `disable: [AS211]`), not %s", configKind(top))
}

// set reads the settings of the top-level mapping into c.
func (c *Config) set(top *yaml.Node) *configErr {
	if top == nil {
		return nil
	}
	seen := map[string]*yaml.Node{}
	for i := 0; i+1 < len(top.Content); i += 2 {
		k, v := unalias(top.Content[i]), unalias(top.Content[i+1])
		if k.Kind != yaml.ScalarNode || k.Tag == "!!null" {
			return configError(k, "a setting's name must be one of platform, fail-on, disable, enable, not %s", configKind(k))
		}
		if prev := seen[k.Value]; prev != nil {
			return configError(k, "%s is set twice (first on line %d)", k.Value, prev.Line)
		}
		seen[k.Value] = k
		var err *configErr
		switch k.Value {
		case "platform":
			err = c.setPlatform(v)
		case "fail-on":
			err = c.setFailOn(v)
		case "disable":
			c.Disable, err = configSelectors(k.Value, v)
		case "enable":
			c.Enable, err = configSelectors(k.Value, v)
		default:
			err = configError(k, "unknown setting %q (known: platform, fail-on, disable, enable)", k.Value)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func (c *Config) setPlatform(v *yaml.Node) *configErr {
	s, ok, err := configString("platform", v)
	if err != nil || !ok {
		return err
	}
	p, known := ParsePlatform(s)
	if !known {
		return configError(v, "platform %q is not one of auto, ec2, lambda, ecs", s)
	}
	c.Platform = p
	return nil
}

func (c *Config) setFailOn(v *yaml.Node) *configErr {
	s, ok, err := configString("fail-on", v)
	if err != nil || !ok {
		return err
	}
	sev, bad := ParseSeverity(s)
	if bad != nil {
		return configError(v, "fail-on: %v", bad)
	}
	c.FailOn = sev
	return nil
}

// configString reads a setting that takes one word; null means unset
// (ok false), as an empty value does.
func configString(name string, v *yaml.Node) (s string, ok bool, err *configErr) {
	if v.Kind == yaml.ScalarNode && v.Tag == "!!null" {
		return "", false, nil
	}
	if v.Kind != yaml.ScalarNode {
		return "", false, configError(v, "%s takes one word, not %s", name, configKind(v))
	}
	return v.Value, v.Value != "", nil
}

// configSelectors reads disable or enable: a list of rule selectors, or one
// selector on its own (`disable: AS211`), which is what it plainly means.
// Null is an empty list.
func configSelectors(name string, v *yaml.Node) ([]string, *configErr) {
	switch {
	case v.Kind == yaml.ScalarNode && v.Tag == "!!null":
		return nil, nil
	case v.Kind == yaml.ScalarNode:
		if err := configSelector(name, v); err != nil {
			return nil, err
		}
		return []string{strings.TrimSpace(v.Value)}, nil
	case v.Kind != yaml.SequenceNode:
		return nil, configError(v, "%s takes a list of rule IDs, prefixes, names or categories (`%s: [AS211, spacing]`), not %s", name, name, configKind(v))
	}
	out := make([]string, 0, len(v.Content))
	for _, item := range v.Content {
		item = unalias(item)
		if item.Kind != yaml.ScalarNode || item.Tag == "!!null" {
			return nil, configError(item, "each item of %s is a rule ID, prefix, name or category, not %s", name, configKind(item))
		}
		if err := configSelector(name, item); err != nil {
			return nil, err
		}
		out = append(out, strings.TrimSpace(item.Value))
	}
	return out, nil
}

// configSelector refuses an empty selector, which would match nothing and
// could only be a mistake.
func configSelector(name string, v *yaml.Node) *configErr {
	if strings.TrimSpace(v.Value) == "" {
		return configError(v, "an empty item in %s; name a rule ID, prefix, name or category", name)
	}
	return nil
}

// unalias follows an alias to the node it names. The config is read without
// expanding anything, so an alias bomb costs no more than its text.
func unalias(n *yaml.Node) *yaml.Node {
	for i := 0; n.Kind == yaml.AliasNode && n.Alias != nil && i < 100; i++ {
		n = n.Alias
	}
	return n
}

// configKind names what a node is, for the errors.
func configKind(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.AliasNode:
		return "an alias"
	}
	if n.Tag == "!!null" {
		return "null"
	}
	return fmt.Sprintf("%q", n.Value)
}
