package tollgate

import (
	"context"
	"time"
)

// GatewayKey is an API key as the gateway loads it.
type GatewayKey struct {
	ID, Prefix, TenantID, ApplicationID string
	Digest                              []byte
	APIIDs, AllowedIPs                  []string
	ExpiresAt, RevokedAt                *time.Time
}

// GatewayRoute is a routable API (published, deprecated or retired).
type GatewayRoute struct {
	APIID, TenantID, TenantSlug, Name, BasePath, Host, UpstreamURL string
	TimeoutMS                                                      int
	Lifecycle                                                      Lifecycle
	AllowQueryKey                                                  bool
	SunsetAt                                                       *time.Time
}

// GatewaySubscription is a subscription with the plan terms the gateway enforces.
type GatewaySubscription struct {
	ID, TenantID, ApplicationID, APIID, PlanID string
	State                                      SubscriptionState
	SuspendedByAdmin                           bool
	GraceEndsAt                                *time.Time
	CurrentPeriodStart, CurrentPeriodEnd       *time.Time
	UpdatedAt                                  time.Time
	InvoiceURL                                 string // Stripe's page for the open invoice, while payment is wanted
}

// GatewayPlan is a plan's limits.
type GatewayPlan struct {
	ID, Name, Overage  string
	Paid               bool
	MonthlyQuota       *int64
	RateLimitPerSecond int
	RateLimitPerMinute int
	CountedStatuses    []string
}

// GatewayState is everything the gateway decides with.
type GatewayState struct {
	Version       int64 // the state's version (see GatewayStateVersion), read before the rest
	Keys          []GatewayKey
	Routes        []GatewayRoute
	Subscriptions []GatewaySubscription
	Plans         []GatewayPlan
}

// UsageDelta is a number of calls to add to a subscription's counter for a period.
type UsageDelta struct {
	SubscriptionID string
	PeriodStart    time.Time
	Calls          int64
}

// UsageTotal is a subscription's counted calls in a period, across every gateway.
type UsageTotal = UsageDelta

// CallLog is one gateway call.
type CallLog struct {
	Time                                           time.Time
	RequestID                                      string
	TenantID, ApplicationID, APIID, SubscriptionID string // empty when unknown
	KeyPrefix, Method, Path, Code, ClientIP        string
	Status                                         int
	Latency, Upstream                              time.Duration
	BytesIn, BytesOut                              int64
}

// GatewayStore is what the gateway reads from and writes to the system of record.
type GatewayStore interface {
	// LoadGatewayState reads the gateway's state. With eachKey, keys are handed over one at a time (k is reused:
	// copy what you keep; total is the number of keys) instead of being collected in GatewayState.Keys, so a large
	// key set never exists twice in memory.
	LoadGatewayState(ctx context.Context, eachKey func(total int, k *GatewayKey) error) (*GatewayState, error)
	// GatewayStateVersion is a number that every change to the gateway's state increases.
	GatewayStateVersion(ctx context.Context) (int64, error)
	// AddUsage adds the deltas and returns the new totals.
	AddUsage(ctx context.Context, deltas []UsageDelta) ([]UsageTotal, error)
	// LoadUsage returns the totals of periods that start at or after since.
	LoadUsage(ctx context.Context, since time.Time) ([]UsageTotal, error)
	TouchKeys(ctx context.Context, lastUsed map[string]time.Time) error
	WriteCallLogs(ctx context.Context, logs []CallLog) error
	// PrepareCallLogs makes the daily partitions from..to exist and drops those older than keepSince.
	PrepareCallLogs(ctx context.Context, from, to, keepSince time.Time) error
	// ListenChanges calls onChange for every change notification until ctx ends or the connection fails.
	ListenChanges(ctx context.Context, onListening, onChange func()) error
}
