package gateway

import (
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/textproto"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"tollgate/backend/apikey"
	"tollgate/backend/bench"
	"tollgate/backend/tollgate"
)

// stubGateway is a gateway with one API, plan (quota and rate limit), subscription and key, in front of a stub
// upstream that remembers the last request it got.
func stubGateway(t *testing.T) (*Gateway, *stubUpstream, string) {
	t.Helper()
	st, keys, err := bench.State(bench.Size{Keys: 1, Subs: 1, APIs: 1}, benchPepper)
	require.NoError(t, err)
	st.Routes[0].UpstreamURL = "http://upstream.test/base"
	up := &stubUpstream{}
	g := newBenchGatewayOnly()
	s, err := buildSnapshot(st, time.Now(), func(u *url.URL, r *route) *httputil.ReverseProxy {
		p := g.newProxy(u, r)
		p.Transport = up
		return p
	})
	require.NoError(t, err)
	g.snap.Store(s)
	g.lastSync.Store(time.Now().UnixNano())
	return g, up, keys[0]
}

// TestAllowedCallHeaders: what an allowed call tells the caller and the upstream, under canonical names (the
// gateway sets most header values directly, bypassing Header.Set).
func TestAllowedCallHeaders(t *testing.T) {
	g, up, key := stubGateway(t)
	for i := range 2 {
		r := httptest.NewRequest(http.MethodGet, "/"+bench.TenantSlug+bench.BasePath(0)+"/items?city=Lisbon", nil)
		r.Header.Set("Authorization", "Bearer "+key)
		r.Header.Set("X-Tollgate-Plan", "spoofed")
		r.Header.Set("Cookie", "c=1")
		r.RemoteAddr = "203.0.113.10:40000"
		w := httptest.NewRecorder()
		g.Handler().ServeHTTP(w, r)
		require.Equal(t, http.StatusOK, w.Code, w.Body.String())

		h := w.Result().Header
		for k := range h {
			assert.Equal(t, textproto.CanonicalMIMEHeaderKey(k), k, "response header")
		}
		assert.NotEmpty(t, h.Get("X-Request-Id"))
		assert.Equal(t, strconv.FormatInt(bench.Quota, 10), h.Get("X-Quota-Limit"))
		assert.Equal(t, strconv.FormatInt(bench.Quota-1-int64(i), 10), h.Get("X-Quota-Remaining"))
		y, m, _ := time.Now().UTC().Date()
		assert.Equal(t, time.Date(y, m, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 1, 0).Format(time.RFC3339), h.Get("X-Quota-Reset"))
		assert.Equal(t, strconv.Itoa(bench.RatePerSecond)+";w=1", h.Get("RateLimit-Policy"))
		assert.Equal(t, strconv.Itoa(bench.RatePerSecond), h.Get("RateLimit-Limit"))
		rem, err := strconv.Atoi(h.Get("RateLimit-Remaining"))
		assert.NoError(t, err)
		assert.True(t, rem >= bench.RatePerSecond-2 && rem < bench.RatePerSecond, "RateLimit-Remaining %d", rem) // refills by the µs
		assert.Equal(t, "1", h.Get("RateLimit-Reset"))

		out := up.resp.Request
		for k := range out.Header {
			assert.Equal(t, textproto.CanonicalMIMEHeaderKey(k), k, "upstream header")
		}
		assert.Equal(t, "/base/items", out.URL.Path, "the base path is replaced by the upstream's")
		assert.Equal(t, "city=Lisbon", out.URL.RawQuery)
		assert.Empty(t, out.Header.Get("Authorization"))
		assert.Empty(t, out.Header.Get("Cookie"))
		assert.Equal(t, h.Get("X-Request-Id"), out.Header.Get("X-Request-Id"))
		assert.Equal(t, "203.0.113.10", out.Header.Get("X-Forwarded-For"))
		assert.Equal(t, "example.com", out.Header.Get("X-Forwarded-Host"))
		assert.Equal(t, "http", out.Header.Get("X-Forwarded-Proto"))
		assert.Equal(t, bench.TenantSlug, out.Header.Get("X-Tollgate-Tenant"))
		assert.Equal(t, []string{g.snap.Load().subs[subKey{out.Header.Get("X-Tollgate-Application"), out.Header.Get("X-Tollgate-Api")}].terms.ID},
			out.Header.Values("X-Tollgate-Plan"), "spoofed identity headers are replaced")
		assert.Equal(t, apikey.Prefix(key), out.Header.Get("X-Tollgate-Key-Prefix"))
		assert.NotEmpty(t, out.Header.Get("X-Tollgate-Subscription"))
	}
}

// TestLogQueue: logs wait for the writer up to the buffer's size, those taken and not yet written included; beyond
// it they are dropped. A full batch wakes the writer.
func TestLogQueue(t *testing.T) {
	q := newLogQueue(logBatch + 10)
	for i := range logBatch {
		require.True(t, q.add(&tollgate.CallLog{Status: i}))
	}
	select {
	case <-q.full:
	default:
		t.Fatal("a full batch wakes the writer")
	}
	batch := q.take(nil)
	require.Len(t, batch, logBatch)
	assert.Equal(t, logBatch-1, batch[logBatch-1].Status)
	for range 10 {
		assert.True(t, q.add(&tollgate.CallLog{}))
	}
	assert.False(t, q.add(&tollgate.CallLog{}), "the batch being written still counts")
	q.done()
	assert.True(t, q.add(&tollgate.CallLog{}))
	assert.Len(t, q.take(batch), 11)
}

// TestLookupKey: known, unknown and malformed keys, twice (the second time a known key's check is remembered). A
// malformed key stays refused as malformed even when its digest is stored.
func TestLookupKey(t *testing.T) {
	g := newBenchGatewayOnly()
	good, err := apikey.Generate(apikey.ModeLive)
	require.NoError(t, err)
	unknown, err := apikey.Generate(apikey.ModeLive)
	require.NoError(t, err)
	bad := good[:len(good)-1] + "!" // outside the alphabet
	st := &tollgate.GatewayState{}
	for i, k := range []string{good, bad} {
		st.Keys = append(st.Keys, tollgate.GatewayKey{ID: "00000000-0000-4000-8000-00000000000" + strconv.Itoa(i), Prefix: apikey.Prefix(k),
			TenantID: "t", ApplicationID: "a", Digest: apikey.Digest(benchPepper, k)})
	}
	s, err := buildSnapshot(st, time.Now(), g.newProxy)
	require.NoError(t, err)
	for range 2 {
		i, ok := g.lookupKey(s, good)
		assert.True(t, ok)
		assert.Equal(t, int32(0), i)
		i, ok = g.lookupKey(s, bad)
		assert.False(t, ok, "malformed")
		assert.Equal(t, int32(-1), i)
		i, ok = g.lookupKey(s, unknown)
		assert.True(t, ok)
		assert.Equal(t, int32(-1), i)
		_, ok = g.lookupKey(s, strings.Repeat("x", 4096))
		assert.False(t, ok)
	}
}
