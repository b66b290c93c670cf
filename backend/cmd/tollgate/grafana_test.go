package main

import (
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestGrafanaDashboard: the dashboard in backend/grafana parses, and every metric its queries use is one Tollgate
// exports (a renamed metric would leave a panel silently empty).
func TestGrafanaDashboard(t *testing.T) {
	b, err := os.ReadFile("../../grafana/tollgate-dashboard.json")
	require.NoError(t, err)
	var dash struct {
		Panels []struct {
			Title   string
			Targets []struct{ Expr string }
		}
	}
	require.NoError(t, json.Unmarshal(b, &dash))
	require.NotEmpty(t, dash.Panels)

	defined := map[string]bool{}
	nameRE := regexp.MustCompile(`Name:\s*"(tollgate_[a-z_]+)"`)
	err = filepath.WalkDir("../..", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		src, err := os.ReadFile(path)
		for _, m := range nameRE.FindAllStringSubmatch(string(src), -1) {
			defined[m[1]] = true
		}
		return err
	})
	require.NoError(t, err)
	used := regexp.MustCompile(`tollgate_[a-z_]+`)
	for _, p := range dash.Panels {
		require.NotEmpty(t, p.Targets, p.Title)
		for _, target := range p.Targets {
			names := used.FindAllString(target.Expr, -1)
			require.NotEmpty(t, names, p.Title)
			for _, n := range names {
				base := strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(n, "_bucket"), "_sum"), "_count")
				assert.True(t, defined[base], "panel %q uses %s, which no code exports", p.Title, n)
			}
		}
	}
}
