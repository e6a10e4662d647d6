package lint

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// addArchiveCaseSeeds packs every archive test case (a folder named like an
// archive under testdata/ok and testdata/err) as the archive its name says,
// and adds it to FuzzArchive's seeds with the kind FuzzArchive opens it as.
func addArchiveCaseSeeds(f *testing.F, dir string) {
	kinds := map[string]uint8{".zip": 0, ".tar": 1, ".tgz": 2}
	for _, set := range []string{"ok", "err"} {
		cases, _ := filepath.Glob(filepath.Join("..", "testdata", set, "*"))
		for i, c := range cases {
			k, ok := kinds[filepath.Ext(c)]
			if st, err := os.Stat(c); !ok || err != nil || !st.IsDir() {
				continue
			}
			var entries []testEntry
			filepath.WalkDir(c, func(p string, e fs.DirEntry, err error) error {
				if err != nil || p == c {
					return nil
				}
				rel := filepath.ToSlash(strings.TrimPrefix(p, c+string(filepath.Separator)))
				info, err := e.Info()
				switch {
				case err != nil:
				case e.IsDir():
					entries = append(entries, testEntry{name: rel, dir: true})
				case info.Mode().IsRegular():
					b, _ := os.ReadFile(p)
					entries = append(entries, testEntry{name: rel, body: string(b), mode: info.Mode().Perm()})
				}
				return nil
			})
			name := set + "-" + string(rune('a'+i%26)) + filepath.Ext(c)
			b, err := os.ReadFile(writeTestArchive(f, dir, name, entries))
			if err == nil {
				f.Add(b, k)
			}
		}
	}
}
