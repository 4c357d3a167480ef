package fdt

import (
	"bytes"
	"encoding/binary"
	"strings"
	"testing"
)

func sample(t testing.TB) []byte {
	b := NewBuilder()
	b.BeginNode("")
	b.PropU32("#address-cells", 2)
	b.PropString("compatible", "a,b", "c")
	b.BeginNode("child@10")
	b.PropU64("reg", 0x10, 0x20)
	b.PropEmpty("flag")
	b.PropU32("#address-cells", 1) // a repeated name shares its string
	b.Prop("odd", []byte{1, 2, 3})
	b.EndNode()
	b.EndNode()
	blob, err := b.Finish()
	if err != nil {
		t.Fatal(err)
	}
	return blob
}

func TestRoundTrip(t *testing.T) {
	blob := sample(t)
	if binary.BigEndian.Uint32(blob) != Magic || int(binary.BigEndian.Uint32(blob[4:])) != len(blob) {
		t.Fatalf("bad header % x", blob[:8])
	}
	if n := strings.Count(string(blob), "#address-cells\x00"); n != 1 {
		t.Errorf("property name stored %d times", n)
	}
	root, err := Parse(blob)
	if err != nil {
		t.Fatal(err)
	}
	want := `/ {
	#address-cells = <0x2>;
	compatible = "a,b", "c";
	child@10 {
		reg = <0x0 0x10 0x0 0x20>;
		flag;
		#address-cells = <0x1>;
		odd = [01 02 03];
	};
};
`
	if got := Dump(root); got != want {
		t.Errorf("Dump:\n%s\nwant:\n%s", got, want)
	}
	if root.Find("/child@10") == nil || root.Find("/nosuch") != nil || root.Find("/") != root {
		t.Error("Find")
	}
	if v, ok := root.Find("child@10").Prop("flag"); !ok || len(v) != 0 {
		t.Error("empty property")
	}
	// Same calls, same bytes.
	if !bytes.Equal(blob, sample(t)) {
		t.Error("builder is not deterministic")
	}
}

func TestBuilderMisuse(t *testing.T) {
	tests := []struct {
		name  string
		build func(b *Builder)
		want  string
	}{
		{"unclosed", func(b *Builder) { b.BeginNode("") }, "left open"},
		{"extra end", func(b *Builder) { b.BeginNode(""); b.EndNode(); b.EndNode() }, "without BeginNode"},
		{"prop outside", func(b *Builder) { b.PropU32("x", 1) }, "outside any node"},
		{"named root", func(b *Builder) { b.BeginNode("root"); b.EndNode() }, "must be the root"},
	}
	for _, tt := range tests {
		b := NewBuilder()
		tt.build(b)
		if _, err := b.Finish(); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: err = %v, want %q", tt.name, err, tt.want)
		}
	}
}

func TestParseErrors(t *testing.T) {
	good := sample(t)
	mutate := func(f func(b []byte) []byte) []byte { return f(append([]byte(nil), good...)) }
	offStruct := binary.BigEndian.Uint32(good[8:])
	tests := []struct {
		name string
		blob []byte
		want string
	}{
		{"short", good[:10], "shorter than"},
		{"magic", mutate(func(b []byte) []byte { b[0] = 0; return b }), "bad magic"},
		{"total size", good[:len(good)-4], "header says"},
		{"first token", mutate(func(b []byte) []byte { b[offStruct+3] = 3; return b }), "want BEGIN_NODE"},
		{"bad token", mutate(func(b []byte) []byte {
			// the token after the root's name: its first property
			b[offStruct+8+3] = 7
			return b
		}), "unexpected token 7"},
		{"blocks past end", mutate(func(b []byte) []byte {
			binary.BigEndian.PutUint32(b[36:], 1<<20)
			return b
		}), "past the end"},
	}
	for _, tt := range tests {
		_, err := Parse(tt.blob)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: err = %v, want %q", tt.name, err, tt.want)
		}
	}
}

func FuzzParse(f *testing.F) {
	f.Add(sample(f))
	f.Fuzz(func(t *testing.T, blob []byte) {
		root, err := Parse(blob)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "fdt: ") {
				t.Fatalf("error without prefix: %v", err)
			}
			return
		}
		_ = Dump(root)
	})
}
