package postgres

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/lib/pq"

	"tollgate/backend/tollgate"
)

// GatewayStore loads the gateway's state and records what it counts and logs.
type GatewayStore struct{ db *DB }

// NewGatewayStore returns the gateway's store.
func NewGatewayStore(db *DB) *GatewayStore { return &GatewayStore{db: db} }

var _ tollgate.GatewayStore = (*GatewayStore)(nil)

// closedFor is how long revoked and expired keys and closed subscriptions are still loaded, so the gateway can
// say precisely why it refuses them; older ones are simply unknown.
const closedFor = 30 * 24 * time.Hour

// LoadGatewayState reads every key, route, subscription and plan the gateway needs, in one read-only transaction so
// the four lists agree with each other. It reads through pgx directly: for 100,000s of keys, database/sql's way
// (every value boxed, converted, then copied into its destination) takes several times the work and allocations.
func (s *GatewayStore) LoadGatewayState(ctx context.Context, eachKey func(int, *tollgate.GatewayKey) error) (*tollgate.GatewayState, error) {
	sqlDB, err := s.db.gorm.DB()
	if err != nil {
		return nil, err
	}
	conn, err := sqlDB.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("load gateway state: %w", err)
	}
	defer conn.Close()
	var st *tollgate.GatewayState
	err = conn.Raw(func(dc any) error {
		st, err = s.loadGatewayState(ctx, dc.(*stdlib.Conn).Conn(), eachKey)
		return err
	})
	return st, err
}

func (s *GatewayStore) loadGatewayState(ctx context.Context, c *pgx.Conn, eachKey func(int, *tollgate.GatewayKey) error) (*tollgate.GatewayState, error) {
	tx, err := c.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly})
	if err != nil {
		return nil, fmt.Errorf("load gateway state: %w", err)
	}
	defer tx.Rollback(context.WithoutCancel(ctx)) //nolint:errcheck // read-only
	cutoff := s.db.Now().Add(-closedFor)
	st := &tollgate.GatewayState{}
	// First: a change that moves the version after this read is seen by the next check even if it missed this load.
	if err := tx.QueryRow(ctx, stateVersion).Scan(&st.Version); err != nil {
		return nil, fmt.Errorf("read gateway state version: %w", err)
	}
	const liveKeys = `FROM api_keys k WHERE (k.revoked_at IS NULL OR k.revoked_at > $1) AND (k.expires_at IS NULL OR k.expires_at > $1)`
	var nKeys int
	if err := tx.QueryRow(ctx, `SELECT count(*) `+liveKeys, cutoff).Scan(&nKeys); err != nil {
		return nil, fmt.Errorf("count keys: %w", err)
	}
	if eachKey == nil {
		st.Keys = make([]tollgate.GatewayKey, 0, nKeys) // one allocation instead of a doubling series
		eachKey = func(_ int, k *tollgate.GatewayKey) error {
			st.Keys = append(st.Keys, copyKey(k))
			return nil
		}
	}

	rows, err := tx.Query(ctx, `SELECT k.id, k.prefix, k.tenant_id, k.application_id, k.digest, k.api_ids::text[],
		k.allowed_ips, k.expires_at, k.revoked_at `+liveKeys, cutoff)
	if err != nil {
		return nil, fmt.Errorf("load keys: %w", err)
	}
	// The digest and the times are read into memory reused row after row (eachKey copies what it keeps).
	var digest pgtype.DriverBytes
	var expires, revoked pgtype.Timestamptz
	var expiresAt, revokedAt time.Time
	var k tollgate.GatewayKey
	for rows.Next() {
		k = tollgate.GatewayKey{}
		if err := rows.Scan(&k.ID, &k.Prefix, &k.TenantID, &k.ApplicationID, &digest, &k.APIIDs, &k.AllowedIPs, &expires, &revoked); err != nil {
			rows.Close()
			return nil, fmt.Errorf("read key: %w", err)
		}
		k.Digest = digest
		if expires.Valid {
			expiresAt, k.ExpiresAt = expires.Time, &expiresAt
		}
		if revoked.Valid {
			revokedAt, k.RevokedAt = revoked.Time, &revokedAt
		}
		if err := eachKey(nKeys, &k); err != nil {
			rows.Close()
			return nil, err
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("load keys: %w", err)
	}

	rows, err = tx.Query(ctx, `SELECT a.id, a.tenant_id, t.slug, a.name, a.base_path, coalesce(a.host, ''), a.upstream_url, a.timeout_ms,
		a.lifecycle, a.allow_query_key, a.sunset_at FROM apis a JOIN tenants t ON t.id = a.tenant_id WHERE a.lifecycle <> 'draft'`)
	if err != nil {
		return nil, fmt.Errorf("load routes: %w", err)
	}
	for rows.Next() {
		var r tollgate.GatewayRoute
		var lifecycle string
		if err := rows.Scan(&r.APIID, &r.TenantID, &r.TenantSlug, &r.Name, &r.BasePath, &r.Host, &r.UpstreamURL, &r.TimeoutMS,
			&lifecycle, &r.AllowQueryKey, &r.SunsetAt); err != nil {
			rows.Close()
			return nil, fmt.Errorf("read route: %w", err)
		}
		r.Lifecycle = tollgate.Lifecycle(lifecycle)
		st.Routes = append(st.Routes, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("load routes: %w", err)
	}

	rows, err = tx.Query(ctx, `SELECT id, tenant_id, application_id, api_id, plan_id, state, suspended_by_admin,
		grace_ends_at, current_period_start, current_period_end, updated_at,
		CASE WHEN state IN ('pending_payment', 'past_due', 'suspended') AND latest_invoice_status IN ('open', 'uncollectible')
			THEN hosted_invoice_url ELSE '' END FROM subscriptions
		WHERE state NOT IN ('rejected', 'revoked', 'canceled') OR updated_at > $1`, cutoff)
	if err != nil {
		return nil, fmt.Errorf("load subscriptions: %w", err)
	}
	for rows.Next() {
		var sub tollgate.GatewaySubscription
		var state string
		if err := rows.Scan(&sub.ID, &sub.TenantID, &sub.ApplicationID, &sub.APIID, &sub.PlanID, &state, &sub.SuspendedByAdmin,
			&sub.GraceEndsAt, &sub.CurrentPeriodStart, &sub.CurrentPeriodEnd, &sub.UpdatedAt, &sub.InvoiceURL); err != nil {
			rows.Close()
			return nil, fmt.Errorf("read subscription: %w", err)
		}
		sub.State = tollgate.SubscriptionState(state)
		st.Subscriptions = append(st.Subscriptions, sub)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("load subscriptions: %w", err)
	}

	rows, err = tx.Query(ctx, `SELECT id, name, overage, paid, monthly_quota, rate_limit_per_second, rate_limit_per_minute,
		counted_statuses FROM plans`)
	if err != nil {
		return nil, fmt.Errorf("load plans: %w", err)
	}
	for rows.Next() {
		var p tollgate.GatewayPlan
		if err := rows.Scan(&p.ID, &p.Name, &p.Overage, &p.Paid, &p.MonthlyQuota, &p.RateLimitPerSecond, &p.RateLimitPerMinute,
			&p.CountedStatuses); err != nil {
			rows.Close()
			return nil, fmt.Errorf("read plan: %w", err)
		}
		st.Plans = append(st.Plans, p)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("load plans: %w", err)
	}
	return st, nil
}

// stateVersion reads the version the change triggers bump (0 before the first change).
const stateVersion = `SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM gateway_state_version`

// GatewayStateVersion returns the version of the gateway's state: it moves with every change the gateway loads.
func (s *GatewayStore) GatewayStateVersion(ctx context.Context) (int64, error) {
	var v int64
	if err := s.db.gorm.WithContext(ctx).Raw(stateVersion).Scan(&v).Error; err != nil {
		return 0, fmt.Errorf("read gateway state version: %w", err)
	}
	return v, nil
}

// copyKey is a copy of k that shares no memory with it.
func copyKey(k *tollgate.GatewayKey) tollgate.GatewayKey {
	c := *k
	c.Digest = bytes.Clone(k.Digest)
	if k.ExpiresAt != nil {
		t := *k.ExpiresAt
		c.ExpiresAt = &t
	}
	if k.RevokedAt != nil {
		t := *k.RevokedAt
		c.RevokedAt = &t
	}
	return c
}

// AddUsage adds calls to the counters in one statement and returns the totals after the addition.
func (s *GatewayStore) AddUsage(ctx context.Context, deltas []tollgate.UsageDelta) ([]tollgate.UsageTotal, error) {
	if len(deltas) == 0 {
		return nil, nil
	}
	subs, periods, calls := make([]string, len(deltas)), make([]string, len(deltas)), make([]string, len(deltas))
	for i, d := range deltas {
		subs[i], periods[i], calls[i] = d.SubscriptionID, d.PeriodStart.UTC().Format(time.RFC3339Nano), fmt.Sprint(d.Calls)
	}
	var out []tollgate.UsageTotal
	err := s.db.conn(ctx).Raw(`INSERT INTO usage_counters AS u (subscription_id, period_start, calls, updated_at)
		SELECT d.s, d.p, d.c, now() FROM unnest(?::uuid[], ?::timestamptz[], ?::bigint[]) AS d(s, p, c)
		WHERE EXISTS (SELECT 1 FROM subscriptions WHERE id = d.s)
		ON CONFLICT (subscription_id, period_start) DO UPDATE SET calls = u.calls + excluded.calls, updated_at = now()
		RETURNING u.subscription_id AS subscription_id, u.period_start AS period_start, u.calls AS calls`,
		pq.StringArray(subs), pq.StringArray(periods), pq.StringArray(calls)).Scan(&out).Error
	if err != nil {
		return nil, fmt.Errorf("add usage: %w", err)
	}
	return out, nil
}

// LoadUsage returns the counters of periods starting at or after since.
func (s *GatewayStore) LoadUsage(ctx context.Context, since time.Time) ([]tollgate.UsageTotal, error) {
	var out []tollgate.UsageTotal
	err := s.db.conn(ctx).Raw(`SELECT subscription_id, period_start, calls FROM usage_counters WHERE period_start >= ?`, since).
		Scan(&out).Error
	if err != nil {
		return nil, fmt.Errorf("load usage: %w", err)
	}
	return out, nil
}

// TouchKeys records when keys were last used (it never moves a time back).
func (s *GatewayStore) TouchKeys(ctx context.Context, lastUsed map[string]time.Time) error {
	if len(lastUsed) == 0 {
		return nil
	}
	ids, times := make([]string, 0, len(lastUsed)), make([]string, 0, len(lastUsed))
	for id, t := range lastUsed {
		ids, times = append(ids, id), append(times, t.UTC().Format(time.RFC3339Nano))
	}
	err := s.db.conn(ctx).Exec(`UPDATE api_keys k SET last_used_at = greatest(k.last_used_at, d.t)
		FROM unnest(?::uuid[], ?::timestamptz[]) AS d(id, t) WHERE k.id = d.id`, pq.StringArray(ids), pq.StringArray(times)).Error
	if err != nil {
		return fmt.Errorf("touch keys: %w", err)
	}
	return nil
}

// WriteCallLogs appends call logs with one binary COPY, encoded by callLogCopy (calllog.go).
func (s *GatewayStore) WriteCallLogs(ctx context.Context, logs []tollgate.CallLog) error {
	if len(logs) == 0 {
		return nil
	}
	sqlDB, err := s.db.gorm.DB()
	if err != nil {
		return err
	}
	conn, err := sqlDB.Conn(ctx)
	if err != nil {
		return fmt.Errorf("write call logs: %w", err)
	}
	defer conn.Close()
	return conn.Raw(func(dc any) error {
		pc := dc.(*stdlib.Conn).Conn().PgConn()
		if _, err := pc.CopyFrom(ctx, &callLogCopy{logs: logs}, copyCallLogs); err != nil {
			return fmt.Errorf("copy call logs: %w", err)
		}
		return nil
	})
}

// PrepareCallLogs creates the daily partitions covering from..to and drops the partitions that end before keepSince.
func (s *GatewayStore) PrepareCallLogs(ctx context.Context, from, to, keepSince time.Time) error {
	day := func(t time.Time) time.Time {
		y, m, d := t.UTC().Date()
		return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	}
	for d := day(from); !d.After(day(to)); d = d.AddDate(0, 0, 1) {
		name := "call_logs_" + d.Format("20060102")
		err := s.db.conn(ctx).Exec(fmt.Sprintf(`CREATE TABLE IF NOT EXISTS %s PARTITION OF call_logs FOR VALUES FROM ('%s') TO ('%s')`,
			name, d.Format(time.RFC3339), d.AddDate(0, 0, 1).Format(time.RFC3339))).Error
		if err != nil && !strings.Contains(err.Error(), "already exists") {
			return fmt.Errorf("create partition %s: %w", name, err)
		}
	}
	var parts []string
	err := s.db.conn(ctx).Raw(`SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
		JOIN pg_class p ON p.oid = i.inhparent WHERE p.relname = 'call_logs'`).Scan(&parts).Error
	if err != nil {
		return fmt.Errorf("list partitions: %w", err)
	}
	limit := day(keepSince)
	for _, name := range parts {
		d, err := time.Parse("20060102", strings.TrimPrefix(name, "call_logs_"))
		if err != nil || !d.AddDate(0, 0, 1).Before(limit.Add(time.Nanosecond)) {
			continue
		}
		if err := s.db.conn(ctx).Exec(`DROP TABLE IF EXISTS ` + pgx.Identifier{name}.Sanitize()).Error; err != nil {
			return fmt.Errorf("drop partition %s: %w", name, err)
		}
	}
	return nil
}

// ListenChanges listens on channel tollgate_changes with a connection of its own.
func (s *GatewayStore) ListenChanges(ctx context.Context, onListening, onChange func()) error {
	conn, err := pgx.Connect(ctx, s.db.url)
	if err != nil {
		return fmt.Errorf("listen: connect: %w", err)
	}
	defer conn.Close(context.WithoutCancel(ctx))
	if _, err := conn.Exec(ctx, `LISTEN tollgate_changes`); err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	onListening()
	for {
		if _, err := conn.WaitForNotification(ctx); err != nil {
			if ctx.Err() != nil {
				return nil
			}
			return fmt.Errorf("listen: %w", err)
		}
		onChange()
	}
}
