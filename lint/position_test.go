package lint

import (
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

// naiveLines is the line index the obvious way, byte by byte: the reference
// NewLineIndex's vectorised scan must agree with.
func naiveLines(src []byte) (starts, ends []int, ascii []bool) {
	starts = []int{0}
	isASCII := true
	for i := 0; i < len(src); i++ {
		b := src[i]
		if b >= utf8.RuneSelf {
			isASCII = false
		}
		if b != '\n' && b != '\r' {
			continue
		}
		ends = append(ends, i)
		ascii = append(ascii, isASCII)
		if b == '\r' && i+1 < len(src) && src[i+1] == '\n' {
			i++
		}
		starts = append(starts, i+1)
		isASCII = true
	}
	return starts, append(ends, len(src)), append(ascii, isASCII)
}

func TestLineIndexAgreesWithByteScan(t *testing.T) {
	for _, src := range []string{
		"", "\n", "\r", "\r\n", "\n\r", "\r\r\n\n", "a", "a\n", "a\r", "a\r\nb",
		"ascii only\nsecond line\n", "é\nplain\n", "plain\nlong ascii line here, more than eight bytes\nü",
		"one\rtwo\r\nthree\nfour\r", "12345678é\r\n12345678\n", "\xff\xfe\r\x00\n",
	} {
		li := NewLineIndex([]byte(src))
		starts, ends, ascii := naiveLines([]byte(src))
		if !reflect.DeepEqual(li.starts, starts) || !reflect.DeepEqual(li.ends, ends) || !reflect.DeepEqual(li.ascii, ascii) {
			t.Errorf("%q: got starts %v ends %v ascii %v, want %v %v %v", src, li.starts, li.ends, li.ascii, starts, ends, ascii)
		}
	}
}

func FuzzLineIndexAgreesWithByteScan(f *testing.F) {
	f.Add([]byte("a\r\nb\rc\nd"))
	f.Fuzz(func(t *testing.T, src []byte) {
		li := NewLineIndex(src)
		starts, ends, ascii := naiveLines(src)
		if !reflect.DeepEqual(li.starts, starts) || !reflect.DeepEqual(li.ends, ends) || !reflect.DeepEqual(li.ascii, ascii) {
			t.Fatalf("%q: got starts %v ends %v ascii %v, want %v %v %v", src, li.starts, li.ends, li.ascii, starts, ends, ascii)
		}
	})
}

func TestFoldEqualAgreesWithEqualFold(t *testing.T) {
	words := []string{"", "a", "A", "hooks", "Hooks", "HOOKS", "hook", "k", "K", "\u212a", "\u212aey", "key", "KEY",
		"ſ", "s", "S", "straße", "STRASSE", "é", "É", "files", "fileS", "a\x80", "A\x80", "\xff", "\xfe"}
	for _, a := range words {
		for _, b := range words {
			if got, want := EqualFold(a, b), strings.EqualFold(a, b); got != want {
				t.Errorf("EqualFold(%q, %q) = %v, strings.EqualFold says %v", a, b, got, want)
			}
		}
	}
}
