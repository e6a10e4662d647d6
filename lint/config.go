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
)

// ConfigFileNames are the names searched for, walking up from each linted file.
var ConfigFileNames = []string{".appspec-lint.yaml", ".appspec-lint.yml"}

// Config selects rules and sets defaults. The zero value runs every default
// rule with platform detection and fails on errors.
type Config struct {
	Path     string   // file it was read from, "" for defaults/flags
	Platform Platform // 0 = detect
	FailOn   Severity // 0 = Error
	Disable  []string
	Enable   []string
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

// CheckSelectors returns an error naming any selector that matches no rule
// (and the config file it is in), so a typo in --disable or in a config file
// does not silently do nothing.
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
		err := fmt.Errorf("no rule matches %s (use an ID such as AS503, an ID prefix such as AS5, a name such as hook-reserved-event, or a category)", strings.Join(bad, ", "))
		if c.Path != "" {
			err = fmt.Errorf("%s: %w", c.Path, err)
		}
		return err
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

// ParseConfig reads config file content: one YAML document holding a
// mapping of the four settings. Anything else is an error that says where and
// what was expected, in the words of the settings rather than the YAML
// library's (see configsyntax.go).
func ParseConfig(path string, b []byte) (*Config, error) {
	top, err := configMapping(b)
	if err != nil {
		return nil, err.in(path)
	}
	c := &Config{Path: path}
	if err := c.set(top); err != nil {
		return nil, err.in(path)
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
