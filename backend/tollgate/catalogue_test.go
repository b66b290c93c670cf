package tollgate

import (
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func fields(err error) []string {
	e, ok := err.(*Error)
	if !ok {
		return nil
	}
	var out []string
	for _, f := range e.Fields {
		if !slices.Contains(out, f.Field) {
			out = append(out, f.Field)
		}
	}
	return out
}

func TestAPIUpstreams(t *testing.T) {
	self := SelfHosts{":8080", ":8081", "gateway.example.com:443"}
	for url, ok := range map[string]bool{
		"https://api.internal.example.com":    true,
		"http://10.0.0.5:9000/v1":             true,
		"http://localhost:9000":               true,
		"ftp://example.com":                   false,
		"example.com":                         false,
		"https://user:pw@example.com":         false,
		"https://example.com/?q=1":            false,
		"http://localhost:8081":               false, // the gateway itself
		"http://127.0.0.1:8080/api":           false, // the portal itself
		"https://gateway.example.com/weather": false,
		"https://GATEWAY.example.com":         false,
	} {
		a := API{Name: "X", BasePath: "/x", UpstreamURL: url}
		err := a.Validate(self)
		assert.Equal(t, ok, err == nil, "%s: %v", url, err)
	}
}

func TestAPIValidateDefaultsAndPaths(t *testing.T) {
	a := API{Name: "Weather Now", BasePath: "/weather/", UpstreamURL: "https://w.example.com", Tags: []string{" Maps "}}
	assert.NoError(t, a.Validate(nil))
	assert.Equal(t, "weather-now", a.Slug)
	assert.Equal(t, "/weather", a.BasePath, "a trailing slash is dropped")
	assert.Equal(t, 30000, a.TimeoutMS)
	assert.Equal(t, VisibilityPublic, a.Visibility)
	assert.Equal(t, []string{"maps"}, a.Tags)
	for _, bp := range []string{"weather", "/a//b", "/a/../b", "/a?x", "/a b", "/user@host", "/a:b", "/café"} {
		b := API{Name: "X", BasePath: bp, UpstreamURL: "https://w.example.com"}
		assert.Contains(t, fields(b.Validate(nil)), "base_path", bp)
	}
}

func TestAPIHosts(t *testing.T) {
	self := SelfHosts{":8080", "gateway.example.com:443"}
	for host, want := range map[string]string{
		"":                       "",
		" Weather.Example.COM. ": "weather.example.com",
		"a-b.c1.example.io":      "a-b.c1.example.io",
		"localhost":              "!",
		"example":                "!",
		"10.0.0.5":               "!",
		"weather.example.com:80": "!",
		"https://w.example.com":  "!",
		"w.example.com/x":        "!",
		"-w.example.com":         "!",
		"w_x.example.com":        "!",
		"gateway.example.com":    "!", // Tollgate's own
	} {
		a := API{Name: "X", BasePath: "/x", UpstreamURL: "https://w.example.com", Host: host}
		err := a.Validate(self)
		if want == "!" {
			assert.Contains(t, fields(err), "host", host)
			continue
		}
		assert.NoError(t, err, host)
		assert.Equal(t, want, a.Host)
	}
}

func TestLifecycle(t *testing.T) {
	next, err := NextLifecycle(LifecycleDraft, ActionPublish)
	assert.NoError(t, err)
	assert.Equal(t, LifecyclePublished, next)
	next, _ = NextLifecycle(LifecyclePublished, ActionDeprecate)
	assert.Equal(t, LifecycleDeprecated, next)
	next, _ = NextLifecycle(LifecycleDeprecated, ActionRetire)
	assert.Equal(t, LifecycleRetired, next)
	for _, tc := range []struct {
		from Lifecycle
		a    LifecycleAction
	}{{LifecycleDraft, ActionRetire}, {LifecyclePublished, ActionPublish}, {LifecycleRetired, ActionPublish}, {LifecycleDraft, ActionDeprecate}} {
		_, err := NextLifecycle(tc.from, tc.a)
		assert.Equal(t, CodeConflict, ErrorCode(err), "%s %s", tc.from, tc.a)
	}
	_, err = NextLifecycle(LifecycleDraft, "launch")
	assert.Equal(t, CodeValidation, ErrorCode(err))
}

func TestPlanValidate(t *testing.T) {
	p := Plan{Name: "Free"}
	assert.NoError(t, p.Validate())
	assert.Equal(t, "flat", p.Billing)
	assert.Equal(t, "block", p.Overage)
	assert.Equal(t, ApprovalAuto, p.Approval)
	neg := int64(-1)
	bad := Plan{Name: "", RateLimitPerSecond: -1, RateLimitPerMinute: 7_000_000, MonthlyQuota: &neg, GraceDays: 22, TrialDays: 5,
		Overage: "bill", Billing: "metered", Approval: "someday", StripePriceID: "prod_1"}
	assert.ElementsMatch(t, []string{"name", "billing", "overage", "approval", "stripe_price_id", "rate_limit_per_second",
		"rate_limit_per_minute", "monthly_quota", "grace_days", "trial_days"}, fields(bad.Validate()))
	paid := Plan{Name: "Pro", Paid: true, Billing: "metered", Overage: "bill", StripePriceID: "price_123", TrialDays: 14}
	assert.NoError(t, paid.Validate())
}

func TestKeyValidateAndStatus(t *testing.T) {
	now := time.Now()
	past := now.Add(-time.Minute)
	k := APIKey{Name: " ci ", AllowedIPs: []string{"203.0.113.7", "2001:db8::1", "10.1.2.3/8"}}
	assert.NoError(t, k.Validate(now))
	assert.Equal(t, "ci", k.Name)
	assert.Equal(t, "live", k.Mode)
	assert.Equal(t, []string{"203.0.113.7/32", "2001:db8::1/128", "10.0.0.0/8"}, k.AllowedIPs)
	bad := APIKey{Name: "", Mode: "prod", AllowedIPs: []string{"999.1.1.1"}, ExpiresAt: &past}
	assert.ElementsMatch(t, []string{"name", "mode", "allowed_ips", "expires_at"}, fields(bad.Validate(now)))

	exp := now.Add(time.Hour)
	k.ExpiresAt = &exp
	assert.Equal(t, KeyActive, k.Status(now))
	assert.Equal(t, KeyExpired, k.Status(exp), "expired at exactly the expiry instant")
	k.RevokedAt = &now
	assert.Equal(t, KeyRevoked, k.Status(now))
}
