package billing

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"time"

	"github.com/stripe/stripe-go/v76/webhook"

	"tollgate/backend/tollgate"
)

// Event is a Stripe event to deliver to a webhook endpoint, shaped like Stripe's own for API version 2023-10-16. The
// `tollgate stripe-event` command sends these to a running instance; the tests deliver them the same way.
type Event struct {
	ID      string         // "" : a new evt_ id
	Type    string         // invoice.paid, say
	Created time.Time      // zero: now
	Object  map[string]any // data.object
}

// Payload is the event's JSON body.
func (e Event) Payload() []byte {
	if e.ID == "" {
		e.ID = "evt_" + randomID()
	}
	if e.Created.IsZero() {
		e.Created = time.Now()
	}
	b, _ := json.Marshal(map[string]any{ // maps and strings always marshal
		"id": e.ID, "object": "event", "api_version": tollgate.StripeAPIVersion, "created": e.Created.Unix(),
		"data": map[string]any{"object": e.Object}, "livemode": false, "pending_webhooks": 1,
		"request": map[string]any{"id": nil, "idempotency_key": nil}, "type": e.Type,
	})
	return b
}

// Sign returns the event's body and its Stripe-Signature header, signed with secret at a time.
func (e Event) Sign(secret string, at time.Time) (body []byte, signature string) {
	signed := webhook.GenerateTestSignedPayload(&webhook.UnsignedPayload{Payload: e.Payload(), Secret: secret, Timestamp: at})
	return signed.Payload, signed.Header
}

func randomID() string {
	b := make([]byte, 12)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// CheckoutCompleted is a checkout.session.completed object for one of our subscriptions.
func CheckoutCompleted(tenantID, subID, customer, stripeSub, paymentStatus string) map[string]any {
	return map[string]any{
		"id": "cs_test_" + randomID(), "object": "checkout.session", "mode": "subscription", "status": "complete",
		"payment_status": paymentStatus, "client_reference_id": subID, "customer": customer, "subscription": stripeSub,
		"metadata": map[string]any{"tollgate_tenant_id": tenantID, "tollgate_subscription_id": subID},
		"livemode": false, "currency": "usd", "amount_total": 4900,
	}
}

// SubscriptionObject is a subscription object with one item and a period.
func SubscriptionObject(id, customer, status, itemID string, periodStart, periodEnd time.Time, meta map[string]string) map[string]any {
	return map[string]any{
		"id": id, "object": "subscription", "customer": customer, "status": status,
		"current_period_start": periodStart.Unix(), "current_period_end": periodEnd.Unix(), "livemode": false,
		"metadata": meta, "cancel_at_period_end": false, "created": periodStart.Unix(),
		"items": map[string]any{"object": "list", "has_more": false, "url": "/v1/subscription_items?subscription=" + id,
			"data": []any{map[string]any{"id": itemID, "object": "subscription_item", "subscription": id, "quantity": 1}}},
	}
}

// InvoiceObject is a renewal invoice of a subscription opened by Tollgate (meta: the subscription's metadata).
// nextAttempt zero: Stripe will not retry.
func InvoiceObject(id, stripeSub, customer, status string, amountDue int64, nextAttempt time.Time, meta map[string]string) map[string]any {
	obj := map[string]any{
		"subscription_details": map[string]any{"metadata": meta},
		"id":                   id, "object": "invoice", "subscription": stripeSub, "customer": customer, "status": status,
		"amount_due": amountDue, "amount_paid": 0, "currency": "usd", "billing_reason": "subscription_cycle",
		"hosted_invoice_url": "https://invoice.stripe.com/i/acct_test/" + id, "livemode": false, "attempt_count": 1,
		"next_payment_attempt": nil,
	}
	if status == "paid" {
		obj["amount_paid"] = amountDue
	}
	if !nextAttempt.IsZero() {
		obj["next_payment_attempt"] = nextAttempt.Unix()
	}
	return obj
}
