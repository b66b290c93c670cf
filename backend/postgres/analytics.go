package postgres

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/lib/pq"
	"gorm.io/gorm"

	"tollgate/backend/tollgate"
)

// AnalyticsStore builds the usage rollups from the call logs and reads them for the dashboards.
type AnalyticsStore struct{ db *DB }

// NewAnalyticsStore returns the analytics store.
func NewAnalyticsStore(db *DB) *AnalyticsStore { return &AnalyticsStore{db: db} }

// rollupSQL aggregates the call logs of [from, to) per minute, hour and day and adds them to the rollups in one
// statement (the logs are read once); bounds are the latency histogram's bucket bounds.
func rollupSQL(bounds []int64) string {
	parts := make([]string, len(bounds)+1)
	for i := range parts {
		parts[i] = "count(*) FILTER (WHERE lb = " + strconv.Itoa(i) + ")"
	}
	b := make([]string, len(bounds))
	for i, v := range bounds {
		b[i] = strconv.FormatInt(v, 10)
	}
	const dims = `tenant_id, api_id, application_id, plan_id, status_class, code`
	aggs := `count(*), count(*) FILTER (WHERE status >= 500), count(*) FILTER (WHERE counted), COALESCE(sum(bytes_in), 0),
		COALESCE(sum(bytes_out), 0), COALESCE(sum(latency_us), 0), ARRAY[` + strings.Join(parts, ", ") + `]::bigint[]`
	const upsert = ` ON CONFLICT (grain, bucket, tenant_id, api_id, application_id, plan_id, status_class, code) DO UPDATE SET
		calls = usage_rollups.calls + EXCLUDED.calls, errors = usage_rollups.errors + EXCLUDED.errors,
		billable = usage_rollups.billable + EXCLUDED.billable, bytes_in = usage_rollups.bytes_in + EXCLUDED.bytes_in,
		bytes_out = usage_rollups.bytes_out + EXCLUDED.bytes_out,
		latency_sum_us = usage_rollups.latency_sum_us + EXCLUDED.latency_sum_us,
		latency_hist = tollgate_hist_add(usage_rollups.latency_hist, EXCLUDED.latency_hist)`
	const cols = `(grain, bucket, ` + dims + `, calls, errors, billable, bytes_in, bytes_out, latency_sum_us, latency_hist)`
	insert := func(grain string) string {
		return `INSERT INTO usage_rollups ` + cols + ` SELECT '` + grain + `', date_trunc('` + grain + `', ts, 'UTC'), ` + dims + `, ` +
			aggs + ` FROM src GROUP BY 2, ` + dims + upsert
	}
	return `WITH src AS MATERIALIZED (
		SELECT c.ts, c.tenant_id, c.api_id, c.application_id, s.plan_id,
			CASE WHEN c.status BETWEEN 100 AND 599 THEN c.status / 100 ELSE 0 END AS status_class, c.code, c.status,
			c.latency_us, c.bytes_in, c.bytes_out,
			(c.code = 'ok' AND COALESCE(p.counted_statuses @> ARRAY[(c.status / 100)::text || 'xx'], false)) AS counted,
			width_bucket(c.latency_us, ARRAY[` + strings.Join(b, ",") + `]::bigint[]) AS lb
		FROM call_logs c LEFT JOIN subscriptions s ON s.id = c.subscription_id LEFT JOIN plans p ON p.id = s.plan_id
		WHERE c.ts >= @from AND c.ts < @to AND c.tenant_id IS NOT NULL
	), minutes AS (` + insert("minute") + `), hours AS (` + insert("hour") + `)
	` + insert("day")
}

// RollUp adds the call logs logged since the last run and before `until` to the rollups, in
// windows of at most `window`, each in one transaction with the progress mark: every call is counted exactly once,
// and no run scans more than its window of the logs. Windows need not end on a minute: a bucket's sums are added to
// as its calls arrive. It returns where the rollups now stop.
func (s *AnalyticsStore) RollUp(ctx context.Context, until time.Time, bounds []int64, window time.Duration) (time.Time, error) {
	until = until.UTC()
	query := rollupSQL(bounds)
	for {
		var done time.Time
		finished := false
		err := s.db.tx(ctx, func(tx *gorm.DB) error {
			err := tx.Exec(`INSERT INTO rollup_progress (done_until) SELECT COALESCE(
				(SELECT date_trunc('minute', min(ts), 'UTC') FROM call_logs), ?) ON CONFLICT (id) DO NOTHING`, until).Error
			if err != nil {
				return fmt.Errorf("start rollup progress: %w", err)
			}
			if err := tx.Raw(`SELECT done_until FROM rollup_progress FOR UPDATE`).Row().Scan(&done); err != nil {
				return fmt.Errorf("read rollup progress: %w", err)
			}
			done = done.UTC()
			if !done.Before(until) {
				finished = true
				return nil
			}
			to := done.Add(window)
			if to.After(until) {
				to = until
			}
			if err := tx.Exec(query, map[string]any{"from": done, "to": to}).Error; err != nil {
				return fmt.Errorf("roll up calls from %s: %w", done.Format(time.RFC3339), err)
			}
			if err := tx.Exec(`UPDATE rollup_progress SET done_until = ?`, to).Error; err != nil {
				return fmt.Errorf("move rollup progress: %w", err)
			}
			done = to
			return nil
		})
		if err != nil || finished || !done.Before(until) {
			return done, err
		}
	}
}

// PruneRollups deletes rollups past their retention: minutes after 7 days, hours after 90, days after two years.
func (s *AnalyticsStore) PruneRollups(ctx context.Context, now time.Time) (int64, error) {
	res := s.db.conn(ctx).Exec(`DELETE FROM usage_rollups WHERE (grain = 'minute' AND bucket < ?) OR (grain = 'hour' AND bucket < ?)
		OR (grain = 'day' AND bucket < ?)`, now.AddDate(0, 0, -7), now.AddDate(0, 0, -90), now.AddDate(-2, 0, 0))
	if res.Error != nil {
		return 0, fmt.Errorf("prune rollups: %w", res.Error)
	}
	return res.RowsAffected, nil
}

// where builds the condition for a query on usage_rollups r: tenant, grain, range, filters and the caller's scope.
func (q analyticsWhere) sql() (string, []any) {
	w := `r.tenant_id = ? AND r.grain = ? AND r.bucket >= ? AND r.bucket < ?`
	args := []any{q.tenantID, q.Grain, q.From, q.To}
	for _, f := range []struct{ col, val string }{{"api_id", q.APIID}, {"application_id", q.ApplicationID}, {"plan_id", q.PlanID}} {
		if f.val != "" {
			w, args = w+` AND r.`+f.col+`::text = ?`, append(args, f.val)
		}
	}
	if q.TeamIDs != nil {
		w += ` AND (r.api_id IN (SELECT id FROM apis WHERE tenant_id = ? AND team_id::text = ANY(?))
			OR r.application_id IN (SELECT id FROM applications WHERE tenant_id = ? AND team_id::text = ANY(?)))`
		teams := pq.StringArray(q.TeamIDs)
		args = append(args, q.tenantID, teams, q.tenantID, teams)
	}
	return w, args
}

type analyticsWhere struct {
	tollgate.AnalyticsQuery
	tenantID string
}

// RollupRow is a bucket's sums with its merged latency histogram.
type RollupRow struct {
	Bucket                                                time.Time
	Calls, S1, S2, S3, S4, S5, Errors, Refusals, Billable int64
	BytesIn, BytesOut                                     int64
	Hist                                                  pq.Int64Array
}

const rollupSums = `COALESCE(sum(calls), 0) AS calls, COALESCE(sum(calls) FILTER (WHERE status_class = 1), 0) AS s1,
	COALESCE(sum(calls) FILTER (WHERE status_class = 2), 0) AS s2, COALESCE(sum(calls) FILTER (WHERE status_class = 3), 0) AS s3,
	COALESCE(sum(calls) FILTER (WHERE status_class = 4), 0) AS s4, COALESCE(sum(calls) FILTER (WHERE status_class = 5), 0) AS s5,
	COALESCE(sum(errors), 0) AS errors, COALESCE(sum(calls) FILTER (WHERE code <> 'ok'), 0) AS refusals,
	COALESCE(sum(billable), 0) AS billable, COALESCE(sum(bytes_in), 0) AS bytes_in, COALESCE(sum(bytes_out), 0) AS bytes_out`

// Series returns the sums per bucket (only buckets with traffic), oldest first.
func (s *AnalyticsStore) Series(ctx context.Context, tenantID string, q tollgate.AnalyticsQuery) ([]RollupRow, error) {
	where, args := analyticsWhere{q, tenantID}.sql()
	rows, err := s.rollupRows(ctx, `SELECT r.bucket, `+rollupSums+` FROM usage_rollups r WHERE `+where+
		` GROUP BY r.bucket ORDER BY r.bucket`, args)
	if err != nil {
		return nil, fmt.Errorf("read series: %w", err)
	}
	byBucket := make(map[time.Time]*RollupRow, len(rows))
	for i := range rows {
		byBucket[rows[i].Bucket.UTC()] = &rows[i]
	}
	err = s.histograms(ctx, `r.bucket`, where, args, func(bucket time.Time, hist []int64) {
		if r := byBucket[bucket.UTC()]; r != nil {
			r.Hist = hist
		}
	})
	if err != nil {
		return nil, fmt.Errorf("read series latency: %w", err)
	}
	return rows, nil
}

// histograms merges the latency histograms per group (key: a timestamp expression) with a set-based sum over the
// array elements, which is much cheaper than merging arrays row by row.
func (s *AnalyticsStore) histograms(ctx context.Context, key, where string, args []any, each func(time.Time, []int64)) error {
	rows, err := s.db.conn(ctx).Raw(`SELECT `+key+` AS k, u.i, sum(u.v) FROM usage_rollups r,
		unnest(r.latency_hist) WITH ORDINALITY AS u(v, i) WHERE `+where+` GROUP BY 1, 2 ORDER BY 1, 2`, args...).Rows()
	if err != nil {
		return err
	}
	defer rows.Close()
	var cur time.Time
	var hist []int64
	flush := func() {
		if hist != nil {
			each(cur, hist)
		}
	}
	for rows.Next() {
		var k *time.Time
		var i, v int64
		if err := rows.Scan(&k, &i, &v); err != nil {
			return err
		}
		var t time.Time
		if k != nil {
			t = *k
		}
		if hist == nil || !t.Equal(cur) {
			flush()
			cur, hist = t, nil
		}
		for int64(len(hist)) < i {
			hist = append(hist, 0)
		}
		hist[i-1] = v
	}
	flush()
	return rows.Err()
}

// rollupRows reads rows of (bucket, sums...).
func (s *AnalyticsStore) rollupRows(ctx context.Context, query string, args []any) ([]RollupRow, error) {
	rows, err := s.db.conn(ctx).Raw(query, args...).Rows()
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []RollupRow
	for rows.Next() {
		var r RollupRow
		var bucket *time.Time
		if err := rows.Scan(&bucket, &r.Calls, &r.S1, &r.S2, &r.S3, &r.S4, &r.S5, &r.Errors, &r.Refusals, &r.Billable, &r.BytesIn,
			&r.BytesOut); err != nil {
			return nil, err
		}
		if bucket != nil {
			r.Bucket = *bucket
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// Totals returns the sums over the whole range.
func (s *AnalyticsStore) Totals(ctx context.Context, tenantID string, q tollgate.AnalyticsQuery) (RollupRow, error) {
	where, args := analyticsWhere{q, tenantID}.sql()
	rows, err := s.rollupRows(ctx, `SELECT NULL::timestamptz, `+rollupSums+` FROM usage_rollups r WHERE `+where, args)
	if err != nil {
		return RollupRow{}, fmt.Errorf("read totals: %w", err)
	}
	if len(rows) == 0 {
		return RollupRow{}, nil
	}
	err = s.histograms(ctx, `NULL::timestamptz`, where, args, func(_ time.Time, hist []int64) { rows[0].Hist = hist })
	if err != nil {
		return RollupRow{}, fmt.Errorf("read latency: %w", err)
	}
	return rows[0], nil
}

// Breakdowns returns the top applications and APIs, refusals by code and usage per plan over the range.
func (s *AnalyticsStore) Breakdowns(ctx context.Context, tenantID string, q tollgate.AnalyticsQuery) (*tollgate.Summary, error) {
	where, args := analyticsWhere{q, tenantID}.sql()
	out := &tollgate.Summary{TopApplications: []tollgate.Ranked{}, TopAPIs: []tollgate.Ranked{}, RefusalsByCode: []tollgate.CodeCount{},
		UsageByPlan: []tollgate.PlanUsage{}}
	db := s.db.conn(ctx)
	err := db.Raw(`SELECT a.id::text AS id, a.name, sum(r.calls) AS calls, sum(r.errors) AS errors FROM usage_rollups r
		JOIN applications a ON a.id = r.application_id WHERE `+where+` GROUP BY a.id, a.name ORDER BY calls DESC, a.name LIMIT 10`, args...).
		Scan(&out.TopApplications).Error
	if err == nil {
		err = db.Raw(`SELECT a.id::text AS id, a.name, sum(r.calls) AS calls, sum(r.errors) AS errors FROM usage_rollups r
			JOIN apis a ON a.id = r.api_id WHERE `+where+` GROUP BY a.id, a.name ORDER BY calls DESC, a.name LIMIT 10`, args...).
			Scan(&out.TopAPIs).Error
	}
	if err == nil {
		err = db.Raw(`SELECT r.code, sum(r.calls) AS calls FROM usage_rollups r WHERE `+where+` AND r.code <> 'ok'
			GROUP BY r.code ORDER BY calls DESC, r.code`, args...).Scan(&out.RefusalsByCode).Error
	}
	if err == nil {
		err = db.Raw(`SELECT p.id::text AS plan_id, p.name AS plan_name, a.name AS api_name, p.paid, sum(r.calls) AS calls,
			sum(r.billable) AS billable FROM usage_rollups r JOIN plans p ON p.id = r.plan_id JOIN apis a ON a.id = p.api_id
			WHERE `+where+` GROUP BY p.id, p.name, a.name, p.paid ORDER BY calls DESC, p.name`, args...).Scan(&out.UsageByPlan).Error
	}
	if err != nil {
		return nil, fmt.Errorf("read breakdowns: %w", err)
	}
	return out, nil
}

// AppUsage returns the quota use of an application's live subscriptions this period. The period is the billing
// period when Stripe gave one, else the calendar month (UTC), as the gateway counts.
func (s *AnalyticsStore) AppUsage(ctx context.Context, tenantID, appID string) ([]tollgate.QuotaUsage, error) {
	var rows []struct {
		SubscriptionID, APIID, APIName, PlanName, State string
		Quota                                           *int64
		Used                                            int64
		PeriodStart, PeriodEnd                          time.Time
		Thresholds                                      pq.Int64Array `gorm:"type:bigint[]"`
	}
	err := s.db.conn(ctx).Raw(`WITH subs AS (
			SELECT s.id, s.api_id, a.name AS api_name, p.name AS plan_name, s.state, p.monthly_quota, p.alert_thresholds,
				CASE WHEN s.current_period_end > now() THEN s.current_period_start ELSE date_trunc('month', now(), 'UTC') END AS period_start,
				CASE WHEN s.current_period_end > now() THEN s.current_period_end
					ELSE date_trunc('month', now(), 'UTC') + interval '1 month' END AS period_end
			FROM subscriptions s JOIN plans p ON p.id = s.plan_id JOIN apis a ON a.id = s.api_id
			WHERE s.tenant_id = ? AND s.application_id = ? AND s.state IN ('active', 'past_due', 'suspended', 'pending_payment', 'approved'))
		SELECT subs.id AS subscription_id, subs.api_id, subs.api_name, subs.plan_name, subs.state, subs.monthly_quota AS quota,
			COALESCE(u.calls, 0) AS used, subs.period_start, subs.period_end, subs.alert_thresholds::bigint[] AS thresholds
		FROM subs LEFT JOIN usage_counters u ON u.subscription_id = subs.id AND u.period_start = subs.period_start
		ORDER BY subs.api_name`, tenantID, appID).Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("read quota usage: %w", err)
	}
	out := make([]tollgate.QuotaUsage, len(rows))
	for i, r := range rows {
		out[i] = tollgate.QuotaUsage{SubscriptionID: r.SubscriptionID, APIID: r.APIID, APIName: r.APIName, PlanName: r.PlanName,
			State: r.State, Quota: r.Quota, Used: r.Used, PeriodStart: r.PeriodStart, PeriodEnd: r.PeriodEnd,
			AlertThresholds: thresholds(r.Thresholds)}
	}
	return out, nil
}

// BillingUsage compares each paid subscription's counted calls this period with the usage reported to Stripe.
func (s *AnalyticsStore) BillingUsage(ctx context.Context, tenantID string) ([]tollgate.BillableUsage, error) {
	out := []tollgate.BillableUsage{}
	err := s.db.conn(ctx).Raw(`SELECT s.id AS subscription_id, ap.name AS application_name, a.name AS api_name, p.name AS plan_name,
			p.billing = 'metered' AS metered, s.current_period_start AS period_start, s.current_period_end AS period_end,
			COALESCE((SELECT sum(units) FROM usage_hourly h WHERE h.subscription_id = s.id
				AND h.hour >= COALESCE(s.current_period_start, date_trunc('month', now(), 'UTC'))), 0) AS counted,
			COALESCE((SELECT sum(quantity) FROM usage_reports r WHERE r.subscription_id = s.id
				AND r.hour >= COALESCE(s.current_period_start, date_trunc('month', now(), 'UTC'))), 0) AS reported
		FROM subscriptions s JOIN plans p ON p.id = s.plan_id JOIN apis a ON a.id = s.api_id JOIN applications ap ON ap.id = s.application_id
		WHERE s.tenant_id = ? AND p.paid AND s.state IN ('active', 'past_due', 'suspended')
		ORDER BY a.name, ap.name`, tenantID).Scan(&out).Error
	if err != nil {
		return nil, fmt.Errorf("read billable usage: %w", err)
	}
	for i := range out {
		if out[i].Metered {
			out[i].Unreported = max(out[i].Counted-out[i].Reported, 0)
		}
	}
	return out, nil
}
