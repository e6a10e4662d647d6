package lsp_test

import (
	"os/exec"
	"testing"
)

// execFix runs the CLI's --fix on a file in place and returns its output.
func execFix(t *testing.T, path string) string {
	t.Helper()
	out, _ := exec.Command(binary, "--fix", path).CombinedOutput()
	return string(out)
}
