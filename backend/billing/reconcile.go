package billing

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/stripe/stripe-go/v76"

	"tollgate/backend/postgres"
	"tollgate/backend/tollgate"
)

// Reconcile compares each of the tenant's paid subscriptions with Stripe: state against Stripe's status, the billing
// period, the latest invoice, and metered usage counted against usage reported. Every Stripe answer is collected
// before anything changes, so a Stripe outage leaves the run reported and nothing changed. With Fix, drift is
// repaired from Stripe's side (state through the state machine, period and invoice copied, usage reported).
func (s *Service) Reconcile(ctx context.Context, tenantID string, opt tollgate.ReconcileOptions) (*tollgate.ReconciliationRun, error) {
	if opt.Trigger == "" {
		opt.Trigger = "manual"
	}
	run := &tollgate.ReconciliationRun{Trigger: opt.Trigger, Fix: opt.Fix, StartedAt: s.now(), Rows: []tollgate.ReconciliationRow{}}
	subs, err := s.store.BillingSubscriptions(ctx, tenantID)
	if err != nil {
		return nil, err
	}
	if err := s.reconcile(ctx, tenantID, subs, run); err != nil {
		return nil, err
	}
	if err := s.store.SaveRun(ctx, tenantID, run); err != nil {
		return nil, err
	}
	return run, nil
}

// ResyncSubscription reconciles one subscription and repairs its drift.
func (s *Service) ResyncSubscription(ctx context.Context, tenantID, subID string) (*tollgate.ReconciliationRow, error) {
	b, err := s.store.BillingSubscription(ctx, tenantID, subID)
	if err != nil {
		return nil, err
	}
	run := &tollgate.ReconciliationRun{Trigger: "subscription", Fix: true, StartedAt: s.now()}
	if err := s.reconcile(ctx, tenantID, []postgres.BillingSubscription{*b}, run); err != nil {
		return nil, err
	}
	if run.Error != "" {
		return nil, &tollgate.Error{Code: tollgate.CodeStripeError, Message: run.Error}
	}
	if err := s.store.SaveRun(ctx, tenantID, run); err != nil {
		return nil, err
	}
	return &run.Rows[0], nil
}

// LastReconciliation returns the tenant's latest run, or nil.
func (s *Service) LastReconciliation(ctx context.Context, tenantID string) (*tollgate.ReconciliationRun, error) {
	return s.store.LastRun(ctx, tenantID)
}

type fetched struct {
	sub     *stripe.Subscription
	missing bool
}

func (s *Service) reconcile(ctx context.Context, tenantID string, subs []postgres.BillingSubscription, run *tollgate.ReconciliationRun) error {
	defer func() { t := s.now(); run.FinishedAt = &t }()
	sc, err := s.client(ctx, tenantID)
	if err != nil {
		return err
	}
	// 1. Ask Stripe about every linked subscription, paced; stop at the first failure that is not "no such object".
	answers := make(map[string]fetched, len(subs))
	for _, b := range subs {
		if b.StripeSubscriptionID == "" {
			continue
		}
		ss, err := s.fetchSubscription(ctx, sc, b.StripeSubscriptionID)
		switch {
		case err == nil:
			answers[b.ID] = fetched{sub: ss}
		case notFoundInStripe(err):
			answers[b.ID] = fetched{missing: true}
		default:
			run.Error = "Stripe could not be asked, nothing was changed: " + tollgate.ErrorMessage(err)
			s.log.Warn("reconciliation stopped", "tenant_id", tenantID, "err", err)
			return nil
		}
	}
	// 2. Compare, and repair when asked.
	now := s.now()
	for _, b := range subs {
		row := s.compare(ctx, b, answers[b.ID], now)
		if len(row.Drift) > 0 {
			run.Drifted++
			if run.Fix {
				if err := s.fix(ctx, tenantID, b, answers[b.ID], &row, now); err != nil {
					row.Detail = strings.TrimSpace(row.Detail + " Repair failed: " + tollgate.ErrorMessage(err))
					s.log.Warn("reconciliation repair failed", "tenant_id", tenantID, "subscription_id", b.ID, "err", err)
				} else if row.Fixed {
					run.Fixed++
				}
			}
		}
		run.Rows = append(run.Rows, row)
		run.Checked++
	}
	return nil
}

func unixPtr(sec int64) *time.Time {
	if sec == 0 {
		return nil
	}
	t := time.Unix(sec, 0).UTC()
	return &t
}

func sameTime(a, b *time.Time) bool {
	return (a == nil) == (b == nil) && (a == nil || a.Unix() == b.Unix())
}

// compare describes one subscription against Stripe's answer and lists its drift.
func (s *Service) compare(ctx context.Context, b postgres.BillingSubscription, f fetched, now time.Time) tollgate.ReconciliationRow {
	row := tollgate.ReconciliationRow{SubscriptionID: b.ID, ApplicationName: b.ApplicationName, APIName: b.APIName,
		PlanName: b.PlanName, State: string(b.State), GraceEndsAt: b.GraceEndsAt, StripeSubscriptionID: b.StripeSubscriptionID,
		PeriodStart: b.CurrentPeriodStart, PeriodEnd: b.CurrentPeriodEnd, InvoiceStatus: b.LatestInvoiceStatus,
		InvoiceAmount: b.LatestInvoiceAmount, InvoiceCurrency: b.LatestInvoiceCurrency, Metered: b.Billing == "metered",
		Drift: []string{}}
	var notes []string
	drift := func(kind, note string, args ...any) {
		row.Drift = append(row.Drift, kind)
		notes = append(notes, fmt.Sprintf(note, args...))
	}
	switch {
	case b.StripeSubscriptionID == "":
		if b.State == tollgate.StateActive || b.State == tollgate.StatePastDue || (b.State == tollgate.StateSuspended && !b.SuspendedByAdmin) {
			drift(tollgate.DriftUnlinked, "%s here but not linked to any Stripe subscription.", b.State)
		}
	case f.missing:
		drift(tollgate.DriftMissing, "Stripe has no subscription %s.", b.StripeSubscriptionID)
	case f.sub != nil:
		ss := f.sub
		row.StripeStatus = string(ss.Status)
		row.StripePeriodStart, row.StripePeriodEnd = unixPtr(ss.CurrentPeriodStart), unixPtr(ss.CurrentPeriodEnd)
		goal := tollgate.StripeGoal(string(ss.Status))
		if goal != "" && goal != b.State && !(b.State == tollgate.StateSuspended && b.SuspendedByAdmin) {
			drift(tollgate.DriftState, "%s here, %s in Stripe.", b.State, ss.Status)
		}
		if !sameTime(b.CurrentPeriodStart, row.StripePeriodStart) || !sameTime(b.CurrentPeriodEnd, row.StripePeriodEnd) {
			drift(tollgate.DriftPeriod, "The billing period differs.")
		}
		if inv := ss.LatestInvoice; inv != nil && inv.ID != "" && inv.Status != "" &&
			(inv.ID != b.LatestInvoiceID || string(inv.Status) != b.LatestInvoiceStatus) {
			drift(tollgate.DriftInvoice, "Latest invoice %s is %s in Stripe.", inv.ID, inv.Status)
			row.InvoiceStatus, row.InvoiceAmount, row.InvoiceCurrency = string(inv.Status), inv.AmountDue, string(inv.Currency)
		}
	}
	if row.Metered && b.CurrentPeriodStart != nil {
		counted, reported, err := s.store.UsageTotals(ctx, b.ID, *b.CurrentPeriodStart)
		if err == nil {
			row.UsageCounted, row.UsageReported = counted, reported
			pending, _ := s.store.UnreportedUsage(ctx, b.ID, now.Add(-2*time.Minute).Truncate(time.Hour))
			if len(pending) > 0 {
				drift(tollgate.DriftUsage, "%d calls counted, %d reported to Stripe.", counted, reported)
			}
		} else {
			notes = append(notes, "Usage could not be read.")
		}
	}
	row.Detail = strings.Join(notes, " ")
	return row
}

// fix repairs what can be repaired from Stripe's side; drift that needs a person (unlinked, missing) stays flagged.
func (s *Service) fix(ctx context.Context, tenantID string, b postgres.BillingSubscription, f fetched, row *tollgate.ReconciliationRow, now time.Time) error {
	repairable := false
	for _, kind := range row.Drift {
		repairable = repairable || kind == tollgate.DriftState || kind == tollgate.DriftPeriod || kind == tollgate.DriftInvoice
	}
	if repairable && f.sub != nil {
		sync := tollgate.StripeSync{SubscriptionID: b.ID, EventAt: now, Force: true,
			Reason: "reconciliation: Stripe says " + string(f.sub.Status)}
		fromSubscription(&sync, f.sub)
		if _, err := s.store.ApplyStripe(ctx, tenantID, sync); err != nil {
			return err
		}
		row.Fixed = true
	}
	for _, kind := range row.Drift {
		if kind == tollgate.DriftUsage {
			n, err := s.reportUsage(ctx, b.ID, now.Add(-2*time.Minute).Truncate(time.Hour))
			if err != nil {
				return err
			}
			row.UsageReported += n
			row.Fixed = true
		}
	}
	after, err := s.store.BillingSubscription(ctx, tenantID, b.ID)
	if err != nil {
		return err
	}
	row.State = string(after.State)
	return nil
}

// WriteCSV writes a run's rows as CSV, one line per subscription.
func WriteCSV(w io.Writer, run *tollgate.ReconciliationRun) error {
	cw := csv.NewWriter(w)
	ts := func(t *time.Time) string {
		if t == nil {
			return ""
		}
		return t.UTC().Format(time.RFC3339)
	}
	_ = cw.Write([]string{"subscription_id", "application", "api", "plan", "state", "stripe_subscription_id", "stripe_status",
		"current_period_start", "current_period_end", "stripe_period_start", "stripe_period_end", "latest_invoice_status",
		"latest_invoice_amount", "latest_invoice_currency", "usage_counted", "usage_reported", "drift", "fixed", "detail"})
	for _, r := range run.Rows {
		_ = cw.Write([]string{r.SubscriptionID, csvSafe(r.ApplicationName), csvSafe(r.APIName), csvSafe(r.PlanName), r.State,
			r.StripeSubscriptionID, r.StripeStatus, ts(r.PeriodStart), ts(r.PeriodEnd), ts(r.StripePeriodStart), ts(r.StripePeriodEnd),
			r.InvoiceStatus, strconv.FormatInt(r.InvoiceAmount, 10), r.InvoiceCurrency, strconv.FormatInt(r.UsageCounted, 10),
			strconv.FormatInt(r.UsageReported, 10), strings.Join(r.Drift, " "), strconv.FormatBool(r.Fixed), csvSafe(r.Detail)})
	}
	cw.Flush()
	return cw.Error()
}

// csvSafe keeps a spreadsheet from reading a name as a formula.
func csvSafe(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// Overview counts what the billing team watches, with the last reconciliation.
func (s *Service) Overview(ctx context.Context, tenantID string) (*tollgate.BillingOverview, error) {
	o, err := s.store.Overview(ctx, tenantID, MaxAttempts)
	if err != nil {
		return nil, err
	}
	if o.LastRun, err = s.store.LastRun(ctx, tenantID); err != nil {
		return nil, err
	}
	_, _, source, _, err := s.secrets(ctx, tenantID)
	if err != nil {
		return nil, err
	}
	o.Connected = source != "none"
	return o, nil
}
