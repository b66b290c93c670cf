package billing

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/stripe/stripe-go/v76"
	"github.com/stripe/stripe-go/v76/client"
	"github.com/stripe/stripe-go/v76/webhook"

	"tollgate/backend/postgres"
	"tollgate/backend/tollgate"
)

const (
	// Tolerance is how old a signed delivery may be (Stripe's default).
	Tolerance = 300 * time.Second
	// MaxAttempts is how often an event is tried before it waits for a replay.
	MaxAttempts = 8
	lease       = 2 * time.Minute
)

// ReceiveWebhook verifies a delivery's signature on the raw body with the tenant's webhook secret and stores the event
// before it is acknowledged; processing happens in the background. A duplicate is acknowledged and not stored again.
// Refusals are bad_request errors saying why (the handler logs them; Stripe shows them in its dashboard).
func (s *Service) ReceiveWebhook(ctx context.Context, tenantSlug string, payload []byte, signature string) (bool, error) {
	tenantID, err := s.store.TenantID(ctx, tenantSlug)
	if tollgate.ErrorCode(err) == tollgate.CodeNotFound {
		return false, tollgate.Errorf(tollgate.CodeBadRequest, "no organisation %q: check the webhook URL", tenantSlug)
	}
	if err != nil {
		return false, err // a database failure: 500, and Stripe retries
	}
	_, secret, _, _, err := s.secrets(ctx, tenantID)
	if err != nil {
		return false, err
	}
	if secret == "" {
		return false, tollgate.Errorf(tollgate.CodeBadRequest, "organisation %q has no webhook signing secret: an owner adds it under Settings, Stripe", tenantSlug)
	}
	ev, err := webhook.ConstructEventWithOptions(payload, signature, secret, webhook.ConstructEventOptions{Tolerance: Tolerance})
	if err != nil {
		return false, tollgate.Errorf(tollgate.CodeBadRequest, "webhook refused: %s", webhookReason(err))
	}
	if ev.ID == "" || ev.Type == "" {
		return false, tollgate.Errorf(tollgate.CodeBadRequest, "webhook refused: the event has no id or type")
	}
	inserted, err := s.store.InsertEvent(ctx, postgres.StoredEvent{TenantID: tenantID, ID: ev.ID, Type: string(ev.Type),
		Created: time.Unix(ev.Created, 0).UTC(), Livemode: ev.Livemode, Payload: payload, Source: "webhook"})
	if err != nil {
		return false, err
	}
	if inserted {
		s.Wake()
	}
	return !inserted, nil
}

func webhookReason(err error) string {
	switch {
	case errors.Is(err, webhook.ErrNotSigned):
		return "no Stripe-Signature header"
	case errors.Is(err, webhook.ErrInvalidHeader):
		return "the Stripe-Signature header is malformed"
	case errors.Is(err, webhook.ErrTooOld):
		return "the signature is older than 5 minutes (a replayed delivery?)"
	case errors.Is(err, webhook.ErrNoValidSignature):
		return "no valid signature: the webhook secret does not match, or the body was changed"
	case strings.Contains(err.Error(), "API version"):
		return "the event's API version is not " + tollgate.StripeAPIVersion + ": create the endpoint with that version"
	}
	return "the body is not a Stripe event (" + err.Error() + ")"
}

// Wake asks the worker to look for due events now.
func (s *Service) Wake() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// Run works until ctx ends: applies due webhook events as they arrive (and retries failed ones), reports metered
// usage and closes expired grace periods every interval, and nightly at 03:00 UTC recovers the events Stripe could
// not deliver and reconciles every tenant.
func (s *Service) Run(ctx context.Context) {
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	nextJobs := s.now()
	nextNightly := nextAt(s.now(), 3)
	for {
		if _, err := s.ProcessDue(ctx); err != nil && ctx.Err() == nil {
			s.log.Error("process stripe events", "err", err)
		}
		if now := s.now(); !now.Before(nextJobs) {
			nextJobs = now.Add(s.opt.Interval)
			s.periodic(ctx)
		}
		if now := s.now(); !now.Before(nextNightly) {
			nextNightly = nextAt(now, 3)
			s.nightly(ctx)
		}
		select {
		case <-ctx.Done():
			return
		case <-s.wake:
		case <-tick.C:
		}
	}
}

func nextAt(now time.Time, hour int) time.Time {
	t := time.Date(now.Year(), now.Month(), now.Day(), hour, 0, 0, 0, time.UTC)
	if !t.After(now) {
		t = t.AddDate(0, 0, 1)
	}
	return t
}

func (s *Service) periodic(ctx context.Context) {
	if n, err := s.store.ExpireGrace(ctx); err != nil {
		s.log.Error("close expired grace periods", "err", err)
	} else if n > 0 {
		s.log.Info("grace periods ended", "subscriptions", n)
	}
	if err := s.ReportUsage(ctx); err != nil && ctx.Err() == nil {
		s.log.Error("report metered usage", "err", err)
	}
}

func (s *Service) nightly(ctx context.Context) {
	tenants, err := s.store.BillingTenants(ctx)
	if err != nil {
		s.log.Error("nightly reconciliation", "err", err)
		return
	}
	for id, own := range tenants {
		if !own && s.opt.OperatorSecretKey == "" {
			continue
		}
		if n, err := s.RecoverEvents(ctx, id); err != nil {
			s.log.Error("nightly recovery of undelivered events", "tenant_id", id, "err", err)
		} else if n > 0 {
			s.log.Info("recovered undelivered stripe events", "tenant_id", id, "events", n)
		}
		run, err := s.Reconcile(ctx, id, tollgate.ReconcileOptions{Fix: true, Trigger: "nightly"})
		if err != nil {
			s.log.Error("nightly reconciliation", "tenant_id", id, "err", err)
			continue
		}
		s.log.Info("nightly reconciliation", "tenant_id", id, "checked", run.Checked, "drifted", run.Drifted, "fixed", run.Fixed,
			"error", run.Error)
	}
}

// ProcessDue applies the events that are due, oldest first, and returns how many it handled.
func (s *Service) ProcessDue(ctx context.Context) (int, error) {
	total := 0
	for {
		events, err := s.store.ClaimEvents(ctx, 20, lease, MaxAttempts)
		if err != nil || len(events) == 0 {
			return total, err
		}
		for _, e := range events {
			if err := s.handle(ctx, e); err != nil {
				return total, err
			}
			total++
		}
	}
}

// handle applies one claimed event and records the outcome: processed, or failed with a retry after a backoff.
func (s *Service) handle(ctx context.Context, e postgres.StoredEvent) error {
	subID, outcome, err := s.apply(ctx, e)
	var retry *time.Time
	result := "applied"
	if err != nil {
		result = "failed"
		if e.Attempts < MaxAttempts {
			t := s.now().Add(backoff(e.Attempts))
			retry = &t
		}
		s.log.Warn("stripe event failed", "tenant_id", e.TenantID, "event_id", e.ID, "type", e.Type, "attempt", e.Attempts,
			"err", err, "retry_at", retry)
	} else {
		s.log.Info("stripe event applied", "tenant_id", e.TenantID, "event_id", e.ID, "type", e.Type, "outcome", outcome)
	}
	s.events.WithLabelValues(result).Inc()
	return s.store.FinishEvent(ctx, e.TenantID, e.ID, subID, outcome, err, retry)
}

// backoff is the wait before attempt n+1: 10 s doubling up to an hour.
func backoff(attempt int) time.Duration {
	d := 10 * time.Second << min(attempt-1, 9)
	return min(d, time.Hour)
}

// apply reads an event and applies it to the subscription it concerns. Events for subscriptions this tenant does not
// have (another tenant's customer, a subscription made outside Tollgate) and types Tollgate does not act on are
// recorded as ignored.
func (s *Service) apply(ctx context.Context, e postgres.StoredEvent) (subID, outcome string, err error) {
	var ev stripe.Event
	if err := json.Unmarshal(e.Payload, &ev); err != nil {
		return "", "", fmt.Errorf("decode event: %w", err)
	}
	at := time.Unix(ev.Created, 0).UTC()
	sync := tollgate.StripeSync{EventAt: at, Reason: "Stripe: " + string(ev.Type)}
	var stripeSub string
	switch ev.Type {
	case "checkout.session.completed":
		var cs stripe.CheckoutSession
		if err := json.Unmarshal(ev.Data.Raw, &cs); err != nil {
			return "", "", fmt.Errorf("decode checkout session: %w", err)
		}
		if t := cs.Metadata["tollgate_tenant_id"]; t != "" && t != e.TenantID {
			return "", "ignored: the session belongs to another organisation", nil
		}
		if _, err := uuid.Parse(cs.ClientReferenceID); err != nil {
			return "", "ignored: the session was not opened by Tollgate (no client_reference_id)", nil
		}
		sync.SubscriptionID = cs.ClientReferenceID
		if cs.Customer != nil {
			sync.CustomerID = cs.Customer.ID
		}
		if cs.Subscription != nil {
			stripeSub, sync.StripeSubscriptionID = cs.Subscription.ID, cs.Subscription.ID
		}
		if cs.PaymentStatus == stripe.CheckoutSessionPaymentStatusPaid || cs.PaymentStatus == stripe.CheckoutSessionPaymentStatusNoPaymentRequired {
			sync.Goal = tollgate.StateActive
		}
	case "customer.subscription.created", "customer.subscription.updated", "customer.subscription.deleted",
		"customer.subscription.paused", "customer.subscription.resumed":
		var ss stripe.Subscription
		if err := json.Unmarshal(ev.Data.Raw, &ss); err != nil {
			return "", "", fmt.Errorf("decode subscription: %w", err)
		}
		if t := ss.Metadata["tollgate_tenant_id"]; t != "" && t != e.TenantID {
			return "", "ignored: the subscription belongs to another organisation", nil
		}
		stripeSub = ss.ID
		fromSubscription(&sync, &ss)
		if ev.Type == "customer.subscription.deleted" {
			sync.Goal = tollgate.StateCanceled
		}
	case "invoice.paid", "invoice.payment_failed", "invoice.payment_action_required", "invoice.upcoming":
		var inv stripe.Invoice
		if err := json.Unmarshal(ev.Data.Raw, &inv); err != nil {
			return "", "", fmt.Errorf("decode invoice: %w", err)
		}
		if inv.Subscription == nil {
			return "", "ignored: the invoice is not for a subscription", nil
		}
		stripeSub, sync.StripeSubscriptionID = inv.Subscription.ID, inv.Subscription.ID
		if meta := invoiceMetadata(&inv); meta["tollgate_tenant_id"] != "" && meta["tollgate_tenant_id"] != e.TenantID {
			return "", "ignored: the invoice belongs to another organisation", nil
		} else if id := meta["tollgate_subscription_id"]; id != "" {
			sync.SubscriptionID = id
		}
		if ev.Type != "invoice.upcoming" {
			sync.Invoice = &tollgate.Invoice{ID: inv.ID, Status: string(inv.Status), AmountDue: inv.AmountDue,
				Currency: string(inv.Currency), HostedURL: inv.HostedInvoiceURL}
		}
		switch ev.Type {
		case "invoice.paid":
			sync.Goal = tollgate.StateActive
		case "invoice.payment_failed":
			// A first invoice that fails leaves the subscription waiting for payment (Stripe: incomplete), with the
			// invoice's page to pay it; a renewal that fails opens the grace period.
			sync.Goal = tollgate.StatePastDue
			if inv.BillingReason == stripe.InvoiceBillingReasonSubscriptionCreate {
				sync.Goal = tollgate.StatePendingPayment
			}
			if inv.NextPaymentAttempt == 0 { // Stripe stopped retrying: no grace beyond this instant
				sync.GraceCap = &at
			}
		case "invoice.payment_action_required":
			sync.Notice = "Your bank asks you to confirm a payment"
			if inv.HostedInvoiceURL != "" {
				sync.Notice += ": " + inv.HostedInvoiceURL
			}
		}
	default:
		return "", "ignored: Tollgate does not act on " + string(ev.Type), nil
	}

	if sync.SubscriptionID == "" {
		sync.SubscriptionID, err = s.store.SubscriptionByStripeID(ctx, e.TenantID, stripeSub)
		if err != nil {
			return "", "", err
		}
	}
	if sync.SubscriptionID == "" {
		return "", "ignored: no subscription of this organisation is linked to Stripe subscription " + stripeSub, nil
	}
	b, err := s.store.BillingSubscription(ctx, e.TenantID, sync.SubscriptionID)
	if tollgate.ErrorCode(err) == tollgate.CodeNotFound {
		return "", "ignored: no such subscription in this organisation", nil
	}
	if err != nil {
		return "", "", err
	}
	if ev.Type == "invoice.upcoming" {
		n, err := s.reportUsage(ctx, b.ID, s.now().Add(time.Hour))
		if err != nil {
			return b.ID, "", err
		}
		return b.ID, fmt.Sprintf("usage flushed before the invoice: %d calls reported", n), nil
	}
	sc, err := s.client(ctx, e.TenantID)
	if err != nil {
		return b.ID, "", err
	}
	// Details only the subscription object has (its item, period, status), and the tie-breaker: two events of the
	// same second cannot be ordered, so Stripe's current status decides.
	tie := b.StripeEventAt != nil && b.StripeEventAt.Equal(at) && sync.Goal != ""
	if stripeSub != "" && (ev.Type == "checkout.session.completed" || tie) {
		ss, err := s.fetchSubscription(ctx, sc, stripeSub)
		if err != nil {
			return b.ID, "", err
		}
		goal := sync.Goal
		fromSubscription(&sync, ss)
		if !tie {
			sync.Goal = goal
		} else {
			sync.Reason += " (same second as the last applied event: Stripe's current status decides)"
		}
	}
	outcome, err = s.store.ApplyStripe(ctx, e.TenantID, sync)
	return b.ID, outcome, err
}

// invoiceMetadata is the metadata of the subscription an invoice is for (Tollgate's ids, set at checkout).
func invoiceMetadata(inv *stripe.Invoice) map[string]string {
	if inv.SubscriptionDetails != nil {
		return inv.SubscriptionDetails.Metadata
	}
	return nil
}

// fromSubscription fills a sync from a Stripe subscription object.
func fromSubscription(sync *tollgate.StripeSync, ss *stripe.Subscription) {
	sync.StripeSubscriptionID, sync.Status, sync.Goal = ss.ID, string(ss.Status), tollgate.StripeGoal(string(ss.Status))
	if ss.Customer != nil {
		sync.CustomerID = ss.Customer.ID
	}
	if ss.Items != nil && len(ss.Items.Data) > 0 {
		sync.ItemID = ss.Items.Data[0].ID
	}
	if ss.CurrentPeriodStart > 0 && ss.CurrentPeriodEnd > 0 {
		start, end := time.Unix(ss.CurrentPeriodStart, 0).UTC(), time.Unix(ss.CurrentPeriodEnd, 0).UTC()
		sync.PeriodStart, sync.PeriodEnd = &start, &end
	}
	if sync.SubscriptionID == "" {
		if id := ss.Metadata["tollgate_subscription_id"]; id != "" {
			sync.SubscriptionID = id
		}
	}
	if inv := ss.LatestInvoice; inv != nil && inv.ID != "" && inv.Status != "" {
		sync.Invoice = &tollgate.Invoice{ID: inv.ID, Status: string(inv.Status), AmountDue: inv.AmountDue,
			Currency: string(inv.Currency), HostedURL: inv.HostedInvoiceURL}
	}
}

func (s *Service) fetchSubscription(ctx context.Context, sc *client.API, id string) (*stripe.Subscription, error) {
	if err := s.pace.Wait(ctx); err != nil {
		return nil, err
	}
	params := &stripe.SubscriptionParams{}
	params.AddExpand("latest_invoice")
	params.Context = ctx
	ss, err := sc.Subscriptions.Get(id, params)
	if err != nil {
		return nil, stripeErr("fetch subscription "+id, err)
	}
	return ss, nil
}

// ListEvents lists the tenant's stored webhook events.
func (s *Service) ListEvents(ctx context.Context, tenantID string, f tollgate.StripeEventFilter) ([]tollgate.StripeEventRecord, int, error) {
	switch f.Status {
	case "", "processed", "pending", "failed":
	default:
		return nil, 0, &tollgate.Error{Code: tollgate.CodeValidation, Message: "1 field is invalid",
			Fields: []tollgate.FieldError{{Field: "status", Message: "must be processed, pending or failed"}}}
	}
	return s.store.ListEvents(ctx, tenantID, f, MaxAttempts)
}

// ReplayEvent applies a stored event again now (after a fix, or to retry a failed one) and returns its record.
func (s *Service) ReplayEvent(ctx context.Context, tenantID, id string) (*tollgate.StripeEventRecord, error) {
	e, err := s.store.ResetEvent(ctx, tenantID, id)
	if err != nil {
		return nil, err
	}
	if err := s.handle(ctx, *e); err != nil {
		return nil, err
	}
	return s.store.Event(ctx, tenantID, id, MaxAttempts)
}

// RecoverEvents asks Stripe for the events of the last 30 days it could not deliver, stores those not seen yet and
// applies them. It returns how many were new.
func (s *Service) RecoverEvents(ctx context.Context, tenantID string) (int, error) {
	sc, err := s.client(ctx, tenantID)
	if err != nil {
		return 0, err
	}
	params := &stripe.EventListParams{DeliverySuccess: stripe.Bool(false), Types: stripe.StringSlice(tollgate.StripeEventTypes)}
	params.Limit = stripe.Int64(100)
	params.Context = ctx
	var found []*stripe.Event
	it := sc.Events.List(params)
	for it.Next() && len(found) < 1000 {
		found = append(found, it.Event())
	}
	if err := it.Err(); err != nil {
		return 0, stripeErr("list undelivered events", err)
	}
	ids := make([]string, len(found))
	for i, ev := range found {
		ids[i] = ev.ID
	}
	known, err := s.store.KnownEvents(ctx, tenantID, ids)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, ev := range found {
		if known[ev.ID] {
			continue
		}
		raw, err := json.Marshal(ev)
		if err != nil {
			return n, fmt.Errorf("encode recovered event %s: %w", ev.ID, err)
		}
		inserted, err := s.store.InsertEvent(ctx, postgres.StoredEvent{TenantID: tenantID, ID: ev.ID, Type: string(ev.Type),
			Created: time.Unix(ev.Created, 0).UTC(), Livemode: ev.Livemode, Payload: raw, Source: "recovery"})
		if err != nil {
			return n, err
		}
		if inserted {
			n++
		}
	}
	if _, err := s.ProcessDue(ctx); err != nil {
		return n, err
	}
	return n, nil
}
