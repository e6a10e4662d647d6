package lint

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	yaml "go.yaml.in/yaml/v4"
)

// ConfigFileNames are the names searched for, walking up from each linted file.
var ConfigFileNames = []string{".appspec-lint.yaml", ".appspec-lint.yml"}

// Config selects rules and sets defaults. The zero value runs every default
// rule with platform detection and fails on errors.
type Config struct {
	Path     string   `yaml:"-"` // file it was read from, "" for defaults/flags
	Platform Platform `yaml:"-"` // 0 = detect
	FailOn   Severity `yaml:"-"` // 0 = Error
	Disable  []string `yaml:"disable"`
	Enable   []string `yaml:"enable"`
}

// configFile is the on-disk form.
type configFile struct {
	Platform string   `yaml:"platform"`
	FailOn   string   `yaml:"fail-on"`
	Disable  []string `yaml:"disable"`
	Enable   []string `yaml:"enable"`
}

// Enabled reports whether r runs under c: an --enable selector wins, then a
// --disable selector, then the rule's default (on unless OptIn).
func (c *Config) Enabled(r *Rule) bool {
	if c != nil {
		for _, s := range c.Enable {
			if r.Matches(s) {
				return true
			}
		}
		for _, s := range c.Disable {
			if r.Matches(s) {
				return false
			}
		}
	}
	return !r.OptIn
}

// FailLevel is the lowest severity that makes the run fail.
func (c *Config) FailLevel() Severity {
	if c == nil || c.FailOn == 0 {
		return Error
	}
	return c.FailOn
}

// Merge returns c overlaid with o: o's platform and fail level win when set;
// selectors are appended, so o's come last.
func (c *Config) Merge(o *Config) *Config {
	out := &Config{}
	if c != nil {
		*out = *c
		out.Disable = append([]string(nil), c.Disable...)
		out.Enable = append([]string(nil), c.Enable...)
	}
	if o == nil {
		return out
	}
	if o.Platform != 0 {
		out.Platform = o.Platform
	}
	if o.FailOn != 0 {
		out.FailOn = o.FailOn
	}
	out.Disable = append(out.Disable, o.Disable...)
	out.Enable = append(out.Enable, o.Enable...)
	return out
}

// CheckSelectors returns an error naming any selector that matches no rule,
// so a typo in --disable does not silently do nothing.
func (c *Config) CheckSelectors(rules []*Rule) error {
	var bad []string
	for _, s := range append(append([]string(nil), c.Disable...), c.Enable...) {
		found := false
		for _, r := range rules {
			if r.Matches(s) {
				found = true
				break
			}
		}
		if !found {
			bad = append(bad, s)
		}
	}
	if len(bad) > 0 {
		sort.Strings(bad)
		return fmt.Errorf("no rule matches %s (use an ID such as AS503, an ID prefix such as AS5, a name such as hook-reserved-event, or a category)", strings.Join(bad, ", "))
	}
	return nil
}

// maxConfigSize bounds a config file; real ones are a few lines.
const maxConfigSize = 1 << 20

// LoadConfig reads a config file (never blocking on a named pipe, and at
// most 1 MiB of it).
func LoadConfig(path string) (*Config, error) {
	b, err := ReadFileBounded(path, maxConfigSize)
	if err != nil {
		return nil, err
	}
	if len(b) > maxConfigSize {
		return nil, fmt.Errorf("%s: larger than %d MiB; a config file is a few lines, is this the right file?", path, maxConfigSize>>20)
	}
	return ParseConfig(path, b)
}

// ParseConfig reads config file content; unknown keys are errors.
func ParseConfig(path string, b []byte) (*Config, error) {
	var raw map[string]any
	if err := yaml.Unmarshal(b, &raw); err != nil {
		return nil, fmt.Errorf("%s: not valid YAML: %v", path, err)
	}
	for k := range raw {
		switch k {
		case "platform", "fail-on", "disable", "enable":
		default:
			return nil, fmt.Errorf("%s: unknown setting %q (known: platform, fail-on, disable, enable)", path, k)
		}
	}
	var f configFile
	if err := yaml.Unmarshal(b, &f); err != nil {
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	c := &Config{Path: path, Disable: f.Disable, Enable: f.Enable}
	if f.Platform != "" {
		p, ok := ParsePlatform(f.Platform)
		if !ok {
			return nil, fmt.Errorf("%s: platform %q is not one of auto, ec2, lambda, ecs", path, f.Platform)
		}
		c.Platform = p
	}
	if f.FailOn != "" {
		s, err := ParseSeverity(f.FailOn)
		if err != nil {
			return nil, fmt.Errorf("%s: fail-on: %v", path, err)
		}
		c.FailOn = s
	}
	return c, nil
}

// ConfigFinder finds the config file for a path by walking up its
// directories, caching each directory's answer.
type ConfigFinder struct {
	mu    sync.Mutex
	cache map[string]*Config // dir -> config (nil: none)
	errs  map[string]error
}

// NewConfigFinder returns an empty finder.
func NewConfigFinder() *ConfigFinder {
	return &ConfigFinder{cache: map[string]*Config{}, errs: map[string]error{}}
}

// For returns the config that applies to the file at path, or nil.
func (f *ConfigFinder) For(path string) (*Config, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, nil
	}
	return f.forDir(filepath.Dir(abs))
}

func (f *ConfigFinder) forDir(dir string) (*Config, error) {
	f.mu.Lock()
	if c, ok := f.cache[dir]; ok {
		err := f.errs[dir]
		f.mu.Unlock()
		return c, err
	}
	f.mu.Unlock()

	var c *Config
	var err error
	found := false
	for _, name := range ConfigFileNames {
		p := filepath.Join(dir, name)
		if _, statErr := os.Stat(p); statErr == nil {
			c, err = LoadConfig(p)
			found = true
			break
		} else if !errors.Is(statErr, fs.ErrNotExist) {
			break
		}
	}
	if !found {
		if parent := filepath.Dir(dir); parent != dir {
			c, err = f.forDir(parent)
		}
	}
	f.mu.Lock()
	f.cache[dir], f.errs[dir] = c, err
	f.mu.Unlock()
	return c, err
}
