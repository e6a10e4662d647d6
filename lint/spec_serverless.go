package lint

// Resource is one item of a Lambda or ECS appspec's Resources list:
//
//   - myFunction:              <- Name (the logical name) is the item's one key
//     Type: AWS::Lambda::Function
//     Properties: {...}
type Resource struct {
	Node       *Node // the list item (a mapping, when well formed)
	Name       *Pair // the item's first key and its body; nil if the item is not a mapping
	Type       *Pair // in the body, matched case-insensitively
	Properties *Pair
}

// Body is the resource's mapping under its logical name, or nil.
func (r *Resource) Body() *Node {
	if r.Name == nil {
		return nil
	}
	if b := r.Name.Value.Resolve(); b != nil && b.Kind == MappingNode {
		return b
	}
	return nil
}

// Props is the Properties mapping, or nil.
func (r *Resource) Props() *Node {
	if p := r.Properties.ValueNode(); p != nil && p.Kind == MappingNode {
		return p
	}
	return nil
}

// HookItem is one item of a Lambda or ECS appspec's Hooks list:
// `- BeforeAllowTraffic: MyValidationFunction`.
type HookItem struct {
	Node *Node // the list item
	Pair *Pair // its first key and value; nil if the item is not a mapping
}

// buildServerless fills the Lambda/ECS part of the view. Keys are matched
// case-insensitively, as the docs show both Resources and resources.
func (s *Spec) buildServerless(root *Node) {
	s.ServerlessHooks = root.GetFold("Hooks")
	if list := s.Resources.ValueNode(); list != nil && list.Kind == SequenceNode {
		for _, item := range list.Items {
			r := &Resource{Node: item}
			if m := item.Resolve(); m.Kind == MappingNode && len(m.Pairs) > 0 {
				r.Name = m.Pairs[0]
				if body := r.Body(); body != nil {
					r.Type = body.GetFold("Type")
					r.Properties = body.GetFold("Properties")
				}
			}
			s.ResourceItems = append(s.ResourceItems, r)
		}
	}
	if list := s.ServerlessHooks.ValueNode(); list != nil && list.Kind == SequenceNode {
		for _, item := range list.Items {
			h := &HookItem{Node: item}
			if m := item.Resolve(); m.Kind == MappingNode && len(m.Pairs) > 0 {
				h.Pair = m.Pairs[0]
			}
			s.HookItems = append(s.HookItems, h)
		}
	}
}
