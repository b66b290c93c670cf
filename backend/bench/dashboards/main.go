// Command dashboards is part of `make bench`: it seeds millions of call logs for one tenant (5,000,000 by default,
// over 30 days) into a fresh database, builds the rollups incrementally as the job does, and times the dashboard
// queries against the same questions asked of the raw logs, printing the ratio. Nothing is asserted.
//
//	TEST_DATABASE_URL=... go run ./backend/bench/dashboards [-calls 5000000] [-days 30]
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"time"

	"tollgate/backend/analytics"
	"tollgate/backend/postgres"
	"tollgate/backend/postgres/pgtest"
	"tollgate/backend/tollgate"
)

func main() {
	calls := flag.Int("calls", 5_000_000, "call logs to seed")
	days := flag.Int("days", 30, "spread over this many days, ending now")
	flag.Parse()
	if err := run(*calls, *days); err != nil {
		fmt.Fprintln(os.Stderr, "dashboards:", err)
		os.Exit(1)
	}
}

func timed(what string, f func() error) (time.Duration, error) {
	start := time.Now()
	err := f()
	d := time.Since(start)
	if err != nil {
		return d, fmt.Errorf("%s: %w", what, err)
	}
	return d, nil
}

func run(calls, days int) error {
	ctx := context.Background()
	url, drop, err := pgtest.Migrated(ctx)
	if err != nil {
		return err
	}
	defer drop()
	db, err := postgres.Open(ctx, url)
	if err != nil {
		return err
	}
	defer db.Close()
	end := time.Now().UTC().Truncate(time.Minute)
	start := end.Add(-time.Duration(days) * 24 * time.Hour)
	if err := postgres.NewGatewayStore(db).PrepareCallLogs(ctx, start.Add(-24*time.Hour), end.Add(24*time.Hour), start.Add(-48*time.Hour)); err != nil {
		return err
	}
	// Tenant, two APIs with a plan each, 20 applications subscribed: ids made in SQL to keep the tool short.
	var tenant string
	seed := func() error {
		return db.QueryRowForTests(`WITH t AS (INSERT INTO tenants (id, slug, name) VALUES (gen_random_uuid(), 'bench', 'Bench') RETURNING id)
			SELECT id::text FROM t`).Scan(&tenant)
	}
	if err := seed(); err != nil {
		return fmt.Errorf("seed tenant: %w", err)
	}
	d, err := timed("seed call logs", func() error {
		return db.QueryRowForTests(`WITH team AS (INSERT INTO teams (id, tenant_id, slug, name) VALUES (gen_random_uuid(), $1, 'team', 'Team') RETURNING id),
			api AS (INSERT INTO apis (id, tenant_id, team_id, name, slug, base_path, upstream_url, timeout_ms, visibility, lifecycle)
				SELECT gen_random_uuid(), $1, team.id, 'API ' || g, 'api-' || g, '/api' || g, 'https://example.com', 30000, 'public',
					'published'
				FROM team, generate_series(1, 2) g RETURNING id),
			app AS (INSERT INTO applications (id, tenant_id, team_id, name) SELECT gen_random_uuid(), $1, team.id, 'App ' || g
				FROM team, generate_series(1, 20) g RETURNING id),
			apis AS (SELECT array_agg(id) AS a FROM api), apps AS (SELECT array_agg(id) AS a FROM app),
			ins AS (INSERT INTO call_logs (ts, request_id, tenant_id, application_id, api_id, method, path, status, code, latency_us,
					bytes_in, bytes_out)
				SELECT $2::timestamptz + (random() * ($3::timestamptz - $2::timestamptz)), 'r', $1, apps.a[1 + (i % 20)],
					apis.a[1 + (i % 2)], 'GET', '/x',
					CASE WHEN i % 50 = 0 THEN 402 WHEN i % 37 = 0 THEN 503 WHEN i % 23 = 0 THEN 429 ELSE 200 END,
					CASE WHEN i % 50 = 0 THEN 'quota_exhausted' WHEN i % 23 = 0 AND i % 37 <> 0 THEN 'rate_limited' ELSE 'ok' END,
					(random() * 200000)::int, 100, 500
				FROM generate_series(1, $4) i, apis, apps RETURNING 1)
			SELECT count(*) FROM ins`, tenant, start, end, calls).Scan(new(int))
	})
	if err != nil {
		return err
	}
	fmt.Printf("seeded %d call logs over %d days in %s\n", calls, days, d.Round(time.Millisecond))
	_ = db.QueryRowForTests(`ANALYZE call_logs`).Scan() // returns no row; only the statistics matter
	svc := analytics.New(postgres.NewAnalyticsStore(db), analytics.Options{})
	d, err = timed("roll up", func() error { _, err := svc.RollUp(ctx, end); return err })
	if err != nil {
		return err
	}
	fmt.Printf("rolled up incrementally (one-day windows) in %s (%.0f calls/s)\n", d.Round(time.Millisecond), float64(calls)/d.Seconds())

	fmt.Printf("\n%-24s %12s %12s %8s\n", "dashboard query", "rollups", "raw logs", "ratio")
	for _, r := range []struct {
		name string
		span time.Duration
	}{{"last 24 hours", 24 * time.Hour}, {"last 7 days", 7 * 24 * time.Hour}, {"last 30 days", 30 * 24 * time.Hour}} {
		q := tollgate.AnalyticsQuery{From: end.Add(-r.span), To: end}
		var rolled time.Duration
		for range 3 { // best of three, warm
			d, err := timed("summary", func() error {
				if _, err := svc.Summary(ctx, tenant, q); err != nil {
					return err
				}
				_, err := svc.Timeseries(ctx, tenant, q)
				return err
			})
			if err != nil {
				return err
			}
			if rolled == 0 || d < rolled {
				rolled = d
			}
		}
		raw, err := timed("raw", func() error {
			var n int64
			return db.QueryRowForTests(`SELECT count(*) FROM (SELECT date_trunc('hour', ts) h, application_id, code, count(*),
				percentile_cont(0.95) WITHIN GROUP (ORDER BY latency_us) FROM call_logs WHERE tenant_id = $1 AND ts >= $2 AND ts < $3
				GROUP BY 1, 2, 3) x`, tenant, q.From, q.To).Scan(&n)
		})
		if err != nil {
			return err
		}
		fmt.Printf("%-24s %12s %12s %7.0fx\n", r.name+" (summary+series)", rolled.Round(time.Microsecond), raw.Round(time.Millisecond),
			raw.Seconds()/rolled.Seconds())
	}
	return nil
}
