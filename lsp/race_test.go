//go:build race

package lsp_test

// The server binary is built with the race detector when the tests are.
func init() { buildFlags = append(buildFlags, "-race") }
