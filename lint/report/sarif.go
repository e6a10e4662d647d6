package report

import (
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/appspec-lint/appspec-lint/lint"
)

// SARIF 2.1.0 (https://docs.oasis-open.org/sarif/sarif/v2.1.0/), as read by
// GitHub code scanning, GitLab, Azure DevOps and SARIF viewers.
//
// Positions: SARIF lines and columns are 1-based, and the run says
// columnKind "unicodeCodePoints" (SARIF's default), which is what our columns
// count: characters, not bytes or UTF-16 units. Our ranges are [start, end),
// and SARIF's endColumn is likewise the column after the region's last
// character, so they are copied as they are.
//
// Files: artifactLocation.uri is the path as given on the command line,
// with forward slashes and percent-escaped, so relative to the working
// directory (run appspec-lint from the repository root for the repo-relative
// URIs code scanning wants). An absolute path inside the working directory is
// made relative to it; one outside it becomes a file:// URI.
//
// Archives: a finding in bundle.zip!deploy/appspec.yml is located in the
// archive (uri "bundle.zip") with no region, since its lines are lines of the
// file inside, not of the archive; the inner path and the line and column go
// into the message and into a logicalLocation whose fullyQualifiedName is
// "bundle.zip!deploy/appspec.yml". Such findings carry no fixes and their
// related places are left out: an archive is not edited.

const (
	sarifSchema   = "https://json.schemastore.org/sarif-2.1.0.json"
	sarifVersion  = "2.1.0"
	toolName      = "appspec-lint"
	toolInfoURI   = "https://github.com/appspec-lint/appspec-lint"
	sarifColumnKd = "unicodeCodePoints"
)

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool       sarifTool     `json:"tool"`
	ColumnKind string        `json:"columnKind"`
	Results    []sarifResult `json:"results"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	InformationURI string      `json:"informationUri"`
	Version        string      `json:"version,omitempty"`
	Rules          []sarifRule `json:"rules"`
}

type sarifText struct {
	Text     string `json:"text"`
	Markdown string `json:"markdown,omitempty"`
}

type sarifRule struct {
	ID                   string            `json:"id"`
	Name                 string            `json:"name"`
	ShortDescription     sarifText         `json:"shortDescription"`
	FullDescription      sarifText         `json:"fullDescription"`
	Help                 sarifText         `json:"help"`
	DefaultConfiguration sarifRuleConfig   `json:"defaultConfiguration"`
	Properties           map[string]string `json:"properties,omitempty"`
}

type sarifRuleConfig struct {
	Level string `json:"level"`
}

type sarifResult struct {
	RuleID           string          `json:"ruleId"`
	RuleIndex        int             `json:"ruleIndex"`
	Level            string          `json:"level"`
	Message          sarifText       `json:"message"`
	Locations        []sarifLocation `json:"locations"`
	RelatedLocations []sarifLocation `json:"relatedLocations,omitempty"`
	Fixes            []sarifFix      `json:"fixes,omitempty"`
}

type sarifLocation struct {
	ID               *int                   `json:"id,omitempty"`
	PhysicalLocation sarifPhysical          `json:"physicalLocation"`
	LogicalLocations []sarifLogicalLocation `json:"logicalLocations,omitempty"`
	Message          *sarifText             `json:"message,omitempty"`
}

type sarifPhysical struct {
	ArtifactLocation sarifArtifact `json:"artifactLocation"`
	Region           *sarifRegion  `json:"region,omitempty"`
}

type sarifArtifact struct {
	URI string `json:"uri"`
}

type sarifRegion struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn"`
	EndLine     int `json:"endLine"`
	EndColumn   int `json:"endColumn"`
}

type sarifLogicalLocation struct {
	Name               string `json:"name"`
	FullyQualifiedName string `json:"fullyQualifiedName"`
}

type sarifFix struct {
	Description     sarifText             `json:"description"`
	ArtifactChanges []sarifArtifactChange `json:"artifactChanges"`
}

type sarifArtifactChange struct {
	ArtifactLocation sarifArtifact      `json:"artifactLocation"`
	Replacements     []sarifReplacement `json:"replacements"`
}

type sarifReplacement struct {
	DeletedRegion   sarifRegion `json:"deletedRegion"`
	InsertedContent sarifText   `json:"insertedContent"`
}

// SARIFLevel maps a severity to a SARIF level: error, warning or note.
func SARIFLevel(s lint.Severity) string {
	switch s {
	case lint.Error:
		return "error"
	case lint.Warning:
		return "warning"
	}
	return "note"
}

// SARIF writes one SARIF 2.1.0 log with one run.
func SARIF(w io.Writer, r *Result, opts Options) error {
	ds := r.All()

	// The rules: all of them when the rule set is given, else those found.
	var rules []*lint.Rule
	index := map[string]int{}
	add := func(rl *lint.Rule) {
		if _, ok := index[rl.ID]; !ok {
			index[rl.ID] = len(rules)
			rules = append(rules, rl)
		}
	}
	for _, rl := range opts.Rules {
		add(rl)
	}
	var found []*lint.Rule
	for _, d := range ds {
		if _, ok := index[d.Rule.ID]; !ok {
			found = append(found, d.Rule)
		}
	}
	sort.SliceStable(found, func(i, j int) bool { return found[i].ID < found[j].ID })
	for _, rl := range found {
		add(rl)
	}

	driver := sarifDriver{Name: toolName, InformationURI: toolInfoURI, Version: opts.Version, Rules: []sarifRule{}}
	for _, rl := range rules {
		driver.Rules = append(driver.Rules, toSARIFRule(rl))
	}

	results := []sarifResult{}
	for _, d := range ds {
		results = append(results, toSARIFResult(d, index[d.Rule.ID]))
	}

	log := sarifLog{
		Schema:  sarifSchema,
		Version: sarifVersion,
		Runs:    []sarifRun{{Tool: sarifTool{Driver: driver}, ColumnKind: sarifColumnKd, Results: results}},
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(log)
}

func toSARIFRule(rl *lint.Rule) sarifRule {
	summary := rl.Summary
	if summary == "" {
		summary = rl.Name
	}
	doc := rl.Doc
	if doc == "" {
		doc = summary
	}
	out := sarifRule{
		ID:               rl.ID,
		Name:             rl.Name,
		ShortDescription: sarifText{Text: summary},
		FullDescription:  sarifText{Text: doc},
		// The docs are plain text whose examples are indented four
		// spaces, which Markdown shows as code blocks.
		Help:                 sarifText{Text: doc, Markdown: doc},
		DefaultConfiguration: sarifRuleConfig{Level: SARIFLevel(rl.Severity)},
	}
	if rl.Category != "" {
		out.Properties = map[string]string{"category": rl.Category}
	}
	return out
}

func toSARIFResult(d *lint.Diagnostic, ruleIndex int) sarifResult {
	archive, inner := SplitArchivePath(d.File)
	res := sarifResult{
		RuleID:    d.Rule.ID,
		RuleIndex: ruleIndex,
		Level:     SARIFLevel(d.Severity),
		Message:   sarifText{Text: d.Message},
	}
	if inner != "" {
		res.Message.Text += fmt.Sprintf(" (in %s!%s, line %d, column %d)", archive, inner, d.Range.Start.Line, d.Range.Start.Col)
		res.Locations = []sarifLocation{{
			PhysicalLocation: sarifPhysical{ArtifactLocation: sarifArtifact{URI: fileURI(archive)}},
			LogicalLocations: []sarifLogicalLocation{{Name: inner, FullyQualifiedName: d.File}},
		}}
		return res
	}
	uri := fileURI(d.File)
	res.Locations = []sarifLocation{{PhysicalLocation: sarifPhysical{
		ArtifactLocation: sarifArtifact{URI: uri}, Region: toSARIFRegion(d.Range)}}}
	for i, rel := range d.Related {
		id := i + 1
		res.RelatedLocations = append(res.RelatedLocations, sarifLocation{
			ID: &id,
			PhysicalLocation: sarifPhysical{
				ArtifactLocation: sarifArtifact{URI: uri}, Region: toSARIFRegion(rel.Range)},
			Message: &sarifText{Text: rel.Message},
		})
	}
	if d.Fix != nil && len(d.Fix.Edits) > 0 {
		ch := sarifArtifactChange{ArtifactLocation: sarifArtifact{URI: uri}}
		for _, e := range d.Fix.Edits {
			ch.Replacements = append(ch.Replacements, sarifReplacement{
				DeletedRegion: *toSARIFRegion(e.Range), InsertedContent: sarifText{Text: e.NewText}})
		}
		desc := d.Fix.Description
		if desc == "" {
			desc = "fix"
		}
		res.Fixes = []sarifFix{{Description: sarifText{Text: desc}, ArtifactChanges: []sarifArtifactChange{ch}}}
	}
	return res
}

func toSARIFRegion(rg lint.Range) *sarifRegion {
	// SARIF wants positive lines and columns; findings on a file as a whole
	// already use 1:1.
	return &sarifRegion{
		StartLine: max(rg.Start.Line, 1), StartColumn: max(rg.Start.Col, 1),
		EndLine: max(rg.End.Line, rg.Start.Line, 1), EndColumn: max(rg.End.Col, 1),
	}
}

// archiveExts are the bundle types whose inner files are named "a.zip!inner".
var archiveExts = []string{".zip", ".tar", ".tar.gz", ".tgz"}

// SplitArchivePath splits "bundle.zip!deploy/appspec.yml" into the archive
// and the path inside it; a plain path comes back with inner "".
func SplitArchivePath(p string) (archive, inner string) {
	for i := 0; i < len(p); i++ {
		if p[i] != '!' {
			continue
		}
		lower := strings.ToLower(p[:i])
		for _, ext := range archiveExts {
			if strings.HasSuffix(lower, ext) {
				return p[:i], p[i+1:]
			}
		}
	}
	return p, ""
}

// fileURI is a path as a URI reference: relative paths stay relative (with
// forward slashes, percent-escaped); an absolute path is made relative to
// the working directory when it lies inside it, else a file:// URI.
func fileURI(p string) string {
	if filepath.IsAbs(p) {
		if wd, err := os.Getwd(); err == nil {
			if rel, err := filepath.Rel(wd, p); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
				p = rel
			} else {
				return fileURLFor(p)
			}
		}
	}
	// url.URL adds "./" before a first segment holding a colon, so that it
	// is not read as a scheme.
	return (&url.URL{Path: filepath.ToSlash(p)}).String()
}

func fileURLFor(p string) string {
	s := filepath.ToSlash(p)
	if !strings.HasPrefix(s, "/") {
		s = "/" + s // C:/x on Windows
	}
	return (&url.URL{Scheme: "file", Path: s}).String()
}
