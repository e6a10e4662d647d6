package rules

import (
	"fmt"
	"math/rand"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/appspec-lint/appspec-lint/lint"
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

// TestSyntaxTextHelpers: what the callers in rules never pass (no AppSpec
// makes them): overlapping edits (the first is kept), no edits (which do
// not help), and a missing tree (a file with no document).
func TestSyntaxTextHelpers(t *testing.T) {
	d := lint.Parse("appspec.yml", []byte("os: linux\n"))
	at := func(c1, c2 int) lint.Range {
		return lint.Range{Start: lint.Pos{Line: 1, Col: c1}, End: lint.Pos{Line: 1, Col: c2}}
	}
	edits := []lint.Edit{{Range: at(5, 10), NewText: "windows"}, {Range: at(1, 3), NewText: "OS"}, {Range: at(6, 8), NewText: "X"}}
	if got, want := string(syntaxApply(d, edits)), "OS: windows\n"; got != want {
		t.Errorf("syntaxApply with overlapping edits = %q, want %q", got, want)
	}
	if syntaxFixHelps(d, nil, 0) {
		t.Errorf("syntaxFixHelps with no edits = true, want false")
	}
	empty := lint.Parse("appspec.yml", []byte("# nothing yet\n"))
	if empty.Root != nil {
		t.Fatalf("a file of comments has a root")
	}
	if !syntaxSameTree(empty.Root, nil) || syntaxSameTree(d.Root, empty.Root) || syntaxSameTree(nil, d.Root) {
		t.Errorf("syntaxSameTree: only two missing trees are the same")
	}
}

// TestDupAny: the map the check uses for more than 32 keys finds the same
// duplicates as the pairwise loop below that size, and no others.
func TestDupAny(t *testing.T) {
	for _, n := range []int{3, 32, 33, 40} {
		var b strings.Builder
		for i := range n {
			fmt.Fprintf(&b, "k%d: %d\n", i, i)
		}
		b.WriteString("<<: {a: 1}\n<<: {b: 2}\n7: x\n'7': y\n") // merge keys; the same text, an int and a string
		d := lint.Parse("appspec.yml", []byte(b.String()))
		if d.Root == nil || len(d.Root.Pairs) != n+4 {
			t.Fatalf("%d keys: the mapping did not parse as written: %v", n, d.SyntaxError)
		}
		if dupAny(d.Root.Pairs) {
			t.Errorf("%d distinct keys: dupAny found a duplicate", n)
		}
		// The int 7 again comes after the string '7'.
		for _, dup := range []string{"k1", "7"} {
			d = lint.Parse("appspec.yml", []byte(b.String()+dup+": again\n"))
			if !dupAny(d.Root.Pairs) {
				t.Errorf("%d keys and %s twice: dupAny found no duplicate", n, dup)
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
