package lint

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// maxQuoteRunes bounds one quoted snippet of a finding's message. Messages
// put what they are about (a key, a value) between backticks, and a hostile
// file can make that a megabyte: the message keeps the start, which is
// enough to recognise it, and says how much it left out. Prose outside
// backticks is the rule's own and is kept whole.
const maxQuoteRunes = 120

// maxRelated bounds a finding's related places: past a few dozen they drown
// an editor's problem list instead of pointing anywhere.
const maxRelated = 20

// formatMessage is fmt.Sprintf, then any byte that is not UTF-8 replaced
// with U+FFFD, then every `quoted` snippet longer than maxQuoteRunes clipped.
// A message can quote what the appspec does not hold: a line of a script
// (in Latin-1, say) or a file name from an archive, and every output
// (JSON, SARIF, the language server's JSON-RPC) must carry it as UTF-8.
func formatMessage(format string, args []any) string {
	msg := format
	if len(args) > 0 {
		msg = fmt.Sprintf(format, args...)
	}
	if !utf8.ValidString(msg) {
		msg = strings.ToValidUTF8(msg, "\uFFFD")
	}
	if len(msg) <= maxQuoteRunes {
		return msg
	}
	return clipQuotes(msg)
}

func clipQuotes(msg string) string {
	var b strings.Builder
	rest := msg
	for {
		open := strings.IndexByte(rest, '`')
		if open < 0 {
			break
		}
		end := strings.IndexByte(rest[open+1:], '`')
		if end < 0 {
			break
		}
		quoted := rest[open+1 : open+1+end]
		b.WriteString(rest[:open+1])
		b.WriteString(clipRunes(quoted))
		b.WriteByte('`')
		rest = rest[open+1+end+1:]
	}
	if b.Len() == 0 {
		return msg
	}
	b.WriteString(rest)
	return b.String()
}

func clipRunes(s string) string {
	if len(s) <= maxQuoteRunes || utf8.RuneCountInString(s) <= maxQuoteRunes {
		return s
	}
	// More than maxQuoteRunes: cut after that many (an invalid byte counts
	// as one, as in RuneCountInString).
	cut := 0
	for range maxQuoteRunes {
		_, size := utf8.DecodeRuneInString(s[cut:])
		cut += size
	}
	return s[:cut] + fmt.Sprintf("… (%d more characters)", utf8.RuneCountInString(s[cut:]))
}
