// Package bench is what the gateway's benchmarks share: synthetic gateway state of a chosen size, built in memory
// (for the snapshot benchmarks in backend/gateway/bench_test.go) or written to PostgreSQL with a few
// INSERT … SELECT generate_series statements (for the reload benchmark and the load run of bench.sh).
//
// The shape is the same both ways: one tenant (TenantSlug) with Size.APIs published APIs at /api0, /api1, …, one plan
// per API, Size.Subs applications each subscribed (active) to API i % APIs, and Size.Keys keys, key i belonging to
// application i % Subs.
package bench

import (
	"context"
	"crypto/md5"
	"database/sql"
	"encoding/hex"
	"fmt"
	"time"

	"tollgate/backend/apikey"
	"tollgate/backend/tollgate"
)

// Size is how much synthetic state to make.
type Size struct{ Keys, Subs, APIs int }

// Default is the size the targets are stated for: 100,000 keys and 10,000 subscriptions.
var Default = Size{Keys: 100_000, Subs: 10_000, APIs: 100}

// The synthetic tenant and its plans' limits: high enough never to refuse a benchmark call.
const (
	TenantSlug    = "bench"
	Quota         = int64(1_000_000_000_000)
	RatePerSecond = 1_000_000
)

// BasePath is the base path of synthetic API n.
func BasePath(api int) string { return fmt.Sprintf("/api%d", api) }

// APIOfKey is the API that the application owning key i subscribes to.
func (s Size) APIOfKey(i int) int { return (i % s.Subs) % s.APIs }

// State returns synthetic gateway state and the plain keys (keys[i] is key i), with digests made under pepper.
func State(s Size, pepper []byte) (*tollgate.GatewayState, []string, error) {
	now := time.Now().UTC()
	y, m, _ := now.Date()
	start := time.Date(y, m, 1, 0, 0, 0, 0, time.UTC)
	end := start.AddDate(0, 1, 0)
	tenantID := uuidOf("tenant", 0)
	st := &tollgate.GatewayState{
		Keys:          make([]tollgate.GatewayKey, 0, s.Keys),
		Routes:        make([]tollgate.GatewayRoute, 0, s.APIs),
		Subscriptions: make([]tollgate.GatewaySubscription, 0, s.Subs),
		Plans:         make([]tollgate.GatewayPlan, 0, s.APIs),
	}
	for i := range s.APIs {
		st.Routes = append(st.Routes, tollgate.GatewayRoute{APIID: uuidOf("api", i), TenantID: tenantID, TenantSlug: TenantSlug,
			Name: fmt.Sprintf("API %d", i), BasePath: BasePath(i), UpstreamURL: "http://127.0.0.1:9", TimeoutMS: 30000,
			Lifecycle: tollgate.LifecyclePublished})
		q := Quota
		st.Plans = append(st.Plans, tollgate.GatewayPlan{ID: uuidOf("plan", i), Name: "Plan", Overage: "block", Paid: true,
			MonthlyQuota: &q, RateLimitPerSecond: RatePerSecond, CountedStatuses: []string{"2xx", "3xx"}})
	}
	for i := range s.Subs {
		api := i % s.APIs
		st.Subscriptions = append(st.Subscriptions, tollgate.GatewaySubscription{ID: uuidOf("sub", i), TenantID: tenantID,
			ApplicationID: uuidOf("app", i), APIID: uuidOf("api", api), PlanID: uuidOf("plan", api),
			State: tollgate.StateActive, CurrentPeriodStart: &start, CurrentPeriodEnd: &end, UpdatedAt: now})
	}
	keys := make([]string, 0, s.Keys)
	for i := range s.Keys {
		k, err := apikey.Generate(apikey.ModeLive)
		if err != nil {
			return nil, nil, err
		}
		keys = append(keys, k)
		st.Keys = append(st.Keys, tollgate.GatewayKey{ID: uuidOf("key", i), Prefix: apikey.Prefix(k), TenantID: tenantID,
			ApplicationID: uuidOf("app", i%s.Subs), Digest: apikey.Digest(pepper, k)})
	}
	return st, keys, nil
}

// uuidOf is a deterministic UUID per kind and number, the same as the SQL's md5('bench-<kind>-<n>')::uuid.
func uuidOf(kind string, n int) string {
	return md5UUID(fmt.Sprintf("bench-%s-%d", kind, n))
}

func md5UUID(s string) string {
	sum := md5.Sum([]byte(s))
	h := hex.EncodeToString(sum[:])
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
}

// SeedStatements are the SQL statements that write synthetic state of size s into a migrated database. Keys get
// random-looking digests (sha256 of their number): they are loaded and counted like real keys, but no plain key
// matches them.
func SeedStatements(s Size) []string {
	tenant := `md5('bench-tenant-0')::uuid`
	team := `md5('bench-team-0')::uuid`
	return []string{
		`INSERT INTO tenants (id, slug, name) VALUES (` + tenant + `, '` + TenantSlug + `', 'Benchmark tenant')`,
		`INSERT INTO teams (id, tenant_id, slug, name) VALUES (` + team + `, ` + tenant + `, 'bench', 'Bench')`,
		fmt.Sprintf(`INSERT INTO apis (id, tenant_id, team_id, slug, name, base_path, upstream_url, timeout_ms, visibility, lifecycle)
			SELECT md5('bench-api-' || i)::uuid, %s, %s, 'api' || i, 'API ' || i, '/api' || i, 'http://127.0.0.1:9', 30000,
			       'public', 'published'
			FROM generate_series(0, %d) AS i`, tenant, team, s.APIs-1),
		fmt.Sprintf(`INSERT INTO plans (id, tenant_id, api_id, name, paid, monthly_quota, rate_limit_per_second)
			SELECT md5('bench-plan-' || i)::uuid, %s, md5('bench-api-' || i)::uuid, 'Plan', true, %d, %d
			FROM generate_series(0, %d) AS i`, tenant, Quota, RatePerSecond, s.APIs-1),
		fmt.Sprintf(`INSERT INTO applications (id, tenant_id, team_id, name)
			SELECT md5('bench-app-' || i)::uuid, %s, %s, 'app ' || i FROM generate_series(0, %d) AS i`, tenant, team, s.Subs-1),
		fmt.Sprintf(`INSERT INTO subscriptions (id, tenant_id, application_id, api_id, plan_id, state, current_period_start,
			current_period_end)
			SELECT md5('bench-sub-' || i)::uuid, %s, md5('bench-app-' || i)::uuid, md5('bench-api-' || (i %% %d))::uuid,
			       md5('bench-plan-' || (i %% %d))::uuid, 'active', date_trunc('month', now()),
			       date_trunc('month', now()) + interval '1 month'
			FROM generate_series(0, %d) AS i`, tenant, s.APIs, s.APIs, s.Subs-1),
		fmt.Sprintf(`INSERT INTO api_keys (id, tenant_id, application_id, name, prefix, digest, mode)
			SELECT md5('bench-key-' || i)::uuid, %s, md5('bench-app-' || (i %% %d))::uuid, 'key ' || i,
			       'tg_live_' || substr(md5('bench-key-' || i), 1, 4), sha256(('bench-key-' || i)::bytea), 'live'
			FROM generate_series(0, %d) AS i`, tenant, s.Subs, s.Keys-1),
		`ANALYZE tenants, teams, apis, plans, applications, subscriptions, api_keys`,
	}
}

// Seed writes synthetic state of size s into the migrated database db, in one transaction.
func Seed(ctx context.Context, db *sql.DB, s Size) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback() //nolint:errcheck // after Commit it does nothing
	stmts := SeedStatements(s)
	for _, q := range stmts[:len(stmts)-1] {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("seed synthetic state: %w\n%s", err, q)
		}
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	_, err = db.ExecContext(ctx, stmts[len(stmts)-1])
	return err
}
