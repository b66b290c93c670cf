package gateway

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestSplitPathAndRoutes(t *testing.T) {
	s := &snapshot{tenants: map[string][]*route{"acme": {
		{Route: Route{APIID: "long", BasePath: "/weather/v2"}},
		{Route: Route{APIID: "weather", BasePath: "/weather"}},
	}}}
	for path, want := range map[string]string{
		"/acme/weather":            "weather /",
		"/acme/weather/":           "weather /",
		"/acme/weather/current":    "weather /current",
		"/acme/weather/v2/x":       "long /x",
		"/acme/weatherman":         "none",
		"/acme/other":              "none",
		"/globex/weather":          "none",
		"/acme/weather/../secrets": "refused",
		"/acme/./weather":          "refused",
		"/acme//weather":           "refused",
		"/acme/weather%2Fx":        "refused",
		"/acme/weather\\x":         "refused",
	} {
		r := httptest.NewRequest(http.MethodGet, "http://gw"+path, nil)
		tenant, rest, ok := splitPath(r)
		got := "refused"
		if ok {
			rt, up := s.findRoute(tenant, rest)
			if rt == nil {
				got = "none"
			} else {
				if up == "" {
					up = "/"
				}
				got = rt.APIID + " " + up
			}
		}
		assert.Equal(t, want, got, path)
	}
}

// FuzzRouting: no path makes routing panic, accepted paths have no dot segments, and the upstream path is a suffix
// of the request path.
func FuzzRouting(f *testing.F) {
	s := &snapshot{tenants: map[string][]*route{"acme": {{Route: Route{APIID: "a", BasePath: "/weather"}}, {Route: Route{APIID: "root", BasePath: "/"}}}}}
	for _, p := range []string{"/acme/weather/x", "/acme/../x", "/%2e%2e/acme", "/acme/weather%2f", "//", "/acme"} {
		f.Add(p)
	}
	f.Fuzz(func(t *testing.T, p string) {
		r, err := http.NewRequest(http.MethodGet, "http://gw"+p, nil)
		if err != nil || r.URL.Path == "" {
			return
		}
		tenant, rest, ok := splitPath(r)
		if !ok {
			return
		}
		for _, seg := range strings.Split(r.URL.Path, "/") {
			if seg == ".." || seg == "." {
				t.Fatalf("accepted dot segment in %q", r.URL.Path)
			}
		}
		if rt, up := s.findRoute(tenant, rest); rt != nil && !strings.HasSuffix(r.URL.Path, up) && rest != "/" {
			t.Fatalf("upstream path %q is not a suffix of %q", up, r.URL.Path)
		}
	})
}
