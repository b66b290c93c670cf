package tollgate

import (
	"context"
	"net"
	"strings"
	"time"
)

// APIKey is an application's credential for the gateway. Only its digest is stored; the key itself is shown once.
type APIKey struct {
	ID            string     `json:"id"`
	TenantID      string     `json:"-"`
	ApplicationID string     `json:"application_id"`
	Name          string     `json:"name"`
	Prefix        string     `json:"prefix"`
	Mode          string     `json:"mode"`
	APIIDs        []string   `json:"api_ids"`     // empty: every API the application subscribes to
	AllowedIPs    []string   `json:"allowed_ips"` // empty: any address
	ExpiresAt     *time.Time `json:"expires_at"`
	RevokedAt     *time.Time `json:"revoked_at"`
	LastUsedAt    *time.Time `json:"last_used_at"`
	RotatedFromID *string    `json:"rotated_from_id"`
	CreatedBy     *UserRef   `json:"created_by"`
	CreatedAt     time.Time  `json:"created_at"`
}

// Key statuses.
const (
	KeyActive  = "active"
	KeyExpired = "expired"
	KeyRevoked = "revoked"
)

// Status tells whether the key works at time now. A key expires at exactly its expiry instant.
func (k *APIKey) Status(now time.Time) string {
	switch {
	case k.RevokedAt != nil:
		return KeyRevoked
	case k.ExpiresAt != nil && !now.Before(*k.ExpiresAt):
		return KeyExpired
	}
	return KeyActive
}

// Validate checks a new key's settings at time now, normalising IP addresses to CIDRs.
func (k *APIKey) Validate(now time.Time) error {
	var p Problems
	k.Name = strings.TrimSpace(k.Name)
	CheckName(&p, "name", k.Name, 200)
	if k.Mode == "" {
		k.Mode = "live"
	}
	if k.Mode != "live" && k.Mode != "test" {
		p.Add("mode", "must be live or test")
	}
	if len(k.AllowedIPs) > 50 {
		p.Add("allowed_ips", "at most 50 entries")
	}
	for i, s := range k.AllowedIPs {
		s = strings.TrimSpace(s)
		if ip := net.ParseIP(s); ip != nil {
			bits := 32
			if ip.To4() == nil {
				bits = 128
			}
			k.AllowedIPs[i] = (&net.IPNet{IP: ip, Mask: net.CIDRMask(bits, bits)}).String()
			continue
		}
		_, n, err := net.ParseCIDR(s)
		if err != nil {
			p.Add("allowed_ips", "%q is not an IP address or CIDR range such as 203.0.113.0/24", s)
			continue
		}
		k.AllowedIPs[i] = n.String()
	}
	if k.ExpiresAt != nil && !k.ExpiresAt.After(now) {
		p.Add("expires_at", "must be in the future")
	}
	if k.APIIDs == nil {
		k.APIIDs = []string{}
	}
	if k.AllowedIPs == nil {
		k.AllowedIPs = []string{}
	}
	return p.Err()
}

// KeyFilter selects keys.
type KeyFilter struct {
	Page
	ActiveOnly bool
}

// KeyService stores API keys by digest.
type KeyService interface {
	// CreateKey stores a key's settings with its digest. Scoped APIs must be subscribed by the application.
	CreateKey(ctx context.Context, k *APIKey, digest []byte) error
	Key(ctx context.Context, tenantID, applicationID, id string) (*APIKey, error)
	ListKeys(ctx context.Context, tenantID, applicationID string, f KeyFilter) ([]APIKey, int, error)
	RenameKey(ctx context.Context, tenantID, applicationID, id, name string) (*APIKey, error)
	// RotateKey stores a successor with the old key's settings and makes the old key expire at overlapEnds.
	RotateKey(ctx context.Context, tenantID, applicationID, id string, next *APIKey, digest []byte, overlapEnds time.Time) error
	RevokeKey(ctx context.Context, tenantID, applicationID, id string) (*APIKey, error)
}
