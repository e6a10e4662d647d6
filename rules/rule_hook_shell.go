package rules

import (
	"strings"
)

// A small reader of POSIX shell scripts, for AS518: it finds the jobs a
// script starts in the background (`cmd &`) and works out where their stdout
// and stderr go. It understands quoting, comments, line continuations, here
// documents, redirections, pipelines, and/or lists, subshells, brace groups,
// if/while/until/for/case and function definitions; anything it does not
// understand it skips, so that it reports only jobs it is sure about.

// hookShTok is one token of a script.
type hookShTok struct {
	kind   hookShKind
	text   string // the word or operator; for a redirection, the operator without its fd
	fd     int    // a redirection's file descriptor, -1 when not written
	off    int    // byte offset of the token's start
	end    int    // byte offset just past the token
	reserv bool   // a word that may be a reserved word (not quoted)
}

type hookShKind int

const (
	hookShWord hookShKind = iota
	hookShOp              // ; & && || | |& ( ) ;; newline
	hookShRedir
	hookShEOF
)

// hookShLex splits src into tokens.
func hookShLex(src string) []hookShTok {
	var toks []hookShTok
	var heredocs []hookShHeredoc
	i := 0
	for i < len(src) {
		c := src[i]
		switch {
		case c == ' ' || c == '\t' || c == '\r':
			i++
		case c == '\\' && i+1 < len(src) && src[i+1] == '\n':
			i += 2
		case c == '#':
			for i < len(src) && src[i] != '\n' {
				i++
			}
		case c == '\n':
			toks = append(toks, hookShTok{kind: hookShOp, text: "\n", off: i, end: i + 1, fd: -1})
			i++
			for _, h := range heredocs {
				i = hookShSkipHeredoc(src, i, h)
			}
			heredocs = heredocs[:0]
		case (c == '<' || c == '>') && i+1 < len(src) && src[i+1] == '(':
			// A process substitution, >(cmd) or <(cmd), is a word: a file
			// name for the command, or a redirection's target (`2> >(cmd)`).
			end := hookShWordEnd(src, hookShBalanced(src, i+1))
			toks = append(toks, hookShTok{kind: hookShWord, text: src[i:end], off: i, end: end, fd: -1})
			i = end
		case strings.IndexByte(";&|()<>", c) >= 0:
			t, n := hookShOperator(src, i, -1)
			toks = append(toks, t)
			i = n
			if t.kind == hookShRedir && (t.text == "<<" || t.text == "<<-") {
				j := i
				for j < len(src) && (src[j] == ' ' || src[j] == '\t') {
					j++
				}
				end := hookShWordEnd(src, j)
				if end > j {
					word := src[j:end]
					heredocs = append(heredocs, hookShHeredoc{delim: hookShUnquote(word), strip: t.text == "<<-"})
					toks = append(toks, hookShTok{kind: hookShWord, text: word, off: j, end: end, fd: -1})
					i = end
				}
			}
		default:
			// A word: c is none of the blanks and operators that end one, so
			// it is at least c long.
			end := hookShWordEnd(src, i)
			word := src[i:end]
			if end < len(src) && (src[end] == '<' || src[end] == '>') && hookShDigits(word) {
				fd := 0 // at most four digits
				for _, d := range word {
					fd = fd*10 + int(d-'0')
				}
				t, n := hookShOperator(src, end, fd)
				t.off = i
				toks = append(toks, t)
				i = n
				continue
			}
			toks = append(toks, hookShTok{kind: hookShWord, text: word, off: i, end: end, fd: -1,
				reserv: !strings.ContainsAny(word, "'\"\\$`")})
			i = end
		}
	}
	return append(toks, hookShTok{kind: hookShEOF, off: len(src), end: len(src), fd: -1})
}

type hookShHeredoc struct {
	delim string
	strip bool // <<- strips leading tabs
}

// hookShSkipHeredoc skips the body of a here document starting at i.
func hookShSkipHeredoc(src string, i int, h hookShHeredoc) int {
	for i < len(src) {
		j := strings.IndexByte(src[i:], '\n')
		line := src[i:]
		next := len(src)
		if j >= 0 {
			line = src[i : i+j]
			next = i + j + 1
		}
		line = strings.TrimRight(line, "\r")
		if h.strip {
			line = strings.TrimLeft(line, "\t")
		}
		i = next
		if line == h.delim {
			break
		}
	}
	return i
}

// hookShOperator reads the operator or redirection at i, one of ;&|()<>;
// fd is the number written before a redirection, or -1.
func hookShOperator(src string, i, fd int) (hookShTok, int) {
	op := src[i : i+1] // the character alone, unless it starts a longer one
	for _, long := range []string{"&>>", "<<<", "<<-", "&&", "||", ";;", "|&", "&>", ">>", ">&", ">|", "<<", "<&", "<>"} {
		if strings.HasPrefix(src[i:], long) {
			op = long
			break
		}
	}
	end := i + len(op)
	kind := hookShOp
	if strings.ContainsAny(op, "<>") {
		kind = hookShRedir
	}
	t := hookShTok{kind: kind, text: op, fd: fd, off: i, end: end}
	if kind == hookShRedir && fd < 0 {
		t.fd = 1
		if op[0] == '<' {
			t.fd = 0
		}
		if op[0] == '&' {
			t.fd = -2 // both stdout and stderr
		}
	}
	return t, end
}

// hookShWordEnd returns where the word starting at i ends: at unquoted
// blanks or operators, skipping quotes, escapes, $(...), ${...} and `...`.
func hookShWordEnd(src string, i int) int {
	for i < len(src) {
		c := src[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			return i
		case strings.IndexByte(";&|()<>", c) >= 0:
			return i
		case c == '\\':
			i += 2
		case c == '\'':
			j := strings.IndexByte(src[i+1:], '\'')
			if j < 0 {
				return len(src)
			}
			i += j + 2
		case c == '"':
			i = hookShDoubleQuoted(src, i+1)
		case c == '`':
			i = hookShBackquoted(src, i+1)
		case c == '$' && i+1 < len(src) && (src[i+1] == '(' || src[i+1] == '{'):
			i = hookShBalanced(src, i+1)
		default:
			i++
		}
	}
	return min(i, len(src))
}

// hookShDoubleQuoted returns the offset after the closing quote of a
// double-quoted string whose body starts at i.
func hookShDoubleQuoted(src string, i int) int {
	for i < len(src) {
		switch c := src[i]; {
		case c == '\\':
			i += 2
		case c == '"':
			return i + 1
		case c == '`':
			i = hookShBackquoted(src, i+1)
		case c == '$' && i+1 < len(src) && (src[i+1] == '(' || src[i+1] == '{'):
			i = hookShBalanced(src, i+1)
		default:
			i++
		}
	}
	return len(src)
}

// hookShBackquoted returns the offset after the closing backquote.
func hookShBackquoted(src string, i int) int {
	for i < len(src) {
		switch src[i] {
		case '\\':
			i += 2
		case '`':
			return i + 1
		default:
			i++
		}
	}
	return len(src)
}

// hookShBalanced returns the offset after the bracket matching the one at i
// ( or {, skipping quotes inside.
func hookShBalanced(src string, i int) int {
	open := src[i]
	closer := byte(')')
	if open == '{' {
		closer = '}'
	}
	depth := 0
	for i < len(src) {
		switch c := src[i]; {
		case c == '\\':
			i += 2
			continue
		case c == '\'':
			j := strings.IndexByte(src[i+1:], '\'')
			if j < 0 {
				return len(src)
			}
			i += j + 2
			continue
		case c == '"':
			i = hookShDoubleQuoted(src, i+1)
			continue
		case c == '`':
			i = hookShBackquoted(src, i+1)
			continue
		case c == open:
			depth++
		case c == closer:
			depth--
			if depth == 0 {
				return i + 1
			}
		}
		i++
	}
	return len(src)
}

func hookShDigits(s string) bool {
	if s == "" || len(s) > 4 {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// hookShUnquote removes quotes and backslashes from a here-document delimiter.
func hookShUnquote(w string) string {
	var b strings.Builder
	for i := 0; i < len(w); i++ {
		switch w[i] {
		case '\'', '"':
		case '\\':
			if i+1 < len(w) {
				i++
				b.WriteByte(w[i])
			}
		default:
			b.WriteByte(w[i])
		}
	}
	return b.String()
}

// The parsed script: lists of and-or lists of pipelines of commands.

type hookShAndOr struct {
	pipes      []*hookShPipe
	background bool
	start, end int // byte offsets of the first token and just past the `&`
}

type hookShPipe struct {
	cmds    []*hookShCmd
	stderrs []bool // stderrs[i]: command i's stderr also goes into the pipe (|&)
}

type hookShCmd struct {
	redirs []hookShRedirect
	body   []*hookShAndOr // a compound command's inner lists
	exec   bool           // a bare `exec` with only redirections: it redirects the shell itself
	name   string         // a simple command's first word
}

type hookShRedirect struct {
	fd     int // 0, 1, 2, ... or -2 for both stdout and stderr
	op     string
	target string
}

// hookShParser is a forgiving recursive-descent parser over the tokens.
type hookShParser struct {
	toks  []hookShTok
	pos   int
	depth int // nesting of compound commands, bounded so that no script exhausts the stack
}

func (p *hookShParser) peek() hookShTok { return p.toks[p.pos] }

func (p *hookShParser) next() hookShTok {
	t := p.toks[p.pos]
	if t.kind != hookShEOF {
		p.pos++
	}
	return t
}

// isWord reports whether the next token is the unquoted word w.
func (p *hookShParser) isWord(w string) bool {
	t := p.peek()
	return t.kind == hookShWord && t.reserv && t.text == w
}

func (p *hookShParser) isOp(op string) bool {
	t := p.peek()
	return t.kind == hookShOp && t.text == op
}

// skipLineBreaks skips the newlines a list may continue after (&&, |, ...).
func (p *hookShParser) skipLineBreaks() {
	for p.isOp("\n") {
		p.next()
	}
}

// hookShStops are the reserved words that end a list.
var hookShStops = map[string]bool{"then": true, "elif": true, "else": true, "fi": true, "do": true, "done": true, "esac": true, "}": true}

// list parses and-or lists until EOF, `)`, `;;` or a stop word.
func (p *hookShParser) list() []*hookShAndOr {
	var out []*hookShAndOr
	for {
		for p.isOp("\n") || p.isOp(";") || p.isOp("&") {
			p.next()
		}
		t := p.peek()
		if t.kind == hookShEOF || (t.kind == hookShOp && (t.text == ")" || t.text == ";;")) ||
			(t.kind == hookShWord && t.reserv && hookShStops[t.text]) {
			return out
		}
		before := p.pos
		ao := p.andOr()
		if ao != nil {
			out = append(out, ao)
		}
		if p.pos == before {
			p.next() // a token nothing understands: skip it
		}
	}
}

func (p *hookShParser) andOr() *hookShAndOr {
	ao := &hookShAndOr{start: p.peek().off}
	for {
		pipe := p.pipeline()
		if pipe == nil {
			break
		}
		ao.pipes = append(ao.pipes, pipe)
		if p.isOp("&&") || p.isOp("||") {
			p.next()
			p.skipLineBreaks()
			continue
		}
		break
	}
	if len(ao.pipes) == 0 {
		return nil
	}
	if p.isOp("&") {
		t := p.next()
		ao.background = true
		ao.end = t.end
	}
	return ao
}

func (p *hookShParser) pipeline() *hookShPipe {
	if p.isWord("!") {
		p.next()
	}
	pipe := &hookShPipe{}
	for {
		cmd := p.command()
		if cmd == nil {
			break
		}
		pipe.cmds = append(pipe.cmds, cmd)
		pipe.stderrs = append(pipe.stderrs, false)
		if p.isOp("|") || p.isOp("|&") {
			pipe.stderrs[len(pipe.stderrs)-1] = p.next().text == "|&"
			p.skipLineBreaks()
			continue
		}
		break
	}
	if len(pipe.cmds) == 0 {
		return nil
	}
	return pipe
}

// command parses one simple or compound command with its redirections.
func (p *hookShParser) command() *hookShCmd {
	if p.depth > 64 {
		return nil // too deep to be a real script: the caller skips the token
	}
	p.depth++
	defer func() { p.depth-- }()
	t := p.peek()
	cmd := &hookShCmd{}
	switch {
	case t.kind == hookShOp && t.text == "(":
		p.next()
		cmd.body = p.list()
		if p.isOp(")") {
			p.next()
		}
	case p.isWord("{"):
		p.next()
		cmd.body = p.list()
		if p.isWord("}") {
			p.next()
		}
	case p.isWord("if"):
		p.next()
		cmd.body = append(cmd.body, p.list()...)
		for p.isWord("then") || p.isWord("elif") || p.isWord("else") {
			p.next()
			cmd.body = append(cmd.body, p.list()...)
		}
		if p.isWord("fi") {
			p.next()
		}
	case p.isWord("while") || p.isWord("until"):
		p.next()
		cmd.body = append(cmd.body, p.list()...)
		cmd.body = append(cmd.body, p.doGroup()...)
	case p.isWord("for") || p.isWord("select"):
		p.next()
		for t := p.peek(); !(t.kind == hookShEOF || p.isWord("do") || p.isWord("{")); t = p.peek() {
			p.next() // the name, `in` and the words, separators
		}
		cmd.body = p.doGroup()
	case p.isWord("case"):
		p.next()
		cmd.body = p.caseBody()
	case p.isWord("function"):
		// function name [()] body
		p.next()
		p.next()
		if p.isOp("(") {
			p.next()
			if p.isOp(")") {
				p.next()
			}
		}
		p.skipLineBreaks()
		body := p.command()
		if body == nil {
			return nil
		}
		cmd.body = body.body
		if cmd.body == nil {
			cmd.body = []*hookShAndOr{}
		}
	case t.kind == hookShWord || t.kind == hookShRedir:
		p.simple(cmd) // it reads at least this word or redirection
	default:
		return nil
	}
	for p.peek().kind == hookShRedir {
		cmd.redirs = append(cmd.redirs, p.redirect())
	}
	return cmd
}

// doGroup parses `do list done`, or a brace group after `for`. The list
// before it (while, until) or the loop over `for`'s words has already taken
// the newlines and semicolons before the `do`.
func (p *hookShParser) doGroup() []*hookShAndOr {
	closer := "done"
	if p.isWord("{") {
		closer = "}"
	} else if !p.isWord("do") {
		return nil
	}
	p.next()
	body := p.list()
	if p.isWord(closer) {
		p.next()
	}
	return body
}

// caseBody parses `word in (pattern) list ;; ... esac`.
func (p *hookShParser) caseBody() []*hookShAndOr {
	var body []*hookShAndOr
	for !p.isWord("in") && p.peek().kind != hookShEOF {
		p.next()
	}
	p.next()
	for {
		p.skipLineBreaks()
		if p.isWord("esac") || p.peek().kind == hookShEOF {
			p.next()
			return body
		}
		// The pattern, up to its closing parenthesis.
		for !p.isOp(")") && p.peek().kind != hookShEOF {
			p.next()
		}
		p.next()
		body = append(body, p.list()...)
		if p.isOp(";;") {
			p.next()
		}
	}
}

// simple parses a simple command (or a function definition) that starts with
// a word or a redirection.
func (p *hookShParser) simple(cmd *hookShCmd) {
	words := 0
	first := ""
	for {
		t := p.peek()
		switch t.kind {
		case hookShRedir:
			cmd.redirs = append(cmd.redirs, p.redirect())
			continue
		case hookShWord:
			if words == 0 {
				first = t.text
			}
			words++
			p.next()
			// name() { ... }: a function definition; its body runs where called.
			if words == 1 && p.isOp("(") && p.toks[p.pos+1].kind == hookShOp && p.toks[p.pos+1].text == ")" {
				p.next()
				p.next()
				p.skipLineBreaks()
				if body := p.command(); body != nil {
					cmd.body = body.body
					cmd.redirs = body.redirs
				}
				return
			}
			continue
		}
		break
	}
	cmd.exec = first == "exec" && words == 1
	cmd.name = first
}

func (p *hookShParser) redirect() hookShRedirect {
	t := p.next()
	r := hookShRedirect{fd: t.fd, op: t.text}
	if nt := p.peek(); nt.kind == hookShWord {
		r.target = nt.text
		p.next()
	}
	return r
}

// Where a job's output goes.

type hookShOut int

const (
	hookShAgent hookShOut = iota // the pipe the agent reads and waits on
	hookShElsewhere
)

type hookShFds struct{ out, err hookShOut }

// apply performs redirections in order, as the shell does.
func (f hookShFds) apply(rs []hookShRedirect) hookShFds {
	for _, r := range rs {
		switch {
		case r.op == "<" || r.op == "<<" || r.op == "<<-" || r.op == "<<<" || r.op == "<>" || r.op == "<&":
			// stdin: the agent closes it, so it cannot keep the event waiting
		case r.op != ">&" && hookShSubstitutes(r.target):
			// `> >(logger)`: the output goes into a process that writes
			// where the shell's own output goes, and lives as long as the
			// command writes to it.
			to := f.substitution(r.target)
			switch r.fd {
			case -2:
				f.out, f.err = to, to
			case 1:
				f.out = to
			case 2:
				f.err = to
			}
		case r.fd == -2: // &> &>>
			f.out, f.err = hookShElsewhere, hookShElsewhere
		case r.op == ">&":
			switch {
			case r.fd == 1 && r.target == "2":
				f.out = f.err
			case r.fd == 2 && r.target == "1":
				f.err = f.out
			case r.fd == 1 && !hookShDigits(r.target) && r.target != "-":
				f.out, f.err = hookShElsewhere, hookShElsewhere // >&file is &>file
			case r.fd == 1:
				f.out = hookShElsewhere
			case r.fd == 2:
				f.err = hookShElsewhere
			}
		case r.fd == 1:
			f.out = hookShElsewhere
		case r.fd == 2:
			f.err = hookShElsewhere
		}
	}
	return f
}

// hookShSubstitutes reports whether a redirection's target is an output
// process substitution, >(cmd).
func hookShSubstitutes(target string) bool {
	return strings.HasPrefix(target, ">(") && strings.HasSuffix(target, ")")
}

// substitution says where output sent into >(cmd) ends up: with the agent
// when cmd writes to the agent's stdout or stderr (the fds f has when the
// redirection is made, which cmd inherits). A substitution nested in cmd is
// not followed: each level would read its text again, and hostile nesting
// would cost the square of its length. It counts as elsewhere, as a
// redirection to a file does.
func (f hookShFds) substitution(target string) hookShOut {
	inner := target[2 : len(target)-1]
	if strings.Contains(inner, ">(") || strings.Contains(inner, "<(") {
		return hookShElsewhere
	}
	// cmd runs in a subshell of its own: its jobs are not the script's.
	var jobs []hookShJob
	if out, errOpen := hookShWalkScript(inner, f, &jobs); out || errOpen {
		return hookShAgent
	}
	return hookShElsewhere
}

// hookShJob is a background job that keeps stdout or stderr open.
type hookShJob struct {
	start, end int // source offsets of the job, `&` included
	out, err   bool
	shape      hookShShape
}

// hookShShape is the form of a background job, for the advice on fixing it.
type hookShShape int

const (
	hookShSimple   hookShShape = iota // one simple command: redirect it
	hookShCompound                    // one ( ), { }, if, while...: redirect it as a whole
	hookShList                        // a pipeline or an and-or list: group it first
)

// hookShOpenJobs parses a script and returns its background jobs whose
// stdout or stderr still goes to the agent.
func hookShOpenJobs(src string) []hookShJob {
	var jobs []hookShJob
	hookShWalkScript(src, hookShFds{}, &jobs)
	return jobs
}

// hookShWalkScript parses and follows a whole script run with env (see
// hookShWalk), recording its background jobs in jobs, and reports whether
// any command writes to the agent's stdout or stderr.
func hookShWalkScript(src string, env hookShFds, jobs *[]hookShJob) (out, errOpen bool) {
	p := &hookShParser{toks: hookShLex(src)}
	for p.peek().kind != hookShEOF {
		var o, e bool
		env, o, e = hookShWalk(p.list(), env, false, jobs)
		out, errOpen = out || o, errOpen || e
		p.next() // a stray `)`, `;;`, `fi`, `done`, `}`...: go on after it
	}
	return out, errOpen
}

// hookShIsWait reports whether an and-or list is a plain `wait`.
func hookShIsWait(ao *hookShAndOr) bool {
	return len(ao.pipes) == 1 && len(ao.pipes[0].cmds) == 1 && ao.pipes[0].cmds[0].body == nil && ao.pipes[0].cmds[0].name == "wait"
}

// hookShWalk follows list run with env. It records the background jobs that
// keep the agent's stdout or stderr (outside other background jobs) and
// returns the env after the list (`exec >log` changes it) and whether any
// command of the list writes to the agent's stdout or stderr. Its recursion
// is as deep as the parsed commands nest, which command bounds.
func hookShWalk(list []*hookShAndOr, env hookShFds, inBackground bool, jobs *[]hookShJob) (hookShFds, bool, bool) {
	var anyOut, anyErr bool
	pending := len(*jobs) // jobs of this list that a later `wait` would collect
	for _, ao := range list {
		if !inBackground && !ao.background && hookShIsWait(ao) {
			*jobs = (*jobs)[:pending] // the script waits for its jobs: they end before it does
			continue
		}
		bg := inBackground || ao.background
		var out, errOpen bool
		for _, pipe := range ao.pipes {
			for i, cmd := range pipe.cmds {
				f := env
				if i < len(pipe.cmds)-1 {
					f.out = hookShElsewhere // into the pipe
					if pipe.stderrs[i] {
						f.err = hookShElsewhere
					}
				}
				f = f.apply(cmd.redirs)
				switch {
				case cmd.body != nil:
					_, o, e := hookShWalk(cmd.body, f, bg, jobs)
					out, errOpen = out || o, errOpen || e
				case cmd.exec && !bg:
					env = f // `exec >log 2>&1` redirects the rest of the script
				default:
					out = out || f.out == hookShAgent
					errOpen = errOpen || f.err == hookShAgent
				}
			}
		}
		if ao.background && !inBackground && (out || errOpen) {
			shape := hookShList
			if len(ao.pipes) == 1 && len(ao.pipes[0].cmds) == 1 {
				shape = hookShSimple
				if ao.pipes[0].cmds[0].body != nil {
					shape = hookShCompound
				}
			}
			*jobs = append(*jobs, hookShJob{start: ao.start, end: ao.end, out: out, err: errOpen, shape: shape})
		}
		anyOut, anyErr = anyOut || out, anyErr || errOpen
	}
	return env, anyOut, anyErr
}
