package rules

import (
	"math/rand"
	"strings"
	"testing"
	"unicode/utf8"
)

// TestEditDistanceWithin: the bounded distance agrees with the full one
// wherever that is within the bound, and is above the bound elsewhere.
func TestEditDistanceWithin(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	alphabet := []rune("abcde_-Ωé")
	word := func() string {
		r := make([]rune, rng.Intn(14))
		for i := range r {
			r[i] = alphabet[rng.Intn(len(alphabet))]
		}
		return string(r)
	}
	for i := 0; i < 20000; i++ {
		a, b, max := word(), word(), rng.Intn(5)
		full := editDistance(a, b)
		got := editDistanceWithin(a, b, max)
		if full <= max && got != full || full > max && got <= max {
			t.Fatalf("editDistanceWithin(%q, %q, %d) = %d, editDistance %d", a, b, max, got, full)
		}
	}
	// ASCII words take the banded path: near words of equal and unequal
	// lengths, with and without folding.
	ascii := []byte("abcAB_-")
	for i := 0; i < 50000; i++ {
		// Every fiftieth pair is longer than the rows kept on the stack (31).
		n := rng.Intn(16)
		if i%50 == 0 {
			n = 28 + rng.Intn(16)
		}
		a := make([]byte, n)
		for k := range a {
			a[k] = ascii[rng.Intn(len(ascii))]
		}
		b := append([]byte(nil), a...)
		for e := rng.Intn(5); e > 0 && len(b) > 0; e-- {
			k := rng.Intn(len(b))
			switch rng.Intn(3) {
			case 0:
				b[k] = ascii[rng.Intn(len(ascii))]
			case 1:
				b = append(b[:k], b[k+1:]...)
			default:
				b = append(b[:k], append([]byte{ascii[rng.Intn(len(ascii))]}, b[k:]...)...)
			}
		}
		max, fold := rng.Intn(5), rng.Intn(2) == 0
		x, y := string(a), string(b)
		full := editDistance(x, y)
		if fold {
			full = editDistance(strings.ToLower(x), strings.ToLower(y))
		}
		if got := editDistanceASCII(x, y, max, fold); full <= max && got != full || full > max && got <= max {
			t.Fatalf("editDistanceASCII(%q, %q, %d, %v) = %d, editDistance %d", x, y, max, fold, got, full)
		}
	}
}

// TestStructNormalize: the fast path for plain keys gives what the general
// one does.
func TestStructNormalize(t *testing.T) {
	for in, want := range map[string]string{"hooks": "hooks", "file_exists_behavior": "fileexistsbehavior",
		"Hooks": "hooks", "AfterInstall": "afterinstall", "a b-c": "abc", "v2": "v2", "": "", "Ünit": "ünit"} {
		if got := structNormalize(in); got != want {
			t.Errorf("structNormalize(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestSyntaxByteIndex: the ASCII shortcut agrees with decoding rune by rune.
func TestSyntaxByteIndex(t *testing.T) {
	slow := func(text string, col int) int {
		i := 0
		for c := 1; c < col && i < len(text); c++ {
			_, size := utf8.DecodeRuneInString(text[i:])
			i += size
		}
		return i
	}
	for _, text := range []string{"", "abc", "a: é", "ééé", "ab\xffcd", "  - x: 1"} {
		for col := -1; col < 12; col++ {
			if got, want := syntaxByteIndex(text, col), slow(text, col); got != want {
				t.Errorf("syntaxByteIndex(%q, %d) = %d, want %d", text, col, got, want)
			}
		}
	}
}

// TestEditDistanceFoldWithin: the folding distance is the distance of the
// lower-cased strings.
func TestEditDistanceFoldWithin(t *testing.T) {
	rng := rand.New(rand.NewSource(2))
	alphabet := []rune("abcABC_-Ωéω")
	word := func() string {
		r := make([]rune, rng.Intn(12))
		for i := range r {
			r[i] = alphabet[rng.Intn(len(alphabet))]
		}
		return string(r)
	}
	for i := 0; i < 20000; i++ {
		a, b, max := word(), word(), rng.Intn(5)
		want := editDistanceWithin(strings.ToLower(a), strings.ToLower(b), max)
		if got := editDistanceFoldWithin(a, b, max); got != want && (got <= max || want <= max) {
			t.Fatalf("editDistanceFoldWithin(%q, %q, %d) = %d, want %d", a, b, max, got, want)
		}
	}
}

// TestStructNormalizesTo agrees with comparing structNormalize's result.
func TestStructNormalizesTo(t *testing.T) {
	words := []string{"hooks", "Hooks", "file_exists_behavior", "FileExistsBehavior", "file-exists behavior", "fileexistsbehavior",
		"", "_", "a_", "A", "Ünit", "ünit", "TargetService", "target_service", "targetservic"}
	for _, c := range words {
		for _, k := range words {
			n := structNormalize(k)
			if got, want := structNormalizesTo(c, n), structNormalize(c) == n; got != want {
				t.Errorf("structNormalizesTo(%q, %q) = %v, want %v", c, n, got, want)
			}
		}
	}
}

// TestTopKeysAreNotResourcesLike backs structIsResourcesLike's shortcut.
func TestTopKeysAreNotResourcesLike(t *testing.T) {
	for _, k := range structTopKeys {
		if !strings.EqualFold(k, "Resources") && structSuggestKey(k, []string{"Resources"}) != "" {
			t.Errorf("%s is near Resources: structIsResourcesLike cannot skip the top-level keys", k)
		}
	}
}
