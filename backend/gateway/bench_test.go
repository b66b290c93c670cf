package gateway

// Benchmarks of the gateway's hot path and of its snapshot at the size the targets are stated for (100,000
// keys, 10,000 subscriptions). `make bench` runs them with -benchmem and reads their figures; see backend/bench.

import (
	"context"
	"database/sql"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"tollgate/backend/apikey"
	"tollgate/backend/bench"
	"tollgate/backend/postgres"
	"tollgate/backend/postgres/pgtest"
	"tollgate/backend/tollgate"
)

var benchPepper = []byte(strings.Repeat("b", 32))

// benchFixture is a gateway serving synthetic state of bench.Default size, built once per test binary.
type benchFixture struct {
	g     *Gateway
	s     *snapshot
	keys  []string // plain keys; keys[i] is key i
	paths []string // paths[i]: a path under the API key i's application subscribes to (tenant segment excluded)
}

var (
	fixtureOnce sync.Once
	fixture     *benchFixture
	fixtureErr  error
)

// benchGateway returns a gateway with the synthetic snapshot loaded, its call logs drained as the writer would.
func benchGateway(b *testing.B) *benchFixture {
	b.Helper()
	fixtureOnce.Do(func() {
		size := bench.Default
		st, keys, err := bench.State(size, benchPepper)
		if err != nil {
			fixtureErr = err
			return
		}
		g := newBenchGatewayOnly()
		s, err := buildSnapshot(st, time.Now(), g.newProxy)
		if err != nil {
			fixtureErr = err
			return
		}
		g.snap.Store(s)
		g.lastSync.Store(time.Now().UnixNano())
		f := &benchFixture{g: g, s: s, keys: keys, paths: make([]string, len(keys))}
		for i := range keys {
			f.paths[i] = bench.BasePath(size.APIOfKey(i)) + "/items"
		}
		fixture = f
	})
	if fixtureErr != nil {
		b.Fatal(fixtureErr)
	}
	return fixture
}

// newBenchGatewayOnly returns a gateway without a store (Run is never called) whose call logs are drained.
func newBenchGatewayOnly() *Gateway {
	g := New(nil, Options{PublicURL: "http://portal.test", Pepper: benchPepper, Metrics: NewMetrics(nil),
		Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	go func() { // the writer's work is not what is measured
		var spare []tollgate.CallLog
		for range g.logs.full {
			spare = g.logs.take(spare)
			clear(spare)
			g.logs.done()
		}
	}()
	return g
}

// BenchmarkSnapshotLookup measures the three lookups a call makes in a snapshot of 100,000 keys and 10,000
// subscriptions: the key's digest (checksum, HMAC-SHA256, map), the route (100 APIs in the tenant) and the
// subscription. Keys are taken round-robin so the maps are not served from one cache line.
func BenchmarkSnapshotLookup(b *testing.B) {
	f := benchGateway(b)
	g, s := f.g, f.s
	n := len(f.keys)
	b.Run("key_digest", func(b *testing.B) {
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			if k, ok := g.lookupKey(s, f.keys[i%n]); k < 0 || !ok {
				b.Fatal("key not found")
			}
			i++
		}
	})
	b.Run("route", func(b *testing.B) {
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			if rt, _ := s.findRoute(bench.TenantSlug, f.paths[i%n]); rt == nil {
				b.Fatal("no route")
			}
			i++
		}
	})
	keys := make([]Key, n)
	routes := make([]*route, n)
	for i := range n {
		k, _ := g.lookupKey(s, f.keys[i])
		s.key(k, &keys[i])
		routes[i], _ = s.findRoute(bench.TenantSlug, f.paths[i])
	}
	b.Run("subscription", func(b *testing.B) {
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			if s.subs[subKey{keys[i%n].AppID, routes[i%n].APIID}] == nil {
				b.Fatal("no subscription")
			}
			i++
		}
	})
	b.Run("all", func(b *testing.B) {
		b.ReportAllocs()
		i := 0
		var k Key
		for b.Loop() {
			ki, _ := g.lookupKey(s, f.keys[i%n])
			if ki >= 0 {
				s.key(ki, &k)
			}
			rt, _ := s.findRoute(bench.TenantSlug, f.paths[i%n])
			if ki < 0 || rt == nil || s.subs[subKey{k.AppID, rt.APIID}] == nil {
				b.Fatal("lookup failed")
			}
			i++
		}
	})
}

// BenchmarkSnapshotBuild measures building a snapshot of 100,000 keys and 10,000 subscriptions from loaded state
// (the in-memory half of a reload), then what one snapshot keeps in memory: MB-retained is the heap it holds once the
// loaded state is garbage; MB-heap-inuse and MB-rss are this test process's after a GC with it loaded.
func BenchmarkSnapshotBuild(b *testing.B) {
	g := newBenchGatewayOnly()
	st, _, err := bench.State(bench.Default, benchPepper)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := buildSnapshot(st, time.Now(), g.newProxy); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	before := heapInuse() // st is dead here: the baseline holds no state

	s, err := loadedSnapshot(g)
	if err != nil {
		b.Fatal(err)
	}
	after := heapInuse() // only the snapshot stays, as after a reload
	runtime.KeepAlive(s)
	b.ReportMetric(float64(after-before)/(1<<20), "MB-retained")
	b.ReportMetric(float64(after)/(1<<20), "MB-heap-inuse")
	b.ReportMetric(rssMB(), "MB-rss")
}

// loadedSnapshot builds a snapshot of bench.Default size; the state it is built from is garbage when it returns.
func loadedSnapshot(g *Gateway) (*snapshot, error) {
	st, _, err := bench.State(bench.Default, benchPepper)
	if err != nil {
		return nil, err
	}
	return buildSnapshot(st, time.Now(), g.newProxy)
}

func heapInuse() uint64 {
	runtime.GC()
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapInuse
}

// rssMB is this process's resident set size (Linux), 0 when unknown.
func rssMB() float64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			kb, _ := strconv.ParseFloat(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 64)
			return kb / 1024
		}
	}
	return 0
}

// BenchmarkReloadFromPostgres measures a full reload (query PostgreSQL, build the snapshot, swap it in) with
// 100,000 keys and 10,000 subscriptions in the database, written with INSERT … SELECT generate_series into a fresh
// database on TEST_DATABASE_URL. ms-query and ms-build split each reload.
func BenchmarkReloadFromPostgres(b *testing.B) {
	if testing.Short() {
		b.Skip("needs PostgreSQL")
	}
	ctx := context.Background()
	dbURL, drop, err := pgtest.Migrated(ctx)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(drop)
	raw, err := sql.Open("pgx", dbURL)
	if err != nil {
		b.Fatal(err)
	}
	defer raw.Close()
	seedStart := time.Now()
	if err := bench.Seed(ctx, raw, bench.Default); err != nil {
		b.Fatal(err)
	}
	b.Logf("seeded %d keys and %d subscriptions in %s", bench.Default.Keys, bench.Default.Subs, time.Since(seedStart).Round(time.Millisecond))
	db, err := postgres.Open(ctx, dbURL)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	store := postgres.NewGatewayStore(db)
	g := New(store, Options{Pepper: benchPepper, Metrics: NewMetrics(nil), Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	var query, build time.Duration
	b.ReportAllocs()
	for b.Loop() {
		if err := g.Reload(ctx); err != nil {
			b.Fatal(err)
		}
		// The split, measured apart from the loop's figure (it repeats the work once more outside the timer).
		b.StopTimer()
		t0 := time.Now()
		st, err := store.LoadGatewayState(ctx, nil)
		if err != nil {
			b.Fatal(err)
		}
		t1 := time.Now()
		if _, err := buildSnapshot(st, t1, g.newProxy); err != nil {
			b.Fatal(err)
		}
		query += t1.Sub(t0)
		build += time.Since(t1)
		if len(st.Keys) != bench.Default.Keys || len(st.Subscriptions) != bench.Default.Subs {
			b.Fatalf("loaded %d keys and %d subscriptions", len(st.Keys), len(st.Subscriptions))
		}
		b.StartTimer()
	}
	b.ReportMetric(float64(query.Milliseconds())/float64(b.N), "ms-query")
	b.ReportMetric(float64(build.Milliseconds())/float64(b.N), "ms-build")
}

// benchWriter is a ResponseWriter that keeps the status and throws the body away, reused across iterations.
type benchWriter struct {
	h      http.Header
	status int
	n      int
}

func (w *benchWriter) Header() http.Header { return w.h }
func (w *benchWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
}
func (w *benchWriter) Write(p []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	w.n += len(p)
	return len(p), nil
}
func (w *benchWriter) reset() { clear(w.h); w.status, w.n = 0, 0 }

// stubUpstream answers every round trip with the same small JSON response without a network or an allocation, so
// what remains is the gateway's and httputil.ReverseProxy's own work. Not safe for concurrent use.
type stubUpstream struct {
	resp http.Response
	body strings.Reader
	hdr  http.Header
}

const upstreamBody = `{"city":"Lisbon","temperature_c":21.5,"conditions":"sunny","observed_at":"2026-01-01T12:00:00Z"}`

func (u *stubUpstream) RoundTrip(r *http.Request) (*http.Response, error) {
	if u.hdr == nil {
		u.hdr = http.Header{}
	}
	clear(u.hdr)
	u.hdr["Content-Type"] = []string{"application/json"}
	u.body.Reset(upstreamBody)
	u.resp = http.Response{Status: "200 OK", StatusCode: 200, Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1, Header: u.hdr,
		Body: io.NopCloser(&u.body), ContentLength: int64(len(upstreamBody)), Request: r}
	return &u.resp, nil
}

func newUpstream(b *testing.B) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, upstreamBody)
	}))
	b.Cleanup(srv.Close)
	return srv
}

// BenchmarkServeHTTP measures the whole ServeHTTP path in one goroutine with the 100,000-key snapshot: a refusal
// (a well-formed but unknown key: checksum, HMAC, lookup, problem+json), and an allowed call (key, route,
// subscription, quota reservation, rate limit, headers, proxy, counting, call log) to a stub upstream (no network:
// the gateway's and ReverseProxy's own cost) and to an in-process upstream on loopback.
func BenchmarkServeHTTP(b *testing.B) {
	f := benchGateway(b)
	unknown, err := apikey.Generate(apikey.ModeLive)
	if err != nil {
		b.Fatal(err)
	}
	path := "/" + bench.TenantSlug + f.paths[0]
	run := func(b *testing.B, g *Gateway, key string, want int) {
		r := httptest.NewRequest(http.MethodGet, path+"?city=Lisbon", nil)
		r.Header.Set("Authorization", "Bearer "+key)
		r.RemoteAddr = "203.0.113.10:40000"
		w := &benchWriter{h: http.Header{}}
		h := g.Handler()
		b.ReportAllocs()
		for b.Loop() {
			r.URL.Path, r.URL.RawPath, r.Body = path, "", http.NoBody // ServeHTTP rewrites r.URL.Path for upstream
			w.reset()
			h.ServeHTTP(w, r)
			if w.status != want {
				b.Fatalf("status %d, want %d; headers %v", w.status, want, w.h)
			}
		}
	}
	b.Run("refuse_invalid_key", func(b *testing.B) { run(b, f.g, unknown, http.StatusUnauthorized) })

	// The allowed paths need a gateway of their own: the fixture's routes point nowhere.
	withUpstream := func(b *testing.B, upstreamURL string, rt http.RoundTripper) *Gateway {
		st, _, err := bench.State(bench.Size{Keys: 1, Subs: 1, APIs: 1}, benchPepper)
		if err != nil {
			b.Fatal(err)
		}
		st.Keys[0].Digest = apikey.Digest(benchPepper, f.keys[0])
		st.Routes[0].UpstreamURL = upstreamURL
		g := newBenchGatewayOnly()
		s, err := buildSnapshot(st, time.Now(), func(u *url.URL, r *route) *httputil.ReverseProxy {
			p := g.newProxy(u, r)
			if rt != nil {
				p.Transport = rt
			}
			return p
		})
		if err != nil {
			b.Fatal(err)
		}
		g.snap.Store(s)
		g.lastSync.Store(time.Now().UnixNano())
		return g
	}
	b.Run("allow_stub_upstream", func(b *testing.B) {
		run(b, withUpstream(b, "http://upstream.test", &stubUpstream{}), f.keys[0], http.StatusOK)
	})
	b.Run("allow_loopback_upstream", func(b *testing.B) {
		run(b, withUpstream(b, newUpstream(b).URL, nil), f.keys[0], http.StatusOK)
	})
}

// BenchmarkBareReverseProxy is the reference the load run compares with: httputil.ReverseProxy with the default
// Transport and no BufferPool, to the same loopback upstream.
func BenchmarkBareReverseProxy(b *testing.B) {
	u, _ := url.Parse(newUpstream(b).URL)
	p := &httputil.ReverseProxy{Rewrite: func(pr *httputil.ProxyRequest) { pr.SetURL(u); pr.SetXForwarded() }}
	r := httptest.NewRequest(http.MethodGet, "/current?city=Lisbon", nil)
	r.RemoteAddr = "203.0.113.10:40000"
	w := &benchWriter{h: http.Header{}}
	b.ReportAllocs()
	for b.Loop() {
		w.reset()
		r.Body = http.NoBody
		p.ServeHTTP(w, r)
		if w.status != http.StatusOK {
			b.Fatalf("status %d", w.status)
		}
	}
}
