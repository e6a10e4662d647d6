package schema

import "testing"

// TestKindString: each kind is named by its JSON Schema keyword; a number
// past the last kind or below the first is "other", as Other is (a
// negative one used to index out of range).
func TestKindString(t *testing.T) {
	for k, want := range map[Kind]string{Other: "other", Required: "required", Additional: "additionalProperties",
		PropertyName: "propertyNames", PropertyName + 1: "other", -1: "other"} {
		if got := k.String(); got != want {
			t.Errorf("Kind(%d): %q, want %q", int(k), got, want)
		}
	}
}
