package schema

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/appspec-lint/appspec-lint/lint"
)

// The umbrella schema is one self-contained file for any AppSpec: it picks
// the platform's schema by the file's shape with if/then/else (not oneOf, so
// that an editor reports the errors of the one platform the file is for, and
// shows that platform's documentation on hover). It embeds the three
// platform schemas under $defs (ec2, lambda, ecs), so that it can be
// published alone, e.g. on SchemaStore for appspec.yml, appspec.yaml and
// appspec.json.
//
// Shape, as the linter detects the platform: a file with Resources is
// Lambda or ECS (Lambda when a resource has Type AWS::Lambda::Function; else
// ECS when an item is keyed TargetService or has Type AWS::ECS::Service),
// anything else is EC2/On-Premises.

const umbrellaDescription = "An AWS CodeDeploy AppSpec file: appspec.yml or appspec.yaml for EC2/On-Premises deployments (read by the CodeDeploy agent), or a YAML or JSON AppSpec for AWS Lambda and Amazon ECS deployments (read by the CodeDeploy service). The platform is picked from the file's shape: a `Resources` list makes it Lambda, or ECS when its item is keyed `TargetService` (or has Type AWS::ECS::Service) and is not typed AWS::Lambda::Function; anything else is EC2/On-Premises."

// buildUmbrella generates appspec.schema.json from the three platform
// schemas. It runs only under go test (TestUmbrellaUpToDate, -update), so it
// lives here, out of the binary.
func buildUmbrella() ([]byte, error) {
	defs := object{}
	for _, p := range []lint.Platform{lint.EC2, lint.Lambda, lint.ECS} {
		doc, err := decodeOrdered(Source(p))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", FileName(p), err)
		}
		o, ok := doc.(object)
		if !ok {
			return nil, fmt.Errorf("%s: not a JSON object", FileName(p))
		}
		var body object
		for _, m := range o {
			if m.Key == "$schema" || m.Key == "$id" {
				continue
			}
			body = append(body, member{m.Key, rebaseRefs(m.Value, "#/$defs/"+p.String())})
		}
		defs = append(defs, member{p.String(), body})
	}
	ecsShape := object{
		{"type", "array"},
		{"contains", object{
			{"type", "object"},
			{"anyOf", []any{
				object{{"required", []any{"TargetService"}}},
				object{
					{"minProperties", jsonNumber(1)},
					{"additionalProperties", object{
						{"required", []any{"Type"}},
						{"properties", object{{"Type", object{{"const", "AWS::ECS::Service"}}}}},
					}},
				},
			}},
		}},
	}
	// A resource typed as a Lambda function makes the file Lambda whatever
	// its logical name (a function may be named TargetService).
	lambdaTyped := object{
		{"type", "array"},
		{"contains", object{
			{"type", "object"},
			{"minProperties", jsonNumber(1)},
			{"additionalProperties", object{
				{"required", []any{"Type"}},
				{"properties", object{{"Type", object{{"const", "AWS::Lambda::Function"}}}}},
			}},
		}},
	}
	u := object{
		{"$schema", "https://json-schema.org/draft/2020-12/schema"},
		{"$id", ID(0)},
		{"title", "AWS CodeDeploy AppSpec file"},
		{"description", umbrellaDescription},
		{"$comment", "Generated from ec2.schema.json, lambda.schema.json and ecs.schema.json (go test ./schema -update); edit those, not this file."},
		{"if", object{{"type", "object"}, {"required", []any{"Resources"}}}},
		{"then", object{
			{"if", object{{"properties", object{{"Resources", lambdaTyped}}}}},
			{"then", object{{"$ref", "#/$defs/lambda"}}},
			{"else", object{
				{"if", object{{"properties", object{{"Resources", ecsShape}}}}},
				{"then", object{{"$ref", "#/$defs/ecs"}}},
				{"else", object{{"$ref", "#/$defs/lambda"}}},
			}},
		}},
		{"else", object{{"$ref", "#/$defs/ec2"}}},
		{"$defs", defs},
	}
	return encodeOrdered(u)
}

// rebaseRefs rewrites a platform schema's local references ("#/$defs/x",
// "#") to where that schema sits inside the umbrella.
func rebaseRefs(v any, base string) any {
	switch t := v.(type) {
	case object:
		out := make(object, len(t))
		for i, m := range t {
			if s, ok := m.Value.(string); ok && m.Key == "$ref" && strings.HasPrefix(s, "#") {
				out[i] = member{m.Key, base + strings.TrimPrefix(s, "#")}
				continue
			}
			out[i] = member{m.Key, rebaseRefs(m.Value, base)}
		}
		return out
	case []any:
		out := make([]any, len(t))
		for i, item := range t {
			out[i] = rebaseRefs(item, base)
		}
		return out
	}
	return v
}

// encodeOrdered writes v as indented JSON, keeping member order and leaving
// <, > and & as they are (task definition placeholders are <TASK_DEFINITION>).
func encodeOrdered(v any) ([]byte, error) {
	var compact bytes.Buffer
	if err := writeCompact(&compact, v); err != nil {
		return nil, err
	}
	var out bytes.Buffer
	if err := json.Indent(&out, compact.Bytes(), "", "  "); err != nil {
		return nil, err
	}
	out.WriteByte('\n')
	return out.Bytes(), nil
}

func writeCompact(w *bytes.Buffer, v any) error {
	switch t := v.(type) {
	case object:
		w.WriteByte('{')
		for i, m := range t {
			if i > 0 {
				w.WriteByte(',')
			}
			if err := writeScalar(w, m.Key); err != nil {
				return err
			}
			w.WriteByte(':')
			if err := writeCompact(w, m.Value); err != nil {
				return err
			}
		}
		w.WriteByte('}')
	case []any:
		w.WriteByte('[')
		for i, item := range t {
			if i > 0 {
				w.WriteByte(',')
			}
			if err := writeCompact(w, item); err != nil {
				return err
			}
		}
		w.WriteByte(']')
	default:
		return writeScalar(w, t)
	}
	return nil
}

func writeScalar(w *bytes.Buffer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return err
	}
	w.Truncate(w.Len() - 1) // Encode adds a newline
	return nil
}

// jsonNumber is an integer as the decoder gives numbers.
func jsonNumber(i int) json.Number { return json.Number(strconv.Itoa(i)) }
