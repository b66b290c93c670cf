package httpapi_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/stripe/stripe-go/v76/webhook"

	"tollgate/backend/billing"
	"tollgate/backend/gateway"
	"tollgate/backend/httpapi"
	"tollgate/backend/postgres"
	"tollgate/backend/tollgate"
)

const whsec = "whsec_test_tollgate_0123456789"

// payEnv is a tenant with Stripe connected (stripe-mock), a published API with a paid plan, the developer's
// application subscribed to it with a key, and a real gateway in front of a tiny upstream.
type payEnv struct {
	t              *testing.T
	ctx            context.Context
	s              *httpapi.Server
	bill           *billing.Service
	w              *world
	T              string // /api/v1/tenants/<slug>
	slug, tenantID string
	apiID, planID  string
	subID, key     string
	gw             *httptest.Server
	next           time.Time // creation time of the next event: one minute apart, in order of delivery
}

func newPayEnv(t *testing.T, planJSON string) *payEnv { return newPayEnvOn(t, planJSON, stripeURL) }

func newPayEnvOn(t *testing.T, planJSON, stripeAPI string) *payEnv {
	t.Helper()
	cfg := testConfig()
	s, _, bill := newServerWithBilling(t, cfg, stripeAPI)
	w := newWorld(t, s)
	e := &payEnv{t: t, ctx: context.Background(), s: s, bill: bill, w: w, slug: w.vars["acme"], T: "/api/v1/tenants/" + w.vars["acme"],
		next: time.Now().Add(-time.Hour).Truncate(time.Second)}
	tenant, err := postgres.NewTenantService(testDB).TenantBySlug(e.ctx, e.slug)
	require.NoError(t, err)
	e.tenantID = tenant.ID

	r := do(s, "PUT", e.T+"/billing/stripe", w.tokens["owner"], `{"secret_key":"sk_test_tollgate123","webhook_secret":"`+whsec+`"}`)
	require.Equal(t, 200, r.Status, r.Body)

	upstream := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"ok":true}`)
	}))
	t.Cleanup(upstream.Close)
	ctx := tollgate.WithActor(e.ctx, tollgate.Actor{UserID: w.users["owner"].ID})
	api := &tollgate.API{TenantID: e.tenantID, TeamID: w.vars["teamA"], Name: unique("Pay "), BasePath: "/pay", UpstreamURL: upstream.URL}
	require.NoError(t, api.Validate(nil))
	apis := postgres.NewAPIService(testDB)
	require.NoError(t, apis.CreateAPI(ctx, api))
	_, err = apis.SetLifecycle(ctx, e.tenantID, api.ID, tollgate.ActionPublish, nil)
	require.NoError(t, err)
	e.apiID = api.ID

	r = do(s, "POST", e.T+"/apis/"+api.ID+"/plans", w.tokens["owner"], planJSON)
	require.Equal(t, 201, r.Status, r.Body)
	e.planID = r.json(t)["id"].(string)
	e.subID = e.subscribe(w.vars["appA"])

	r = do(s, "POST", e.T+"/applications/"+w.vars["appA"]+"/keys", w.tokens["dev"], `{"name":"pay"}`)
	require.Equal(t, 201, r.Status, r.Body)
	e.key = r.json(t)["key"].(string)

	g := gateway.New(postgres.NewGatewayStore(testDB), gateway.Options{PublicURL: cfg.PublicURL, Pepper: cfg.APIKeyPepper,
		FlushEvery: 100 * time.Millisecond, ReloadEvery: time.Minute, Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	require.NoError(t, g.Load(e.ctx))
	gctx, cancel := context.WithCancel(e.ctx)
	done := make(chan error, 1)
	go func() { done <- g.Run(gctx) }()
	e.gw = httptest.NewServer(g.Handler())
	t.Cleanup(func() { e.gw.Close(); cancel(); <-done })
	return e
}

const paidPlan = `{"name":"Pro","paid":true,"stripe_price_id":"price_1Tollgate","approval":"auto","grace_days":3,"rate_limit_per_second":1000}`

// subscribe makes the developer's application subscribe to the paid plan; it waits for payment.
func (e *payEnv) subscribe(appID string) string {
	r := do(e.s, "POST", e.T+"/applications/"+appID+"/subscriptions", e.w.tokens["dev"], `{"plan_id":"`+e.planID+`","reason":"paying"}`)
	require.Equal(e.t, 201, r.Status, r.Body)
	require.Equal(e.t, "pending_payment", r.json(e.t)["state"])
	return r.json(e.t)["id"].(string)
}

// deliver signs an event created one minute after the previous one and posts it to the tenant's webhook URL.
func (e *payEnv) deliver(typ string, obj map[string]any) response {
	e.next = e.next.Add(time.Minute)
	return e.deliverEvent(billing.Event{Type: typ, Created: e.next, Object: obj})
}

func (e *payEnv) deliverEvent(ev billing.Event) response {
	body, sig := ev.Sign(whsec, time.Now())
	return do(e.s, "POST", "/webhooks/stripe/"+e.slug, "", string(body), "Stripe-Signature", sig)
}

func (e *payEnv) process() {
	_, err := e.bill.ProcessDue(e.ctx)
	require.NoError(e.t, err)
}

func (e *payEnv) sub(id string) map[string]any {
	r := do(e.s, "GET", e.T+"/subscriptions/"+id, e.w.tokens["dev"], "")
	require.Equal(e.t, 200, r.Status, r.Body)
	return r.json(e.t)
}

func (e *payEnv) meta(subID string) map[string]string {
	return map[string]string{"tollgate_tenant_id": e.tenantID, "tollgate_subscription_id": subID}
}

type gwReply struct {
	status int
	header http.Header
	body   map[string]any
}

func (e *payEnv) call() gwReply {
	req, err := http.NewRequest("GET", e.gw.URL+"/"+e.slug+"/pay/forecast", nil)
	require.NoError(e.t, err)
	req.Header.Set("Authorization", "Bearer "+e.key)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(e.t, err)
	defer resp.Body.Close()
	out := gwReply{status: resp.StatusCode, header: resp.Header}
	b, _ := io.ReadAll(resp.Body)
	_ = json.Unmarshal(b, &out.body)
	return out
}

// await waits until the gateway answers status (with code, for refusals) and returns how long that took.
func (e *payEnv) await(status int, code string) (gwReply, time.Duration) {
	start := time.Now()
	var last gwReply
	require.Eventually(e.t, func() bool {
		last = e.call()
		return last.status == status && (code == "" || last.body["code"] == code)
	}, 10*time.Second, 10*time.Millisecond, "gateway never answered %d %s", status, code)
	return last, time.Since(start)
}

// TestStripeLifecycle walks one paid subscription through Stripe's whole lifecycle, checking the gateway's answer at
// each step: approve → pending_payment (402) → checkout → active (200) → payment failed → past due in grace (200 +
// warning) → grace over (402 payment_overdue) → invoice paid (200) → canceled (402).
func TestStripeLifecycle(t *testing.T) {
	e := newPayEnv(t, paidPlan)
	dev := e.w.tokens["dev"]

	got, _ := e.await(402, "payment_required")
	assert.Contains(t, got.body["payment_url"], "/t/"+e.slug+"/subscriptions/"+e.subID)

	// Checkout: only the paying team (and admins) may open it; Stripe gets a customer for the team and a session.
	r := do(e.s, "POST", e.T+"/subscriptions/"+e.subID+"/checkout", e.w.tokens["billing"], "")
	assert.Equal(t, 403, r.Status, "the billing team sees it but does not pay for it: %s", r.Body)
	r = do(e.s, "POST", e.T+"/subscriptions/"+e.subID+"/checkout", dev, "")
	require.Equal(t, 200, r.Status, r.Body)
	assert.True(t, strings.HasPrefix(r.json(t)["url"].(string), "https://checkout.stripe.com/"), r.Body)
	var session, customer string
	require.NoError(t, testDB.QueryRowForTests(`SELECT s.checkout_session_id, tm.stripe_customer_id FROM subscriptions s
		JOIN applications a ON a.id = s.application_id JOIN teams tm ON tm.id = a.team_id WHERE s.id = $1`, e.subID).Scan(&session, &customer))
	assert.True(t, strings.HasPrefix(session, "cs_"), session)
	assert.True(t, strings.HasPrefix(customer, "cus_"), customer)
	r = do(e.s, "POST", e.T+"/subscriptions/"+e.subID+"/billing-portal", dev, "")
	require.Equal(t, 200, r.Status, r.Body)
	assert.NotEmpty(t, r.json(t)["url"])

	stripeSub := "sub_life_" + unique("")
	r = e.deliver("checkout.session.completed", billing.CheckoutCompleted(e.tenantID, e.subID, customer, stripeSub, "paid"))
	require.Equal(t, 200, r.Status, r.Body)
	assert.Equal(t, false, r.json(t)["duplicate"])
	e.process()
	sub := e.sub(e.subID)
	assert.Equal(t, "active", sub["state"])
	assert.NotEmpty(t, sub["current_period_end"])
	e.await(200, "")

	// A renewal fails: past due, grace from the event's time, a warning on every call, a notice to the developer.
	r = e.deliver("invoice.payment_failed", billing.InvoiceObject("in_fail_1", stripeSub, customer, "open", 4900,
		time.Now().Add(72*time.Hour), e.meta(e.subID)))
	require.Equal(t, 200, r.Status, r.Body)
	e.process()
	sub = e.sub(e.subID)
	require.Equal(t, "past_due", sub["state"])
	grace, err := time.Parse(time.RFC3339, sub["grace_ends_at"].(string))
	require.NoError(t, err)
	assert.WithinDuration(t, e.next.AddDate(0, 0, 3), grace, time.Second)
	assert.Equal(t, "open", sub["latest_invoice_status"])
	assert.Contains(t, sub["hosted_invoice_url"], "in_fail_1")
	got, _ = e.await(200, "")
	require.Eventually(t, func() bool { return strings.Contains(e.call().header.Get("Warning"), "past due") }, 10*time.Second, 10*time.Millisecond)
	r = do(e.s, "GET", e.T+"/notifications", dev, "")
	assert.Contains(t, r.Body, "Payment failed")

	// Grace ends (time passes): the gateway refuses at once; the job then marks it suspended.
	require.NoError(t, testDB.QueryRowForTests(`UPDATE subscriptions SET grace_ends_at = now() - interval '1 second' WHERE id = $1
		RETURNING id`, e.subID).Scan(new(string)))
	got, _ = e.await(402, "payment_overdue")
	assert.Contains(t, got.body["payment_url"], e.subID)
	assert.Equal(t, "https://invoice.stripe.com/i/acct_test/in_fail_1", got.body["invoice_url"], "the open invoice, to pay it")
	n, err := postgres.NewBillingStore(testDB).ExpireGrace(e.ctx)
	require.NoError(t, err)
	assert.GreaterOrEqual(t, n, 1)
	assert.Equal(t, "suspended", e.sub(e.subID)["state"])

	// The invoice is paid: access is back (the gateway hears it through LISTEN/NOTIFY).
	r = e.deliver("invoice.paid", billing.InvoiceObject("in_fail_1", stripeSub, customer, "paid", 4900, time.Time{}, e.meta(e.subID)))
	require.Equal(t, 200, r.Status, r.Body)
	start := time.Now()
	e.process()
	assert.Equal(t, "active", e.sub(e.subID)["state"])
	e.await(200, "")
	t.Logf("invoice.paid: access restored %v after the webhook was acknowledged", time.Since(start).Round(time.Millisecond))

	// Stripe cancels.
	r = e.deliver("customer.subscription.deleted", billing.SubscriptionObject(stripeSub, customer, "canceled", "si_1",
		time.Now().Add(-24*time.Hour), time.Now().Add(29*24*time.Hour), e.meta(e.subID)))
	require.Equal(t, 200, r.Status, r.Body)
	e.process()
	assert.Equal(t, "canceled", e.sub(e.subID)["state"])
	e.await(402, "subscription_canceled")

	r = do(e.s, "GET", e.T+"/subscriptions/"+e.subID+"/events", dev, "")
	for _, ev := range []string{"payment_settled", "payment_failed", "payment_overdue", "cancel"} {
		assert.Contains(t, r.Body, `"event":"`+ev+`"`)
	}
}

// lifecycleEvents is one subscription's Stripe history, oldest first; it ends unpaid (suspended here).
func (e *payEnv) lifecycleEvents(subID, stripeSub string) []billing.Event {
	cus, meta := "cus_"+stripeSub, e.meta(subID)
	start, end := e.next.Add(-24*time.Hour), e.next.Add(29*24*time.Hour) // the same for every history built in a test
	objs := []struct {
		typ string
		obj map[string]any
	}{
		{"checkout.session.completed", billing.CheckoutCompleted(e.tenantID, subID, cus, stripeSub, "paid")},
		{"customer.subscription.created", billing.SubscriptionObject(stripeSub, cus, "active", "si_"+stripeSub, start, end, meta)},
		{"invoice.paid", billing.InvoiceObject("in_1_"+stripeSub, stripeSub, cus, "paid", 4900, time.Time{}, meta)},
		{"invoice.payment_failed", billing.InvoiceObject("in_2_"+stripeSub, stripeSub, cus, "open", 4900, time.Now().Add(48*time.Hour), meta)},
		{"customer.subscription.updated", billing.SubscriptionObject(stripeSub, cus, "past_due", "si_"+stripeSub, start, end, meta)},
		{"invoice.payment_failed", billing.InvoiceObject("in_2_"+stripeSub, stripeSub, cus, "open", 4900, time.Time{}, meta)},
		{"customer.subscription.updated", billing.SubscriptionObject(stripeSub, cus, "unpaid", "si_"+stripeSub, start, end, meta)},
	}
	var out []billing.Event
	for i, o := range objs {
		out = append(out, billing.Event{ID: "evt_" + stripeSub + "_" + string(rune('a'+i)), Type: o.typ,
			Created: e.next.Add(time.Duration(i+1) * time.Minute), Object: o.obj})
	}
	return out
}

type billingState struct {
	State, StripeStatus, InvoiceID, InvoiceStatus string
	Grace                                         *time.Time
	PeriodEnd                                     *time.Time
	HasItem                                       bool
}

func stateOf(t *testing.T, subID string) billingState {
	var s billingState
	require.NoError(t, testDB.QueryRowForTests(`SELECT state, stripe_status, split_part(latest_invoice_id, '_', 2),
		latest_invoice_status, grace_ends_at, current_period_end, stripe_item_id <> '' FROM subscriptions WHERE id = $1`, subID).
		Scan(&s.State, &s.StripeStatus, &s.InvoiceID, &s.InvoiceStatus, &s.Grace, &s.PeriodEnd, &s.HasItem))
	return s
}

// TestStripeDuplicatesAndDisorder: the same history delivered in order, and shuffled with 50 duplicates, ends in the
// same state; duplicates are acknowledged and stored once.
func TestStripeDuplicatesAndDisorder(t *testing.T) {
	e := newPayEnv(t, paidPlan)
	r := do(e.s, "POST", e.T+"/applications", e.w.tokens["dev"], `{"name":"Second app","team_id":"`+e.w.vars["teamA"]+`"}`)
	require.Equal(t, 201, r.Status, r.Body)
	other := e.subscribe(r.json(t)["id"].(string))

	for _, ev := range e.lifecycleEvents(e.subID, "sub_ordered") {
		r := e.deliverEvent(ev)
		require.Equal(t, 200, r.Status, r.Body)
		e.process()
	}
	ordered := stateOf(t, e.subID)
	assert.Equal(t, "suspended", ordered.State)

	events := e.lifecycleEvents(other, "sub_shuffled")
	deliveries := append([]billing.Event(nil), events...)
	for range 50 {
		deliveries = append(deliveries, events[rand.IntN(len(events))])
	}
	rand.Shuffle(len(deliveries), func(i, j int) { deliveries[i], deliveries[j] = deliveries[j], deliveries[i] })
	dups := 0
	for _, ev := range deliveries {
		r := e.deliverEvent(ev)
		require.Equal(t, 200, r.Status, r.Body)
		if r.json(t)["duplicate"] == true {
			dups++
		}
	}
	assert.Equal(t, 50, dups)
	e.process()
	assert.Equal(t, ordered, stateOf(t, other))
	var stored int
	require.NoError(t, testDB.QueryRowForTests(`SELECT count(*) FROM stripe_events WHERE tenant_id = $1 AND id LIKE 'evt_sub_shuffled%'`,
		e.tenantID).Scan(&stored))
	assert.Equal(t, len(events), stored)
}

// TestStripeWebhookRefusals: deliveries that are not Stripe's, or not for this tenant, are refused with 400 (or
// acknowledged and ignored) and never change anything.
func TestStripeWebhookRefusals(t *testing.T) {
	e := newPayEnv(t, paidPlan)
	valid := billing.Event{Type: "invoice.paid", Created: time.Now(),
		Object: billing.InvoiceObject("in_x", "sub_x", "cus_x", "paid", 100, time.Time{}, e.meta(e.subID))}
	body, sig := valid.Sign(whsec, time.Now())
	_, wrongSig := valid.Sign("whsec_someone_else_0000", time.Now())
	_, oldSig := valid.Sign(whsec, time.Now().Add(-10*time.Minute))
	oldVersion := strings.Replace(string(body), tollgate.StripeAPIVersion, "2020-08-27", 1)
	oldVersionSig := webhook.GenerateTestSignedPayload(&webhook.UnsignedPayload{Payload: []byte(oldVersion), Secret: whsec,
		Timestamp: time.Now()}).Header
	hook := "/webhooks/stripe/" + e.slug
	for _, c := range []struct {
		name, path, body, sig, want string
		status                      int
	}{
		{"unsigned", hook, string(body), "", "no Stripe-Signature header", 400},
		{"malformed header", hook, string(body), "nonsense", "malformed", 400},
		{"wrong secret", hook, string(body), wrongSig, "no valid signature", 400},
		{"replayed old delivery", hook, string(body), oldSig, "older than 5 minutes", 400},
		{"truncated body", hook, string(body[:len(body)/2]), sig, "no valid signature", 400},
		{"other API version", hook, oldVersion, oldVersionSig, "API version", 400},
		{"unknown tenant", "/webhooks/stripe/no-such-tenant", string(body), sig, "No organisation", 400},
		{"another tenant's URL", "/webhooks/stripe/" + e.w.vars["other"], string(body), sig, "no webhook signing secret", 400},
		{"too large", hook, `{"x":"` + strings.Repeat("a", 600<<10) + `"}`, sig, "at most", 413},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := do(e.s, "POST", c.path, "", c.body, "Stripe-Signature", c.sig)
			assert.Equal(t, c.status, r.Status, r.Body)
			assert.Equal(t, "application/problem+json", r.Header.Get("Content-Type"))
			assert.Contains(t, r.Body, c.want)
		})
	}
	var n int
	require.NoError(t, testDB.QueryRowForTests(`SELECT count(*) FROM stripe_events WHERE tenant_id = $1`, e.tenantID).Scan(&n))
	assert.Zero(t, n, "refused deliveries are not stored")

	// Signed and ours, but not for us to act on: acknowledged, stored, ignored.
	r := e.deliver("customer.created", map[string]any{"id": "cus_new", "object": "customer"})
	require.Equal(t, 200, r.Status, r.Body)
	r = e.deliver("invoice.paid", billing.InvoiceObject("in_y", "sub_foreign", "cus_y", "paid", 100, time.Time{},
		map[string]string{"tollgate_tenant_id": e.w.vars["other"], "tollgate_subscription_id": e.subID}))
	require.Equal(t, 200, r.Status, r.Body)
	e.process()
	assert.Equal(t, "pending_payment", e.sub(e.subID)["state"], "another tenant's invoice changes nothing")
	r = do(e.s, "GET", e.T+"/billing/events?status=processed", e.w.tokens["billing"], "")
	require.Equal(t, 200, r.Status, r.Body)
	assert.Contains(t, r.Body, "ignored: Tollgate does not act on customer.created")
	assert.Contains(t, r.Body, "ignored: the invoice belongs to another organisation")
}

// TestFirstPaymentFails: a first invoice that fails leaves the subscription waiting for payment, and the gateway's
// 402 carries the invoice's page to pay it.
func TestFirstPaymentFails(t *testing.T) {
	e := newPayEnv(t, paidPlan)
	inv := billing.InvoiceObject("in_first", "sub_first", "cus_first", "open", 4900, time.Now().Add(23*time.Hour), e.meta(e.subID))
	inv["billing_reason"] = "subscription_create"
	r := e.deliver("invoice.payment_failed", inv)
	require.Equal(t, 200, r.Status, r.Body)
	e.process()
	assert.Equal(t, "pending_payment", e.sub(e.subID)["state"])
	got, _ := e.await(402, "payment_required")
	require.Eventually(t, func() bool { got = e.call(); return got.body["invoice_url"] != nil }, 10*time.Second, 10*time.Millisecond)
	assert.Equal(t, "https://invoice.stripe.com/i/acct_test/in_first", got.body["invoice_url"])
	assert.Contains(t, got.body["payment_url"], e.subID)
}
