package schema

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
)

// The schema files are read into an order-keeping tree, so that the umbrella
// schema generated from them (umbrella_test.go) keeps their layout
// (properties in the order they are documented), and so that messages can
// list a mapping's allowed keys in that order.

// object is a JSON object whose members keep their order.
type object []member

type member struct {
	Key   string
	Value any // object, []any, string, json.Number, bool or nil
}

// get returns the value of key, or nil.
func (o object) get(key string) any {
	for _, m := range o {
		if m.Key == key {
			return m.Value
		}
	}
	return nil
}

// decodeOrdered reads one JSON value.
func decodeOrdered(b []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	v, err := decodeValue(dec)
	if err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fmt.Errorf("trailing data after the JSON value")
	}
	return v, nil
}

func decodeValue(dec *json.Decoder) (any, error) {
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	switch t := tok.(type) {
	case json.Delim:
		if t == '{' {
			var o object
			for dec.More() {
				kt, err := dec.Token()
				if err != nil {
					return nil, err
				}
				v, err := decodeValue(dec)
				if err != nil {
					return nil, err
				}
				o = append(o, member{Key: kt.(string), Value: v})
			}
			_, err := dec.Token() // }
			return o, err
		}
		// '[': the decoder gives no ] or } where a value starts, it fails.
		a := []any{}
		for dec.More() {
			v, err := decodeValue(dec)
			if err != nil {
				return nil, err
			}
			a = append(a, v)
		}
		_, err := dec.Token() // ]
		return a, err
	default:
		return t, nil
	}
}

// pointerGet resolves a JSON pointer fragment ("/$defs/script") in an
// ordered document, or returns nil.
func pointerGet(doc any, ptr string) any {
	if ptr == "" {
		return doc
	}
	cur := doc
	for _, tok := range splitPointer(ptr) {
		switch c := cur.(type) {
		case object:
			cur = c.get(tok)
		case []any:
			i := 0
			for _, r := range tok {
				if r < '0' || r > '9' {
					return nil
				}
				i = i*10 + int(r-'0')
				if i >= len(c) {
					return nil
				}
			}
			cur = c[i]
		default:
			return nil
		}
		if cur == nil {
			return nil
		}
	}
	return cur
}
