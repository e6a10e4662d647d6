package lint

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

func TestDiscover(t *testing.T) {
	root := t.TempDir()
	mk := func(p string) {
		full := filepath.Join(root, p)
		os.MkdirAll(filepath.Dir(full), 0o755)
		if err := os.WriteFile(full, []byte("version: 0.0\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	mk("appspec.yml")
	mk("deploy/appspec.yaml")
	mk("svc/AppSpec.json")
	mk("node_modules/pkg/appspec.yml")
	mk(".git/appspec.yml")
	mk("other.yml")
	// A symlink loop must not trap the walk.
	os.Symlink(root, filepath.Join(root, "deploy", "loop"))

	got, errs := Discover(root)
	if len(errs) > 0 {
		t.Fatalf("errors: %v", errs)
	}
	want := []string{
		filepath.Join(root, "appspec.yml"),
		filepath.Join(root, "deploy/appspec.yaml"),
		filepath.Join(root, "svc/AppSpec.json"),
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Discover = %v\nwant %v", got, want)
	}
}
