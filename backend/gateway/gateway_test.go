package gateway_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	_ "github.com/jackc/pgx/v5/stdlib"

	"tollgate/backend/apikey"
	"tollgate/backend/gateway"
	"tollgate/backend/postgres"
	"tollgate/backend/postgres/pgtest"
	"tollgate/backend/tollgate"
)

var testDB *postgres.DB

func TestMain(m *testing.M) { pgtest.Main(m, &testDB) }

var pepper = []byte(strings.Repeat("p", 32))

// env is a tenant with one API in front of a test upstream, a plan, an application subscribed to it, and a key.
type env struct {
	t                   *testing.T
	ctx                 context.Context
	tenant              *tollgate.Tenant
	api                 *tollgate.API
	plan                *tollgate.Plan
	app                 *tollgate.Application
	sub                 *tollgate.Subscription
	key, keyID          string
	upstream            *httptest.Server
	upstreamHits        map[string]int
	mu                  sync.Mutex
	lastUpstreamRequest *http.Request
	apis                *postgres.APIService
	plans               *postgres.PlanService
	apps                *postgres.ApplicationService
	subs                *postgres.SubscriptionService
	keys                *postgres.KeyService
}

func unique(p string) string { return fmt.Sprintf("%s%d", p, time.Now().UnixNano()%1e10) }

func newEnv(t *testing.T, plan tollgate.Plan) *env { return newEnvOn(t, testDB, plan) }

func newEnvOn(t *testing.T, db *postgres.DB, plan tollgate.Plan) *env {
	t.Helper()
	if testing.Short() {
		t.Skip("integration test: needs PostgreSQL")
	}
	e := &env{t: t, ctx: context.Background(), upstreamHits: map[string]int{}, apis: postgres.NewAPIService(db),
		plans: postgres.NewPlanService(db), apps: postgres.NewApplicationService(db),
		subs: postgres.NewSubscriptionService(db), keys: postgres.NewKeyService(db)}
	e.upstream = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		e.mu.Lock()
		e.upstreamHits[r.URL.Path]++
		e.lastUpstreamRequest = r.Clone(context.Background())
		e.mu.Unlock()
		switch r.URL.Path {
		case "/sse":
			w.Header().Set("Content-Type", "text/event-stream")
			for i := range 5 { // 600 ms: longer than the API's timeout
				_, _ = fmt.Fprintf(w, "data: %d\n\n", i)
				w.(http.Flusher).Flush()
				time.Sleep(150 * time.Millisecond)
			}
			return
		case "/reset", "/garbage":
			conn, buf, err := w.(http.Hijacker).Hijack()
			if err == nil {
				if r.URL.Path == "/garbage" {
					_, _ = buf.WriteString("this is not HTTP\r\n\r\n")
					_ = buf.Flush()
				}
				_ = conn.Close()
			}
			return
		case "/echo-body":
			b, _ := io.ReadAll(r.Body)
			_, _ = w.Write(b)
			return
		case "/slow":
			time.Sleep(2 * time.Second)
		case "/fail":
			w.WriteHeader(500)
			return
		case "/missing":
			w.WriteHeader(404)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"path":"`+r.URL.Path+`","query":"`+r.URL.RawQuery+`"}`)
	}))
	t.Cleanup(e.upstream.Close)

	users, tenants, teams := postgres.NewUserService(db), postgres.NewTenantService(db), postgres.NewTeamService(db)
	owner := &tollgate.User{Email: unique("o") + "@example.com", Name: "Owner", PasswordHash: "x"}
	require.NoError(t, users.CreateUser(e.ctx, owner))
	e.ctx = tollgate.WithActor(e.ctx, tollgate.Actor{UserID: owner.ID})
	e.tenant = &tollgate.Tenant{Slug: unique("t"), Name: "T"}
	require.NoError(t, tenants.CreateTenant(e.ctx, e.tenant, owner.ID))
	team := &tollgate.Team{TenantID: e.tenant.ID, Name: "Team"}
	require.NoError(t, teams.CreateTeam(e.ctx, team))
	e.api = &tollgate.API{TenantID: e.tenant.ID, TeamID: team.ID, Name: "Echo", BasePath: "/echo", UpstreamURL: e.upstream.URL,
		TimeoutMS: 500}
	require.NoError(t, e.api.Validate(nil))
	require.NoError(t, e.apis.CreateAPI(e.ctx, e.api))
	_, err := e.apis.SetLifecycle(e.ctx, e.tenant.ID, e.api.ID, tollgate.ActionPublish, nil)
	require.NoError(t, err)
	plan.TenantID, plan.APIID = e.tenant.ID, e.api.ID
	if plan.Name == "" {
		plan.Name = "Plan"
	}
	e.plan = &plan
	require.NoError(t, e.plans.CreatePlan(e.ctx, e.plan))
	e.app = &tollgate.Application{TenantID: e.tenant.ID, TeamID: team.ID, Name: "App"}
	require.NoError(t, e.apps.CreateApplication(e.ctx, e.app))
	e.sub = &tollgate.Subscription{TenantID: e.tenant.ID, ApplicationID: e.app.ID, PlanID: e.plan.ID, Reason: "test"}
	require.NoError(t, e.subs.RequestSubscription(e.ctx, e.sub))
	e.key, e.keyID = e.newKey(nil)
	return e
}

// last returns the last request the upstream received.
func (e *env) last() *http.Request {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.lastUpstreamRequest
}

func (e *env) newKey(apiIDs []string, ips ...string) (string, string) {
	plain, err := apikey.Generate(apikey.ModeLive)
	require.NoError(e.t, err)
	k := &tollgate.APIKey{TenantID: e.tenant.ID, ApplicationID: e.app.ID, Name: "k", Prefix: apikey.Prefix(plain), Mode: "live",
		APIIDs: apiIDs, AllowedIPs: ips}
	require.NoError(e.t, k.Validate(time.Now()))
	require.NoError(e.t, e.keys.CreateKey(e.ctx, k, apikey.Digest(pepper, plain)))
	return plain, k.ID
}

// running is a gateway with its background loop.
type running struct {
	gw   *gateway.Gateway
	srv  *httptest.Server
	stop func() error
}

func startGateway(t *testing.T) *running {
	return startGatewayWith(t, testDB, gateway.Options{ReloadEvery: time.Minute})
}

func startGatewayWith(t *testing.T, db *postgres.DB, opt gateway.Options) *running {
	t.Helper()
	opt.PublicURL, opt.Pepper, opt.FlushEvery, opt.MaxBodyBytes = "http://portal.test", pepper, 100*time.Millisecond, 1024
	opt.Log = slog.New(slog.NewTextHandler(io.Discard, nil))
	gw := gateway.New(postgres.NewGatewayStore(db), opt)
	require.NoError(t, gw.Load(context.Background()))
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- gw.Run(ctx) }()
	srv := httptest.NewServer(gw.Handler())
	stopped := false
	r := &running{gw: gw, srv: srv, stop: func() error {
		if stopped {
			return nil
		}
		stopped = true
		srv.Close()
		cancel()
		return <-done
	}}
	t.Cleanup(func() { _ = r.stop() })
	return r
}

type reply struct {
	status int
	header http.Header
	body   map[string]any
	raw    string
}

func (r *running) call(t *testing.T, method, path, key string, headers ...string) reply {
	t.Helper()
	req, err := http.NewRequest(method, r.srv.URL+path, nil)
	require.NoError(t, err)
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		if headers[i] == "Host" {
			req.Host = headers[i+1]
			continue
		}
		req.Header.Set(headers[i], headers[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	out := reply{status: resp.StatusCode, header: resp.Header, raw: string(b)}
	_ = json.Unmarshal(b, &out.body)
	return out
}

func (e *env) path(rest string) string { return "/" + e.tenant.Slug + "/echo" + rest }

// waitFor polls until the gateway answers want for the call, and returns how long the change took to arrive.
func waitFor(t *testing.T, gw *running, path, key string, want int) time.Duration {
	t.Helper()
	start := time.Now()
	for time.Since(start) < 5*time.Second {
		if gw.call(t, "GET", path, key).status == want {
			return time.Since(start)
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Fatalf("%s did not become %d within 5s", path, want)
	return 0
}

func TestIntegrationProxyAndRefusals(t *testing.T) {
	e := newEnv(t, tollgate.Plan{})
	gw := startGateway(t)

	r := gw.call(t, "GET", e.path("/weather?city=Lisbon"), e.key, "X-Tollgate-Tenant", "spoofed", "X-Request-Id", "req-12345678")
	require.Equal(t, 200, r.status, r.raw)
	assert.Equal(t, "/weather", r.body["path"], "the base path is stripped")
	assert.Equal(t, "city=Lisbon", r.body["query"])
	assert.Equal(t, "req-12345678", r.header.Get("X-Request-Id"))
	up := e.last()
	assert.Equal(t, e.tenant.Slug, up.Header.Get("X-Tollgate-Tenant"), "spoofed identity headers are replaced")
	assert.Equal(t, e.app.ID, up.Header.Get("X-Tollgate-Application"))
	assert.Equal(t, e.sub.ID, up.Header.Get("X-Tollgate-Subscription"))
	assert.Equal(t, e.plan.ID, up.Header.Get("X-Tollgate-Plan"))
	assert.Empty(t, up.Header.Get("Authorization"), "the key never reaches the upstream")
	assert.NotEmpty(t, up.Header.Get("X-Forwarded-For"))

	// The key also works in X-API-Key; the query string only where the API allows it.
	assert.Equal(t, 200, gw.call(t, "GET", e.path("/x"), "", "X-API-Key", e.key).status)
	assert.Equal(t, 401, gw.call(t, "GET", e.path("/x?api_key="+e.key), "").status)

	cases := []struct {
		name, path, key string
		status          int
		code            string
	}{
		{"no key", e.path("/x"), "", 401, "missing_api_key"},
		{"typo in key", e.path("/x"), typo(e.key), 401, "invalid_api_key"},
		{"unknown key", e.path("/x"), mustKey(t), 401, "invalid_api_key"},
		{"no such API", "/" + e.tenant.Slug + "/nothing/x", e.key, 404, "no_route"},
		{"no such tenant", "/nobody/echo/x", e.key, 404, "no_route"},
		{"dot segments", e.path("/../../admin"), e.key, 400, "bad_request"},
		{"encoded slash", "/" + e.tenant.Slug + "/echo%2F..%2Fx", e.key, 400, "bad_request"},
		{"upstream error passes through", e.path("/fail"), e.key, 500, ""},
		{"upstream timeout", e.path("/slow"), e.key, 504, "upstream_timeout"},
	}
	for _, c := range cases {
		r := gw.call(t, "GET", c.path, c.key)
		assert.Equal(t, c.status, r.status, "%s: %s", c.name, r.raw)
		if c.code != "" {
			assert.Equal(t, c.code, r.body["code"], c.name)
			assert.Equal(t, "application/problem+json", r.header.Get("Content-Type"), c.name)
			assert.Equal(t, "http://portal.test/docs/errors/"+c.code, r.body["type"], c.name)
			assert.NotEmpty(t, r.body["instance"], c.name)
			assert.NotEmpty(t, r.body["detail"], c.name)
		}
	}
}

// typo changes the last character of a key.
func typo(key string) string {
	last := byte('x')
	if key[len(key)-1] == last {
		last = 'y'
	}
	return key[:len(key)-1] + string(last)
}

func mustKey(t *testing.T) string {
	k, err := apikey.Generate(apikey.ModeLive)
	require.NoError(t, err)
	return k
}

// TestIntegrationChangesArriveWithinASecond changes state through the stores and measures how long each change
// takes to be enforced.
func TestIntegrationChangesArriveWithinASecond(t *testing.T) {
	e := newEnv(t, tollgate.Plan{})
	gw := startGateway(t)
	require.Equal(t, 200, gw.call(t, "GET", e.path("/x"), e.key).status)
	var worst time.Duration
	note := func(what string, d time.Duration) {
		t.Logf("%s enforced after %v", what, d)
		worst = max(worst, d)
	}

	_, err := e.subs.Apply(e.ctx, e.tenant.ID, e.sub.ID, tollgate.EventSuspend, "test")
	require.NoError(t, err)
	note("suspension (403)", waitFor(t, gw, e.path("/x"), e.key, 403))
	_, err = e.subs.Apply(e.ctx, e.tenant.ID, e.sub.ID, tollgate.EventResume, "test")
	require.NoError(t, err)
	note("resumption (200)", waitFor(t, gw, e.path("/x"), e.key, 200))

	_, err = e.keys.RevokeKey(e.ctx, e.tenant.ID, e.app.ID, e.keyID)
	require.NoError(t, err)
	note("key revocation (401)", waitFor(t, gw, e.path("/x"), e.key, 401))
	r := gw.call(t, "GET", e.path("/x"), e.key)
	assert.Equal(t, "api_key_revoked", r.body["code"])

	key2, _ := e.newKey(nil)
	note("new key (200)", waitFor(t, gw, e.path("/x"), key2, 200))
	_, err = e.subs.Apply(e.ctx, e.tenant.ID, e.sub.ID, tollgate.EventRevoke, "test")
	require.NoError(t, err)
	note("subscription revocation (403)", waitFor(t, gw, e.path("/x"), key2, 403))
	assert.Less(t, worst, time.Second, "every change within one second")
	t.Logf("worst propagation: %v", worst)
}

func TestIntegrationQuotaAndRateLimit(t *testing.T) {
	quota := int64(5)
	e := newEnv(t, tollgate.Plan{MonthlyQuota: &quota, RateLimitPerSecond: 1000})
	gw := startGateway(t)
	for i := range 5 {
		r := gw.call(t, "GET", e.path("/x"), e.key)
		require.Equal(t, 200, r.status, "call %d: %s", i+1, r.raw)
		assert.Equal(t, fmt.Sprint(4-i), r.header.Get("X-Quota-Remaining"))
		assert.Equal(t, "1000", r.header.Get("RateLimit-Limit"))
		assert.NotEmpty(t, r.header.Get("RateLimit-Remaining"))
	}
	r := gw.call(t, "GET", e.path("/x"), e.key)
	require.Equal(t, 402, r.status, "call limit+1 is refused: %s", r.raw)
	assert.Equal(t, "quota_exhausted", r.body["code"])
	q := r.body["quota"].(map[string]any)
	assert.Equal(t, float64(5), q["limit"])
	assert.NotEmpty(t, r.header.Get("Retry-After"))
	assert.Contains(t, r.body["upgrade_url"], "/t/"+e.tenant.Slug+"/catalogue/")

	// Responses the plan does not count give their place back: 404s from the upstream do not use quota.
	e2 := newEnv(t, tollgate.Plan{MonthlyQuota: &quota})
	waitFor(t, gw, e2.path("/missing"), e2.key, 404)
	for range 8 {
		assert.Equal(t, 404, gw.call(t, "GET", e2.path("/missing"), e2.key).status)
	}
	waitFor(t, gw, e2.path("/x"), e2.key, 200)

	// Rate limit: one call a second.
	e3 := newEnv(t, tollgate.Plan{RateLimitPerSecond: 1})
	waitFor(t, gw, e3.path("/x"), e3.key, 200)
	r = gw.call(t, "GET", e3.path("/x"), e3.key)
	require.Equal(t, 429, r.status, r.raw)
	assert.Equal(t, "rate_limited", r.body["code"])
	assert.Equal(t, "1", r.header.Get("Retry-After"))
}

// TestIntegrationCountsSurviveRestart: calls counted by one gateway are in PostgreSQL after it stops gracefully, and
// the next gateway starts from them.
func TestIntegrationCountsSurviveRestart(t *testing.T) {
	quota := int64(1000)
	e := newEnv(t, tollgate.Plan{MonthlyQuota: &quota})
	gw := startGateway(t)
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 25 {
				assert.Equal(t, 200, gw.call(t, "GET", e.path("/x"), e.key).status)
			}
		}()
	}
	wg.Wait()
	require.NoError(t, gw.stop())
	var calls int64
	require.NoError(t, testDBRow(`SELECT coalesce(sum(calls), 0) FROM usage_counters WHERE subscription_id = ?`, e.sub.ID).Scan(&calls))
	assert.Equal(t, int64(100), calls, "every call counted once")

	gw2 := startGateway(t)
	r := gw2.call(t, "GET", e.path("/x"), e.key)
	require.Equal(t, 200, r.status)
	assert.Equal(t, "899", r.header.Get("X-Quota-Remaining"), "the new gateway knows the 100 calls")
	require.NoError(t, gw2.stop())

	// Every call was logged, and the key's last use recorded.
	var logged int64
	require.NoError(t, testDBRow(`SELECT count(*) FROM call_logs WHERE subscription_id = ?`, e.sub.ID).Scan(&logged))
	assert.Equal(t, int64(101), logged)
	var path string
	require.NoError(t, testDBRow(`SELECT path FROM call_logs WHERE subscription_id = ? LIMIT 1`, e.sub.ID).Scan(&path))
	assert.Equal(t, e.path("/x"), path, "the log keeps the caller's path, not the upstream's")
	var lastUsed *time.Time
	require.NoError(t, testDBRow(`SELECT last_used_at FROM api_keys WHERE id = ?`, e.keyID).Scan(&lastUsed))
	assert.NotNil(t, lastUsed)
}

// TestIntegrationHostRouting: an API with a host of its own answers there by base path alone; the tenant route
// keeps working, and paths that do not match on the host fall back to it.
func TestIntegrationHostRouting(t *testing.T) {
	e := newEnv(t, tollgate.Plan{})
	gw := startGateway(t)
	host := "echo-" + e.tenant.Slug + ".example.test"
	_, err := e.apis.UpdateAPI(e.ctx, e.tenant.ID, e.api.ID, tollgate.APIUpdate{Host: &host}, nil)
	require.NoError(t, err)

	call := func(h, path string) reply { return gw.call(t, "GET", path, e.key, "Host", h) }
	h := strings.ToUpper(host) + ":443" // as a client may send it
	var r reply
	require.Eventually(t, func() bool { r = call(h, "/echo/weather"); return r.status == 200 }, 5*time.Second, 10*time.Millisecond, "the host route arrives")
	assert.Equal(t, "/weather", r.body["path"], "the base path is stripped")
	assert.Equal(t, e.tenant.Slug, e.last().Header.Get("X-Tollgate-Tenant"))
	assert.Equal(t, 200, call(h, e.path("/x")).status, "the tenant route works on the host too")
	assert.Equal(t, 200, call("other.example.test", e.path("/x")).status, "and on any other host")
	assert.Equal(t, 404, call("other.example.test", "/echo/x").status, "a host that is not the API's routes by tenant")
	assert.Equal(t, 400, call(h, "/echo/../x").status)
	assert.Equal(t, 404, call(h, "/nothing-here").status)
}

// ownDB is a migrated database of the test's own, for tests that break it or change it behind the stores' backs.
func ownDB(t *testing.T) (string, *postgres.DB) {
	t.Helper()
	if testing.Short() {
		t.Skip("integration test: needs PostgreSQL")
	}
	url, drop, err := pgtest.Migrated(context.Background())
	require.NoError(t, err)
	t.Cleanup(drop)
	db, err := postgres.Open(context.Background(), url)
	require.NoError(t, err)
	t.Cleanup(func() { _ = db.Close() })
	return url, db
}

// TestIntegrationDatabaseOutage cuts the gateway's database off: it serves from its snapshot until the snapshot is
// too old, then answers 503 (never 401 or 403), and recovers by itself when the database returns.
func TestIntegrationDatabaseOutage(t *testing.T) {
	url, db := ownDB(t)
	e := newEnvOn(t, db, tollgate.Plan{})
	gw := startGatewayWith(t, db, gateway.Options{ReloadEvery: 100 * time.Millisecond, MaxStaleness: 700 * time.Millisecond})
	require.Equal(t, 200, gw.call(t, "GET", e.path("/x"), e.key).status)

	admin, err := sql.Open("pgx", pgtest.AdminURL())
	require.NoError(t, err)
	t.Cleanup(func() { _ = admin.Close() })
	name := url[strings.LastIndex(url, "/")+1:]
	if i := strings.IndexByte(name, '?'); i >= 0 {
		name = name[:i]
	}
	_, err = admin.Exec(`ALTER DATABASE ` + name + ` ALLOW_CONNECTIONS false`)
	require.NoError(t, err)
	_, err = admin.Exec(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1`, name)
	require.NoError(t, err)
	restored := false
	restore := func() {
		if !restored {
			restored = true
			_, err := admin.Exec(`ALTER DATABASE ` + name + ` ALLOW_CONNECTIONS true`)
			require.NoError(t, err)
		}
	}
	t.Cleanup(restore)

	// Still served from the snapshot at first, then 503 — and never a 401 or 403.
	sawOK, saw503 := false, false
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) && !saw503 {
		r := gw.call(t, "GET", e.path("/x"), e.key)
		switch r.status {
		case 200:
			sawOK = true
		case 503:
			saw503 = true
			assert.Equal(t, "gateway_unavailable", r.body["code"])
			assert.NotEmpty(t, r.header.Get("Retry-After"))
		default:
			t.Fatalf("during the outage the gateway answered %d: %s", r.status, r.raw)
		}
		time.Sleep(20 * time.Millisecond)
	}
	assert.True(t, sawOK, "served from the snapshot first")
	require.True(t, saw503, "failed closed once the snapshot was too old")
	ready := gw.call(t, "GET", "/readyz", "")
	assert.Equal(t, 503, ready.status)

	restore()
	waitFor(t, gw, e.path("/x"), e.key, 200)
	assert.Equal(t, 200, gw.call(t, "GET", "/readyz", "").status)
}

// TestIntegrationPeriodicCheck: between notifications the gateway checks the state's version and reloads only when
// it moved; a change that neither notified nor moved it arrives with the full reload every tenth interval.
func TestIntegrationPeriodicCheck(t *testing.T) {
	url, db := ownDB(t)
	raw, err := sql.Open("pgx", url)
	require.NoError(t, err)
	t.Cleanup(func() { _ = raw.Close() })
	e := newEnvOn(t, db, tollgate.Plan{})
	reg := prometheus.NewRegistry()
	const every = 100 * time.Millisecond
	gw := startGatewayWith(t, db, gateway.Options{ReloadEvery: every, MaxStaleness: 3 * every, Metrics: gateway.NewMetrics(reg)})
	require.Equal(t, 200, gw.call(t, "GET", e.path("/x"), e.key).status)

	// Quiet: checks keep the snapshot fresh (it would be stale after three intervals) without reloading it.
	reloads := counter(t, reg, "tollgate_gateway_snapshot_reloads_total")
	require.Eventually(t, func() bool { return counter(t, reg, "tollgate_gateway_snapshot_checks_total") >= 5 }, 5*time.Second, every/2)
	assert.LessOrEqual(t, counter(t, reg, "tollgate_gateway_snapshot_reloads_total")-reloads, 1.0,
		"no reload while nothing changes (but the one in ten)")
	assert.Equal(t, 200, gw.call(t, "GET", "/readyz", "").status)

	// write changes the key with its trigger off (no notification); bump also moves the version.
	write := func(revoked string, bump bool) {
		tx, err := raw.Begin()
		require.NoError(t, err)
		defer tx.Rollback() //nolint:errcheck // committed below
		for _, q := range []string{`ALTER TABLE api_keys DISABLE TRIGGER api_keys_changed`,
			`UPDATE api_keys SET revoked_at = ` + revoked + ` WHERE id = '` + e.keyID + `'`,
			`ALTER TABLE api_keys ENABLE TRIGGER api_keys_changed`} {
			_, err := tx.Exec(q)
			require.NoError(t, err, q)
		}
		if bump {
			_, err := tx.Exec(`SELECT nextval('gateway_state_version')`)
			require.NoError(t, err)
		}
		require.NoError(t, tx.Commit())
	}
	write("now()", true)
	waitFor(t, gw, e.path("/x"), e.key, 401) // the version moved: the next check reloads
	write("NULL", false)
	waitFor(t, gw, e.path("/x"), e.key, 200) // nothing moved: the full reload brings it
}

// counter reads a counter from reg.
func counter(t *testing.T, reg *prometheus.Registry, name string) float64 {
	t.Helper()
	mfs, err := reg.Gather()
	require.NoError(t, err)
	for _, mf := range mfs {
		if mf.GetName() == name {
			return mf.GetMetric()[0].GetCounter().GetValue()
		}
	}
	t.Fatalf("no metric %s", name)
	return 0
}

// TestIntegrationSharedRateLimit: two gateway nodes sharing Redis enforce one limit between them.
func TestIntegrationSharedRateLimit(t *testing.T) {
	redisURL := os.Getenv("TEST_REDIS_URL")
	if redisURL == "" {
		redisURL = "redis://127.0.0.1:6379/0"
	}
	e := newEnv(t, tollgate.Plan{RateLimitPerMinute: 10})
	nodes := make([]*running, 2)
	for i := range nodes {
		lim, closeRedis, err := gateway.NewRedisLimiter(context.Background(), redisURL)
		require.NoError(t, err, "Redis is needed for this test (TEST_REDIS_URL)")
		t.Cleanup(func() { _ = closeRedis() })
		nodes[i] = startGatewayWith(t, testDB, gateway.Options{ReloadEvery: time.Minute, Limiter: lim})
	}
	ok, limited := 0, 0
	for i := range 30 {
		r := nodes[i%2].call(t, "GET", e.path("/x"), e.key)
		switch r.status {
		case 200:
			ok++
		case 429:
			limited++
			assert.NotEmpty(t, r.header.Get("Retry-After"))
		default:
			t.Fatalf("unexpected %d: %s", r.status, r.raw)
		}
	}
	assert.Equal(t, 10, ok, "one limit of 10 a minute across both nodes")
	assert.Equal(t, 20, limited)
}

func TestIntegrationHardCases(t *testing.T) {
	e := newEnv(t, tollgate.Plan{})
	gw := startGateway(t)

	// Server-sent events arrive as they are sent, not when the response ends.
	req, _ := http.NewRequest("GET", gw.srv.URL+e.path("/sse"), nil)
	req.Header.Set("Authorization", "Bearer "+e.key)
	start := time.Now()
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	buf := make([]byte, 64)
	n, err := resp.Body.Read(buf)
	require.NoError(t, err)
	assert.Contains(t, string(buf[:n]), "data: 0")
	assert.Less(t, time.Since(start), 250*time.Millisecond, "the first event is not held back")
	// The API's timeout (500 ms) bounds the wait for the upstream's answer, not a stream that keeps sending.
	rest, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	assert.Contains(t, string(buf[:n])+string(rest), "data: 4", "the stream is not cut off at the timeout")
	resp.Body.Close()

	// Upstreams that reset or answer garbage are 502 problems; the gateway stays up.
	for _, p := range []string{"/reset", "/garbage"} {
		r := gw.call(t, "GET", e.path(p), e.key)
		assert.Equal(t, 502, r.status, p)
		assert.Equal(t, "upstream_unavailable", r.body["code"], p)
	}

	// Bodies over the limit (1 KiB here) are refused with 413; smaller ones pass.
	post := func(size int) reply {
		req, _ := http.NewRequest("POST", gw.srv.URL+e.path("/echo-body"), strings.NewReader(strings.Repeat("x", size)))
		req.Header.Set("Authorization", "Bearer "+e.key)
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		out := reply{status: resp.StatusCode, raw: string(b)}
		_ = json.Unmarshal(b, &out.body)
		return out
	}
	assert.Equal(t, 200, post(100).status)
	big := post(4096)
	assert.Equal(t, 413, big.status, big.raw)
	assert.Equal(t, "payload_too_large", big.body["code"])

	// Hop-by-hop headers are not passed on.
	gw.call(t, "GET", e.path("/x"), e.key, "Connection", "X-Secret", "X-Secret", "1", "Proxy-Authorization", "Basic x")
	assert.Empty(t, e.last().Header.Get("X-Secret"))
	assert.Empty(t, e.last().Header.Get("Proxy-Authorization"))

	// A key in the query string works only where the API allows it, and is not passed upstream.
	allow := true
	_, err = e.apis.UpdateAPI(e.ctx, e.tenant.ID, e.api.ID, tollgate.APIUpdate{AllowQueryKey: &allow}, nil)
	require.NoError(t, err)
	waitFor(t, gw, e.path("/q?api_key="+e.key+"&city=Lisbon"), "", 200)
	assert.Equal(t, "city=Lisbon", e.last().URL.RawQuery)
}

// TestIntegrationGracePeriod: a failed payment on a plan with grace days keeps access, with a warning, until the
// grace period ends; then 402 payment_overdue with grace_ends_at.
func TestIntegrationGracePeriod(t *testing.T) {
	e := newEnv(t, tollgate.Plan{Paid: true, GraceDays: 3})
	_, err := e.subs.Apply(e.ctx, e.tenant.ID, e.sub.ID, tollgate.EventPaymentSettled, "checkout")
	require.NoError(t, err)
	gw := startGateway(t)
	waitFor(t, gw, e.path("/x"), e.key, 200)
	_, err = e.subs.Apply(e.ctx, e.tenant.ID, e.sub.ID, tollgate.EventPaymentFailed, "card declined")
	require.NoError(t, err)
	start := time.Now()
	for gw.call(t, "GET", e.path("/x"), e.key).header.Get("Warning") == "" && time.Since(start) < 5*time.Second {
		time.Sleep(5 * time.Millisecond)
	}
	r := gw.call(t, "GET", e.path("/x"), e.key)
	assert.Equal(t, 200, r.status, "grace keeps access")
	assert.Contains(t, r.header.Get("Warning"), "payment past due")
	assert.NotEmpty(t, r.header.Get("Tollgate-Grace-Ends"))
	_, err = e.subs.Apply(e.ctx, e.tenant.ID, e.sub.ID, tollgate.EventPaymentOverdue, "grace over")
	require.NoError(t, err)
	waitFor(t, gw, e.path("/x"), e.key, 402)
	r = gw.call(t, "GET", e.path("/x"), e.key)
	assert.Equal(t, "payment_overdue", r.body["code"])
	assert.Contains(t, r.body["payment_url"], "/subscriptions/"+e.sub.ID)
}

// TestIntegrationEveryRowOverHTTP reaches each row of the decision table through real HTTP calls to the gateway,
// with state made through the stores.
func TestIntegrationEveryRowOverHTTP(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t, tollgate.Plan{})
	other := newEnv(t, tollgate.Plan{}) // another tenant
	gw := startGateway(t)
	expect := func(row, path, key, code string, status int) {
		t.Helper()
		start := time.Now()
		var r reply
		for time.Since(start) < 5*time.Second {
			if r = gw.call(t, "GET", path, key); r.body["code"] == code || (code == "ok" && r.status == 200) {
				break
			}
			time.Sleep(5 * time.Millisecond)
		}
		assert.Equal(t, status, r.status, "%s: %s", row, r.raw)
		if code != "ok" {
			assert.Equal(t, code, r.body["code"], row)
		}
	}
	expect("11 proxy", e.path("/x"), e.key, "ok", 200)
	expect("1 missing key", e.path("/x"), "", "missing_api_key", 401)
	expect("1 another tenant's key", e.path("/x"), other.key, "invalid_api_key", 401)

	past := time.Now().Add(-time.Second)
	expired, expiredID := e.newKey(nil)
	var updated string // an expiry in the past cannot be set through the API: set it directly
	require.NoError(t, testDBRow(`UPDATE api_keys SET expires_at = ? WHERE id = ? RETURNING id`, past, expiredID).Scan(&updated))
	expect("2 expired key", e.path("/x"), expired, "api_key_expired", 401)
	elsewhere, _ := e.newKey(nil, "203.0.113.0/24")
	expect("2 IP not allowed", e.path("/x"), elsewhere, "ip_not_allowed", 403)

	expect("3 no route", "/"+e.tenant.Slug+"/nothing", e.key, "no_route", 404)

	// Row 4: a key scoped to another API of the tenant, and an API the application does not subscribe to.
	api2 := &tollgate.API{TenantID: e.tenant.ID, TeamID: e.api.TeamID, Name: "Second", BasePath: "/second", UpstreamURL: e.upstream.URL}
	require.NoError(t, api2.Validate(nil))
	require.NoError(t, e.apis.CreateAPI(e.ctx, api2))
	_, err := e.apis.SetLifecycle(e.ctx, e.tenant.ID, api2.ID, tollgate.ActionPublish, nil)
	require.NoError(t, err)
	expect("4 not subscribed", "/"+e.tenant.Slug+"/second/x", e.key, "not_subscribed", 403)
	plan2 := &tollgate.Plan{TenantID: e.tenant.ID, APIID: api2.ID, Name: "Manual", Approval: tollgate.ApprovalManual}
	require.NoError(t, e.plans.CreatePlan(e.ctx, plan2))
	sub2 := &tollgate.Subscription{TenantID: e.tenant.ID, ApplicationID: e.app.ID, PlanID: plan2.ID, Reason: "x"}
	require.NoError(t, e.subs.RequestSubscription(e.ctx, sub2))
	scoped, _ := e.newKey([]string{e.api.ID})
	expect("4 key scope denied", "/"+e.tenant.Slug+"/second/x", scoped, "key_scope_denied", 403)

	// Row 5: pending approval, then rejected.
	expect("5 pending approval", "/"+e.tenant.Slug+"/second/x", e.key, "subscription_pending_approval", 403)
	_, err = e.subs.Apply(e.ctx, e.tenant.ID, sub2.ID, tollgate.EventReject, "no")
	require.NoError(t, err)
	expect("5 rejected", "/"+e.tenant.Slug+"/second/x", e.key, "subscription_rejected", 403)

	// Row 6: a paid plan before checkout.
	paid := &tollgate.Plan{TenantID: e.tenant.ID, APIID: api2.ID, Name: "Paid", Paid: true}
	require.NoError(t, e.plans.CreatePlan(e.ctx, paid))
	sub3 := &tollgate.Subscription{TenantID: e.tenant.ID, ApplicationID: e.app.ID, PlanID: paid.ID, Reason: "x"}
	require.NoError(t, e.subs.RequestSubscription(e.ctx, sub3))
	expect("6 payment required", "/"+e.tenant.Slug+"/second/x", e.key, "payment_required", 402)
	r := gw.call(t, "GET", "/"+e.tenant.Slug+"/second/x", e.key)
	assert.Contains(t, r.body["payment_url"], "/subscriptions/"+sub3.ID)

	// Row 8: canceled.
	_, err = e.subs.Apply(e.ctx, e.tenant.ID, sub3.ID, tollgate.EventCancel, "bye")
	require.NoError(t, err)
	expect("8 canceled", "/"+e.tenant.Slug+"/second/x", e.key, "subscription_canceled", 402)

	// Row 3: retired (after deprecation).
	_, err = e.apis.SetLifecycle(ctx, e.tenant.ID, api2.ID, tollgate.ActionDeprecate, ptrTime(time.Now().Add(time.Hour)))
	require.NoError(t, err)
	_, err = e.apis.SetLifecycle(ctx, e.tenant.ID, api2.ID, tollgate.ActionRetire, nil)
	require.NoError(t, err)
	expect("3 retired", "/"+e.tenant.Slug+"/second/x", e.key, "api_retired", 410)
}

func ptrTime(t time.Time) *time.Time { return &t }

// TestIntegrationCallLogCopy writes call logs with the store's binary COPY and reads every column back: ids that are
// not UUIDs are NULL, and text PostgreSQL would refuse (not UTF-8, NUL) is replaced instead of failing the batch.
func TestIntegrationCallLogCopy(t *testing.T) {
	ctx := context.Background()
	store := postgres.NewGatewayStore(testDB)
	now := time.Now().UTC().Truncate(time.Microsecond)
	require.NoError(t, store.PrepareCallLogs(ctx, now.Add(-time.Hour), now.Add(time.Hour), now.Add(-24*time.Hour)))
	id := func(n int) string { return fmt.Sprintf("00000000-0000-4000-8000-%012d", n) }
	rid := unique("copy-")
	logs := []tollgate.CallLog{
		{Time: now, RequestID: rid + "-a", TenantID: id(1), ApplicationID: id(2), APIID: id(3), SubscriptionID: id(4),
			KeyPrefix: "tg_live_abcd", Method: "POST", Path: "/acme/weather/current", Status: 201, Code: "ok",
			ClientIP: "203.0.113.10", Latency: 1500 * time.Microsecond, Upstream: 1200 * time.Microsecond, BytesIn: 12, BytesOut: 3456},
		{Time: now.Add(-time.Second), RequestID: rid + "-b", TenantID: "not-a-uuid", Method: "GET", Path: "/acme/\xff\x00x",
			Status: 400, Code: "bad_request", ClientIP: "::1"},
	}
	require.NoError(t, store.WriteCallLogs(ctx, logs))

	var ts time.Time
	var tenant, app, api, sub *string
	var prefix, method, path, code, ip string
	var status, latency, upstream int
	var in, out int64
	require.NoError(t, testDBRow(`SELECT ts, tenant_id, application_id, api_id, subscription_id, key_prefix, method, path, status,
		code, latency_us, upstream_us, bytes_in, bytes_out, client_ip FROM call_logs WHERE request_id = ?`, rid+"-a").
		Scan(&ts, &tenant, &app, &api, &sub, &prefix, &method, &path, &status, &code, &latency, &upstream, &in, &out, &ip))
	assert.True(t, now.Equal(ts), "%s != %s", ts, now)
	for i, v := range []*string{tenant, app, api, sub} {
		require.NotNil(t, v)
		assert.Equal(t, id(i+1), *v)
	}
	assert.Equal(t, []any{"tg_live_abcd", "POST", "/acme/weather/current", 201, "ok", 1500, 1200, int64(12), int64(3456), "203.0.113.10"},
		[]any{prefix, method, path, status, code, latency, upstream, in, out, ip})

	require.NoError(t, testDBRow(`SELECT tenant_id, application_id, path, key_prefix FROM call_logs WHERE request_id = ?`, rid+"-b").
		Scan(&tenant, &app, &path, &prefix))
	assert.Nil(t, tenant, "not a UUID: NULL")
	assert.Nil(t, app)
	assert.Equal(t, "/acme/\uFFFD\uFFFDx", path)
	assert.Equal(t, "", prefix)
}
