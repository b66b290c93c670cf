package tollgate

import (
	"context"
	"time"
)

// StripeAPIVersion is the Stripe API version Tollgate speaks (stripe-go v76 pins it). Webhook endpoints must be
// created with this version: deliveries in another version are refused.
const StripeAPIVersion = "2023-10-16"

// StripeEventTypes are the webhook events Tollgate applies; a tenant registers these on its endpoint.
var StripeEventTypes = []string{
	"checkout.session.completed",
	"customer.subscription.created", "customer.subscription.updated", "customer.subscription.deleted",
	"customer.subscription.paused", "customer.subscription.resumed",
	"invoice.paid", "invoice.payment_failed", "invoice.payment_action_required", "invoice.upcoming",
}

// StripeSettings is what the portal shows of a tenant's Stripe connection. Secrets never leave the server: only
// whether they are set and their last four characters.
type StripeSettings struct {
	Connected          bool       `json:"connected"` // a secret key is available (the tenant's or the operator's)
	Source             string     `json:"source"`    // tenant | operator | none
	SecretKeySet       bool       `json:"secret_key_set"`
	SecretKeyLast4     string     `json:"secret_key_last4"`
	WebhookSecretSet   bool       `json:"webhook_secret_set"`
	WebhookSecretLast4 string     `json:"webhook_secret_last4"`
	Livemode           bool       `json:"livemode"`
	VerifiedAt         *time.Time `json:"verified_at"`
	UpdatedAt          *time.Time `json:"updated_at"`
	WebhookURL         string     `json:"webhook_url"`
	APIVersion         string     `json:"api_version"`
	EventTypes         []string   `json:"event_types"`
}

// StripeSecrets is a change to a tenant's Stripe secrets; nil fields stay as they are, empty strings clear them.
type StripeSecrets struct {
	SecretKey     *string
	WebhookSecret *string
}

// StripeCheck is the outcome of testing a tenant's Stripe connection.
type StripeCheck struct {
	OK       bool   `json:"ok"`
	Livemode bool   `json:"livemode"`
	Detail   string `json:"detail"`
}

// StripePrice is a recurring price in the tenant's Stripe account, for picking a plan's price.
type StripePrice struct {
	ID          string `json:"id"`
	ProductID   string `json:"product_id"`
	ProductName string `json:"product_name"`
	Nickname    string `json:"nickname"`
	UnitAmount  int64  `json:"unit_amount"` // in the currency's smallest unit
	Currency    string `json:"currency"`
	Interval    string `json:"interval"`   // day | week | month | year
	UsageType   string `json:"usage_type"` // licensed (flat) | metered
	Active      bool   `json:"active"`
}

// PriceInput creates a Stripe price for a plan: flat plans charge UnitAmount per interval, metered plans per call.
type PriceInput struct {
	UnitAmount int64  `json:"unit_amount"`
	Currency   string `json:"currency"`
	Interval   string `json:"interval"`
}

// StripeEventRecord is a stored webhook event as the billing team sees it.
type StripeEventRecord struct {
	ID             string     `json:"id"`
	Type           string     `json:"type"`
	Created        time.Time  `json:"created"`
	Livemode       bool       `json:"livemode"`
	SubscriptionID *string    `json:"subscription_id"`
	Source         string     `json:"source"` // webhook | recovery
	ReceivedAt     time.Time  `json:"received_at"`
	ProcessedAt    *time.Time `json:"processed_at"`
	Status         string     `json:"status"` // processed | pending | retrying | failed
	Outcome        string     `json:"outcome"`
	Error          string     `json:"error"`
	Attempts       int        `json:"attempts"`
	NextAttemptAt  *time.Time `json:"next_attempt_at"`
	Payload        []byte     `json:"-"`
}

// StripeEventFilter selects stored events.
type StripeEventFilter struct {
	Page
	Status string // processed | pending | failed ("": any)
	Type   string
}

// Drift kinds found by reconciliation.
const (
	DriftState       = "state"        // our state does not follow Stripe's status
	DriftPeriod      = "period"       // the billing period differs
	DriftInvoice     = "invoice"      // the latest invoice differs
	DriftUnlinked    = "unlinked"     // a live paid subscription with no Stripe subscription
	DriftMissing     = "missing"      // Stripe does not know our Stripe subscription
	DriftUsage       = "usage"        // metered usage counted but not reported (past hours)
	DriftUnavailable = "stripe_error" // Stripe could not be asked
)

// ReconciliationRow compares one subscription with Stripe.
type ReconciliationRow struct {
	SubscriptionID       string     `json:"subscription_id"`
	ApplicationName      string     `json:"application_name"`
	APIName              string     `json:"api_name"`
	PlanName             string     `json:"plan_name"`
	State                string     `json:"state"`
	GraceEndsAt          *time.Time `json:"grace_ends_at"`
	StripeSubscriptionID string     `json:"stripe_subscription_id"`
	StripeStatus         string     `json:"stripe_status"`
	PeriodStart          *time.Time `json:"current_period_start"`
	PeriodEnd            *time.Time `json:"current_period_end"`
	StripePeriodStart    *time.Time `json:"stripe_period_start"`
	StripePeriodEnd      *time.Time `json:"stripe_period_end"`
	InvoiceStatus        string     `json:"latest_invoice_status"`
	InvoiceAmount        int64      `json:"latest_invoice_amount"`
	InvoiceCurrency      string     `json:"latest_invoice_currency"`
	Metered              bool       `json:"metered"`
	UsageCounted         int64      `json:"usage_counted"`
	UsageReported        int64      `json:"usage_reported"`
	Drift                []string   `json:"drift"` // kinds; empty: in step
	Detail               string     `json:"detail"`
	Fixed                bool       `json:"fixed"`
}

// ReconciliationRun is one pass over a tenant's paid subscriptions.
type ReconciliationRun struct {
	ID         string              `json:"id"`
	Trigger    string              `json:"trigger"` // manual | nightly | cli | subscription
	Fix        bool                `json:"fix"`
	StartedAt  time.Time           `json:"started_at"`
	FinishedAt *time.Time          `json:"finished_at"`
	Checked    int                 `json:"checked"`
	Drifted    int                 `json:"drifted"`
	Fixed      int                 `json:"fixed"`
	Error      string              `json:"error"`
	Rows       []ReconciliationRow `json:"rows"`
}

// ReconcileOptions says how to run a reconciliation.
type ReconcileOptions struct {
	Fix     bool
	Trigger string
}

// BillingOverview counts what the billing team watches.
type BillingOverview struct {
	Connected       bool               `json:"connected"`
	ActivePaid      int                `json:"active_paid"`
	PendingPayment  int                `json:"pending_payment"`
	PastDue         int                `json:"past_due"`
	InGrace         int                `json:"in_grace"`
	Suspended       int                `json:"suspended"`
	FailedEvents    int                `json:"failed_events"`
	PendingEvents   int                `json:"pending_events"`
	LastRun         *ReconciliationRun `json:"last_reconciliation"`
	FailedPayments  []Subscription     `json:"failed_payments"` // past due and unpaid, newest first
	UnreportedUsage int64              `json:"unreported_usage"`
}

// BillingService connects tenants to Stripe, takes payments, applies Stripe's webhooks and reconciles.
type BillingService interface {
	StripeSettings(ctx context.Context, tenantID string) (*StripeSettings, error)
	SetStripeSecrets(ctx context.Context, tenantID string, in StripeSecrets) (*StripeSettings, error)
	TestStripe(ctx context.Context, tenantID string) (*StripeCheck, error)
	ListPrices(ctx context.Context, tenantID string) ([]StripePrice, error)
	// CreatePlanPrice creates a product and price in Stripe for a paid plan and links the plan to it.
	CreatePlanPrice(ctx context.Context, tenantID, planID string, in PriceInput) (*Plan, error)

	// Checkout opens a Checkout Session for a subscription waiting for payment and returns its URL.
	Checkout(ctx context.Context, tenantID, subID string) (string, error)
	// BillingPortal opens a Stripe Billing Portal session for the subscription's team and returns its URL.
	BillingPortal(ctx context.Context, tenantID, subID string) (string, error)

	// ReceiveWebhook verifies and stores a delivery; duplicate reports a delivery already stored.
	ReceiveWebhook(ctx context.Context, tenantSlug string, payload []byte, signature string) (duplicate bool, err error)
	ListEvents(ctx context.Context, tenantID string, f StripeEventFilter) ([]StripeEventRecord, int, error)
	ReplayEvent(ctx context.Context, tenantID, id string) (*StripeEventRecord, error)
	// RecoverEvents lists events Stripe could not deliver and applies those not stored yet.
	RecoverEvents(ctx context.Context, tenantID string) (int, error)

	Reconcile(ctx context.Context, tenantID string, opt ReconcileOptions) (*ReconciliationRun, error)
	LastReconciliation(ctx context.Context, tenantID string) (*ReconciliationRun, error)
	ResyncSubscription(ctx context.Context, tenantID, subID string) (*ReconciliationRow, error)
	Overview(ctx context.Context, tenantID string) (*BillingOverview, error)
}

// StripeGoal is the state a subscription should be in when Stripe reports status for it ("" when Tollgate does not
// act on the status).
func StripeGoal(status string) SubscriptionState {
	switch status {
	case "active", "trialing":
		return StateActive
	case "past_due":
		return StatePastDue
	case "unpaid", "paused":
		return StateSuspended
	case "canceled", "incomplete_expired":
		return StateCanceled
	case "incomplete":
		return StatePendingPayment
	}
	return ""
}

// stripeDriven are the events Stripe's news may cause; approvals and an admin's decisions are never among them.
var stripeDriven = []SubscriptionEvent{EventRequirePayment, EventPaymentSettled, EventPaymentFailed, EventPaymentOverdue, EventCancel}

// StripeMoves returns the shortest series of Stripe-driven state machine events that brings a subscription from cur
// to goal: when news arrives out of order (a renewal's failure before the checkout), the missing steps are taken
// too. Stripe never lifts an admin's suspension, never approves a request and never reopens a closed subscription:
// those drifts are for reconciliation to show. Nil when cur is the goal or the goal cannot be reached.
func StripeMoves(cur SubscriptionState, suspendedByAdmin bool, goal SubscriptionState) []SubscriptionEvent {
	if goal == "" || cur == goal || cur.Terminal() || (cur == StateSuspended && suspendedByAdmin && goal != StateCanceled) {
		return nil
	}
	type step struct {
		state SubscriptionState
		path  []SubscriptionEvent
	}
	seen := map[SubscriptionState]bool{cur: true}
	queue := []step{{state: cur}}
	for len(queue) > 0 {
		at := queue[0]
		queue = queue[1:]
		for _, ev := range stripeDriven {
			next, err := Transition(at.state, ev)
			if err != nil || seen[next] {
				continue
			}
			path := append(append([]SubscriptionEvent(nil), at.path...), ev)
			if next == goal {
				return path
			}
			seen[next] = true
			queue = append(queue, step{next, path})
		}
	}
	return nil
}

// Invoice is what Tollgate keeps of a subscription's latest Stripe invoice.
type Invoice struct {
	ID, Status, Currency, HostedURL string
	AmountDue                       int64
}

// StripeSync is what one Stripe event (or a fetch of Stripe's current object) says about one of our subscriptions.
// Empty fields leave what is stored.
type StripeSync struct {
	SubscriptionID string
	EventAt        time.Time // when Stripe created the event; older than the last applied: nothing changes
	Force          bool      // re-sync from Stripe's current object: apply even when not newer
	Reason         string
	Goal           SubscriptionState // "" : no state change
	// GraceCap is when Stripe stops retrying the failed invoice: grace never lasts beyond it (nil: no cap known).
	GraceCap                                 *time.Time
	StripeSubscriptionID, CustomerID, ItemID string
	Status                                   string // Stripe's subscription status
	PeriodStart, PeriodEnd                   *time.Time
	Invoice                                  *Invoice
	Notice                                   string // a message for the developer (an invoice needs action, say)
}
