package lint

import (
	"fmt"
	"unicode/utf8"
)

// maxArgRunes bounds one string argument of a finding's message. Messages
// quote what they are about (a key, a value, a list of terms), and a hostile
// file can make that a megabyte: the message keeps the start, which is
// enough to recognise it, and says it goes on.
const maxArgRunes = 200

// maxRelated bounds a finding's related places: past a few dozen they drown
// an editor's problem list instead of pointing anywhere.
const maxRelated = 20

// formatMessage is fmt.Sprintf with every string argument clipped to
// maxArgRunes.
func formatMessage(format string, args []any) string {
	if len(args) == 0 {
		return format
	}
	for i, a := range args {
		if s, ok := a.(string); ok && len(s) > maxArgRunes && utf8.RuneCountInString(s) > maxArgRunes {
			clipped := make([]any, len(args))
			copy(clipped, args)
			for j := i; j < len(args); j++ {
				if s, ok := args[j].(string); ok {
					clipped[j] = clipArg(s)
				}
			}
			args = clipped
			break
		}
	}
	return fmt.Sprintf(format, args...)
}

func clipArg(s string) string {
	if len(s) <= maxArgRunes || utf8.RuneCountInString(s) <= maxArgRunes {
		return s
	}
	n := 0
	for i := range s {
		if n == maxArgRunes {
			return s[:i] + fmt.Sprintf("… (%d more characters)", utf8.RuneCountInString(s[i:]))
		}
		n++
	}
	return s
}
