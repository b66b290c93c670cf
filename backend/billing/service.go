// Package billing connects tenants to Stripe through stripe-go v76: Checkout and the Billing Portal for paying, signed
// webhooks applied through the subscription state machine, metered usage reporting and reconciliation. Every Stripe
// call goes through a client.API built for the tenant; the package globals of stripe-go are never used.
package billing

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/stripe/stripe-go/v76"
	"github.com/stripe/stripe-go/v76/client"
	"golang.org/x/time/rate"

	"tollgate/backend/postgres"
	"tollgate/backend/tollgate"
)

// Options configure the billing service.
type Options struct {
	APIURL                string // Stripe's API base URL; "" : Stripe itself
	PublicURL             string // the portal, for Checkout's return pages and the webhook URL
	OperatorSecretKey     string // used by tenants without their own key
	OperatorWebhookSecret string
	Sealer                *Sealer
	Reporter              UsageReporter         // nil: usage records
	CallsPerSecond        float64               // pacing of bulk Stripe calls (reconciliation, usage); 0: 20 (test mode allows 25)
	Interval              time.Duration         // background jobs; 0: one minute
	Registerer            prometheus.Registerer // nil: no metrics
	Log                   *slog.Logger
}

// Service is the billing service (tollgate.BillingService) and its background jobs.
type Service struct {
	opt   Options
	store *postgres.BillingStore
	plans tollgate.PlanService
	pace  *rate.Limiter
	wake  chan struct{}
	log   *slog.Logger
	now   func() time.Time

	events *prometheus.CounterVec // webhook events handled, by result
}

var _ tollgate.BillingService = (*Service)(nil)

// New returns the billing service.
func New(opt Options, store *postgres.BillingStore, plans tollgate.PlanService) *Service {
	if opt.Reporter == nil {
		opt.Reporter = UsageRecords{}
	}
	if opt.CallsPerSecond <= 0 {
		opt.CallsPerSecond = 20
	}
	if opt.Interval <= 0 {
		opt.Interval = time.Minute
	}
	if opt.Log == nil {
		opt.Log = slog.Default()
	}
	return &Service{opt: opt, store: store, plans: plans, pace: rate.NewLimiter(rate.Limit(opt.CallsPerSecond), 5),
		wake: make(chan struct{}, 1), log: opt.Log.With("component", "billing"), now: func() time.Time { return time.Now().UTC() },
		events: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "tollgate_stripe_events_total",
			Help: "Stripe webhook events handled, by result (applied, failed)."}, []string{"result"})}
}

// RegisterMetrics registers the billing metrics: events handled, and the age of the oldest event not yet applied
// (webhook processing lag), read from the database at scrape time.
func (s *Service) RegisterMetrics(reg prometheus.Registerer) error {
	lag := prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "tollgate_stripe_webhook_lag_seconds",
		Help: "Age of the oldest stored Stripe event not applied yet (0 when none)."}, func() float64 {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		age, err := s.store.PendingEventAge(ctx)
		if err != nil {
			s.log.Warn("read stripe webhook lag", "err", err)
			return -1
		}
		return age.Seconds()
	})
	for _, c := range []prometheus.Collector{s.events, lag} {
		if err := reg.Register(c); err != nil {
			return fmt.Errorf("billing: register metrics: %w", err)
		}
	}
	return nil
}

// quiet keeps stripe-go from logging on its own: errors are returned, wrapped and logged here.
var quiet = &stripe.LeveledLogger{Level: stripe.LevelNull}

// secrets returns the tenant's Stripe secret key and webhook secret (its own, else the operator's) and where they come
// from.
func (s *Service) secrets(ctx context.Context, tenantID string) (key, webhook, source string, conn *postgres.StripeConnection, err error) {
	conn, err = s.store.StripeConnection(ctx, tenantID)
	if err != nil {
		return "", "", "", nil, err
	}
	key, webhook, source = s.opt.OperatorSecretKey, s.opt.OperatorWebhookSecret, "operator"
	if conn != nil && len(conn.SecretKeySealed) > 0 {
		if key, err = s.opt.Sealer.Open(tenantID, conn.SecretKeySealed); err != nil {
			return "", "", "", nil, err
		}
		source = "tenant"
	}
	if conn != nil && len(conn.WebhookSecretSealed) > 0 {
		if webhook, err = s.opt.Sealer.Open(tenantID, conn.WebhookSecretSealed); err != nil {
			return "", "", "", nil, err
		}
	}
	if key == "" {
		source = "none"
	}
	return key, webhook, source, conn, nil
}

// client returns a Stripe client for the tenant, or a stripe_not_connected error.
func (s *Service) client(ctx context.Context, tenantID string) (*client.API, error) {
	key, _, _, _, err := s.secrets(ctx, tenantID)
	if err != nil {
		return nil, err
	}
	if key == "" {
		return nil, tollgate.Errorf(tollgate.CodeStripeNotConnected,
			"this organisation has not connected Stripe yet: an owner adds its key under Settings, Stripe")
	}
	return s.clientFor(key), nil
}

func (s *Service) clientFor(key string) *client.API {
	cfg := &stripe.BackendConfig{MaxNetworkRetries: stripe.Int64(2), LeveledLogger: quiet}
	if s.opt.APIURL != "" {
		cfg.URL = stripe.String(s.opt.APIURL)
	}
	return client.New(key, stripe.NewBackendsWithConfig(cfg))
}

// stripeErr turns a Stripe failure into an error the caller can act on, keeping the cause for the logs.
func stripeErr(doing string, err error) error {
	var se *stripe.Error
	if errors.As(err, &se) {
		msg := se.Msg
		if msg == "" {
			msg = string(se.Type)
		}
		msg = "Stripe: " + msg
		if se.HTTPStatusCode == 401 || se.HTTPStatusCode == 403 {
			msg = "Stripe refused the secret key (" + strings.TrimPrefix(msg, "Stripe: ") + "); an owner can replace it under Settings, Stripe"
		}
		return fmt.Errorf("%s: %w: %w", doing, &tollgate.Error{Code: tollgate.CodeStripeError, Message: msg}, err)
	}
	return fmt.Errorf("%s: %w: %w", doing, &tollgate.Error{Code: tollgate.CodeStripeError,
		Message: "Stripe could not be reached; nothing was changed, try again in a moment"}, err)
}

// notFoundInStripe reports a Stripe 404 (resource_missing).
func notFoundInStripe(err error) bool {
	var se *stripe.Error
	return errors.As(err, &se) && se.HTTPStatusCode == 404
}

// StripeSettings shows the tenant's connection without its secrets.
func (s *Service) StripeSettings(ctx context.Context, tenantID string) (*tollgate.StripeSettings, error) {
	slug, err := s.store.TenantSlug(ctx, tenantID)
	if err != nil {
		return nil, err
	}
	_, webhook, source, conn, err := s.secrets(ctx, tenantID)
	if err != nil {
		return nil, err
	}
	st := &tollgate.StripeSettings{Connected: source != "none", Source: source, WebhookURL: s.opt.PublicURL + "/webhooks/stripe/" + slug,
		APIVersion: tollgate.StripeAPIVersion, EventTypes: tollgate.StripeEventTypes, WebhookSecretSet: webhook != ""}
	if conn != nil {
		st.SecretKeySet, st.SecretKeyLast4 = len(conn.SecretKeySealed) > 0, conn.SecretKeyLast4
		st.WebhookSecretLast4, st.Livemode, st.VerifiedAt, st.UpdatedAt = conn.WebhookSecretLast4, conn.Livemode, conn.VerifiedAt, conn.UpdatedAt
	}
	return st, nil
}

// SetStripeSecrets validates and stores the tenant's secrets, sealed.
func (s *Service) SetStripeSecrets(ctx context.Context, tenantID string, in tollgate.StripeSecrets) (*tollgate.StripeSettings, error) {
	var p tollgate.Problems
	check := func(field string, v *string, prefixes ...string) *postgres.SealedSecret {
		if v == nil {
			return nil
		}
		secret := strings.TrimSpace(*v)
		if secret == "" {
			return &postgres.SealedSecret{}
		}
		ok := false
		for _, pre := range prefixes {
			ok = ok || strings.HasPrefix(secret, pre)
		}
		switch {
		case !ok:
			p.Add(field, "must start with %s", strings.Join(prefixes, " or "))
		case len(secret) < 12 || len(secret) > 255 || strings.ContainsAny(secret, " \t\r\n"):
			p.Add(field, "does not look like a Stripe secret (12 to 255 characters, no spaces)")
		default:
			return &postgres.SealedSecret{Sealed: s.opt.Sealer.Seal(tenantID, secret), Last4: secret[len(secret)-4:]}
		}
		return nil
	}
	key := check("secret_key", in.SecretKey, "rk_", "sk_")
	webhook := check("webhook_secret", in.WebhookSecret, "whsec_")
	if in.SecretKey == nil && in.WebhookSecret == nil {
		p.Add("secret_key", "give a secret_key, a webhook_secret, or both")
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	if err := s.store.SaveStripeConnection(ctx, tenantID, key, webhook); err != nil {
		return nil, err
	}
	return s.StripeSettings(ctx, tenantID)
}

// TestStripe checks the key by reading one price (the least a restricted key needs) and records the result.
func (s *Service) TestStripe(ctx context.Context, tenantID string) (*tollgate.StripeCheck, error) {
	sc, err := s.client(ctx, tenantID)
	if err != nil {
		return nil, err
	}
	params := &stripe.PriceListParams{}
	params.Limit = stripe.Int64(1)
	params.Context = ctx
	it := sc.Prices.List(params)
	it.Next()
	if err := it.Err(); err != nil {
		err = stripeErr("test stripe connection", err)
		return &tollgate.StripeCheck{OK: false, Detail: tollgate.ErrorMessage(err)}, nil
	}
	live := it.Meta() != nil && strings.Contains(it.Meta().URL, "live")
	if p := it.Price(); p != nil {
		live = p.Livemode
	}
	if err := s.store.MarkStripeVerified(ctx, tenantID, live); err != nil {
		return nil, err
	}
	mode := "test mode"
	if live {
		mode = "live mode"
	}
	return &tollgate.StripeCheck{OK: true, Livemode: live, Detail: "Connected to Stripe in " + mode + "."}, nil
}

// ListPrices lists the tenant's active recurring prices, for picking a plan's price.
func (s *Service) ListPrices(ctx context.Context, tenantID string) ([]tollgate.StripePrice, error) {
	sc, err := s.client(ctx, tenantID)
	if err != nil {
		return nil, err
	}
	params := &stripe.PriceListParams{Active: stripe.Bool(true), Type: stripe.String("recurring")}
	params.Limit = stripe.Int64(100)
	params.AddExpand("data.product")
	params.Context = ctx
	out := []tollgate.StripePrice{}
	it := sc.Prices.List(params)
	for it.Next() && len(out) < 500 {
		out = append(out, priceOf(it.Price()))
	}
	if err := it.Err(); err != nil {
		return nil, stripeErr("list prices", err)
	}
	return out, nil
}

func priceOf(p *stripe.Price) tollgate.StripePrice {
	out := tollgate.StripePrice{ID: p.ID, Nickname: p.Nickname, UnitAmount: p.UnitAmount, Currency: string(p.Currency), Active: p.Active}
	if p.Product != nil {
		out.ProductID, out.ProductName = p.Product.ID, p.Product.Name
	}
	if p.Recurring != nil {
		out.Interval, out.UsageType = string(p.Recurring.Interval), string(p.Recurring.UsageType)
	}
	return out
}

// CreatePlanPrice creates a product and a recurring price for a paid plan (metered plans: per call) and links them.
func (s *Service) CreatePlanPrice(ctx context.Context, tenantID, planID string, in tollgate.PriceInput) (*tollgate.Plan, error) {
	plan, err := s.plans.Plan(ctx, tenantID, planID)
	if err != nil {
		return nil, err
	}
	var p tollgate.Problems
	in.Currency = strings.ToLower(strings.TrimSpace(in.Currency))
	if in.Interval == "" {
		in.Interval = "month"
	}
	if !plan.Paid {
		p.Add("plan", "only paid plans have a Stripe price; make the plan paid first")
	}
	if in.UnitAmount < 0 || in.UnitAmount > 99_999_999 {
		p.Add("unit_amount", "must be between 0 and 99999999 (in the currency's smallest unit, cents for USD)")
	}
	if len(in.Currency) != 3 || strings.Trim(in.Currency, "abcdefghijklmnopqrstuvwxyz") != "" {
		p.Add("currency", "must be a three-letter ISO currency code, like usd or eur")
	}
	if in.Interval != "day" && in.Interval != "week" && in.Interval != "month" && in.Interval != "year" {
		p.Add("interval", "must be day, week, month or year")
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	sc, err := s.client(ctx, tenantID)
	if err != nil {
		return nil, err
	}
	params := &stripe.PriceParams{
		Currency:   stripe.String(in.Currency),
		UnitAmount: stripe.Int64(in.UnitAmount),
		Recurring:  &stripe.PriceRecurringParams{Interval: stripe.String(in.Interval)},
		ProductData: &stripe.PriceProductDataParams{Name: stripe.String(plan.Name),
			Metadata: map[string]string{"tollgate_tenant_id": tenantID, "tollgate_plan_id": plan.ID}},
		Metadata: map[string]string{"tollgate_tenant_id": tenantID, "tollgate_plan_id": plan.ID},
	}
	if plan.Billing == "metered" {
		params.Recurring.UsageType = stripe.String("metered")
		params.Recurring.AggregateUsage = stripe.String("sum")
	}
	params.Context = ctx
	params.SetIdempotencyKey(fmt.Sprintf("tg-price-%s-%d-%s-%s-%d", plan.ID, in.UnitAmount, in.Currency, in.Interval, plan.UpdatedAt.UnixNano()))
	price, err := sc.Prices.New(params)
	if err != nil {
		return nil, stripeErr("create price", err)
	}
	return s.plans.UpdatePlan(ctx, tenantID, planID, tollgate.PlanUpdate{StripePriceID: &price.ID})
}

// Checkout opens a Checkout Session in subscription mode for a subscription waiting for payment. The team's Stripe
// customer is created on its first checkout (idempotently); nothing is stored unless Stripe answered.
func (s *Service) Checkout(ctx context.Context, tenantID, subID string) (string, error) {
	b, err := s.store.BillingSubscription(ctx, tenantID, subID)
	if err != nil {
		return "", err
	}
	switch {
	case b.State != tollgate.StatePendingPayment:
		return "", tollgate.Errorf(tollgate.CodeConflict, "this subscription is %s, not waiting for payment", strings.ReplaceAll(string(b.State), "_", " "))
	case !b.Paid:
		return "", tollgate.Errorf(tollgate.CodeConflict, "the %s plan is free: there is nothing to pay", b.PlanName)
	case b.PriceID == "":
		return "", tollgate.Errorf(tollgate.CodeConflict, "the %s plan has no Stripe price yet; ask the API's provider to set one", b.PlanName)
	}
	sc, err := s.client(ctx, tenantID)
	if err != nil {
		return "", err
	}
	slug, err := s.store.TenantSlug(ctx, tenantID)
	if err != nil {
		return "", err
	}
	meta := map[string]string{"tollgate_tenant_id": tenantID, "tollgate_subscription_id": b.ID}
	customer := b.TeamCustomerID
	if customer == "" {
		cp := &stripe.CustomerParams{Name: stripe.String(b.TeamName), Metadata: map[string]string{"tollgate_tenant_id": tenantID,
			"tollgate_team_id": b.TeamID}}
		cp.Context = ctx
		cp.SetIdempotencyKey("tg-customer-" + b.TeamID)
		c, err := sc.Customers.New(cp)
		if err != nil {
			return "", stripeErr("create customer", err)
		}
		customer = c.ID
	}
	page := s.opt.PublicURL + "/t/" + url.PathEscape(slug) + "/subscriptions/" + b.ID
	item := &stripe.CheckoutSessionLineItemParams{Price: stripe.String(b.PriceID)}
	if b.Billing != "metered" {
		item.Quantity = stripe.Int64(1)
	}
	params := &stripe.CheckoutSessionParams{
		Mode:              stripe.String(string(stripe.CheckoutSessionModeSubscription)),
		Customer:          stripe.String(customer),
		ClientReferenceID: stripe.String(b.ID),
		SuccessURL:        stripe.String(page + "?checkout=success&session_id={CHECKOUT_SESSION_ID}"),
		CancelURL:         stripe.String(page + "?checkout=canceled"),
		LineItems:         []*stripe.CheckoutSessionLineItemParams{item},
		Metadata:          meta,
		SubscriptionData:  &stripe.CheckoutSessionSubscriptionDataParams{Metadata: meta},
	}
	if b.TrialDays > 0 {
		params.SubscriptionData.TrialPeriodDays = stripe.Int64(int64(b.TrialDays))
	}
	params.Context = ctx
	cs, err := sc.CheckoutSessions.New(params)
	if err != nil {
		return "", stripeErr("create checkout session", err)
	}
	if err := s.store.SaveCheckout(ctx, tenantID, b.ID, b.TeamID, customer, cs.ID); err != nil {
		return "", err
	}
	return cs.URL, nil
}

// BillingPortal opens a Billing Portal session for the team that pays for the subscription.
func (s *Service) BillingPortal(ctx context.Context, tenantID, subID string) (string, error) {
	b, err := s.store.BillingSubscription(ctx, tenantID, subID)
	if err != nil {
		return "", err
	}
	customer := b.StripeCustomerID
	if customer == "" {
		customer = b.TeamCustomerID
	}
	if customer == "" {
		return "", tollgate.Errorf(tollgate.CodeConflict, "this team has no Stripe billing account yet: pay for a subscription first")
	}
	sc, err := s.client(ctx, tenantID)
	if err != nil {
		return "", err
	}
	slug, err := s.store.TenantSlug(ctx, tenantID)
	if err != nil {
		return "", err
	}
	params := &stripe.BillingPortalSessionParams{Customer: stripe.String(customer),
		ReturnURL: stripe.String(s.opt.PublicURL + "/t/" + url.PathEscape(slug) + "/subscriptions/" + b.ID)}
	params.Context = ctx
	ps, err := sc.BillingPortalSessions.New(params)
	if err != nil {
		return "", stripeErr("create billing portal session", err)
	}
	return ps.URL, nil
}

// WebhookSecret returns the secret the tenant's deliveries are signed with (for `tollgate stripe-event`).
func (s *Service) WebhookSecret(ctx context.Context, tenantID string) (string, error) {
	_, webhook, _, _, err := s.secrets(ctx, tenantID)
	return webhook, err
}

// Store is the service's billing store (for the command line).
func (s *Service) Store() *postgres.BillingStore { return s.store }
