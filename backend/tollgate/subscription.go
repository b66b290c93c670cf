package tollgate

import (
	"context"
	"time"
)

// SubscriptionState is where a subscription stands. See Transition for how it moves.
type SubscriptionState string

// The states of a subscription (DESIGN.md section 5).
const (
	StateRequested       SubscriptionState = "requested"
	StatePendingApproval SubscriptionState = "pending_approval"
	StateApproved        SubscriptionState = "approved"
	StatePendingPayment  SubscriptionState = "pending_payment"
	StateActive          SubscriptionState = "active"
	StatePastDue         SubscriptionState = "past_due"
	StateSuspended       SubscriptionState = "suspended"
	StateRejected        SubscriptionState = "rejected"
	StateRevoked         SubscriptionState = "revoked"
	StateCanceled        SubscriptionState = "canceled"
)

// States lists every state.
var States = []SubscriptionState{StateRequested, StatePendingApproval, StateApproved, StatePendingPayment, StateActive,
	StatePastDue, StateSuspended, StateRejected, StateRevoked, StateCanceled}

// Terminal reports whether nothing can move a subscription out of s.
func (s SubscriptionState) Terminal() bool {
	return s == StateRejected || s == StateRevoked || s == StateCanceled
}

// SubscriptionEvent is what happens to a subscription.
type SubscriptionEvent string

// The events of the state machine.
const (
	EventSubmitAuto      SubscriptionEvent = "submit_auto"     // requested, the plan approves by itself
	EventSubmitForReview SubscriptionEvent = "submit_review"   // requested, the plan needs admins
	EventApprove         SubscriptionEvent = "approve"         // the (last needed) admin approves
	EventReject          SubscriptionEvent = "reject"          // an admin rejects
	EventActivateFree    SubscriptionEvent = "activate"        // an approved free plan starts
	EventRequirePayment  SubscriptionEvent = "require_payment" // an approved paid plan waits for checkout
	EventPaymentSettled  SubscriptionEvent = "payment_settled" // checkout completed or an invoice paid
	EventPaymentFailed   SubscriptionEvent = "payment_failed"  // an invoice failed; grace begins
	EventPaymentOverdue  SubscriptionEvent = "payment_overdue" // grace ended or Stripe gave up (unpaid)
	EventSuspend         SubscriptionEvent = "suspend"         // an admin suspends
	EventResume          SubscriptionEvent = "resume"          // an admin lifts a suspension
	EventRevoke          SubscriptionEvent = "revoke"          // an admin ends it for good
	EventCancel          SubscriptionEvent = "cancel"          // the developer or Stripe cancels
)

// transitions is the whole state machine: for each event, the states it may leave and the state it enters.
var transitions = map[SubscriptionEvent]struct {
	from []SubscriptionState
	to   SubscriptionState
}{
	EventSubmitAuto:      {[]SubscriptionState{StateRequested}, StateApproved},
	EventSubmitForReview: {[]SubscriptionState{StateRequested}, StatePendingApproval},
	EventApprove:         {[]SubscriptionState{StatePendingApproval}, StateApproved},
	EventReject:          {[]SubscriptionState{StatePendingApproval}, StateRejected},
	EventActivateFree:    {[]SubscriptionState{StateApproved}, StateActive},
	EventRequirePayment:  {[]SubscriptionState{StateApproved}, StatePendingPayment},
	EventPaymentSettled:  {[]SubscriptionState{StatePendingPayment, StatePastDue, StateSuspended}, StateActive},
	EventPaymentFailed:   {[]SubscriptionState{StateActive}, StatePastDue},
	EventPaymentOverdue:  {[]SubscriptionState{StatePastDue, StateActive}, StateSuspended},
	EventSuspend:         {[]SubscriptionState{StateActive, StatePastDue}, StateSuspended},
	EventResume:          {[]SubscriptionState{StateSuspended}, StateActive},
	EventRevoke: {[]SubscriptionState{StatePendingApproval, StateApproved, StatePendingPayment, StateActive, StatePastDue,
		StateSuspended}, StateRevoked},
	EventCancel: {[]SubscriptionState{StateRequested, StatePendingApproval, StateApproved, StatePendingPayment, StateActive,
		StatePastDue, StateSuspended}, StateCanceled},
}

// Transition returns the state event moves from into, or a conflict error naming the current state when the event
// is not allowed there. It is the only place that decides how subscriptions move.
func Transition(from SubscriptionState, ev SubscriptionEvent) (SubscriptionState, error) {
	t, ok := transitions[ev]
	if !ok {
		return from, Errorf(CodeBadRequest, "unknown subscription event %q", ev)
	}
	for _, s := range t.from {
		if s == from {
			return t.to, nil
		}
	}
	return from, &Error{Code: CodeConflict, Message: "cannot " + humanEvent(ev) + " a subscription that is " + humanState(from)}
}

func humanEvent(ev SubscriptionEvent) string {
	switch ev {
	case EventSubmitAuto, EventSubmitForReview:
		return "submit"
	case EventActivateFree:
		return "activate"
	case EventRequirePayment:
		return "ask payment for"
	case EventPaymentSettled:
		return "settle payment for"
	case EventPaymentFailed:
		return "record a failed payment for"
	case EventPaymentOverdue:
		return "mark overdue"
	}
	return string(ev)
}

func humanState(s SubscriptionState) string {
	switch s {
	case StatePendingApproval:
		return "pending approval"
	case StatePendingPayment:
		return "waiting for payment"
	case StatePastDue:
		return "past due"
	}
	return string(s)
}

// Subscription connects an application to one plan of an API.
type Subscription struct {
	ID              string            `json:"id"`
	TenantID        string            `json:"-"`
	ApplicationID   string            `json:"application_id"`
	APIID           string            `json:"api_id"`
	PlanID          string            `json:"plan_id"`
	State           SubscriptionState `json:"state"`
	Reason          string            `json:"reason"`
	RequestedBy     *UserRef          `json:"requested_by"`
	DecidedBy       *UserRef          `json:"decided_by"`
	DecidedAt       *time.Time        `json:"decided_at"`
	DecisionComment string            `json:"decision_comment"`
	Approvals       []Approval        `json:"approvals"`
	GraceEndsAt     *time.Time        `json:"grace_ends_at"`
	CreatedAt       time.Time         `json:"created_at"`

	// Billing: the plan's terms and what Stripe last said (paid plans).
	Paid                  bool       `json:"paid"`
	Billing               string     `json:"billing"` // flat | metered
	StripeStatus          string     `json:"stripe_status"`
	CurrentPeriodStart    *time.Time `json:"current_period_start"`
	CurrentPeriodEnd      *time.Time `json:"current_period_end"`
	LatestInvoiceStatus   string     `json:"latest_invoice_status"`
	LatestInvoiceAmount   int64      `json:"latest_invoice_amount"`
	LatestInvoiceCurrency string     `json:"latest_invoice_currency"`
	HostedInvoiceURL      string     `json:"hosted_invoice_url"`
	SuspendedByAdmin      bool       `json:"suspended_by_admin"` // suspended by an admin (403), not for non-payment (402)
	UpdatedAt             time.Time  `json:"updated_at"`

	// Names for lists and the approvals inbox.
	ApplicationName string `json:"application_name"`
	TeamID          string `json:"team_id"`
	TeamName        string `json:"team_name"`
	APIName         string `json:"api_name"`
	PlanName        string `json:"plan_name"`
	Approval        string `json:"approval_policy"`
}

// Approval is one admin's yes on a pending request.
type Approval struct {
	Admin     UserRef   `json:"admin"`
	Comment   string    `json:"comment"`
	CreatedAt time.Time `json:"created_at"`
}

// SubscriptionEventRecord is one recorded transition.
type SubscriptionEventRecord struct {
	ID        int64             `json:"id"`
	Event     SubscriptionEvent `json:"event"`
	From      SubscriptionState `json:"from_state"`
	To        SubscriptionState `json:"to_state"`
	Actor     *UserRef          `json:"actor"`
	Reason    string            `json:"reason"`
	CreatedAt time.Time         `json:"created_at"`
}

// SubscriptionFilter selects subscriptions.
type SubscriptionFilter struct {
	Page
	States        []SubscriptionState
	ApplicationID string
	APIID         string
	TeamIDs       []string // only these teams' applications (nil: any)
	OldestFirst   bool
}

// SubscriptionService stores subscriptions and moves them through the state machine, one transaction per move,
// each recorded in subscription_events.
type SubscriptionService interface {
	// RequestSubscription files a request and runs it as far as the plan allows (auto-approval, free activation).
	RequestSubscription(ctx context.Context, s *Subscription) error
	Subscription(ctx context.Context, tenantID, id string) (*Subscription, error)
	ListSubscriptions(ctx context.Context, tenantID string, f SubscriptionFilter) ([]Subscription, int, error)
	SubscriptionEvents(ctx context.Context, tenantID, id string) ([]SubscriptionEventRecord, error)
	// Approve records the actor's approval; the request moves on when the plan's policy is met.
	Approve(ctx context.Context, tenantID, id, comment string) (*Subscription, error)
	// Apply moves a subscription by an event (reject, suspend, resume, revoke, cancel), with a reason.
	Apply(ctx context.Context, tenantID, id string, ev SubscriptionEvent, reason string) (*Subscription, error)
	// ChangePlan moves a live subscription to another plan of the same API.
	ChangePlan(ctx context.Context, tenantID, id, planID, reason string) (*Subscription, error)
}
