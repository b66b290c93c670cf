package gateway

import (
	"bufio"
	"net/netip"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type decideCase struct {
	line   int
	fields map[string]string
}

func readCases(t *testing.T, path string) []decideCase {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err)
	t.Cleanup(func() { f.Close() })
	var out []decideCase
	cur := decideCase{fields: map[string]string{}}
	sc := bufio.NewScanner(f)
	n := 0
	flush := func() {
		if len(cur.fields) > 0 {
			out = append(out, cur)
		}
		cur = decideCase{fields: map[string]string{}}
	}
	for sc.Scan() {
		n++
		line := strings.TrimSpace(sc.Text())
		switch {
		case line == "":
			flush()
		case strings.HasPrefix(line, "#"):
		default:
			k, v, ok := strings.Cut(line, ":")
			require.True(t, ok, "line %d: want key: value", n)
			if len(cur.fields) == 0 {
				cur.line = n
			}
			cur.fields[strings.TrimSpace(k)] = strings.TrimSpace(v)
		}
	}
	flush()
	require.NoError(t, sc.Err())
	return out
}

// factsOf builds the facts a case describes at time now.
func factsOf(t *testing.T, c decideCase, now time.Time) Facts {
	t.Helper()
	at := func(v string) time.Time {
		switch v {
		case "past":
			return now.Add(-time.Minute)
		case "now":
			return now
		case "future":
			return now.Add(time.Minute)
		}
		t.Fatalf("line %d: time %q is not past, now or future", c.line, v)
		return time.Time{}
	}
	num := func(k string) int64 {
		n, err := strconv.ParseInt(c.fields[k], 10, 64)
		require.NoError(t, err, "line %d: %s", c.line, k)
		return n
	}
	plan := &Plan{ID: "plan", Quota: -1, BlockOverage: true}
	key := &Key{TenantID: "t", AppID: "app"}
	f := Facts{KeyPresent: true, KeyWellFormed: true, Key: key, ClientIP: netip.MustParseAddr("203.0.113.10"),
		Route: &Route{APIID: "api", TenantID: "t"}, Sub: &Subscription{ID: "sub", AppID: "app", APIID: "api", State: SubActive, Plan: plan}}
	for k, v := range c.fields {
		switch k {
		case "key":
			switch v {
			case "none":
				f.KeyPresent, f.KeyWellFormed, f.Key = false, false, nil
			case "malformed":
				f.KeyWellFormed, f.Key = false, nil
			case "unknown":
				f.Key = nil
			}
		case "revoked":
			key.RevokedAt = at(v)
		case "expires":
			key.ExpiresAt = at(v)
		case "allowed_ips":
			for _, p := range strings.Split(v, ",") {
				key.AllowedIPs = append(key.AllowedIPs, netip.MustParsePrefix(strings.TrimSpace(p)))
			}
		case "ip":
			f.ClientIP = netip.MustParseAddr(v)
		case "route":
			switch v {
			case "none":
				f.Route = nil
			case "retired":
				f.Route.Retired = true
			}
		case "scope":
			key.APIIDs = []string{map[string]string{"this": "api", "other": "another-api"}[v]}
		case "sub":
			if v == "none" {
				f.Sub = nil
			} else {
				f.Sub.State = v
			}
		case "suspended_by":
			f.Sub.SuspendedByAdmin = v == "admin"
		case "grace_ends":
			f.Sub.GraceEndsAt = at(v)
		case "quota":
			plan.Quota = num(k)
		case "used":
			f.QuotaUsed = num(k)
		case "overage":
			plan.BlockOverage = v == "block"
		case "rate":
			f.RateLimited = v == "limited"
		case "expect":
		default:
			t.Fatalf("line %d: unknown field %q", c.line, k)
		}
	}
	return f
}

// TestDecideTable runs testdata/decide.txt and checks that every code of the table is reached.
func TestDecideTable(t *testing.T) {
	now := time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)
	cases := readCases(t, "testdata/decide.txt")
	require.NotEmpty(t, cases)
	seen := map[string]bool{}
	for _, c := range cases {
		f := factsOf(t, c, now)
		v := Decide(&f, now)
		want := strings.Fields(c.fields["expect"])
		require.NotEmpty(t, want, "line %d: no expect", c.line)
		assert.Equal(t, want[0], v.Code.String(), "case at line %d", c.line)
		seen[v.Code.String()] = true
		warn := false
		for _, extra := range want[1:] {
			switch {
			case extra == "warn":
				warn = true
			case strings.HasPrefix(extra, "left="):
				n, _ := strconv.ParseInt(strings.TrimPrefix(extra, "left="), 10, 64)
				assert.Equal(t, n, v.QuotaLeft, "case at line %d: quota left", c.line)
			}
		}
		assert.Equal(t, warn, v.GraceWarn, "case at line %d: grace warning", c.line)
	}
	for c := Allow; c <= RateLimited; c++ {
		assert.True(t, seen[c.String()], "no case reaches %s", c)
	}
}

func TestDecideAllocatesNothing(t *testing.T) {
	now := time.Now()
	f := Facts{KeyPresent: true, KeyWellFormed: true, ClientIP: netip.MustParseAddr("203.0.113.10"),
		Key:   &Key{APIIDs: []string{"a", "b"}, AllowedIPs: []netip.Prefix{netip.MustParsePrefix("203.0.113.0/24")}, ExpiresAt: now.Add(time.Hour)},
		Route: &Route{APIID: "b"}, Sub: &Subscription{State: SubActive, Plan: &Plan{Quota: 100, BlockOverage: true}}, QuotaUsed: 5}
	assert.Zero(t, testing.AllocsPerRun(1000, func() { Decide(&f, now) }))
}

func BenchmarkDecide(b *testing.B) {
	now := time.Now()
	f := Facts{KeyPresent: true, KeyWellFormed: true, ClientIP: netip.MustParseAddr("203.0.113.10"),
		Key:   &Key{APIIDs: []string{"a", "b"}, AllowedIPs: []netip.Prefix{netip.MustParsePrefix("203.0.113.0/24")}},
		Route: &Route{APIID: "b"}, Sub: &Subscription{State: SubActive, Plan: &Plan{Quota: 100, BlockOverage: true}}, QuotaUsed: 5}
	b.ReportAllocs()
	for b.Loop() {
		Decide(&f, now)
	}
}
