package rules

import "strings"

// suggest returns the candidate closest to name (case-insensitive edit
// distance at most maxDist), or "". Ties go to the earlier candidate.
func suggest(name string, candidates []string, maxDist int) string {
	best, bestDist := "", maxDist+1
	for _, c := range candidates {
		// Only a candidate closer than the best so far can win.
		d := editDistanceFoldWithin(name, c, bestDist-1)
		if d < bestDist {
			best, bestDist = c, d
			if d == 0 {
				break // nothing is closer than the name itself
			}
		}
	}
	return best
}

// editDistanceFoldWithin is editDistanceWithin of the lower-cased strings.
// Suggestions are asked for many keys of every document, so ASCII (all the
// candidates) is folded byte by byte instead of lowering copies.
func editDistanceFoldWithin(a, b string, max int) int {
	if !isASCII(a) || !isASCII(b) {
		return editDistanceWithin(strings.ToLower(a), strings.ToLower(b), max)
	}
	return editDistanceASCII(a, b, max, true)
}

func lowerASCII(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// editDistanceWithin is editDistance(a, b) when that is at most max, and
// some number above max otherwise. It gives up early: the distance is at
// least the difference in length, and at least the smallest entry of a row.
// Most names compared in a lint are far apart, so it seldom fills a table.
// max is at least 0 (suggest stops at an exact match).
func editDistanceWithin(a, b string, max int) int {
	if !isASCII(a) || !isASCII(b) {
		if d := editDistance(a, b); d <= max {
			return d
		}
		return max + 1
	}
	return editDistanceASCII(a, b, max, false)
}

// editDistanceASCII is editDistanceWithin for ASCII strings, with letters
// compared without case when fold is set.
func editDistanceASCII(a, b string, max int, fold bool) int {
	if d := len(a) - len(b); d > max || -d > max {
		return max + 1
	}
	var bufP, bufC [32]int
	prev, cur := bufP[:0], bufC[:0]
	if len(b)+1 > len(bufP) {
		prev, cur = make([]int, 0, len(b)+1), make([]int, 0, len(b)+1)
	}
	prev, cur = prev[:len(b)+1], cur[:len(b)+1]
	for j := range prev {
		prev[j] = j
	}
	// Only the band |i-j| <= max can hold a distance within max: the cells
	// beside it are set above max, the ones further out never read.
	over := max + 1
	for i := 1; i <= len(a); i++ {
		lo, hi := 1, min(len(b), i+max)
		if i-max > lo {
			lo = i - max
		}
		rowMin := over
		if lo == 1 {
			cur[0] = i
			rowMin = i
		} else {
			cur[lo-1] = over
		}
		for j := lo; j <= hi; j++ {
			cost := 1
			if x, y := a[i-1], b[j-1]; x == y || fold && lowerASCII(x) == lowerASCII(y) {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			rowMin = min(rowMin, cur[j])
		}
		if hi < len(b) {
			cur[hi+1] = over
		}
		if rowMin > max {
			return max + 1
		}
		prev, cur = cur, prev
	}
	if d := prev[len(b)]; d <= max {
		return d
	}
	return max + 1
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// editDistance is the Levenshtein distance between a and b, in runes.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// didYouMean formats a suggestion for a message: ` (did you mean "x"?)` or "".
func didYouMean(s string) string {
	if s == "" {
		return ""
	}
	return "; did you mean " + s + "?"
}

// byteSet is a set of ASCII bytes, looked up in one load: strings.IndexAny
// builds its set anew at every call, and the rules ask the same sets of every
// value of every document.
type byteSet [256]bool

func newByteSet(chars string) (s byteSet) {
	for i := 0; i < len(chars); i++ {
		s[chars[i]] = true
	}
	return s
}

// index is strings.IndexAny(str, the set's characters) for an ASCII set.
func (s *byteSet) index(str string) int {
	for i := 0; i < len(str); i++ {
		if s[str[i]] {
			return i
		}
	}
	return -1
}
