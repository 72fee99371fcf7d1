package vm

// The program format: what the compiler produces and the runtime links and
// runs. A Program is immutable once built and may be run by any number of
// runtimes at once (compile once, run many): everything per-run (global
// cells, module instances) lives in the Runtime, never here.

// Pos is a source position: line and byte column, from 1.
type Pos struct {
	Line int32
	Col  int32
}

// Upval says where a closure gets captured cell i when it is created: from
// register Index of the enclosing frame (which holds a cell) when Local, else
// from the enclosing closure's own captured cell Index. Local with Copy: the
// variable is never assigned after its declaration, so the register holds
// its value itself and the closure keeps a copy in a cell of its own (in
// the closure's allocation), which nobody else writes.
type Upval struct {
	Local bool
	Copy  bool
	Index uint16
	Name  string
}

// GlobalRef names a global cell a function uses. Module is "" for the
// function's own module; otherwise the key of another module of the program
// (Program.Modules[i].Key) or the name of a standard module.
type GlobalRef struct {
	Module string
	Name   string
}

// Proto is a compiled function.
type Proto struct {
	Name      string // "fib", "<closure at 9:5>", "init"
	IsLiteral bool   // a function literal (prints as func <closure>)
	IsMethod  bool   // a method: called through OpSelf, it receives the receiver first
	Module    string // module name for tracebacks: "main", "greet"
	File      string // file path for positions
	Pos       Pos    // of the func keyword (the file's start for init)

	NParams  int  // declared parameters, the variadic one included
	Variadic bool // the last parameter collects extra arguments as a list
	NRegs    int  // frame size: registers used, parameters included

	Code    []Instr
	Lines   []Pos // Lines[pc] is the position of Code[pc]
	Consts  []Value
	Protos  []*Proto
	Upvals  []Upval
	Globals []GlobalRef

	// LocalNames[r] names register r when it holds a declared variable for
	// the whole function (parameters); used by the disassembler.
	LocalNames []string
}

// QualifiedName is how tracebacks name the function: MODULE.NAME.
func (p *Proto) QualifiedName() string { return p.Module + "." + p.Name }

// PosAt returns the source position of the instruction at pc.
func (p *Proto) PosAt(pc int) Pos {
	if pc >= 0 && pc < len(p.Lines) {
		return p.Lines[pc]
	}
	return p.Pos
}

// ModuleProto is one compiled module (a file) of a program.
type ModuleProto struct {
	Name    string   // binding name for tracebacks: "main", "util"
	Key     string   // unique key: the cleaned file path
	File    string   // path as shown in positions
	Init    *Proto   // the top-level code
	Globals []string // every top-level name, in declaration order
	// Imports lists the modules this one imports, in source order, as
	// indexes into Program.Modules (file modules) or -1 for standard ones.
	Imports []int
}

// Program is a compiled program: its file modules in dependency order (a
// module comes after every module it imports) and which one is main.
type Program struct {
	Modules []*ModuleProto
	Main    int
	// StdModules lists the standard modules the program imports.
	StdModules []string
	// Imports lists every import of every file, in load order, with where
	// it is written: a sandboxed run checks them against its grants before
	// it starts (an embedder reports a denied one as a compile error).
	Imports []ImportSite
}

// ImportSite is one import declaration.
type ImportSite struct {
	Path      string // as written: "os", "./util.goro"
	File      bool   // a file module
	Filename  string // the importing file, as positions show it
	Line, Col int32
	Source    string // the source line, for a caret
}
