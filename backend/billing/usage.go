package billing

import (
	"context"
	"fmt"
	"time"

	"github.com/stripe/stripe-go/v76"
	"github.com/stripe/stripe-go/v76/client"

	"tollgate/backend/postgres"
	"tollgate/backend/tollgate"
)

// UsageReporter sends one quantity of metered usage to Stripe. Usage records are what API version 2023-10-16 has;
// Billing Meter events can take their place behind this interface when Tollgate moves on.
type UsageReporter interface {
	// ReportUsage adds quantity to a subscription item at a time, once per idempotency key, and returns Stripe's
	// reference for the ledger.
	ReportUsage(ctx context.Context, sc *client.API, itemID string, quantity int64, at time.Time, idempotencyKey string) (string, error)
}

// UsageRecords reports usage as legacy usage records (action increment).
type UsageRecords struct{}

// ReportUsage creates a usage record.
func (UsageRecords) ReportUsage(ctx context.Context, sc *client.API, itemID string, quantity int64, at time.Time, key string) (string, error) {
	params := &stripe.UsageRecordParams{SubscriptionItem: stripe.String(itemID), Quantity: stripe.Int64(quantity),
		Timestamp: stripe.Int64(at.Unix()), Action: stripe.String("increment")}
	params.Context = ctx
	params.SetIdempotencyKey(key)
	rec, err := sc.UsageRecords.New(params)
	if err != nil {
		return "", err
	}
	return rec.ID, nil
}

// usageKey is deterministic: the same bucket with the same amount already reported gives the same key, so a retry
// after a lost answer is applied by Stripe once; usage added to the bucket later gets a new key for the difference.
func usageKey(b postgres.UsageBucket) string {
	return fmt.Sprintf("tg-usage-%s-%d-%d", b.SubscriptionID, b.Hour.Unix(), b.Reported)
}

// ReportUsage reports every metered subscription's usage of finished hours (two minutes after the hour, so gateways
// have flushed), and the current hour too for subscriptions whose period ends within the next interval.
func (s *Service) ReportUsage(ctx context.Context) error {
	now := s.now()
	if _, err := s.reportUsage(ctx, "", now.Add(-2*time.Minute).Truncate(time.Hour)); err != nil {
		return err
	}
	ending, err := s.store.EndingPeriods(ctx, now.Add(s.opt.Interval+2*time.Minute))
	if err != nil {
		return err
	}
	for _, id := range ending {
		if _, err := s.reportUsage(ctx, id, now.Add(time.Hour)); err != nil {
			return err
		}
	}
	return nil
}

// reportUsage reports the unreported calls of hours before `before` (one subscription, or all when subID is ""), each
// difference once, writing the ledger after Stripe accepted it. It returns the calls reported.
func (s *Service) reportUsage(ctx context.Context, subID string, before time.Time) (int64, error) {
	buckets, err := s.store.UnreportedUsage(ctx, subID, before)
	if err != nil {
		return 0, err
	}
	clients := map[string]*client.API{}
	var total int64
	for _, b := range buckets {
		sc, ok := clients[b.TenantID]
		if !ok {
			sc, err = s.client(ctx, b.TenantID)
			if tollgate.ErrorCode(err) == tollgate.CodeStripeNotConnected {
				s.log.Warn("usage not reported: the tenant has no Stripe key", "tenant_id", b.TenantID)
			} else if err != nil {
				return total, err
			}
			clients[b.TenantID] = sc
		}
		if sc == nil {
			continue
		}
		if err := s.pace.Wait(ctx); err != nil {
			return total, err
		}
		qty, key := b.Units-b.Reported, usageKey(b)
		ref, err := s.opt.Reporter.ReportUsage(ctx, sc, b.ItemID, qty, b.Hour, key)
		if err != nil {
			return total, stripeErr("report usage of subscription "+b.SubscriptionID, err)
		}
		if err := s.store.RecordUsageReport(ctx, b, qty, key, ref); err != nil {
			return total, err
		}
		total += qty
	}
	return total, nil
}
