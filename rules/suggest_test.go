package rules

import (
	"math/rand"
	"testing"
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
