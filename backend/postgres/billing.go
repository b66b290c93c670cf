package postgres

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/lib/pq"
	"gorm.io/gorm"

	"tollgate/backend/tollgate"
)

// BillingStore keeps what Tollgate knows of Stripe: tenants' connections (secrets sealed by the caller), Stripe's view
// of paid subscriptions, webhook events, the usage ledger and reconciliation runs.
type BillingStore struct {
	db   *DB
	subs *SubscriptionService
}

// NewBillingStore returns the billing store.
func NewBillingStore(db *DB) *BillingStore {
	return &BillingStore{db: db, subs: NewSubscriptionService(db)}
}

// StripeConnection is a tenant's stored Stripe connection; the secrets are sealed.
type StripeConnection struct {
	SecretKeySealed, WebhookSecretSealed []byte
	SecretKeyLast4, WebhookSecretLast4   string
	Livemode                             bool
	VerifiedAt, UpdatedAt                *time.Time
}

// StripeConnection returns the tenant's connection, or nil when it has none.
func (s *BillingStore) StripeConnection(ctx context.Context, tenantID string) (*StripeConnection, error) {
	var c StripeConnection
	err := s.db.conn(ctx).Raw(`SELECT secret_key_enc, webhook_secret_enc, secret_key_last4, webhook_secret_last4, livemode,
		verified_at, updated_at FROM tenant_stripe WHERE tenant_id = ?`, tenantID).Row().
		Scan(&c.SecretKeySealed, &c.WebhookSecretSealed, &c.SecretKeyLast4, &c.WebhookSecretLast4, &c.Livemode, &c.VerifiedAt, &c.UpdatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read stripe connection: %w", err)
	}
	return &c, nil
}

// SealedSecret is a change to one stored secret: nil leaves it, an empty Sealed clears it.
type SealedSecret struct {
	Sealed []byte
	Last4  string
}

// SaveStripeConnection changes the tenant's secrets (a changed secret key needs testing again) and audits it without
// the secrets.
func (s *BillingStore) SaveStripeConnection(ctx context.Context, tenantID string, key, webhook *SealedSecret) error {
	return s.db.tx(ctx, func(tx *gorm.DB) error {
		err := tx.Exec(`INSERT INTO tenant_stripe (tenant_id) VALUES (?) ON CONFLICT (tenant_id) DO NOTHING`, tenantID).Error
		if err != nil {
			return translate(err, "stripe connection")
		}
		changed := map[string]any{}
		if key != nil {
			err = tx.Exec(`UPDATE tenant_stripe SET secret_key_enc = ?, secret_key_last4 = ?, verified_at = NULL, livemode = false,
				updated_at = ? WHERE tenant_id = ?`, nilIfEmpty(key.Sealed), key.Last4, s.db.Now(), tenantID).Error
			changed["secret_key"] = map[bool]string{true: "set", false: "cleared"}[len(key.Sealed) > 0]
		}
		if err == nil && webhook != nil {
			err = tx.Exec(`UPDATE tenant_stripe SET webhook_secret_enc = ?, webhook_secret_last4 = ?, updated_at = ? WHERE tenant_id = ?`,
				nilIfEmpty(webhook.Sealed), webhook.Last4, s.db.Now(), tenantID).Error
			changed["webhook_secret"] = map[bool]string{true: "set", false: "cleared"}[len(webhook.Sealed) > 0]
		}
		if err != nil {
			return translate(err, "stripe connection")
		}
		return audit(ctx, tx, tenantID, "stripe.settings", "tenant", tenantID, nil, changed)
	})
}

func nilIfEmpty(b []byte) any {
	if len(b) == 0 {
		return nil
	}
	return bytea(b)
}

// MarkStripeVerified records a successful connection test.
func (s *BillingStore) MarkStripeVerified(ctx context.Context, tenantID string, livemode bool) error {
	err := s.db.conn(ctx).Exec(`UPDATE tenant_stripe SET verified_at = ?, livemode = ? WHERE tenant_id = ?`,
		s.db.Now(), livemode, tenantID).Error
	return translate(err, "stripe connection")
}

// BillingTenants lists every tenant, with whether it has its own secret key (jobs use the operator's otherwise).
func (s *BillingStore) BillingTenants(ctx context.Context) (map[string]bool, error) {
	var rows []struct {
		ID  string
		Own bool
	}
	err := s.db.conn(ctx).Raw(`SELECT t.id, ts.secret_key_enc IS NOT NULL AS own FROM tenants t
		LEFT JOIN tenant_stripe ts ON ts.tenant_id = t.id ORDER BY t.id`).Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("list billing tenants: %w", err)
	}
	out := make(map[string]bool, len(rows))
	for _, r := range rows {
		out[r.ID] = r.Own
	}
	return out, nil
}

// BillingSubscription is a subscription with what paying for it needs.
type BillingSubscription struct {
	tollgate.Subscription
	SuspendedByAdmin     bool
	PriceID              string
	TrialDays, GraceDays int
	TeamCustomerID       string
	StripeSubscriptionID string
	StripeCustomerID     string
	StripeItemID         string
	StripeEventAt        *time.Time
	LatestInvoiceID      string
}

const billingColumns = subColumns + `, pl.stripe_price_id AS price_id, pl.trial_days, pl.grace_days,
	tm.stripe_customer_id AS team_customer_id, s.stripe_subscription_id, s.stripe_customer_id, s.stripe_item_id,
	s.stripe_event_at, s.latest_invoice_id`

type billingRow struct {
	Sub                                  subscriptionRow `gorm:"embedded"`
	SuspendedByAdmin                     bool
	PriceID                              string
	TrialDays, GraceDays                 int
	TeamCustomerID, StripeSubscriptionID string
	StripeCustomerID, StripeItemID       string
	StripeEventAt                        *time.Time
	LatestInvoiceID                      string
}

func (r billingRow) billing() BillingSubscription {
	return BillingSubscription{Subscription: r.Sub.subscription(), SuspendedByAdmin: r.Sub.SuspendedByAdmin, PriceID: r.PriceID,
		TrialDays: r.TrialDays, GraceDays: r.GraceDays, TeamCustomerID: r.TeamCustomerID,
		StripeSubscriptionID: r.StripeSubscriptionID, StripeCustomerID: r.StripeCustomerID, StripeItemID: r.StripeItemID,
		StripeEventAt: r.StripeEventAt, LatestInvoiceID: r.LatestInvoiceID}
}

// BillingSubscription returns one subscription of the tenant with its billing facts.
func (s *BillingStore) BillingSubscription(ctx context.Context, tenantID, subID string) (*BillingSubscription, error) {
	if !isUUID(subID) {
		return nil, tollgate.NotFound("subscription")
	}
	var r billingRow
	err := s.db.conn(ctx).Raw(billingColumns+` FROM `+subFrom+` WHERE s.tenant_id = ? AND s.id = ?`, tenantID, subID).Take(&r).Error
	if err != nil {
		return nil, translate(err, "subscription")
	}
	b := r.billing()
	return &b, nil
}

// BillingSubscriptions lists the tenant's subscriptions that Stripe should know: on a paid plan and not closed before
// reaching Stripe, or linked to a Stripe subscription.
func (s *BillingStore) BillingSubscriptions(ctx context.Context, tenantID string) ([]BillingSubscription, error) {
	var rows []billingRow
	err := s.db.conn(ctx).Raw(billingColumns+` FROM `+subFrom+` WHERE s.tenant_id = ? AND (s.stripe_subscription_id <> ''
		OR (pl.paid AND s.state IN ('active', 'past_due', 'suspended', 'pending_payment'))) ORDER BY s.created_at, s.id`, tenantID).
		Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("list billing subscriptions: %w", err)
	}
	out := make([]BillingSubscription, len(rows))
	for i, r := range rows {
		out[i] = r.billing()
	}
	return out, nil
}

// SubscriptionByStripeID finds the tenant's subscription linked to a Stripe subscription ("" when none).
func (s *BillingStore) SubscriptionByStripeID(ctx context.Context, tenantID, stripeSubID string) (string, error) {
	var id string
	err := s.db.conn(ctx).Raw(`SELECT id FROM subscriptions WHERE tenant_id = ? AND stripe_subscription_id = ?
		ORDER BY updated_at DESC LIMIT 1`, tenantID, stripeSubID).Row().Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("find subscription by stripe id: %w", err)
	}
	return id, nil
}

// SaveCheckout records a Checkout Session opened for a subscription, and the team's Stripe customer when it is new.
func (s *BillingStore) SaveCheckout(ctx context.Context, tenantID, subID, teamID, customerID, sessionID string) error {
	return s.db.tx(ctx, func(tx *gorm.DB) error {
		err := tx.Exec(`UPDATE teams SET stripe_customer_id = ? WHERE tenant_id = ? AND id = ? AND stripe_customer_id = ''`,
			customerID, tenantID, teamID).Error
		if err == nil {
			err = tx.Exec(`UPDATE subscriptions SET checkout_session_id = ?, stripe_customer_id = ? WHERE tenant_id = ? AND id = ?`,
				sessionID, customerID, tenantID, subID).Error
		}
		if err != nil {
			return translate(err, "subscription")
		}
		return audit(ctx, tx, tenantID, "subscription.checkout", "subscription", subID, nil, map[string]any{"checkout_session": sessionID})
	})
}

// ApplyStripe applies what Stripe says about a subscription in one transaction: the state machine moves toward
// Stripe's status (never for an event older than the last one applied), the grace period opens from the event's time
// and never outlasts Stripe's retries, Stripe's ids, period and latest invoice are kept, and the developer is told.
// It returns what happened, in words, for the event log.
func (s *BillingStore) ApplyStripe(ctx context.Context, tenantID string, u tollgate.StripeSync) (string, error) {
	var outcome string
	err := s.db.tx(ctx, func(tx *gorm.DB) error {
		sub, err := getSubscription(tx, tenantID, u.SubscriptionID, true)
		if err != nil {
			return err
		}
		var last *time.Time
		var byAdmin bool
		var graceDays int
		err = tx.Raw(`SELECT s.stripe_event_at, s.suspended_by_admin, p.grace_days FROM subscriptions s JOIN plans p ON p.id = s.plan_id
			WHERE s.id = ?`, sub.ID).Row().Scan(&last, &byAdmin, &graceDays)
		if err != nil {
			return translate(err, "subscription")
		}
		if !u.Force && last != nil && u.EventAt.Before(*last) {
			// Older news changes nothing that newer news set; it only fills what is still unknown (the Stripe ids and
			// period a late checkout event carries).
			err := tx.Exec(`UPDATE subscriptions SET
				stripe_subscription_id = CASE WHEN stripe_subscription_id = '' THEN ? ELSE stripe_subscription_id END,
				stripe_customer_id = CASE WHEN stripe_customer_id = '' THEN ? ELSE stripe_customer_id END,
				stripe_item_id = CASE WHEN stripe_item_id = '' THEN ? ELSE stripe_item_id END,
				stripe_status = CASE WHEN stripe_status = '' THEN ? ELSE stripe_status END,
				current_period_start = COALESCE(current_period_start, ?), current_period_end = COALESCE(current_period_end, ?)
				WHERE id = ?`, u.StripeSubscriptionID, u.CustomerID, u.ItemID, u.Status, u.PeriodStart, u.PeriodEnd, sub.ID).Error
			if err != nil {
				return translate(err, "subscription")
			}
			outcome = fmt.Sprintf("skipped: older than the last applied Stripe event (%s)", last.UTC().Format(time.RFC3339))
			return nil
		}
		before := sub.State
		for _, ev := range tollgate.StripeMoves(sub.State, byAdmin, u.Goal) {
			if err := s.subs.move(ctx, tx, sub, ev, u.Reason); err != nil {
				return err
			}
			if ev == tollgate.EventPaymentFailed {
				grace := u.EventAt.AddDate(0, 0, graceDays)
				if u.GraceCap != nil && u.GraceCap.Before(grace) {
					grace = *u.GraceCap
				}
				if err := tx.Exec(`UPDATE subscriptions SET grace_ends_at = ? WHERE id = ?`, grace, sub.ID).Error; err != nil {
					return translate(err, "subscription")
				}
				sub.GraceEndsAt = &grace
			}
		}
		// Stripe gave up retrying while grace was running: grace ends then.
		if sub.State == tollgate.StatePastDue && u.GraceCap != nil && (sub.GraceEndsAt == nil || u.GraceCap.Before(*sub.GraceEndsAt)) {
			if err := tx.Exec(`UPDATE subscriptions SET grace_ends_at = ? WHERE id = ?`, *u.GraceCap, sub.ID).Error; err != nil {
				return translate(err, "subscription")
			}
			sub.GraceEndsAt = u.GraceCap
		}
		set, args := []string{"updated_at = updated_at"}, []any{}
		if !u.EventAt.IsZero() {
			set, args = append(set, "stripe_event_at = GREATEST(stripe_event_at, ?)"), append(args, u.EventAt)
		}
		for col, v := range map[string]string{"stripe_subscription_id": u.StripeSubscriptionID, "stripe_customer_id": u.CustomerID,
			"stripe_item_id": u.ItemID, "stripe_status": u.Status} {
			if v != "" {
				set, args = append(set, col+" = ?"), append(args, v)
			}
		}
		if u.PeriodStart != nil && u.PeriodEnd != nil {
			set, args = append(set, "current_period_start = ?", "current_period_end = ?"), append(args, *u.PeriodStart, *u.PeriodEnd)
		}
		if inv := u.Invoice; inv != nil && inv.ID != "" {
			set = append(set, "latest_invoice_id = ?", "latest_invoice_status = ?", "latest_invoice_amount = ?",
				"latest_invoice_currency = ?", "hosted_invoice_url = ?")
			args = append(args, inv.ID, inv.Status, inv.AmountDue, inv.Currency, inv.HostedURL)
		}
		if err := tx.Exec(`UPDATE subscriptions SET `+strings.Join(set, ", ")+` WHERE id = ?`, append(args, sub.ID)...).Error; err != nil {
			return translate(err, "subscription")
		}
		if sub.State == before {
			outcome = "applied: state stays " + string(sub.State)
		} else {
			outcome = fmt.Sprintf("applied: %s -> %s", before, sub.State)
			if err := audit(ctx, tx, tenantID, "subscription.stripe", "subscription", sub.ID, map[string]any{"state": before},
				map[string]any{"state": sub.State, "reason": u.Reason}); err != nil {
				return err
			}
		}
		return s.notifyBilling(tx, sub, before, u)
	})
	return outcome, err
}

// notifyBilling tells the developer who asked for the subscription what a payment change means for them.
func (s *BillingStore) notifyBilling(tx *gorm.DB, sub *tollgate.Subscription, before tollgate.SubscriptionState, u tollgate.StripeSync) error {
	what := sub.ApplicationName + " on " + sub.APIName
	var kind, title, body string
	switch {
	case before != tollgate.StatePastDue && sub.State == tollgate.StatePastDue:
		kind, title = "billing.payment_failed", "Payment failed"
		body = "A payment for " + what + " failed. Access continues"
		if sub.GraceEndsAt != nil {
			body += " until " + sub.GraceEndsAt.UTC().Format("2 Jan 2006 15:04 MST")
		}
		body += "; update your card with Manage billing to keep it."
	case sub.State == tollgate.StateSuspended && before != sub.State:
		kind, title, body = "billing.payment_overdue", "Payment overdue", "Calls to "+sub.APIName+" from "+sub.ApplicationName+
			" are refused with 402 until the open invoice is paid."
	case sub.State == tollgate.StateActive && before != sub.State:
		kind, title, body = "billing.payment_settled", "Payment received", "The subscription of "+what+" is active."
	case sub.State == tollgate.StateCanceled && before != sub.State:
		kind, title, body = "billing.canceled", "Subscription canceled", "Stripe canceled the subscription of "+what+"."
	case u.Notice != "":
		kind, title, body = "billing.action_required", "Payment needs your action", u.Notice
	default:
		return nil
	}
	return s.subs.notifyRequester(tx, sub, kind, title, body)
}

// ExpireGrace moves past-due subscriptions whose grace period is over to suspended (402 payment_overdue), telling
// their developers. The gateway already refuses them at the instant grace ends; this makes the state say so.
func (s *BillingStore) ExpireGrace(ctx context.Context) (int, error) {
	var due []struct{ TenantID, ID string }
	err := s.db.conn(ctx).Raw(`SELECT tenant_id, id FROM subscriptions WHERE state = 'past_due' AND grace_ends_at <= ?
		ORDER BY grace_ends_at LIMIT 500`, s.db.Now()).Scan(&due).Error
	if err != nil {
		return 0, fmt.Errorf("find expired grace periods: %w", err)
	}
	n := 0
	for _, d := range due {
		_, err := s.ApplyStripe(ctx, d.TenantID, tollgate.StripeSync{SubscriptionID: d.ID, Force: true,
			Goal: tollgate.StateSuspended, Reason: "the grace period for the failed payment ended"})
		if err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

// StoredEvent is a webhook event as stored.
type StoredEvent struct {
	TenantID, ID, Type string
	Created            time.Time
	Livemode           bool
	Payload            []byte
	Attempts           int
	Source             string
}

// InsertEvent stores a delivered event; false when the tenant already has it (a duplicate delivery).
func (s *BillingStore) InsertEvent(ctx context.Context, e StoredEvent) (bool, error) {
	res := s.db.conn(ctx).Exec(`INSERT INTO stripe_events (tenant_id, id, type, created, livemode, payload, source, received_at, next_attempt_at)
		VALUES (?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?) ON CONFLICT (tenant_id, id) DO NOTHING`,
		e.TenantID, e.ID, e.Type, e.Created, e.Livemode, string(e.Payload), e.Source, s.db.Now(), s.db.Now())
	if res.Error != nil {
		return false, fmt.Errorf("store stripe event: %w", res.Error)
	}
	return res.RowsAffected == 1, nil
}

// KnownEvents returns which of ids the tenant has stored.
func (s *BillingStore) KnownEvents(ctx context.Context, tenantID string, ids []string) (map[string]bool, error) {
	var known []string
	err := s.db.conn(ctx).Raw(`SELECT id FROM stripe_events WHERE tenant_id = ? AND id = ANY(?)`, tenantID, pq.StringArray(ids)).
		Scan(&known).Error
	if err != nil {
		return nil, fmt.Errorf("find known events: %w", err)
	}
	out := make(map[string]bool, len(known))
	for _, id := range known {
		out[id] = true
	}
	return out, nil
}

// ClaimEvents leases up to limit due events (oldest Stripe time first) for lease, so that several servers never work
// on the same event; a crashed worker's lease runs out and the event is tried again.
func (s *BillingStore) ClaimEvents(ctx context.Context, limit int, lease time.Duration, maxAttempts int) ([]StoredEvent, error) {
	var rows []StoredEvent
	now := s.db.Now()
	err := s.db.conn(ctx).Raw(`UPDATE stripe_events e SET attempts = e.attempts + 1, next_attempt_at = ?
		FROM (SELECT tenant_id, id FROM stripe_events WHERE processed_at IS NULL AND next_attempt_at <= ? AND attempts < ?
			ORDER BY created, id LIMIT ? FOR UPDATE SKIP LOCKED) d
		WHERE e.tenant_id = d.tenant_id AND e.id = d.id
		RETURNING e.tenant_id, e.id, e.type, e.created, e.livemode, e.payload::text AS payload, e.attempts, e.source`,
		now.Add(lease), now, maxAttempts, limit).Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("claim stripe events: %w", err)
	}
	// RETURNING does not keep the subquery's order.
	sortEvents(rows)
	return rows, nil
}

func sortEvents(rows []StoredEvent) {
	for i := 1; i < len(rows); i++ {
		for j := i; j > 0 && (rows[j].Created.Before(rows[j-1].Created) ||
			rows[j].Created.Equal(rows[j-1].Created) && rows[j].ID < rows[j-1].ID); j-- {
			rows[j], rows[j-1] = rows[j-1], rows[j]
		}
	}
}

// FinishEvent records the outcome of processing an event: processed, or failed with the error and the time of the
// next attempt (nil: no more attempts).
func (s *BillingStore) FinishEvent(ctx context.Context, tenantID, id, subID, outcome string, procErr error, retryAt *time.Time) error {
	var err error
	if procErr == nil {
		err = s.db.conn(ctx).Exec(`UPDATE stripe_events SET processed_at = ?, outcome = ?, error = '',
			subscription_id = NULLIF(?, '')::uuid WHERE tenant_id = ? AND id = ?`, s.db.Now(), outcome, subID, tenantID, id).Error
	} else {
		next := any(nil)
		if retryAt != nil {
			next = *retryAt
		}
		err = s.db.conn(ctx).Exec(`UPDATE stripe_events SET error = ?, next_attempt_at = COALESCE(?, next_attempt_at),
			subscription_id = COALESCE(NULLIF(?, '')::uuid, subscription_id) WHERE tenant_id = ? AND id = ?`,
			truncate(procErr.Error(), 2000), next, subID, tenantID, id).Error
	}
	if err != nil {
		return fmt.Errorf("finish stripe event %s: %w", id, err)
	}
	return nil
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n]
}

// ResetEvent makes a stored event due again (a replay), returning it; attempts start over.
func (s *BillingStore) ResetEvent(ctx context.Context, tenantID, id string) (*StoredEvent, error) {
	var rows []StoredEvent
	err := s.db.conn(ctx).Raw(`UPDATE stripe_events SET processed_at = NULL, attempts = 1, error = '', next_attempt_at = ?
		WHERE tenant_id = ? AND id = ?
		RETURNING tenant_id, id, type, created, livemode, payload::text AS payload, attempts, source`,
		s.db.Now().Add(5*time.Minute), tenantID, id).Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("reset stripe event: %w", err)
	}
	if len(rows) == 0 {
		return nil, tollgate.NotFound("event")
	}
	return &rows[0], nil
}

const eventColumns = `SELECT id, type, created, livemode, subscription_id::text AS subscription_id, source, received_at,
	processed_at, outcome, error, attempts, CASE WHEN processed_at IS NULL THEN next_attempt_at END AS next_attempt_at,
	CASE WHEN processed_at IS NOT NULL THEN 'processed' WHEN attempts >= %d THEN 'failed'
		WHEN attempts > 0 AND error <> '' THEN 'retrying' ELSE 'pending' END AS status`

// ListEvents lists the tenant's stored events, newest first.
func (s *BillingStore) ListEvents(ctx context.Context, tenantID string, f tollgate.StripeEventFilter, maxAttempts int) ([]tollgate.StripeEventRecord, int, error) {
	where, args := "tenant_id = ?", []any{tenantID}
	switch f.Status {
	case "processed":
		where += " AND processed_at IS NOT NULL"
	case "failed":
		where += " AND processed_at IS NULL AND error <> ''"
	case "pending":
		where += " AND processed_at IS NULL"
	}
	if f.Type != "" {
		where, args = where+" AND type = ?", append(args, f.Type)
	}
	out := []tollgate.StripeEventRecord{}
	n, err := list(s.db.conn(ctx), fmt.Sprintf(eventColumns, maxAttempts), "stripe_events", where, args,
		"received_at DESC, id DESC", f.Page, &out)
	if err != nil {
		return nil, 0, fmt.Errorf("list stripe events: %w", err)
	}
	return out, n, nil
}

// Event returns one stored event of the tenant.
func (s *BillingStore) Event(ctx context.Context, tenantID, id string, maxAttempts int) (*tollgate.StripeEventRecord, error) {
	var r tollgate.StripeEventRecord
	err := s.db.conn(ctx).Raw(fmt.Sprintf(eventColumns, maxAttempts)+` FROM stripe_events WHERE tenant_id = ? AND id = ?`,
		tenantID, id).Take(&r).Error
	if err != nil {
		return nil, translate(err, "event")
	}
	return &r, nil
}

// UsageBucket is an hour of a metered subscription's calls not yet (fully) reported to Stripe.
type UsageBucket struct {
	TenantID, SubscriptionID, ItemID string
	Hour                             time.Time
	Units, Reported                  int64
}

// UnreportedUsage lists hours before `before` whose calls exceed what was reported, for metered subscriptions linked
// to a Stripe subscription item (subID "" : every such subscription).
func (s *BillingStore) UnreportedUsage(ctx context.Context, subID string, before time.Time) ([]UsageBucket, error) {
	var rows []UsageBucket
	err := s.db.conn(ctx).Raw(`SELECT s.tenant_id, s.id AS subscription_id, s.stripe_item_id AS item_id, h.hour, h.units,
			COALESCE(r.reported, 0) AS reported
		FROM usage_hourly h JOIN subscriptions s ON s.id = h.subscription_id JOIN plans p ON p.id = s.plan_id
		LEFT JOIN LATERAL (SELECT sum(quantity) AS reported FROM usage_reports r
			WHERE r.subscription_id = h.subscription_id AND r.hour = h.hour) r ON true
		WHERE p.billing = 'metered' AND s.stripe_item_id <> '' AND h.hour < ? AND (? = '' OR s.id::text = ?)
			AND h.units > COALESCE(r.reported, 0)
		ORDER BY h.hour, s.id LIMIT 1000`, before, subID, subID).Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("find unreported usage: %w", err)
	}
	return rows, nil
}

// RecordUsageReport writes what Stripe accepted into the ledger; a repeat of the same idempotency key is a no-op.
func (s *BillingStore) RecordUsageReport(ctx context.Context, b UsageBucket, quantity int64, key, ref string) error {
	err := s.db.conn(ctx).Exec(`INSERT INTO usage_reports (tenant_id, subscription_id, stripe_item_id, hour, quantity,
		idempotency_key, stripe_reference, reported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (idempotency_key) DO NOTHING`,
		b.TenantID, b.SubscriptionID, b.ItemID, b.Hour, quantity, key, ref, s.db.Now()).Error
	if err != nil {
		return fmt.Errorf("record usage report: %w", err)
	}
	return nil
}

// UsageTotals returns a subscription's calls counted and reported since a time.
func (s *BillingStore) UsageTotals(ctx context.Context, subID string, since time.Time) (counted, reported int64, err error) {
	err = s.db.conn(ctx).Raw(`SELECT
		(SELECT COALESCE(sum(units), 0) FROM usage_hourly WHERE subscription_id = ? AND hour >= ?),
		(SELECT COALESCE(sum(quantity), 0) FROM usage_reports WHERE subscription_id = ? AND hour >= ?)`,
		subID, since, subID, since).Row().Scan(&counted, &reported)
	if err != nil {
		return 0, 0, fmt.Errorf("usage totals: %w", err)
	}
	return counted, reported, nil
}

// SaveRun stores a reconciliation run.
func (s *BillingStore) SaveRun(ctx context.Context, tenantID string, run *tollgate.ReconciliationRun) error {
	rows, err := json.Marshal(run.Rows)
	if err != nil {
		return fmt.Errorf("encode reconciliation rows: %w", err)
	}
	if run.ID == "" {
		run.ID = newID()
	}
	actor := tollgate.ActorFrom(ctx).UserID
	err = s.db.conn(ctx).Exec(`INSERT INTO reconciliation_runs (id, tenant_id, trigger, fix, started_at, finished_at, checked,
		drifted, fixed, error, results, started_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, NULLIF(?, '')::uuid)`,
		run.ID, tenantID, run.Trigger, run.Fix, run.StartedAt, run.FinishedAt, run.Checked, run.Drifted, run.Fixed, run.Error,
		string(rows), actor).Error
	if err != nil {
		return fmt.Errorf("save reconciliation run: %w", err)
	}
	return nil
}

// LastRun returns the tenant's latest reconciliation run over all its subscriptions (not a one-subscription
// re-sync), or nil.
func (s *BillingStore) LastRun(ctx context.Context, tenantID string) (*tollgate.ReconciliationRun, error) {
	var run tollgate.ReconciliationRun
	var results string
	err := s.db.conn(ctx).Raw(`SELECT id, trigger, fix, started_at, finished_at, checked, drifted, fixed, error, results::text
		FROM reconciliation_runs WHERE tenant_id = ? AND trigger <> 'subscription' ORDER BY started_at DESC LIMIT 1`, tenantID).Row().
		Scan(&run.ID, &run.Trigger, &run.Fix, &run.StartedAt, &run.FinishedAt, &run.Checked, &run.Drifted, &run.Fixed, &run.Error, &results)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read reconciliation run: %w", err)
	}
	if err := json.Unmarshal([]byte(results), &run.Rows); err != nil {
		return nil, fmt.Errorf("decode reconciliation rows: %w", err)
	}
	if run.Rows == nil {
		run.Rows = []tollgate.ReconciliationRow{}
	}
	return &run, nil
}

// Overview counts the tenant's paid subscriptions by payment state and its webhook events that need attention.
func (s *BillingStore) Overview(ctx context.Context, tenantID string, maxAttempts int) (*tollgate.BillingOverview, error) {
	o := &tollgate.BillingOverview{FailedPayments: []tollgate.Subscription{}}
	now := s.db.Now()
	err := s.db.conn(ctx).Raw(`SELECT
		count(*) FILTER (WHERE s.state = 'active'),
		count(*) FILTER (WHERE s.state = 'pending_payment'),
		count(*) FILTER (WHERE s.state = 'past_due'),
		count(*) FILTER (WHERE s.state = 'past_due' AND s.grace_ends_at > ?),
		count(*) FILTER (WHERE s.state = 'suspended')
		FROM subscriptions s JOIN plans p ON p.id = s.plan_id WHERE s.tenant_id = ? AND p.paid`, now, tenantID).Row().
		Scan(&o.ActivePaid, &o.PendingPayment, &o.PastDue, &o.InGrace, &o.Suspended)
	if err == nil {
		err = s.db.conn(ctx).Raw(`SELECT count(*) FILTER (WHERE error <> ''), count(*) FROM stripe_events
			WHERE tenant_id = ? AND processed_at IS NULL`, tenantID).Row().Scan(&o.FailedEvents, &o.PendingEvents)
	}
	if err == nil {
		err = s.db.conn(ctx).Raw(`SELECT COALESCE(sum(h.units), 0) - COALESCE((SELECT sum(quantity) FROM usage_reports r
			WHERE r.tenant_id = ?), 0) FROM usage_hourly h JOIN subscriptions s ON s.id = h.subscription_id
			JOIN plans p ON p.id = s.plan_id WHERE s.tenant_id = ? AND p.billing = 'metered' AND s.stripe_item_id <> ''`,
			tenantID, tenantID).Row().Scan(&o.UnreportedUsage)
	}
	if err != nil {
		return nil, fmt.Errorf("billing overview: %w", err)
	}
	var rows []subscriptionRow
	err = s.db.conn(ctx).Raw(subColumns+` FROM `+subFrom+` WHERE s.tenant_id = ? AND pl.paid AND (s.state = 'past_due'
		OR (s.state = 'suspended' AND NOT s.suspended_by_admin) OR s.latest_invoice_status IN ('open', 'uncollectible'))
		ORDER BY s.updated_at DESC LIMIT 50`, tenantID).Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("failed payments: %w", err)
	}
	for _, r := range rows {
		o.FailedPayments = append(o.FailedPayments, r.subscription())
	}
	return o, nil
}

// TenantSlug returns a tenant's slug.
func (s *BillingStore) TenantSlug(ctx context.Context, tenantID string) (string, error) {
	var slug string
	if err := s.db.conn(ctx).Raw(`SELECT slug FROM tenants WHERE id = ?`, tenantID).Row().Scan(&slug); err != nil {
		return "", translate(err, "tenant")
	}
	return slug, nil
}

// EndingPeriods lists metered subscriptions linked to Stripe whose billing period ends before `until`: their usage
// is reported up to the minute before the invoice is drawn.
func (s *BillingStore) EndingPeriods(ctx context.Context, until time.Time) ([]string, error) {
	var ids []string
	err := s.db.conn(ctx).Raw(`SELECT s.id FROM subscriptions s JOIN plans p ON p.id = s.plan_id
		WHERE p.billing = 'metered' AND s.stripe_item_id <> '' AND s.current_period_end BETWEEN ? AND ?`,
		s.db.Now(), until).Scan(&ids).Error
	if err != nil {
		return nil, fmt.Errorf("find ending periods: %w", err)
	}
	return ids, nil
}

// TenantID returns the id of the tenant with this slug.
func (s *BillingStore) TenantID(ctx context.Context, slug string) (string, error) {
	var id string
	if err := s.db.conn(ctx).Raw(`SELECT id FROM tenants WHERE slug = ?`, slug).Row().Scan(&id); err != nil {
		return "", translate(err, "tenant")
	}
	return id, nil
}

// PendingEventAge returns how long the oldest stored event not applied yet has waited (0 when none).
func (s *BillingStore) PendingEventAge(ctx context.Context) (time.Duration, error) {
	var secs float64
	err := s.db.conn(ctx).Raw(`SELECT COALESCE(EXTRACT(EPOCH FROM now() - min(received_at)), 0)::float8 FROM stripe_events
		WHERE processed_at IS NULL`).Row().Scan(&secs)
	if err != nil {
		return 0, fmt.Errorf("read pending stripe events: %w", err)
	}
	return time.Duration(secs * float64(time.Second)), nil
}
