package httpapi_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"tollgate/backend/billing"
)

// stripeState answers GET /v1/subscriptions/{id} from a small in-test state, where stripe-mock's fixed answers cannot
// say "unpaid" or "no such subscription"; every other call goes to stripe-mock.
type stripeState struct {
	mu      sync.Mutex
	subs    map[string]map[string]any
	missing map[string]bool
	URL     string
}

func newStripeState(t *testing.T) *stripeState {
	st := &stripeState{subs: map[string]map[string]any{}, missing: map[string]bool{}}
	target, err := url.Parse(stripeURL)
	require.NoError(t, err)
	mock := httputil.NewSingleHostReverseProxy(target)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if id, ok := strings.CutPrefix(r.URL.Path, "/v1/subscriptions/"); ok && r.Method == http.MethodGet {
			st.mu.Lock()
			obj, known := st.subs[id]
			gone := st.missing[id]
			st.mu.Unlock()
			w.Header().Set("Content-Type", "application/json")
			switch {
			case gone:
				w.WriteHeader(404)
				_, _ = w.Write([]byte(`{"error":{"type":"invalid_request_error","code":"resource_missing","message":"No such subscription: '` + id + `'"}}`))
				return
			case known:
				_ = json.NewEncoder(w).Encode(obj)
				return
			}
		}
		mock.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	st.URL = srv.URL
	return st
}

func (st *stripeState) set(id, status string, start, end time.Time, invoice map[string]any) {
	obj := billing.SubscriptionObject(id, "cus_"+id, status, "si_"+id, start, end, nil)
	if invoice != nil {
		obj["latest_invoice"] = invoice
	}
	st.mu.Lock()
	st.subs[id] = obj
	st.mu.Unlock()
}

// plant puts a subscription into a state, linked to a Stripe subscription with a period, as if it had lived there.
func (e *payEnv) plant(subID, state, stripeSub string, start, end time.Time, invoiceID, invoiceStatus string) {
	require.NoError(e.t, testDB.QueryRowForTests(`UPDATE subscriptions SET state = $2, stripe_subscription_id = $3,
		current_period_start = $4, current_period_end = $5, latest_invoice_id = $6, latest_invoice_status = $7,
		grace_ends_at = CASE WHEN $2 = 'past_due' THEN now() + interval '1 day' END WHERE id = $1 RETURNING id`,
		subID, state, stripeSub, start, end, invoiceID, invoiceStatus).Scan(new(string)))
}

func (e *payEnv) newApp(name string) string {
	r := do(e.s, "POST", e.T+"/applications", e.w.tokens["dev"], `{"name":"`+name+`","team_id":"`+e.w.vars["teamA"]+`"}`)
	require.Equal(e.t, 201, r.Status, r.Body)
	return r.json(e.t)["id"].(string)
}

type runBody struct {
	Run *struct {
		Checked, Drifted, Fixed int
		Error                   string
		Rows                    []struct {
			SubscriptionID string   `json:"subscription_id"`
			State          string   `json:"state"`
			StripeStatus   string   `json:"stripe_status"`
			Drift          []string `json:"drift"`
			Fixed          bool     `json:"fixed"`
			Detail         string   `json:"detail"`
		}
	} `json:"run"`
}

func decodeRun(t *testing.T, r response) runBody {
	t.Helper()
	require.Equal(t, 200, r.Status, r.Body)
	var b runBody
	require.NoError(t, json.Unmarshal([]byte(r.Body), &b), r.Body)
	require.NotNil(t, b.Run, r.Body)
	return b
}

func (b runBody) drift(subID string) []string {
	for _, r := range b.Run.Rows {
		if r.SubscriptionID == subID {
			return r.Drift
		}
	}
	return nil
}

// TestReconciliation plants each kind of drift, finds it, repairs what Stripe can tell, and changes nothing when
// Stripe cannot be asked.
func TestReconciliation(t *testing.T) {
	st := newStripeState(t)
	e := newPayEnvOn(t, paidPlan, st.URL)
	bt := e.w.tokens["billing"]
	start, end := time.Now().Add(-24*time.Hour).Truncate(time.Second), time.Now().Add(29*24*time.Hour).Truncate(time.Second)
	inv := func(id, status string) map[string]any {
		return billing.InvoiceObject(id, "", "", status, 4900, time.Time{}, nil)
	}
	subs := map[string]string{}
	for _, name := range []string{"clean", "paid", "unpaid", "gone", "unlinked", "period"} {
		subs[name] = e.subscribe(e.newApp("App " + name))
	}
	e.plant(subs["clean"], "active", "sub_clean", start, end, "in_clean", "paid")
	st.set("sub_clean", "active", start, end, inv("in_clean", "paid"))
	e.plant(subs["paid"], "past_due", "sub_paid", start, end, "in_paid", "open")
	st.set("sub_paid", "active", start, end, inv("in_paid", "paid"))
	e.plant(subs["unpaid"], "active", "sub_unpaid", start, end, "in_unpaid", "open")
	st.set("sub_unpaid", "unpaid", start, end, inv("in_unpaid", "open"))
	e.plant(subs["gone"], "active", "sub_gone", start, end, "", "")
	st.missing["sub_gone"] = true
	e.plant(subs["unlinked"], "active", "", start, end, "", "")
	e.plant(subs["period"], "active", "sub_period", start, end, "in_period", "paid")
	st.set("sub_period", "active", end, end.AddDate(0, 1, 0), inv("in_period", "paid"))

	r := do(e.s, "POST", e.T+"/billing/reconciliation", e.w.tokens["dev"], `{"fix":true}`)
	assert.Equal(t, 403, r.Status, "developers do not reconcile")

	got := decodeRun(t, do(e.s, "POST", e.T+"/billing/reconciliation", bt, `{"fix":false}`))
	assert.Equal(t, 7, got.Run.Checked, "six planted and the environment's own subscription waiting for payment")
	assert.Equal(t, 5, got.Run.Drifted)
	assert.Zero(t, got.Run.Fixed)
	assert.Empty(t, got.drift(subs["clean"]))
	assert.Equal(t, []string{"state", "invoice"}, got.drift(subs["paid"]))
	assert.Equal(t, []string{"state"}, got.drift(subs["unpaid"]))
	assert.Equal(t, []string{"missing"}, got.drift(subs["gone"]))
	assert.Equal(t, []string{"unlinked"}, got.drift(subs["unlinked"]))
	assert.Equal(t, []string{"period"}, got.drift(subs["period"]))
	assert.Equal(t, "past_due", e.sub(subs["paid"])["state"], "a check without --fix changes nothing")

	filtered := decodeRun(t, do(e.s, "GET", e.T+"/billing/reconciliation?drifted=true&drift=missing", bt, ""))
	require.Len(t, filtered.Run.Rows, 1)
	assert.Equal(t, subs["gone"], filtered.Run.Rows[0].SubscriptionID)
	csv := do(e.s, "GET", e.T+"/billing/reconciliation.csv", bt, "")
	require.Equal(t, 200, csv.Status, csv.Body)
	assert.Equal(t, "text/csv; charset=utf-8", csv.Header.Get("Content-Type"))
	lines := strings.Split(strings.TrimSpace(csv.Body), "\n")
	assert.Len(t, lines, 8)
	assert.True(t, strings.HasPrefix(lines[0], "subscription_id,application,api,plan,state"), lines[0])
	assert.Contains(t, csv.Body, subs["gone"]+",App gone")

	// Stripe down: the run says so and nothing changes.
	down := newPayEnvOn(t, paidPlan, "http://127.0.0.1:1")
	down.plant(down.subID, "past_due", "sub_down", start, end, "", "")
	failed := decodeRun(t, do(down.s, "POST", down.T+"/billing/reconciliation", down.w.tokens["billing"], `{"fix":true}`))
	assert.Contains(t, failed.Run.Error, "Stripe could not be asked, nothing was changed")
	assert.Zero(t, failed.Run.Fixed)
	assert.Equal(t, "past_due", down.sub(down.subID)["state"])

	// --fix repairs what Stripe's side tells; a person deals with the rest.
	fixed := decodeRun(t, do(e.s, "POST", e.T+"/billing/reconciliation", bt, `{"fix":true}`))
	assert.Equal(t, 3, fixed.Run.Fixed)
	assert.Equal(t, "active", e.sub(subs["paid"])["state"])
	assert.Equal(t, "paid", e.sub(subs["paid"])["latest_invoice_status"])
	assert.Equal(t, "suspended", e.sub(subs["unpaid"])["state"])
	assert.Equal(t, end.AddDate(0, 1, 0).UTC().Format(time.RFC3339), e.sub(subs["period"])["current_period_end"])
	assert.Equal(t, "active", e.sub(subs["gone"])["state"], "missing in Stripe: flagged, not guessed at")
	again := decodeRun(t, do(e.s, "POST", e.T+"/billing/reconciliation", bt, `{"fix":false}`))
	assert.Equal(t, 2, again.Run.Drifted, "only the missing and the unlinked one remain")

	// Re-sync one subscription from Stripe.
	e.plant(subs["paid"], "past_due", "sub_paid", start, end, "in_paid", "open")
	r = do(e.s, "POST", e.T+"/subscriptions/"+subs["paid"]+"/resync", bt, "")
	require.Equal(t, 200, r.Status, r.Body)
	assert.Equal(t, true, r.json(t)["fixed"])
	assert.Equal(t, "active", e.sub(subs["paid"])["state"])

	r = do(e.s, "GET", e.T+"/billing/overview", bt, "")
	require.Equal(t, 200, r.Status, r.Body)
	o := r.json(t)
	assert.Equal(t, true, o["connected"])
	assert.EqualValues(t, 1, o["suspended"])
	assert.EqualValues(t, 1, o["pending_payment"])
	assert.NotNil(t, o["last_reconciliation"])
}

// TestStripeSettings: secrets are checked, sealed at rest, never returned or audited, and only owners change them.
func TestStripeSettings(t *testing.T) {
	s, _ := newServer(t, testConfig())
	w := newWorld(t, s)
	T := "/api/v1/tenants/" + w.vars["acme"]

	r := do(s, "GET", T+"/billing/stripe", w.tokens["billing"], "")
	require.Equal(t, 200, r.Status, r.Body)
	assert.Equal(t, false, r.json(t)["connected"])
	assert.Equal(t, "http://portal.test/webhooks/stripe/"+w.vars["acme"], r.json(t)["webhook_url"])
	r = do(s, "POST", T+"/billing/stripe/test", w.tokens["owner"], "")
	assert.Equal(t, 409, r.Status, r.Body)
	assert.Contains(t, r.Body, "stripe_not_connected")

	r = do(s, "PUT", T+"/billing/stripe", w.tokens["admin"], `{"secret_key":"sk_test_abcdef123456"}`)
	assert.Equal(t, 403, r.Status, "only owners connect Stripe")
	r = do(s, "PUT", T+"/billing/stripe", w.tokens["owner"], `{"secret_key":"pk_test_abc","webhook_secret":"nope"}`)
	assert.Equal(t, 422, r.Status, r.Body)
	assert.Contains(t, r.Body, `"field":"secret_key"`)
	assert.Contains(t, r.Body, `"field":"webhook_secret"`)

	r = do(s, "PUT", T+"/billing/stripe", w.tokens["owner"], `{"secret_key":"sk_test_abcdef123456","webhook_secret":"whsec_zyxwvu987654"}`)
	require.Equal(t, 200, r.Status, r.Body)
	assert.NotContains(t, r.Body, "abcdef123456")
	assert.NotContains(t, r.Body, "zyxwvu987654")
	assert.Equal(t, "3456", r.json(t)["secret_key_last4"])
	assert.Equal(t, "tenant", r.json(t)["source"])

	var sealed []byte
	require.NoError(t, testDB.QueryRowForTests(`SELECT ts.secret_key_enc FROM tenant_stripe ts JOIN tenants t ON t.id = ts.tenant_id
		WHERE t.slug = $1`, w.vars["acme"]).Scan(&sealed))
	assert.NotContains(t, string(sealed), "abcdef123456")
	r = do(s, "GET", T+"/audit", w.tokens["owner"], "")
	assert.Contains(t, r.Body, "stripe.settings")
	assert.NotContains(t, r.Body, "abcdef123456")

	r = do(s, "POST", T+"/billing/stripe/test", w.tokens["billing"], "")
	require.Equal(t, 200, r.Status, r.Body)
	assert.Equal(t, true, r.json(t)["ok"])
	r = do(s, "GET", T+"/billing/stripe", w.tokens["owner"], "")
	assert.NotNil(t, r.json(t)["verified_at"])

	r = do(s, "GET", T+"/billing/prices", w.tokens["dev"], "")
	require.Equal(t, 200, r.Status, r.Body)
	assert.Contains(t, r.Body, `"id":"price_`)

	// A paid plan gets a price created in Stripe; a free plan cannot have one.
	r = do(s, "POST", T+"/apis/"+w.vars["apiA"]+"/plans", w.tokens["owner"], `{"name":"Gold","paid":true}`)
	require.Equal(t, 201, r.Status, r.Body)
	gold := r.json(t)["id"].(string)
	r = do(s, "POST", T+"/apis/"+w.vars["apiA"]+"/plans/"+gold+"/stripe-price", w.tokens["owner"], `{"unit_amount":4900,"currency":"EUR"}`)
	require.Equal(t, 200, r.Status, r.Body)
	assert.True(t, strings.HasPrefix(r.json(t)["stripe_price_id"].(string), "price_"), r.Body)
	r = do(s, "POST", T+"/apis/"+w.vars["apiA"]+"/plans/"+w.vars["planA"]+"/stripe-price", w.tokens["owner"], `{"unit_amount":100,"currency":"usd","interval":"fortnight"}`)
	assert.Equal(t, 422, r.Status, r.Body)
	assert.Contains(t, r.Body, "only paid plans")
	assert.Contains(t, r.Body, `"field":"interval"`)

	r = do(s, "PUT", T+"/billing/stripe", w.tokens["owner"], `{"secret_key":""}`)
	require.Equal(t, 200, r.Status, r.Body)
	assert.Equal(t, false, r.json(t)["secret_key_set"])
}

// TestCheckoutRefusals: checkout only for subscriptions waiting for payment on a priced plan; Stripe down leaves
// nothing half-made.
func TestCheckoutRefusals(t *testing.T) {
	e := newPayEnvOn(t, paidPlan, "http://127.0.0.1:1")
	r := do(e.s, "POST", e.T+"/subscriptions/"+e.subID+"/checkout", e.w.tokens["dev"], "")
	assert.Equal(t, 502, r.Status, r.Body)
	assert.Contains(t, r.Body, "stripe_error")
	assert.Contains(t, r.Body, "nothing was changed")
	var session, customer string
	require.NoError(t, testDB.QueryRowForTests(`SELECT s.checkout_session_id, tm.stripe_customer_id FROM subscriptions s
		JOIN applications a ON a.id = s.application_id JOIN teams tm ON tm.id = a.team_id WHERE s.id = $1`, e.subID).Scan(&session, &customer))
	assert.Empty(t, session)
	assert.Empty(t, customer)
	assert.Equal(t, "pending_payment", e.sub(e.subID)["state"])

	r = do(e.s, "POST", e.T+"/subscriptions/"+e.w.vars["subA"]+"/checkout", e.w.tokens["dev"], "")
	assert.Equal(t, 409, r.Status, r.Body)
	assert.Contains(t, r.Body, "not waiting for payment")
	r = do(e.s, "POST", e.T+"/subscriptions/"+e.subID+"/billing-portal", e.w.tokens["dev"], "")
	assert.Equal(t, 409, r.Status, r.Body)
	assert.Contains(t, r.Body, "pay for a subscription first")

	noPrice := newPayEnv(t, `{"name":"Unpriced","paid":true,"approval":"auto"}`)
	r = do(noPrice.s, "POST", noPrice.T+"/subscriptions/"+noPrice.subID+"/checkout", noPrice.w.tokens["dev"], "")
	assert.Equal(t, 409, r.Status, r.Body)
	assert.Contains(t, r.Body, "has no Stripe price yet")
}

// TestMeteredUsage: calls through the gateway are reported to Stripe per hour, each difference once, with
// deterministic idempotency keys; invoice.upcoming flushes the current hour; a failed event is retried and can be
// replayed.
func TestMeteredUsage(t *testing.T) {
	e := newPayEnv(t, `{"name":"Metered","paid":true,"billing":"metered","stripe_price_id":"price_1Metered","approval":"auto"}`)
	r := e.deliver("checkout.session.completed", billing.CheckoutCompleted(e.tenantID, e.subID, "cus_m", "sub_metered", "paid"))
	require.Equal(t, 200, r.Status, r.Body)
	e.process()
	require.Equal(t, "active", e.sub(e.subID)["state"])
	e.await(200, "")

	units := func() (n int64) {
		require.NoError(t, testDB.QueryRowForTests(`SELECT COALESCE(sum(units), 0) FROM usage_hourly WHERE subscription_id = $1`, e.subID).Scan(&n))
		return n
	}
	reported := func() (n int64, rows int) {
		require.NoError(t, testDB.QueryRowForTests(`SELECT COALESCE(sum(quantity), 0), count(*) FROM usage_reports WHERE subscription_id = $1`,
			e.subID).Scan(&n, &rows))
		return n, rows
	}
	before := units()
	for range 5 {
		require.Equal(t, 200, e.call().status)
	}
	require.Eventually(t, func() bool { return units() >= before+5 }, 10*time.Second, 20*time.Millisecond, "counts flushed")
	total := units()
	// The hour is over (two hours ago now).
	require.NoError(t, testDB.QueryRowForTests(`UPDATE usage_hourly SET hour = hour - interval '2 hours' WHERE subscription_id = $1
		RETURNING subscription_id`, e.subID).Scan(new(string)))

	require.NoError(t, e.bill.ReportUsage(e.ctx))
	n, rows := reported()
	assert.Equal(t, total, n)
	assert.Equal(t, 1, rows)
	require.NoError(t, e.bill.ReportUsage(e.ctx))
	n, rows = reported()
	assert.Equal(t, total, n, "reported once")
	assert.Equal(t, 1, rows)

	// Late counts for the same hour: only the difference, under a new key.
	require.NoError(t, testDB.QueryRowForTests(`UPDATE usage_hourly SET units = units + 3 WHERE subscription_id = $1 RETURNING subscription_id`,
		e.subID).Scan(new(string)))
	require.NoError(t, e.bill.ReportUsage(e.ctx))
	n, rows = reported()
	assert.Equal(t, total+3, n)
	assert.Equal(t, 2, rows)
	var joined string
	require.NoError(t, testDB.QueryRowForTests(`SELECT string_agg(idempotency_key, ' ' ORDER BY id) FROM usage_reports
		WHERE subscription_id = $1`, e.subID).Scan(&joined))
	keys := strings.Fields(joined)
	require.Len(t, keys, 2)
	assert.True(t, strings.HasPrefix(keys[0], "tg-usage-"+e.subID+"-") && strings.HasSuffix(keys[0], "-0"), keys[0])
	assert.True(t, strings.HasSuffix(keys[1], "-"+strconv.FormatInt(total, 10)), keys[1])

	// invoice.upcoming reports the current hour too.
	for range 2 {
		require.Equal(t, 200, e.call().status)
	}
	require.Eventually(t, func() bool { return units() >= total+3+2 }, 10*time.Second, 20*time.Millisecond)
	r = e.deliver("invoice.upcoming", billing.InvoiceObject("", "sub_metered", "cus_m", "draft", 0, time.Time{}, e.meta(e.subID)))
	require.Equal(t, 200, r.Status, r.Body)
	e.process()
	n, _ = reported()
	assert.Equal(t, units(), n, "everything counted is reported before the invoice")

	// Replay re-applies a stored event; billing sees the outcome.
	r = do(e.s, "GET", e.T+"/billing/events?type=invoice.upcoming", e.w.tokens["billing"], "")
	require.Equal(t, 200, r.Status, r.Body)
	var list struct {
		Items []struct{ ID, Status, Outcome string }
	}
	require.NoError(t, json.Unmarshal([]byte(r.Body), &list))
	require.Len(t, list.Items, 1)
	assert.Equal(t, "processed", list.Items[0].Status)
	assert.Contains(t, list.Items[0].Outcome, "usage flushed")
	r = do(e.s, "POST", e.T+"/billing/events/"+list.Items[0].ID+"/replay", e.w.tokens["billing"], "")
	require.Equal(t, 200, r.Status, r.Body)
	assert.Equal(t, "processed", r.json(t)["status"])
	assert.Contains(t, r.json(t)["outcome"], "0 calls reported", "nothing new to report: nothing reported twice")

	r = do(e.s, "POST", e.T+"/billing/events/recover", e.w.tokens["billing"], "")
	require.Equal(t, 200, r.Status, r.Body)
	assert.Contains(t, r.Body, `"recovered":`)
}

// TestStripeEventRetries: an event that cannot be applied (Stripe unreachable while fetching the subscription) is
// kept, shown to the billing team with its error and next attempt, and applied by a replay once Stripe is back.
func TestStripeEventRetries(t *testing.T) {
	e := newPayEnvOn(t, paidPlan, "http://127.0.0.1:1")
	r := e.deliver("checkout.session.completed", billing.CheckoutCompleted(e.tenantID, e.subID, "cus_r", "sub_retry", "paid"))
	require.Equal(t, 200, r.Status, r.Body, "stored and acknowledged even though it cannot be applied yet")
	e.process()
	assert.Equal(t, "pending_payment", e.sub(e.subID)["state"])

	r = do(e.s, "GET", e.T+"/billing/events?status=failed", e.w.tokens["billing"], "")
	require.Equal(t, 200, r.Status, r.Body)
	var list struct {
		Items []struct {
			ID, Status, Error string
			Attempts          int
			NextAttemptAt     *time.Time `json:"next_attempt_at"`
		}
	}
	require.NoError(t, json.Unmarshal([]byte(r.Body), &list))
	require.Len(t, list.Items, 1)
	ev := list.Items[0]
	assert.Equal(t, "retrying", ev.Status)
	assert.Contains(t, ev.Error, "Stripe could not be reached")
	assert.Equal(t, 1, ev.Attempts)
	require.NotNil(t, ev.NextAttemptAt)
	assert.True(t, ev.NextAttemptAt.After(time.Now()), "retried later, with backoff")
	e.process()
	r = do(e.s, "GET", e.T+"/billing/overview", e.w.tokens["billing"], "")
	assert.EqualValues(t, 1, r.json(t)["failed_events"])

	// Stripe is back: the billing team replays the event.
	back := newBilling(testConfig(), stripeURL)
	rec, err := back.ReplayEvent(e.ctx, e.tenantID, ev.ID)
	require.NoError(t, err)
	assert.Equal(t, "processed", rec.Status)
	assert.Equal(t, "active", e.sub(e.subID)["state"])
}
