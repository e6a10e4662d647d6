package lint

import (
	"bytes"
	"strings"
)

// directives are the inline comments that silence findings:
//
//	# appspec-lint ignore=AS150,AS511   this line, or the next one
//	# appspec-lint disable-file         the whole file
type directives struct {
	disableFile bool
	ignore      map[int][]string // line -> selectors
}

var directiveMarker = []byte("appspec-lint")

func parseDirectives(d *Document) directives {
	var ds directives
	if !mayHaveDirective(d.Src) {
		return ds
	}
	for line := 1; line <= d.Lines.LineCount(); line++ {
		text := d.Lines.Line(line)
		i := strings.Index(text, "#")
		for i >= 0 {
			if i == 0 || text[i-1] == ' ' || text[i-1] == '\t' {
				break
			}
			j := strings.Index(text[i+1:], "#")
			if j < 0 {
				i = -1
				break
			}
			i += 1 + j
		}
		if i < 0 {
			continue
		}
		fields := strings.Fields(text[i+1:])
		if len(fields) < 2 || fields[0] != "appspec-lint" {
			continue
		}
		for _, f := range fields[1:] {
			switch {
			case f == "disable-file":
				ds.disableFile = true
			case strings.HasPrefix(f, "ignore="):
				if ds.ignore == nil {
					ds.ignore = map[int][]string{}
				}
				for _, s := range strings.Split(strings.TrimPrefix(f, "ignore="), ",") {
					if s = strings.TrimSpace(s); s != "" {
						ds.ignore[line] = append(ds.ignore[line], s)
						ds.ignore[line+1] = append(ds.ignore[line+1], s)
					}
				}
			}
		}
	}
	return ds
}

// mayHaveDirective is a quick filter run on every file: is there a # followed,
// after blanks, by the marker? It jumps from # to # (a vectorised search for
// one byte) instead of searching the whole text for the marker. Non-ASCII
// bytes are skipped as blanks: strings.Fields, which reads the directive,
// also splits at Unicode spaces, and the filter may say yes too often, never
// too rarely.
func mayHaveDirective(src []byte) bool {
	for {
		i := bytes.IndexByte(src, '#')
		if i < 0 {
			return false
		}
		src = src[i+1:]
		j := 0
		for j < len(src) && (src[j] == ' ' || src[j] == '\t' || src[j] == '\v' || src[j] == '\f' || src[j] >= 0x80) {
			j++
		}
		if bytes.HasPrefix(src[j:], directiveMarker) {
			return true
		}
	}
}

func (ds directives) suppresses(d *Diagnostic) bool {
	if ds.disableFile {
		return true
	}
	for _, s := range ds.ignore[d.Range.Start.Line] {
		if d.Rule.Matches(s) {
			return true
		}
	}
	return false
}
