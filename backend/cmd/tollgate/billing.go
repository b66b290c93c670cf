package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"time"

	"tollgate/backend/billing"
	"tollgate/backend/config"
	"tollgate/backend/postgres"
	"tollgate/backend/tollgate"
)

// tenantBilling opens the database and the billing service for one tenant of the command line.
func tenantBilling(ctx context.Context, cfg *config.Config, log *slog.Logger, slug string) (*billing.Service, string, func(), error) {
	db, err := postgres.Open(ctx, cfg.DatabaseURL)
	if err != nil {
		return nil, "", nil, err
	}
	bill, err := newBilling(cfg, db, log)
	if err == nil {
		var tenantID string
		if tenantID, err = bill.Store().TenantID(ctx, slug); err == nil {
			return bill, tenantID, func() { _ = db.Close() }, nil
		}
		err = fmt.Errorf("tenant %q: %w", slug, err)
	}
	_ = db.Close()
	return nil, "", nil, err
}

// reconcileCmd runs one reconciliation of a tenant from the command line.
func reconcileCmd(ctx context.Context, cfg *config.Config, log *slog.Logger, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("reconcile", flag.ContinueOnError)
	fs.SetOutput(stdout)
	slug := fs.String("tenant", "", "the tenant's slug")
	fix := fs.Bool("fix", false, "repair drift from Stripe's side")
	csvPath := fs.String("csv", "", "also write the rows to this CSV file")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *slug == "" {
		return errors.New("usage: tollgate reconcile --tenant SLUG [--fix] [--csv FILE]")
	}
	bill, tenantID, closeDB, err := tenantBilling(ctx, cfg, log, *slug)
	if err != nil {
		return err
	}
	defer closeDB()
	run, err := bill.Reconcile(ctx, tenantID, tollgate.ReconcileOptions{Fix: *fix, Trigger: "cli"})
	if err != nil {
		return err
	}
	for _, r := range run.Rows {
		if len(r.Drift) == 0 {
			continue
		}
		fmt.Fprintf(stdout, "%s  %-16s %-10s stripe=%-10s drift=%v fixed=%v  %s\n", r.SubscriptionID, r.ApplicationName, r.State,
			r.StripeStatus, r.Drift, r.Fixed, r.Detail)
	}
	fmt.Fprintf(stdout, "checked %d, drifted %d, fixed %d\n", run.Checked, run.Drifted, run.Fixed)
	if *csvPath != "" {
		f, err := os.Create(*csvPath)
		if err != nil {
			return fmt.Errorf("create csv: %w", err)
		}
		if err := billing.WriteCSV(f, run); err != nil {
			_ = f.Close()
			return fmt.Errorf("write csv: %w", err)
		}
		if err := f.Close(); err != nil {
			return fmt.Errorf("write csv: %w", err)
		}
	}
	if run.Error != "" {
		return errors.New(run.Error)
	}
	return nil
}

// stripeEventCmd sends a signed test webhook for one subscription, shaped like Stripe's, to a running instance.
func stripeEventCmd(ctx context.Context, cfg *config.Config, log *slog.Logger, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("stripe-event", flag.ContinueOnError)
	fs.SetOutput(stdout)
	slug := fs.String("tenant", "", "the tenant's slug")
	subID := fs.String("subscription", "", "Tollgate's subscription id")
	typ := fs.String("type", "", "the event type, e.g. invoice.paid")
	status := fs.String("status", "", "for customer.subscription.* events: Stripe's status (default: from the type)")
	final := fs.Bool("final", false, "for invoice.payment_failed: Stripe will not retry (grace ends now)")
	base := fs.String("url", cfg.PublicURL, "the instance to deliver to")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *slug == "" || *subID == "" || *typ == "" {
		return errors.New("usage: tollgate stripe-event --tenant SLUG --subscription ID --type TYPE [--status S] [--final] [--url URL]")
	}
	bill, tenantID, closeDB, err := tenantBilling(ctx, cfg, log, *slug)
	if err != nil {
		return err
	}
	defer closeDB()
	b, err := bill.Store().BillingSubscription(ctx, tenantID, *subID)
	if err != nil {
		return fmt.Errorf("subscription %q: %w", *subID, err)
	}
	secret, err := bill.WebhookSecret(ctx, tenantID)
	if err != nil {
		return err
	}
	if secret == "" {
		return fmt.Errorf("tenant %q has no webhook secret (Settings, Stripe, or TOLLGATE_STRIPE_WEBHOOK_SECRET)", *slug)
	}
	obj, err := testEventObject(tenantID, b, *typ, *status, *final)
	if err != nil {
		return err
	}
	body, sig := billing.Event{Type: *typ, Object: obj}.Sign(secret, time.Now())
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, *base+"/webhooks/stripe/"+*slug, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Stripe-Signature", sig)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("deliver: %w", err)
	}
	defer resp.Body.Close()
	answer, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
	fmt.Fprintf(stdout, "%s %s -> %s %s\n", *typ, *subID, resp.Status, bytes.TrimSpace(answer))
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("the webhook was refused: %s", resp.Status)
	}
	return nil
}

// testEventObject builds the event's object from what Tollgate knows of the subscription (made-up Stripe ids when it
// has none yet, as after a checkout that only Stripe saw).
func testEventObject(tenantID string, b *postgres.BillingSubscription, typ, status string, final bool) (map[string]any, error) {
	stripeSub, customer := b.StripeSubscriptionID, b.StripeCustomerID
	if stripeSub == "" {
		stripeSub = "sub_demo_" + b.ID[len(b.ID)-12:]
	}
	if customer == "" {
		customer = b.TeamCustomerID
	}
	if customer == "" {
		customer = "cus_demo_" + b.TeamID[len(b.TeamID)-12:]
	}
	meta := map[string]string{"tollgate_tenant_id": tenantID, "tollgate_subscription_id": b.ID}
	now := time.Now().UTC()
	invoice := "in_demo_" + now.Format("20060102150405")
	switch typ {
	case "checkout.session.completed":
		return billing.CheckoutCompleted(tenantID, b.ID, customer, stripeSub, "paid"), nil
	case "invoice.paid":
		return billing.InvoiceObject(invoice, stripeSub, customer, "paid", 4900, time.Time{}, meta), nil
	case "invoice.payment_failed", "invoice.payment_action_required", "invoice.upcoming":
		next := now.Add(72 * time.Hour)
		if final {
			next = time.Time{}
		}
		return billing.InvoiceObject(invoice, stripeSub, customer, "open", 4900, next, meta), nil
	case "customer.subscription.created", "customer.subscription.updated", "customer.subscription.deleted",
		"customer.subscription.paused", "customer.subscription.resumed":
		if status == "" {
			status = map[string]string{"customer.subscription.deleted": "canceled", "customer.subscription.paused": "paused"}[typ]
		}
		if status == "" {
			status = "active"
		}
		return billing.SubscriptionObject(stripeSub, customer, status, "si_demo_"+b.ID[len(b.ID)-12:], now.Add(-time.Hour),
			now.AddDate(0, 1, 0), meta), nil
	}
	return nil, fmt.Errorf("unknown event type %q; one of %v", typ, tollgate.StripeEventTypes)
}
