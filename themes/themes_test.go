package themes

import (
	"strings"
	"testing"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
)

func TestGet(t *testing.T) {
	tests := []struct {
		name, want string
		wantErr    bool
	}{
		{"", DefaultName, false},
		{"dark", "dark", false},
		{"LIGHT", "light", false},
		{"high-contrast", "high-contrast", false},
		{"solarized", "", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			th, err := get(tc.name, false)
			if tc.wantErr {
				if err == nil || !strings.Contains(err.Error(), tc.name) || !strings.Contains(err.Error(), "dark") {
					t.Fatalf("get(%q) error = %v; want an error naming the theme and the known ones", tc.name, err)
				}
				return
			}
			if err != nil || th.Name != tc.want {
				t.Fatalf("get(%q) = %q, %v; want %q", tc.name, th.Name, err, tc.want)
			}
		})
	}
}

func TestNamesCoverBuilders(t *testing.T) {
	names := Names()
	if len(names) < 3 {
		t.Fatalf("Names() = %v; want at least dark, light, high-contrast", names)
	}
	for _, n := range names {
		if _, err := get(n, false); err != nil {
			t.Errorf("Names lists %q but get fails: %v", n, err)
		}
	}
}

// TestNoColor renders every role of every theme with a true-colour profile
// and checks that NO_COLOR leaves no colour escape (38;/48;) while roles
// that must stay distinct still carry an attribute.
func TestNoColor(t *testing.T) {
	old := lipgloss.ColorProfile()
	lipgloss.SetColorProfile(termenv.TrueColor)
	defer lipgloss.SetColorProfile(old)
	for _, n := range Names() {
		colored, _ := get(n, false)
		plain, _ := get(n, true)
		if out := colored.Changed.Render("x"); !strings.Contains(out, "\x1b[") {
			t.Errorf("%s: Changed renders %q without any escape", n, out)
		}
		for role, s := range map[string]lipgloss.Style{
			"Changed": plain.Changed, "Current": plain.Current, "StatusBar": plain.StatusBar,
			"Breakpoint": plain.Breakpoint, "TitleFocused": plain.TitleFocused,
		} {
			out := s.Render("x")
			if strings.Contains(out, "38;") || strings.Contains(out, "48;") {
				t.Errorf("%s/%s with NO_COLOR renders colour: %q", n, role, out)
			}
			if !strings.Contains(out, "\x1b[") {
				t.Errorf("%s/%s with NO_COLOR has no attribute left: %q", n, role, out)
			}
		}
	}
}

func TestGetHonoursEnv(t *testing.T) {
	t.Setenv("NO_COLOR", "1")
	old := lipgloss.ColorProfile()
	lipgloss.SetColorProfile(termenv.TrueColor)
	defer lipgloss.SetColorProfile(old)
	th, err := Get("dark")
	if err != nil {
		t.Fatal(err)
	}
	if out := th.Symbol.Render("x"); strings.Contains(out, "38;") {
		t.Errorf("NO_COLOR=1: Symbol renders colour %q", out)
	}
}
