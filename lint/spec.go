package lint

// Spec is the typed view of an EC2/On-Premises AppSpec that rules read. It is
// built once per document and is tolerant: a section of the wrong shape keeps
// its Pair (so a rule can report the shape) and contributes no entries.
type Spec struct {
	Root *Node // the top-level mapping, or nil

	Version            *Pair
	OS                 *Pair
	FileExistsBehavior *Pair
	Files              *Pair
	Permissions        *Pair
	Hooks              *Pair
	Resources          *Pair

	FileEntries []*FileEntry
	PermEntries []*Permission
	Events      []*Event

	// Lambda and ECS: Resources (above) and Hooks, both lists, keys matched
	// case-insensitively.
	ServerlessHooks *Pair
	ResourceItems   []*Resource
	HookItems       []*HookItem
}

// FileEntry is one item of the files list.
type FileEntry struct {
	Node        *Node // the item's mapping
	Source      *Pair
	Destination *Pair
}

// Permission is one item of the permissions list.
type Permission struct {
	Node    *Node
	Object  *Pair
	Pattern *Pair
	Except  *Pair
	Owner   *Pair
	Group   *Pair
	Mode    *Pair
	Acls    *Pair
	Context *Pair
	Type    *Pair
}

// Event is one lifecycle event under hooks, with its script entries.
type Event struct {
	Pair    *Pair // Key is the event name; Value the script list (or whatever was written)
	Scripts []*Script
}

// Name is the event's name as written.
func (e *Event) Name() string { return e.Pair.Key.Value }

// Script is one `- location: ...` entry of an event.
type Script struct {
	Event    *Event
	Node     *Node // the item's mapping
	Location *Pair
	Timeout  *Pair
	Runas    *Pair
	Sudo     *Pair
}

// OSValue is the os as written ("linux", "windows", ...) or "".
func (s *Spec) OSValue() string {
	if s.OS == nil || s.OS.Value.Kind != ScalarNode {
		return ""
	}
	return s.OS.Value.Value
}

// IsWindows reports whether the file targets Windows Server instances.
func (s *Spec) IsWindows() bool { return s.OSValue() == "windows" }

// BuildSpec makes the typed view of root. root may be nil.
func BuildSpec(root *Node) *Spec {
	s := &Spec{}
	root = root.Resolve()
	if root == nil || root.Kind != MappingNode {
		return s
	}
	s.Root = root
	s.Version = root.Get("version")
	s.OS = root.Get("os")
	s.FileExistsBehavior = root.Get("file_exists_behavior")
	s.Files = root.Get("files")
	s.Permissions = root.Get("permissions")
	s.Hooks = root.Get("hooks")
	s.Resources = root.GetFold("Resources")
	s.buildServerless(root)

	// Entries come from one block each, sized up front: this runs per document.
	files := mappingItems(s.Files)
	fileBlock := make([]FileEntry, len(files))
	s.FileEntries = make([]*FileEntry, len(files))
	for i, item := range files {
		fileBlock[i] = FileEntry{Node: item, Source: item.Get("source"), Destination: item.Get("destination")}
		s.FileEntries[i] = &fileBlock[i]
	}
	perms := mappingItems(s.Permissions)
	permBlock := make([]Permission, len(perms))
	s.PermEntries = make([]*Permission, len(perms))
	for i, item := range perms {
		permBlock[i] = Permission{
			Node: item, Object: item.Get("object"), Pattern: item.Get("pattern"),
			Except: item.Get("except"), Owner: item.Get("owner"), Group: item.Get("group"),
			Mode: item.Get("mode"), Acls: item.Get("acls"), Context: item.Get("context"),
			Type: item.Get("type"),
		}
		s.PermEntries[i] = &permBlock[i]
	}
	if hooks := s.Hooks.ValueNode(); hooks != nil && hooks.Kind == MappingNode {
		evBlock := make([]Event, len(hooks.Pairs))
		s.Events = make([]*Event, len(hooks.Pairs))
		for i, pair := range hooks.Pairs {
			ev := &evBlock[i]
			ev.Pair = pair
			items := mappingItems(pair)
			scriptBlock := make([]Script, len(items))
			for j, item := range items {
				scriptBlock[j] = Script{
					Event: ev, Node: item, Location: item.Get("location"),
					Timeout: item.Get("timeout"), Runas: item.Get("runas"), Sudo: item.Get("sudo"),
				}
				ev.Scripts = append(ev.Scripts, &scriptBlock[j])
			}
			s.Events[i] = ev
		}
	}
	return s
}

// mappingItems returns the mapping items of a list-valued pair, skipping
// items of any other shape.
func mappingItems(p *Pair) []*Node {
	list := p.ValueNode()
	if list == nil || list.Kind != SequenceNode {
		return nil
	}
	out := make([]*Node, 0, len(list.Items))
	for _, item := range list.Items {
		if item = item.Resolve(); item.Kind == MappingNode {
			out = append(out, item)
		}
	}
	return out
}
