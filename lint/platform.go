package lint

import "strings"

// Platform is a set of CodeDeploy compute platforms.
type Platform uint8

const (
	EC2 Platform = 1 << iota // EC2/On-Premises
	Lambda
	ECS

	AllPlatforms = EC2 | Lambda | ECS
	Serverless   = Lambda | ECS
)

// Has reports whether p includes q.
func (p Platform) Has(q Platform) bool { return p&q != 0 }

// Names lists the platforms in p, e.g. ["ec2", "lambda"].
func (p Platform) Names() []string {
	var names []string
	for _, x := range []Platform{EC2, Lambda, ECS} {
		if p.Has(x) {
			names = append(names, x.String())
		}
	}
	return names
}

func (p Platform) String() string {
	switch p {
	case EC2:
		return "ec2"
	case Lambda:
		return "lambda"
	case ECS:
		return "ecs"
	}
	return strings.Join(p.Names(), ",")
}

// ParsePlatform reads "auto" (0), "ec2", "lambda" or "ecs".
func ParsePlatform(s string) (Platform, bool) {
	switch strings.ToLower(s) {
	case "", "auto":
		return 0, true
	case "ec2", "server", "ec2/on-premises", "onpremises", "on-premises":
		return EC2, true
	case "lambda":
		return Lambda, true
	case "ecs":
		return ECS, true
	}
	return 0, false
}

// DetectPlatform infers the platform from the file's shape (nothing in the
// file names it): a Resources list means Lambda or ECS, decided by the
// resource's Type or its TargetService key; anything else is EC2.
func DetectPlatform(root *Node) Platform {
	if root == nil {
		return EC2
	}
	res := root.GetFold("Resources")
	if res == nil {
		return EC2
	}
	items := res.Value.Resolve()
	var resources []*Node
	switch {
	case items.Kind == SequenceNode:
		resources = items.Items
	case items.Kind == MappingNode:
		resources = []*Node{items}
	}
	// The resource's Type decides; the TargetService key only when no item
	// says (a Lambda function may well be named TargetService).
	keyedTargetService := false
	for _, item := range resources {
		item = item.Resolve()
		if item.Kind != MappingNode {
			continue
		}
		for _, pair := range item.Pairs {
			if strings.EqualFold(pair.Key.Value, "TargetService") {
				keyedTargetService = true
			}
			body := pair.Value.Resolve()
			if t := body.GetFold("Type"); t != nil {
				v := strings.ToLower(t.Value.Value)
				switch {
				case strings.Contains(v, "ecs"):
					return ECS
				case strings.Contains(v, "lambda"):
					return Lambda
				}
			}
		}
	}
	if keyedTargetService {
		return ECS
	}
	for _, item := range resources {
		for _, pair := range item.Resolve().Pairs {
			props := pair.Value.Resolve().GetFold("Properties").ValueNode()
			switch {
			case props.GetFold("TaskDefinition") != nil || props.GetFold("LoadBalancerInfo") != nil:
				return ECS
			case props.GetFold("CurrentVersion") != nil || props.GetFold("Alias") != nil:
				return Lambda
			}
		}
	}
	return Lambda
}

// ValueNode is p.Value, or nil when p is nil, so lookups can be chained.
func (p *Pair) ValueNode() *Node {
	if p == nil {
		return nil
	}
	return p.Value.Resolve()
}

// DetectPlatformText guesses the platform of a file that did not parse, from
// the words in it, so a broken ECS file is not judged by EC2 rules.
func DetectPlatformText(src []byte) Platform {
	text := strings.ToLower(string(src))
	switch {
	case strings.Contains(text, "aws::ecs::service") || strings.Contains(text, "targetservice"):
		return ECS
	case strings.Contains(text, "aws::lambda::function"):
		return Lambda
	}
	return EC2
}
