package postgres

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/lib/pq"
	"gorm.io/gorm"

	"tollgate/backend/tollgate"
)

// AlertStore records alerts once and fans them out to the portal, the email outbox and outgoing webhooks in the same
// transaction; it keeps members' preferences and the tenants' webhook endpoints and deliveries.
type AlertStore struct{ db *DB }

// NewAlertStore returns the alert store.
func NewAlertStore(db *DB) *AlertStore { return &AlertStore{db: db} }

// Alert is something to tell the developers of a team (and, with Admins, the tenant's admins).
type Alert struct {
	TenantID, Kind, SubjectID, Occasion string
	Title, Body, Link                   string
	Data                                map[string]any
	PortalURL                           string // the portal's address: email and webhooks link to PortalURL/t/<tenant>/Link
	TeamID                              string // the team concerned ("" : admins only)
	Admins                              bool
	NoPortal                            bool // the portal notice was written where it happened (subscription moves)
}

// Fire records the alert unless it fired already (kind, subject and occasion are unique) and, unless silent, fans it
// out: a portal notification and an email per recipient as their preferences say (emailDefault: the kind's default),
// and a delivery per matching webhook endpoint. It reports whether the alert was new.
func (s *AlertStore) Fire(ctx context.Context, a Alert, silent, emailDefault bool) (bool, error) {
	fired := false
	err := s.db.tx(ctx, func(tx *gorm.DB) error {
		id, now := newID(), s.db.Now()
		data, err := json.Marshal(a.Data)
		if err != nil {
			return fmt.Errorf("encode alert data: %w", err)
		}
		res := tx.Exec(`INSERT INTO alerts (id, tenant_id, kind, subject_id, occasion, title, body, link, data, team_id, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, NULLIF(?, '')::uuid, ?) ON CONFLICT (kind, subject_id, occasion) DO NOTHING`,
			id, a.TenantID, a.Kind, a.SubjectID, a.Occasion, a.Title, a.Body, a.Link, string(data), a.TeamID, now)
		if res.Error != nil {
			return fmt.Errorf("record alert: %w", res.Error)
		}
		if res.RowsAffected == 0 || silent {
			fired = res.RowsAffected == 1
			return nil
		}
		fired = true
		var slug string
		if err := tx.Raw(`SELECT slug FROM tenants WHERE id = ?`, a.TenantID).Row().Scan(&slug); err != nil {
			return translate(err, "tenant")
		}
		link := a.PortalURL + "/t/" + slug + a.Link // Link is the portal's path inside the tenant
		var people []struct {
			ID, Email      string
			Portal, Email2 bool
		}
		err = tx.Raw(`SELECT u.id, u.email, COALESCE(np.portal, true) AS portal, COALESCE(np.email, ?) AS email2
			FROM users u LEFT JOIN notification_preferences np ON np.user_id = u.id AND np.tenant_id = ? AND np.kind = ?
			WHERE u.id IN (SELECT user_id FROM team_members WHERE team_id::text = ?
				UNION SELECT user_id FROM memberships WHERE ? AND tenant_id = ? AND role IN ('owner', 'admin'))
			ORDER BY u.id`, emailDefault, a.TenantID, a.Kind, a.TeamID, a.Admins, a.TenantID).Scan(&people).Error
		if err != nil {
			return fmt.Errorf("find alert recipients: %w", err)
		}
		var portal []string
		for _, p := range people {
			if p.Portal && !a.NoPortal {
				portal = append(portal, p.ID)
			}
			if p.Email2 {
				err := tx.Exec(`INSERT INTO email_outbox (id, tenant_id, to_address, subject, body, created_at, next_attempt_at)
					VALUES (?, ?, ?, ?, ?, ?, ?)`, newID(), a.TenantID, p.Email, a.Title, a.Body+"\n\n"+link, now, now).Error
				if err != nil {
					return fmt.Errorf("queue alert email: %w", err)
				}
			}
		}
		if err := notify(tx, now, a.TenantID, portal, a.Kind, a.Title, a.Body, a.Link); err != nil {
			return err
		}
		payload, err := json.Marshal(map[string]any{"id": id, "type": a.Kind, "created": now.Unix(), "tenant_id": a.TenantID,
			"data": map[string]any{"title": a.Title, "body": a.Body, "link": link, "details": a.Data}})
		if err != nil {
			return fmt.Errorf("encode webhook payload: %w", err)
		}
		err = tx.Exec(`INSERT INTO webhook_deliveries (id, endpoint_id, tenant_id, event_id, kind, payload, created_at, next_attempt_at)
			SELECT gen_random_uuid(), e.id, e.tenant_id, ?, ?, ?::jsonb, ?, ? FROM webhook_endpoints e
			WHERE e.tenant_id = ? AND e.enabled AND (e.team_id IS NULL OR e.team_id::text = ?)
				AND (e.events = '{}' OR ? = ANY(e.events))`,
			id, a.Kind, string(payload), now, now, a.TenantID, a.TeamID, a.Kind).Error
		if err != nil {
			return fmt.Errorf("queue webhook deliveries: %w", err)
		}
		return nil
	})
	return fired, err
}

// QuotaUse is a live subscription's use of its monthly quota this period.
type QuotaUse struct {
	SubscriptionID, TenantID, TeamID string
	ApplicationName, APIName         string
	PlanName                         string
	Quota, Used                      int64
	Thresholds                       pq.Int64Array `gorm:"type:bigint[]"`
	PeriodStart, PeriodEnd           time.Time
}

// QuotaUses lists live subscriptions with a quota that used at least their lowest alert threshold this period.
func (s *AlertStore) QuotaUses(ctx context.Context) ([]QuotaUse, error) {
	var out []QuotaUse
	err := s.db.conn(ctx).Raw(`WITH subs AS (
			SELECT s.id, s.tenant_id, ap.team_id, ap.name AS application_name, a.name AS api_name, p.name AS plan_name,
				p.monthly_quota AS quota, p.alert_thresholds,
				CASE WHEN s.current_period_end > now() THEN s.current_period_start ELSE date_trunc('month', now(), 'UTC') END AS period_start,
				CASE WHEN s.current_period_end > now() THEN s.current_period_end ELSE date_trunc('month', now(), 'UTC') + interval '1 month' END AS period_end
			FROM subscriptions s JOIN plans p ON p.id = s.plan_id JOIN apis a ON a.id = s.api_id JOIN applications ap ON ap.id = s.application_id
			WHERE s.state IN ('active', 'past_due') AND p.monthly_quota > 0 AND cardinality(p.alert_thresholds) > 0)
		SELECT subs.id AS subscription_id, subs.tenant_id, subs.team_id, subs.application_name, subs.api_name, subs.plan_name,
			subs.quota, u.calls AS used, subs.alert_thresholds::bigint[] AS thresholds, subs.period_start, subs.period_end
		FROM subs JOIN usage_counters u ON u.subscription_id = subs.id AND u.period_start = subs.period_start
		WHERE u.calls * 100 >= (SELECT min(t) FROM unnest(subs.alert_thresholds) t) * subs.quota`).Scan(&out).Error
	if err != nil {
		return nil, fmt.Errorf("read quota use: %w", err)
	}
	return out, nil
}

// SubjectRow is a subscription or key an alert is about.
type SubjectRow struct {
	ID, TenantID, TeamID, ApplicationName, Name string
	At                                          time.Time // grace end, key expiry, sunset
	Event                                       string
	EventID                                     int64
}

// GraceEnding lists past-due subscriptions whose grace ends within d.
func (s *AlertStore) GraceEnding(ctx context.Context, d time.Duration) ([]SubjectRow, error) {
	var out []SubjectRow
	err := s.db.conn(ctx).Raw(`SELECT s.id, s.tenant_id, ap.team_id, ap.name AS application_name, a.name, s.grace_ends_at AS at
		FROM subscriptions s JOIN applications ap ON ap.id = s.application_id JOIN apis a ON a.id = s.api_id
		WHERE s.state = 'past_due' AND s.grace_ends_at > now() AND s.grace_ends_at <= ?`, s.db.Now().Add(d)).Scan(&out).Error
	if err != nil {
		return nil, fmt.Errorf("read grace periods: %w", err)
	}
	return out, nil
}

// KeysExpiring lists live keys that expire within d.
func (s *AlertStore) KeysExpiring(ctx context.Context, d time.Duration) ([]SubjectRow, error) {
	var out []SubjectRow
	err := s.db.conn(ctx).Raw(`SELECT k.id, k.tenant_id, ap.team_id, ap.name AS application_name, k.name, k.expires_at AS at
		FROM api_keys k JOIN applications ap ON ap.id = k.application_id
		WHERE k.revoked_at IS NULL AND k.expires_at > now() AND k.expires_at <= ?`, s.db.Now().Add(d)).Scan(&out).Error
	if err != nil {
		return nil, fmt.Errorf("read expiring keys: %w", err)
	}
	return out, nil
}

// SubscriptionMoves lists recent approvals, rejections, admin suspensions and failed payments.
func (s *AlertStore) SubscriptionMoves(ctx context.Context, since time.Time) ([]SubjectRow, error) {
	var out []SubjectRow
	err := s.db.conn(ctx).Raw(`SELECT s.id, s.tenant_id, ap.team_id, ap.name AS application_name, a.name, e.created_at AS at,
			e.event, e.id AS event_id
		FROM subscription_events e JOIN subscriptions s ON s.id = e.subscription_id JOIN applications ap ON ap.id = s.application_id
		JOIN apis a ON a.id = s.api_id
		WHERE e.created_at >= ? AND e.from_state <> e.to_state AND e.event IN ('approve', 'reject', 'suspend', 'payment_failed')
		ORDER BY e.id`, since).Scan(&out).Error
	if err != nil {
		return nil, fmt.Errorf("read subscription moves: %w", err)
	}
	return out, nil
}

// DeprecatedInUse lists live subscriptions to deprecated APIs, with the sunset date.
func (s *AlertStore) DeprecatedInUse(ctx context.Context) ([]SubjectRow, error) {
	var out []SubjectRow
	err := s.db.conn(ctx).Raw(`SELECT s.id, s.tenant_id, ap.team_id, ap.name AS application_name, a.name, a.sunset_at AS at
		FROM subscriptions s JOIN apis a ON a.id = s.api_id JOIN applications ap ON ap.id = s.application_id
		WHERE a.lifecycle = 'deprecated' AND a.sunset_at IS NOT NULL
			AND s.state IN ('active', 'past_due', 'suspended', 'pending_payment', 'approved')`).Scan(&out).Error
	if err != nil {
		return nil, fmt.Errorf("read deprecated APIs in use: %w", err)
	}
	return out, nil
}

// Preferences returns a member's stored choices by kind.
func (s *AlertStore) Preferences(ctx context.Context, tenantID, userID string) (map[string][2]bool, error) {
	var rows []struct {
		Kind          string
		Portal, Email bool
	}
	err := s.db.conn(ctx).Raw(`SELECT kind, portal, email FROM notification_preferences WHERE tenant_id = ? AND user_id = ?`,
		tenantID, userID).Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("read preferences: %w", err)
	}
	out := map[string][2]bool{}
	for _, r := range rows {
		out[r.Kind] = [2]bool{r.Portal, r.Email}
	}
	return out, nil
}

// SetPreferences stores a member's choices.
func (s *AlertStore) SetPreferences(ctx context.Context, tenantID, userID string, prefs []tollgate.Preference) error {
	return s.db.tx(ctx, func(tx *gorm.DB) error {
		for _, p := range prefs {
			err := tx.Exec(`INSERT INTO notification_preferences (user_id, tenant_id, kind, portal, email) VALUES (?, ?, ?, ?, ?)
				ON CONFLICT (user_id, tenant_id, kind) DO UPDATE SET portal = EXCLUDED.portal, email = EXCLUDED.email`,
				userID, tenantID, p.Kind, p.Portal, p.Email).Error
			if err != nil {
				return translate(err, "preference")
			}
		}
		return nil
	})
}

const endpointColumns = `SELECT id, tenant_id, team_id::text AS team_id, url, description, events, enabled,
	CASE WHEN failure_count >= 3 THEN 'failing' ELSE 'active' END AS status, failure_count, last_delivery_at, last_status, created_at
	FROM webhook_endpoints`

type endpointRow struct {
	ID, TenantID, URL, Description, Status string
	TeamID                                 *string
	Events                                 pq.StringArray `gorm:"type:text[]"`
	Enabled                                bool
	FailureCount                           int
	LastDeliveryAt                         *time.Time
	LastStatus                             *int
	CreatedAt                              time.Time
}

func (r endpointRow) endpoint() tollgate.WebhookEndpoint {
	return tollgate.WebhookEndpoint{ID: r.ID, TenantID: r.TenantID, TeamID: r.TeamID, URL: r.URL, Description: r.Description,
		Events: append([]string{}, r.Events...), Enabled: r.Enabled, Status: r.Status, FailureCount: r.FailureCount,
		LastDeliveryAt: r.LastDeliveryAt, LastStatus: r.LastStatus, CreatedAt: r.CreatedAt}
}

// Endpoints lists the tenant's endpoints of these teams (nil: all).
func (s *AlertStore) Endpoints(ctx context.Context, tenantID string, teamIDs []string) ([]tollgate.WebhookEndpoint, error) {
	where, args := `tenant_id = ?`, []any{tenantID}
	if teamIDs != nil {
		where, args = where+` AND team_id::text = ANY(?)`, append(args, pq.StringArray(teamIDs))
	}
	var rows []endpointRow
	if err := s.db.conn(ctx).Raw(endpointColumns+` WHERE `+where+` ORDER BY created_at, id`, args...).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("list webhook endpoints: %w", err)
	}
	out := make([]tollgate.WebhookEndpoint, len(rows))
	for i, r := range rows {
		out[i] = r.endpoint()
	}
	return out, nil
}

// Endpoint returns one endpoint of the tenant, with its sealed secret.
func (s *AlertStore) Endpoint(ctx context.Context, tenantID, id string) (*tollgate.WebhookEndpoint, []byte, error) {
	if !isUUID(id) {
		return nil, nil, tollgate.NotFound("webhook endpoint")
	}
	var r endpointRow
	if err := s.db.conn(ctx).Raw(endpointColumns+` WHERE tenant_id = ? AND id = ?`, tenantID, id).Take(&r).Error; err != nil {
		return nil, nil, translate(err, "webhook endpoint")
	}
	var sealed []byte
	if err := s.db.conn(ctx).Raw(`SELECT secret_enc FROM webhook_endpoints WHERE id = ?`, id).Row().Scan(&sealed); err != nil {
		return nil, nil, translate(err, "webhook endpoint")
	}
	e := r.endpoint()
	return &e, sealed, nil
}

// CreateEndpoint stores a new endpoint with its sealed secret.
func (s *AlertStore) CreateEndpoint(ctx context.Context, e *tollgate.WebhookEndpoint, sealed func(id string) []byte) error {
	e.ID = newID()
	return s.db.tx(ctx, func(tx *gorm.DB) error {
		err := tx.Exec(`INSERT INTO webhook_endpoints (id, tenant_id, team_id, url, description, events, secret_enc, enabled, created_by, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, true, NULLIF(?, '')::uuid, ?)`, e.ID, e.TenantID, e.TeamID, e.URL, e.Description,
			pq.StringArray(e.Events), bytea(sealed(e.ID)), tollgate.ActorFrom(ctx).UserID, s.db.Now()).Error
		if err != nil {
			return translate(err, "webhook endpoint")
		}
		return audit(ctx, tx, e.TenantID, "webhook_endpoint.create", "webhook_endpoint", e.ID, nil, map[string]any{"url": e.URL, "events": e.Events})
	})
}

// UpdateEndpoint changes an endpoint (URL, description, events, enabled); re-enabling clears its failures.
func (s *AlertStore) UpdateEndpoint(ctx context.Context, e *tollgate.WebhookEndpoint) error {
	return s.db.tx(ctx, func(tx *gorm.DB) error {
		err := tx.Exec(`UPDATE webhook_endpoints SET url = ?, description = ?, events = ?, enabled = ?,
			failure_count = CASE WHEN ? AND NOT enabled THEN 0 ELSE failure_count END WHERE tenant_id = ? AND id = ?`,
			e.URL, e.Description, pq.StringArray(e.Events), e.Enabled, e.Enabled, e.TenantID, e.ID).Error
		if err != nil {
			return translate(err, "webhook endpoint")
		}
		return audit(ctx, tx, e.TenantID, "webhook_endpoint.update", "webhook_endpoint", e.ID, nil,
			map[string]any{"url": e.URL, "events": e.Events, "enabled": e.Enabled})
	})
}

// DeleteEndpoint deletes an endpoint and its deliveries.
func (s *AlertStore) DeleteEndpoint(ctx context.Context, tenantID, id string) error {
	return s.db.tx(ctx, func(tx *gorm.DB) error {
		res := tx.Exec(`DELETE FROM webhook_endpoints WHERE tenant_id = ? AND id = ?`, tenantID, id)
		if res.Error != nil {
			return translate(res.Error, "webhook endpoint")
		}
		if res.RowsAffected == 0 {
			return tollgate.NotFound("webhook endpoint")
		}
		return audit(ctx, tx, tenantID, "webhook_endpoint.delete", "webhook_endpoint", id, nil, nil)
	})
}

// QueueTest queues a test event for one endpoint and returns the delivery's id.
func (s *AlertStore) QueueTest(ctx context.Context, tenantID, endpointID string) (string, error) {
	id, event, now := newID(), newID(), s.db.Now()
	payload, _ := json.Marshal(map[string]any{"id": event, "type": "test", "created": now.Unix(), "tenant_id": tenantID,
		"data": map[string]any{"title": "Test event", "body": "Tollgate can reach this endpoint."}})
	err := s.db.conn(ctx).Exec(`INSERT INTO webhook_deliveries (id, endpoint_id, tenant_id, event_id, kind, payload, created_at, next_attempt_at)
		VALUES (?, ?, ?, ?, 'test', ?::jsonb, ?, ?)`, id, endpointID, tenantID, event, string(payload), now, now).Error
	if err != nil {
		return "", translate(err, "webhook delivery")
	}
	return id, nil
}

const deliveryColumns = `SELECT id, event_id, kind, status, attempts, response_status, error, created_at, delivered_at,
	CASE WHEN status IN ('pending', 'retrying') THEN next_attempt_at END AS next_attempt_at FROM webhook_deliveries`

// Deliveries lists an endpoint's deliveries, newest first.
func (s *AlertStore) Deliveries(ctx context.Context, tenantID, endpointID string, p tollgate.Page) ([]tollgate.WebhookDelivery, int, error) {
	out := []tollgate.WebhookDelivery{}
	n, err := list(s.db.conn(ctx), `SELECT id, event_id, kind, status, attempts, response_status, error, created_at, delivered_at,
		CASE WHEN status IN ('pending', 'retrying') THEN next_attempt_at END AS next_attempt_at`, "webhook_deliveries",
		"tenant_id = ? AND endpoint_id = ?", []any{tenantID, endpointID}, "created_at DESC, id DESC", p, &out)
	if err != nil {
		return nil, 0, fmt.Errorf("list webhook deliveries: %w", err)
	}
	return out, n, nil
}

// Delivery returns one delivery.
func (s *AlertStore) Delivery(ctx context.Context, id string) (*tollgate.WebhookDelivery, error) {
	var d tollgate.WebhookDelivery
	if err := s.db.conn(ctx).Raw(deliveryColumns+` WHERE id = ?`, id).Take(&d).Error; err != nil {
		return nil, translate(err, "webhook delivery")
	}
	return &d, nil
}

// DueDelivery is a delivery to attempt, with its endpoint.
type DueDelivery struct {
	ID, EndpointID, TenantID, URL string
	Payload                       string
	SecretEnc                     []byte
	Attempts                      int
}

// ClaimDeliveries leases up to limit due deliveries (of enabled endpoints) for lease.
func (s *AlertStore) ClaimDeliveries(ctx context.Context, limit int, lease time.Duration) ([]DueDelivery, error) {
	var out []DueDelivery
	now := s.db.Now()
	err := s.db.conn(ctx).Raw(`UPDATE webhook_deliveries d SET attempts = d.attempts + 1, next_attempt_at = ?
		FROM (SELECT dd.id FROM webhook_deliveries dd JOIN webhook_endpoints e ON e.id = dd.endpoint_id
			WHERE dd.status IN ('pending', 'retrying') AND dd.next_attempt_at <= ? AND e.enabled
			ORDER BY dd.next_attempt_at LIMIT ? FOR UPDATE OF dd SKIP LOCKED) due, webhook_endpoints e
		WHERE d.id = due.id AND e.id = d.endpoint_id
		RETURNING d.id, d.endpoint_id, d.tenant_id, e.url, d.payload::text AS payload, e.secret_enc, d.attempts`,
		now.Add(lease), now, limit).Scan(&out).Error
	if err != nil {
		return nil, fmt.Errorf("claim webhook deliveries: %w", err)
	}
	return out, nil
}

// FinishDelivery records an attempt: delivered, or failed with the next attempt (nil: given up). The endpoint's
// consecutive failures count up on failure and reset on success.
func (s *AlertStore) FinishDelivery(ctx context.Context, d DueDelivery, status int, errText string, retryAt *time.Time) error {
	return s.db.tx(ctx, func(tx *gorm.DB) error {
		now := s.db.Now()
		var resp any
		if status > 0 {
			resp = status
		}
		ok := errText == "" && status >= 200 && status < 300
		state := "delivered"
		switch {
		case !ok && retryAt != nil:
			state = "retrying"
		case !ok:
			state = "failed"
		}
		var next any = now
		if retryAt != nil {
			next = *retryAt
		}
		err := tx.Exec(`UPDATE webhook_deliveries SET status = ?, response_status = ?, error = ?, next_attempt_at = ?,
			delivered_at = CASE WHEN ? THEN ?::timestamptz END WHERE id = ?`, state, resp, truncate(errText, 1000), next, ok, now, d.ID).Error
		if err == nil {
			err = tx.Exec(`UPDATE webhook_endpoints SET last_delivery_at = ?, last_status = ?,
				failure_count = CASE WHEN ? THEN 0 ELSE failure_count + 1 END WHERE id = ?`, now, resp, ok, d.EndpointID).Error
		}
		if err != nil {
			return fmt.Errorf("finish webhook delivery: %w", err)
		}
		return nil
	})
}

// DueEmail is a queued email.
type DueEmail struct {
	ID, To, Subject, Body string
	Attempts              int
}

// ClaimEmails leases up to limit due emails.
func (s *AlertStore) ClaimEmails(ctx context.Context, limit int, lease time.Duration) ([]DueEmail, error) {
	var out []DueEmail
	now := s.db.Now()
	err := s.db.conn(ctx).Raw(`UPDATE email_outbox m SET attempts = m.attempts + 1, next_attempt_at = ?
		FROM (SELECT id FROM email_outbox WHERE sent_at IS NULL AND next_attempt_at <= ? AND attempts < 8
			ORDER BY next_attempt_at LIMIT ? FOR UPDATE SKIP LOCKED) due
		WHERE m.id = due.id RETURNING m.id, m.to_address AS "to", m.subject, m.body, m.attempts`, now.Add(lease), now, limit).
		Scan(&out).Error
	if err != nil {
		return nil, fmt.Errorf("claim emails: %w", err)
	}
	return out, nil
}

// FinishEmail records a sent email, or the error and the next attempt.
func (s *AlertStore) FinishEmail(ctx context.Context, id string, sendErr error, retryAt time.Time) error {
	var err error
	if sendErr == nil {
		err = s.db.conn(ctx).Exec(`UPDATE email_outbox SET sent_at = ?, error = '' WHERE id = ?`, s.db.Now(), id).Error
	} else {
		err = s.db.conn(ctx).Exec(`UPDATE email_outbox SET error = ?, next_attempt_at = ? WHERE id = ?`,
			truncate(sendErr.Error(), 1000), retryAt, id).Error
	}
	if err != nil {
		return fmt.Errorf("finish email: %w", err)
	}
	return nil
}
