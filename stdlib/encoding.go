package stdlib

import (
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/hex"
	"hash"
	"hash/crc32"
	"hash/fnv"
	"net/url"
	"path"
	"strconv"
	"sync"

	"github.com/goro-lang/goro/vm"
)

// Pure modules that are thin layers over Go's packages: strconv's rest,
// encoding/hex, encoding/base64, crypto/md5, sha1, sha256, sha512,
// hash/fnv, hash/crc32, net/url, path and path/filepath's lexical part
// (filepath's file-system functions are in files.go).

var (
	encodingType = &vm.ObjType{Name: "base64.Encoding"}
	hashType     = &vm.ObjType{Name: "hash.Hash"}
	urlType      = &vm.ObjType{Name: "url.URL"}
	valuesType   = &vm.ObjType{Name: "url.Values"}
)

// hashObj is a running hash (sha256.New(), fnv.New32a(), ...).
type hashObj struct {
	mu sync.Mutex
	h  hash.Hash
}

// moreStrconv adds Go's remaining strconv members.
func moreStrconv(m *module) {
	m.value("IntSize", vm.Int(strconv.IntSize))
	m.value("ErrRange", vm.NewGoError(strconv.ErrRange))
	m.value("ErrSyntax", vm.NewGoError(strconv.ErrSyntax))
	m.wrap("ParseUint", func(s string, base, bitSize int) (int64, error) {
		// A uint64 past MaxInt64 wraps, as Go's int64(u) does.
		u, err := strconv.ParseUint(s, base, bitSize)
		return int64(u), err
	})
	m.sig("ParseUint", "func ParseUint(s string, base int, bitSize int) (uint64, error)")
	m.wrap("FormatUint", func(i int64, base int) string { return strconv.FormatUint(uint64(i), base) })
	m.sig("FormatUint", "func FormatUint(i uint64, base int) string")
	m.wrap("QuoteToGraphic", strconv.QuoteToGraphic)
	m.wrap("QuoteRuneToGraphic", strconv.QuoteRuneToGraphic)
	m.wrap("QuotedPrefix", strconv.QuotedPrefix)
	m.wrap("AppendInt", strconv.AppendInt)
	m.wrap("AppendQuote", strconv.AppendQuote)
	m.wrap("AppendBool", strconv.AppendBool)
}

func hashArg(name string, args []vm.Value) (*hashObj, error) {
	if o := args[0].Object(); o != nil {
		if h, ok := o.Data.(*hashObj); ok {
			return h, nil
		}
	}
	return nil, vm.Errorf("%s: receiver must be hash.Hash, not %s", name, args[0].TypeName())
}

func init() {
	hashType.Methods = map[string]*vm.Native{
		"Write": newMethod("hash.Hash", "Write", 1, 2, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			h, err := hashArg("hash.Hash.Write", args)
			if err != nil {
				return vm.Nil, err
			}
			s, err := vm.ArgStr("hash.Hash.Write", args, 1)
			if err != nil {
				return vm.Nil, err
			}
			h.mu.Lock()
			h.h.Write([]byte(s))
			h.mu.Unlock()
			return t.Ret2(vm.Int(int64(len(s))), vm.Nil)
		}),
		"Sum": newMethod("hash.Hash", "Sum", 1, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			h, err := hashArg("hash.Hash.Sum", args)
			if err != nil {
				return vm.Nil, err
			}
			var b []byte
			if !args[1].IsNil() {
				s, err := vm.ArgStr("hash.Hash.Sum", args, 1)
				if err != nil {
					return vm.Nil, err
				}
				b = []byte(s)
			}
			h.mu.Lock()
			defer h.mu.Unlock()
			return vm.String(string(h.h.Sum(b))), nil
		}),
		"Reset": newMethod("hash.Hash", "Reset", 0, 0, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			h, err := hashArg("hash.Hash.Reset", args)
			if err != nil {
				return vm.Nil, err
			}
			h.mu.Lock()
			h.h.Reset()
			h.mu.Unlock()
			return vm.Nil, nil
		}),
		"Size": newMethod("hash.Hash", "Size", 0, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			h, err := hashArg("hash.Hash.Size", args)
			if err != nil {
				return vm.Nil, err
			}
			return vm.Int(int64(h.h.Size())), nil
		}),
		"BlockSize": newMethod("hash.Hash", "BlockSize", 0, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			h, err := hashArg("hash.Hash.BlockSize", args)
			if err != nil {
				return vm.Nil, err
			}
			return vm.Int(int64(h.h.BlockSize())), nil
		}),
		"Sum32": newMethod("hash.Hash", "Sum32", 0, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			h, err := hashArg("hash.Hash.Sum32", args)
			if err != nil {
				return vm.Nil, err
			}
			h32, ok := h.h.(hash.Hash32)
			if !ok {
				return vm.Nil, vm.Errorf("hash.Hash.Sum32: not a 32-bit hash")
			}
			h.mu.Lock()
			defer h.mu.Unlock()
			return vm.Int(int64(h32.Sum32())), nil
		}),
		"Sum64": newMethod("hash.Hash", "Sum64", 0, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			h, err := hashArg("hash.Hash.Sum64", args)
			if err != nil {
				return vm.Nil, err
			}
			h64, ok := h.h.(hash.Hash64)
			if !ok {
				return vm.Nil, vm.Errorf("hash.Hash.Sum64: not a 64-bit hash")
			}
			h.mu.Lock()
			defer h.mu.Unlock()
			return vm.Int(int64(h64.Sum64())), nil
		}),
	}
	newHash := func(m *module, member string, mk func() hash.Hash, sig string) {
		m.fn(member, 0, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			return vm.NewObject(hashType, &hashObj{h: mk()}), nil
		})
		m.doc(member, sig, member+" returns a new running hash: Write(s), Sum(b), Reset(), Size(), BlockSize().")
	}

	md := newModule("crypto/md5")
	md.pure()
	md.value("Size", vm.Int(md5.Size))
	md.value("BlockSize", vm.Int(md5.BlockSize))
	md.wrap("Sum", md5.Sum)
	newHash(md, "New", md5.New, "func New() hash.Hash")
	md.register()

	s1 := newModule("crypto/sha1")
	s1.pure()
	s1.value("Size", vm.Int(sha1.Size))
	s1.value("BlockSize", vm.Int(sha1.BlockSize))
	s1.wrap("Sum", sha1.Sum)
	newHash(s1, "New", sha1.New, "func New() hash.Hash")
	s1.register()

	s256 := newModule("crypto/sha256")
	s256.pure()
	s256.value("Size", vm.Int(sha256.Size))
	s256.value("Size224", vm.Int(sha256.Size224))
	s256.value("BlockSize", vm.Int(sha256.BlockSize))
	s256.wrap("Sum256", sha256.Sum256)
	s256.wrap("Sum224", sha256.Sum224)
	newHash(s256, "New", sha256.New, "func New() hash.Hash")
	newHash(s256, "New224", sha256.New224, "func New224() hash.Hash")
	s256.register()

	s512 := newModule("crypto/sha512")
	s512.pure()
	s512.value("Size", vm.Int(sha512.Size))
	s512.value("BlockSize", vm.Int(sha512.BlockSize))
	s512.wrap("Sum512", sha512.Sum512)
	newHash(s512, "New", sha512.New, "func New() hash.Hash")
	s512.register()

	fv := newModule("hash/fnv")
	fv.pure()
	newHash(fv, "New32", func() hash.Hash { return fnv.New32() }, "func New32() hash.Hash32")
	newHash(fv, "New32a", func() hash.Hash { return fnv.New32a() }, "func New32a() hash.Hash32")
	newHash(fv, "New64", func() hash.Hash { return fnv.New64() }, "func New64() hash.Hash64")
	newHash(fv, "New64a", func() hash.Hash { return fnv.New64a() }, "func New64a() hash.Hash64")
	newHash(fv, "New128", fnv.New128, "func New128() hash.Hash")
	newHash(fv, "New128a", fnv.New128a, "func New128a() hash.Hash")
	fv.register()

	cr := newModule("hash/crc32")
	cr.pure()
	cr.value("Size", vm.Int(crc32.Size))
	cr.wrap("ChecksumIEEE", crc32.ChecksumIEEE)
	newHash(cr, "NewIEEE", func() hash.Hash { return crc32.NewIEEE() }, "func NewIEEE() hash.Hash32")
	cr.register()

	hx := newModule("encoding/hex")
	hx.pure()
	hx.wrap("EncodeToString", hex.EncodeToString)
	hx.wrap("DecodeString", hex.DecodeString)
	hx.wrap("Dump", hex.Dump)
	hx.wrap("EncodedLen", hex.EncodedLen)
	hx.wrap("DecodedLen", hex.DecodedLen)
	hx.wrap("AppendEncode", hex.AppendEncode)
	hx.value("ErrLength", vm.NewGoError(hex.ErrLength))
	hx.register()

	encodingType.Methods = map[string]*vm.Native{}
	encOf := func(v vm.Value) *base64.Encoding { return v.Object().Data.(*base64.Encoding) }
	b64 := newModule("encoding/base64")
	b64.pure()
	for _, e := range []struct {
		name string
		enc  *base64.Encoding
	}{{"StdEncoding", base64.StdEncoding}, {"URLEncoding", base64.URLEncoding},
		{"RawStdEncoding", base64.RawStdEncoding}, {"RawURLEncoding", base64.RawURLEncoding}} {
		b64.value(e.name, vm.NewObject(encodingType, e.enc))
		b64.doc(e.name, "var "+e.name+" *base64.Encoding", e.name+": EncodeToString(s), DecodeString(s) (string, error), EncodedLen(n), DecodedLen(n).")
	}
	b64.register()
	encodingType.Methods["EncodeToString"] = newMethod("base64.Encoding", "EncodeToString", 1, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		s, err := vm.ArgStr("base64.Encoding.EncodeToString", args, 1)
		if err != nil {
			return vm.Nil, err
		}
		return vm.String(encOf(args[0]).EncodeToString([]byte(s))), nil
	})
	encodingType.Methods["DecodeString"] = newMethod("base64.Encoding", "DecodeString", 1, 2, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		s, err := vm.ArgStr("base64.Encoding.DecodeString", args, 1)
		if err != nil {
			return vm.Nil, err
		}
		b, derr := encOf(args[0]).DecodeString(s)
		return t.Ret2(vm.String(string(b)), errValue(derr))
	})
	encodingType.Methods["EncodedLen"] = newMethod("base64.Encoding", "EncodedLen", 1, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		n, err := vm.ArgInt("base64.Encoding.EncodedLen", args, 1)
		if err != nil {
			return vm.Nil, err
		}
		return vm.Int(int64(encOf(args[0]).EncodedLen(int(n)))), nil
	})
	encodingType.Methods["DecodedLen"] = newMethod("base64.Encoding", "DecodedLen", 1, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		n, err := vm.ArgInt("base64.Encoding.DecodedLen", args, 1)
		if err != nil {
			return vm.Nil, err
		}
		return vm.Int(int64(encOf(args[0]).DecodedLen(int(n)))), nil
	})

	p := newModule("path")
	p.pure()
	p.wrap("Base", path.Base)
	p.wrap("Clean", path.Clean)
	p.wrap("Dir", path.Dir)
	p.wrap("Ext", path.Ext)
	p.wrap("IsAbs", path.IsAbs)
	p.wrap("Join", path.Join)
	p.wrap("Match", path.Match)
	p.wrap("Split", path.Split)
	p.value("ErrBadPattern", vm.NewGoError(path.ErrBadPattern))
	p.register()

	u := newModule("net/url")
	u.pure()
	u.wrap("QueryEscape", url.QueryEscape)
	u.wrap("QueryUnescape", url.QueryUnescape)
	u.wrap("PathEscape", url.PathEscape)
	u.wrap("PathUnescape", url.PathUnescape)
	u.wrap("JoinPath", url.JoinPath)
	u.fn("Parse", 1, 2, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		s, err := vm.ArgStr("url.Parse", args, 0)
		if err != nil {
			return vm.Nil, err
		}
		x, perr := url.Parse(s)
		if perr != nil {
			return t.Ret2(vm.Nil, errValue(perr))
		}
		return t.Ret2(newURL(x), vm.Nil)
	})
	u.sig("Parse", "func Parse(rawURL string) (*url.URL, error)")
	u.fn("ParseRequestURI", 1, 2, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		s, err := vm.ArgStr("url.ParseRequestURI", args, 0)
		if err != nil {
			return vm.Nil, err
		}
		x, perr := url.ParseRequestURI(s)
		if perr != nil {
			return t.Ret2(vm.Nil, errValue(perr))
		}
		return t.Ret2(newURL(x), vm.Nil)
	})
	u.sig("ParseRequestURI", "func ParseRequestURI(rawURL string) (*url.URL, error)")
	u.fn("ParseQuery", 1, 2, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		s, err := vm.ArgStr("url.ParseQuery", args, 0)
		if err != nil {
			return vm.Nil, err
		}
		q, perr := url.ParseQuery(s)
		return t.Ret2(newValues(q), errValue(perr))
	})
	u.sig("ParseQuery", "func ParseQuery(query string) (url.Values, error)")
	u.fn("Values", 0, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		return newValues(url.Values{}), nil
	})
	u.doc("Values", "func Values() url.Values", "Values returns an empty url.Values: Get(k), Set(k, v), Add(k, v), Del(k), Has(k), Encode().")
	u.register()
}

type valuesObj struct {
	mu sync.Mutex
	v  url.Values
}

func newURL(x *url.URL) vm.Value      { return vm.NewObject(urlType, x) }
func newValues(q url.Values) vm.Value { return vm.NewObject(valuesType, &valuesObj{v: q}) }

func init() {
	urlType.Str = func(o *vm.Object) string { return o.Data.(*url.URL).String() }
	urlType.Attr = func(o *vm.Object, name string) (vm.Value, bool) {
		x := o.Data.(*url.URL)
		switch name {
		case "Scheme":
			return vm.String(x.Scheme), true
		case "Opaque":
			return vm.String(x.Opaque), true
		case "Host":
			return vm.String(x.Host), true
		case "Path":
			return vm.String(x.Path), true
		case "RawPath":
			return vm.String(x.RawPath), true
		case "RawQuery":
			return vm.String(x.RawQuery), true
		case "Fragment":
			return vm.String(x.Fragment), true
		case "User":
			if x.User == nil {
				return vm.Nil, true
			}
			return vm.String(x.User.String()), true
		}
		return vm.Nil, false
	}
	um := func(member string, f func(t *vm.Thread, x *url.URL, args []vm.Value) (vm.Value, error), nargs, nres int) {
		urlType.Methods[member] = newMethod("url.URL", member, nargs, nres, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			return f(t, args[0].Object().Data.(*url.URL), args[1:])
		})
	}
	urlType.Methods = map[string]*vm.Native{}
	um("String", func(t *vm.Thread, x *url.URL, args []vm.Value) (vm.Value, error) { return vm.String(x.String()), nil }, 0, 1)
	um("Hostname", func(t *vm.Thread, x *url.URL, args []vm.Value) (vm.Value, error) { return vm.String(x.Hostname()), nil }, 0, 1)
	um("Port", func(t *vm.Thread, x *url.URL, args []vm.Value) (vm.Value, error) { return vm.String(x.Port()), nil }, 0, 1)
	um("IsAbs", func(t *vm.Thread, x *url.URL, args []vm.Value) (vm.Value, error) { return vm.Bool(x.IsAbs()), nil }, 0, 1)
	um("EscapedPath", func(t *vm.Thread, x *url.URL, args []vm.Value) (vm.Value, error) {
		return vm.String(x.EscapedPath()), nil
	}, 0, 1)
	um("RequestURI", func(t *vm.Thread, x *url.URL, args []vm.Value) (vm.Value, error) {
		return vm.String(x.RequestURI()), nil
	}, 0, 1)
	um("Redacted", func(t *vm.Thread, x *url.URL, args []vm.Value) (vm.Value, error) { return vm.String(x.Redacted()), nil }, 0, 1)
	um("Query", func(t *vm.Thread, x *url.URL, args []vm.Value) (vm.Value, error) { return newValues(x.Query()), nil }, 0, 1)
	um("ResolveReference", func(t *vm.Thread, x *url.URL, args []vm.Value) (vm.Value, error) {
		o := args[0].Object()
		if o == nil || o.Type() != urlType {
			return vm.Nil, vm.ArgTypeError("url.URL.ResolveReference", 0, "url.URL", args[0])
		}
		return newURL(x.ResolveReference(o.Data.(*url.URL))), nil
	}, 1, 1)
	um("Parse", func(t *vm.Thread, x *url.URL, args []vm.Value) (vm.Value, error) {
		s, err := vm.ArgStr("url.URL.Parse", args, 0)
		if err != nil {
			return vm.Nil, err
		}
		y, perr := x.Parse(s)
		if perr != nil {
			return t.Ret2(vm.Nil, errValue(perr))
		}
		return t.Ret2(newURL(y), vm.Nil)
	}, 1, 2)

	vmth := func(member string, nargs, nres int, f func(t *vm.Thread, q *valuesObj, s []string) (vm.Value, error)) {
		name := "url.Values." + member
		valuesType.Methods[member] = newMethod("url.Values", member, nargs, nres, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			s, err := strArgs(name, args[1:])
			if err != nil {
				return vm.Nil, err
			}
			q := args[0].Object().Data.(*valuesObj)
			q.mu.Lock()
			defer q.mu.Unlock()
			return f(t, q, s)
		})
	}
	valuesType.Methods = map[string]*vm.Native{}
	valuesType.Str = func(o *vm.Object) string {
		q := o.Data.(*valuesObj)
		q.mu.Lock()
		defer q.mu.Unlock()
		return q.v.Encode()
	}
	vmth("Get", 1, 1, func(t *vm.Thread, q *valuesObj, s []string) (vm.Value, error) { return vm.String(q.v.Get(s[0])), nil })
	vmth("Has", 1, 1, func(t *vm.Thread, q *valuesObj, s []string) (vm.Value, error) { return vm.Bool(q.v.Has(s[0])), nil })
	vmth("Set", 2, 0, func(t *vm.Thread, q *valuesObj, s []string) (vm.Value, error) {
		q.v.Set(s[0], s[1])
		return vm.Nil, nil
	})
	vmth("Add", 2, 0, func(t *vm.Thread, q *valuesObj, s []string) (vm.Value, error) {
		q.v.Add(s[0], s[1])
		return vm.Nil, nil
	})
	vmth("Del", 1, 0, func(t *vm.Thread, q *valuesObj, s []string) (vm.Value, error) { q.v.Del(s[0]); return vm.Nil, nil })
	vmth("Encode", 0, 1, func(t *vm.Thread, q *valuesObj, s []string) (vm.Value, error) { return vm.String(q.v.Encode()), nil })
	vmth("Values", 1, 1, func(t *vm.Thread, q *valuesObj, s []string) (vm.Value, error) { return strList(q.v[s[0]]), nil })
}
