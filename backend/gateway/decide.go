package gateway

import (
	"net/netip"
	"sync/atomic"
	"time"
)

// Code is a decision's stable code, the `code` of refusals (README: "The gateway's decision").
type Code uint8

// The decision codes, in the order of the decision table.
const (
	Allow Code = iota
	MissingAPIKey
	InvalidAPIKey
	APIKeyRevoked
	APIKeyExpired
	IPNotAllowed
	NoRoute
	APIRetired
	KeyScopeDenied
	NotSubscribed
	SubscriptionPendingApproval
	SubscriptionRejected
	SubscriptionRevoked
	SubscriptionSuspended
	PaymentRequired
	PaymentOverdue
	SubscriptionCanceled
	QuotaExhausted
	RateLimited
	UpstreamUnavailable
	UpstreamTimeout
	ClientClosed
	GatewayUnavailable
	BadRequest
	PayloadTooLarge
)

var codeNames = [...]string{"ok", "missing_api_key", "invalid_api_key", "api_key_revoked", "api_key_expired", "ip_not_allowed",
	"no_route", "api_retired", "key_scope_denied", "not_subscribed", "subscription_pending_approval", "subscription_rejected",
	"subscription_revoked", "subscription_suspended", "payment_required", "payment_overdue", "subscription_canceled",
	"quota_exhausted", "rate_limited", "upstream_unavailable", "upstream_timeout", "client_closed_request",
	"gateway_unavailable", "bad_request", "payload_too_large"}

var codeStatus = [...]int{200, 401, 401, 401, 401, 403, 404, 410, 403, 403, 403, 403, 403, 403, 402, 402, 402, 402, 429, 502,
	504, 499, 503, 400, 413}

func (c Code) String() string { return codeNames[c] }

// Status is the HTTP status of a refusal with this code.
func (c Code) Status() int { return codeStatus[c] }

// Subscription states as the gateway sees them (the domain's state machine names).
const (
	SubRequested       = "requested"
	SubPendingApproval = "pending_approval"
	SubApproved        = "approved"
	SubPendingPayment  = "pending_payment"
	SubActive          = "active"
	SubPastDue         = "past_due"
	SubSuspended       = "suspended"
	SubRejected        = "rejected"
	SubRevoked         = "revoked"
	SubCanceled        = "canceled"
)

// Key is what the gateway knows of an API key (filled per call from the snapshot's compact record).
type Key struct {
	Prefix, TenantID, AppID string
	APIIDs                  []string // empty: every API the application subscribes to
	AllowedIPs              []netip.Prefix
	ExpiresAt, RevokedAt    time.Time // zero: never
	rec                     *keyRec
}

// Route is a published (or deprecated, or retired) API.
type Route struct {
	APIID, TenantID, TenantSlug, BasePath, Name string
	Retired                                     bool
	AllowQueryKey                               bool
	SunsetAt                                    time.Time
}

// Plan holds a plan's limits.
type Plan struct {
	ID, Name      string
	Paid          bool
	Quota         int64 // < 0: unlimited
	BlockOverage  bool
	RatePerSecond int
	RatePerMinute int
}

// Subscription is an application's subscription to an API.
type Subscription struct {
	ID, AppID, APIID, State string
	SuspendedByAdmin        bool
	GraceEndsAt             time.Time
	PeriodEnd               time.Time // when the quota resets
	Plan                    *Plan
	InvoiceURL              string // Stripe's page for the open invoice, while payment is wanted

	periodStart    time.Time
	updated        time.Time
	terms          *planTerms
	hdrApp, hdrSub []string // identity header values, built once
	quota          atomic.Pointer[quotaPeriod]
}

// Facts are everything Decide needs, gathered before it runs: what the request carried and what the snapshot and
// counters say about it.
type Facts struct {
	KeyPresent    bool
	KeyWellFormed bool
	Key           *Key // nil: no such key (in this tenant)
	ClientIP      netip.Addr
	Route         *Route        // nil: no API at this path
	Sub           *Subscription // nil: the application does not subscribe to the API
	QuotaUsed     int64         // calls counted in the current period
	RateLimited   bool          // the rate limiter refused this call
	RetryAfter    time.Duration // from the rate limiter
}

// Verdict is the outcome: allow, or refuse with a code. Warning is set for calls allowed during a payment grace period.
type Verdict struct {
	Code      Code
	GraceWarn bool
	QuotaLeft int64 // remaining calls after this one; < 0: unlimited
}

// Decide applies the decision table (README, "The gateway's decision"); the first matching row wins. It is pure:
// facts and time in, verdict out, no allocation.
func Decide(f *Facts, now time.Time) Verdict {
	// 1. The key: present, well formed, known.
	if !f.KeyPresent {
		return Verdict{Code: MissingAPIKey}
	}
	if !f.KeyWellFormed || f.Key == nil {
		return Verdict{Code: InvalidAPIKey}
	}
	k := f.Key
	// 2. Revoked, expired, or called from an address the key does not allow.
	if !k.RevokedAt.IsZero() && !now.Before(k.RevokedAt) {
		return Verdict{Code: APIKeyRevoked}
	}
	if !k.ExpiresAt.IsZero() && !now.Before(k.ExpiresAt) {
		return Verdict{Code: APIKeyExpired}
	}
	if len(k.AllowedIPs) > 0 && !ipAllowed(k.AllowedIPs, f.ClientIP) {
		return Verdict{Code: IPNotAllowed}
	}
	// 3. The route.
	if f.Route == nil {
		return Verdict{Code: NoRoute}
	}
	if f.Route.Retired {
		return Verdict{Code: APIRetired}
	}
	// 4. The key's scope and the subscription.
	if len(k.APIIDs) > 0 && !contains(k.APIIDs, f.Route.APIID) {
		return Verdict{Code: KeyScopeDenied}
	}
	s := f.Sub
	if s == nil {
		return Verdict{Code: NotSubscribed}
	}
	switch s.State {
	// 5. Not approved (yet), or closed by the provider.
	case SubRequested, SubPendingApproval:
		return Verdict{Code: SubscriptionPendingApproval}
	case SubRejected:
		return Verdict{Code: SubscriptionRejected}
	case SubRevoked:
		return Verdict{Code: SubscriptionRevoked}
	// 6. Paid plan, checkout not completed.
	case SubApproved, SubPendingPayment:
		return Verdict{Code: PaymentRequired}
	// 7. Overdue: grace over, or suspended for non-payment. An admin's suspension is not fixed by paying.
	case SubSuspended:
		if s.SuspendedByAdmin {
			return Verdict{Code: SubscriptionSuspended}
		}
		return Verdict{Code: PaymentOverdue}
	case SubPastDue:
		if !now.Before(s.GraceEndsAt) {
			return Verdict{Code: PaymentOverdue}
		}
	// 8. Canceled.
	case SubCanceled:
		return Verdict{Code: SubscriptionCanceled}
	}
	// 9. Quota used up on a plan that blocks overage.
	left := int64(-1)
	if p := s.Plan; p != nil && p.Quota >= 0 {
		left = p.Quota - f.QuotaUsed - 1
		if p.BlockOverage && f.QuotaUsed >= p.Quota {
			return Verdict{Code: QuotaExhausted, QuotaLeft: 0}
		}
		left = max(left, 0)
	}
	// 10. Rate limit.
	if f.RateLimited {
		return Verdict{Code: RateLimited, QuotaLeft: left}
	}
	// 11. Proxy.
	return Verdict{Code: Allow, GraceWarn: s.State == SubPastDue, QuotaLeft: left}
}

func ipAllowed(nets []netip.Prefix, ip netip.Addr) bool {
	ip = ip.Unmap()
	for _, n := range nets {
		if n.Contains(ip) {
			return true
		}
	}
	return false
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
