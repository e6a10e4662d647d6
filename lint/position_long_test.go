package lint

import (
	"math/rand"
	"strings"
	"testing"
	"time"
)

// TestLongLineMarksAgree: on long lines of mixed text (ASCII, accents,
// emoji, invalid bytes, CRLF endings), every conversion gives what decoding
// from the line's start gives.
func TestLongLineMarksAgree(t *testing.T) {
	pieces := []string{"a", "b:", " ", "é", "😀", "\xff", "\xe2\x82", "中", "\t", "x\r\n", "\n", "\r"}
	rnd := rand.New(rand.NewSource(1))
	for round := 0; round < 8; round++ {
		var b strings.Builder
		for b.Len() < 6_000 {
			if rnd.Intn(1500) == 0 {
				b.WriteString(pieces[9+rnd.Intn(3)]) // a few line breaks
				continue
			}
			b.WriteString(pieces[rnd.Intn(9)])
		}
		src := []byte(b.String())
		fast := NewLineIndex(src)
		if fast.long == nil {
			t.Fatal("no line was marked")
		}
		slow := NewLineIndex(src)
		slow.long = nil
		for off := 0; off <= len(src); off++ {
			p := fast.PosAt(off)
			if q := slow.PosAt(off); p != q {
				t.Fatalf("round %d: PosAt(%d) = %v, want %v", round, off, p, q)
			}
			if a, b := fast.Offset(p), slow.Offset(p); a != b {
				t.Fatalf("round %d: Offset(%v) = %d, want %d", round, p, a, b)
			}
			if a, b := fast.UTF16Col(p), slow.UTF16Col(p); a != b {
				t.Fatalf("round %d: UTF16Col(%v) = %d, want %d", round, p, a, b)
			}
			if a, b := fast.PosFromUTF16(p.Line-1, off%3000), slow.PosFromUTF16(p.Line-1, off%3000); a != b {
				t.Fatalf("round %d: PosFromUTF16(%d, %d) = %v, want %v", round, p.Line-1, off%3000, a, b)
			}
		}
		for n := 1; n <= fast.LineCount(); n++ {
			if a, b := fast.EndOfLine(n), slow.EndOfLine(n); a != b {
				t.Fatalf("round %d: EndOfLine(%d) = %v, want %v", round, n, a, b)
			}
			for _, col := range []int{-1, 0, 1, 255, 256, 257, 100_000} {
				p := Pos{Line: n, Col: col}
				if a, b := fast.Offset(p), slow.Offset(p); a != b {
					t.Fatalf("round %d: Offset(%v) = %d, want %d", round, p, a, b)
				}
				if a, b := fast.UTF16Col(p), slow.UTF16Col(p); a != b {
					t.Fatalf("round %d: UTF16Col(%v) = %d, want %d", round, p, a, b)
				}
			}
		}
	}
}

// TestOneLineFileWithAnAccent: a minified file of 1 MB on one line, with
// one accented character at its start, converts each of a hundred thousand
// positions in bounded time (it took minutes when each conversion decoded
// the line from its start).
func TestOneLineFileWithAnAccent(t *testing.T) {
	src := []byte("{\"é\": [" + strings.Repeat("1234567, ", 1<<17) + "1]}")
	within(t, 60*time.Second, "converting positions", func() {
		li := NewLineIndex(src)
		for off := 0; off < len(src); off += 10 {
			p := li.PosAt(off)
			if li.Offset(p) != off && src[off]&0xC0 != 0x80 {
				t.Fatalf("Offset(PosAt(%d)) = %d", off, li.Offset(p))
			}
			li.UTF16Col(p)
			li.PosFromUTF16(0, off)
			li.EndOfLine(1)
		}
	})
}
