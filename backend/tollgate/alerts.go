package tollgate

import (
	"context"
	"time"
)

// AlertKind describes one kind of alert: who gets it and on which channels by default.
type AlertKind struct {
	Kind        string `json:"kind"`
	Label       string `json:"label"`
	Description string `json:"description"`
	Email       bool   `json:"-"` // emailed unless the member turns it off
}

// AlertKinds are the alerts Tollgate sends, in the order the portal lists them.
var AlertKinds = []AlertKind{
	{"quota.threshold", "Quota warnings", "Usage reached 80%, 90% or 100% of a plan's quota (thresholds per plan).", true},
	{"payment.failed", "Payment failed", "A payment for a subscription failed; access continues during the grace period.", true},
	{"payment.grace_ending", "Grace period ending", "The grace period of a failed payment ends within 24 hours.", true},
	{"key.expiring", "API key expiring", "An API key expires in 7 days, and again 1 day before.", true},
	{"subscription.approved", "Subscription approved", "A subscription request was approved.", false},
	{"subscription.rejected", "Subscription rejected", "A subscription request was rejected.", true},
	{"subscription.suspended", "Subscription suspended", "An admin suspended a subscription.", true},
	{"api.deprecated", "API deprecated", "An API you use is deprecated, with its sunset date.", true},
}

// IsAlertKind reports whether kind is one of AlertKinds.
func IsAlertKind(kind string) bool {
	for _, k := range AlertKinds {
		if k.Kind == kind {
			return true
		}
	}
	return false
}

// Preference is a member's choice for one kind of alert.
type Preference struct {
	Kind        string `json:"kind"`
	Label       string `json:"label"`
	Description string `json:"description"`
	Portal      bool   `json:"portal"`
	Email       bool   `json:"email"`
}

// WebhookEndpoint is an outgoing webhook a tenant admin (tenant-wide) or a team registered.
type WebhookEndpoint struct {
	ID             string     `json:"id"`
	TenantID       string     `json:"-"`
	TeamID         *string    `json:"team_id"`
	URL            string     `json:"url"`
	Description    string     `json:"description"`
	Events         []string   `json:"events"` // empty: every kind
	Enabled        bool       `json:"enabled"`
	Status         string     `json:"status"` // active | failing
	FailureCount   int        `json:"failure_count"`
	LastDeliveryAt *time.Time `json:"last_delivery_at"`
	LastStatus     *int       `json:"last_status"`
	CreatedAt      time.Time  `json:"created_at"`
}

// WebhookEndpointInput creates or changes an endpoint; nil fields stay as they are.
type WebhookEndpointInput struct {
	URL, Description, TeamID *string
	Events                   *[]string
	Enabled                  *bool
}

// WebhookDelivery is one attempt series to deliver one event to one endpoint.
type WebhookDelivery struct {
	ID             string     `json:"id"`
	EventID        string     `json:"event_id"`
	Kind           string     `json:"kind"`
	Status         string     `json:"status"` // pending | delivered | retrying | failed
	Attempts       int        `json:"attempts"`
	ResponseStatus *int       `json:"response_status"`
	Error          string     `json:"error"`
	CreatedAt      time.Time  `json:"created_at"`
	DeliveredAt    *time.Time `json:"delivered_at"`
	NextAttemptAt  *time.Time `json:"next_attempt_at"`
}

// AlertService keeps members' preferences and the tenants' outgoing webhooks.
type AlertService interface {
	Preferences(ctx context.Context, tenantID, userID string) ([]Preference, error)
	SetPreferences(ctx context.Context, tenantID, userID string, prefs []Preference) ([]Preference, error)
	// ListEndpoints lists the endpoints of these teams (nil: every endpoint, for admins).
	ListEndpoints(ctx context.Context, tenantID string, teamIDs []string) ([]WebhookEndpoint, error)
	Endpoint(ctx context.Context, tenantID, id string) (*WebhookEndpoint, error)
	// CreateEndpoint registers an endpoint and returns its signing secret, shown this once.
	CreateEndpoint(ctx context.Context, tenantID string, in WebhookEndpointInput) (*WebhookEndpoint, string, error)
	UpdateEndpoint(ctx context.Context, tenantID, id string, in WebhookEndpointInput) (*WebhookEndpoint, error)
	DeleteEndpoint(ctx context.Context, tenantID, id string) error
	// TestEndpoint sends a test event now and returns its delivery.
	TestEndpoint(ctx context.Context, tenantID, id string) (*WebhookDelivery, error)
	Deliveries(ctx context.Context, tenantID, endpointID string, p Page) ([]WebhookDelivery, int, error)
}
