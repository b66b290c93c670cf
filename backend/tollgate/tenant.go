package tollgate

import (
	"context"
	"strings"
	"time"
)

// Tenant is an organisation: everything it owns is isolated from every other tenant.
type Tenant struct {
	ID          string    `json:"id"`
	Slug        string    `json:"slug"`
	Name        string    `json:"name"`
	AllowSignup bool      `json:"allow_signup"`
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
}

// Validate checks a tenant before it is stored.
func (t *Tenant) Validate() error {
	var p Problems
	t.Name = strings.TrimSpace(t.Name)
	CheckSlug(&p, "slug", t.Slug, 2, 63)
	if reservedSlugs[t.Slug] {
		p.Add("slug", "%q is reserved; choose another slug", t.Slug)
	}
	CheckName(&p, "name", t.Name, 200)
	return p.Err()
}

// reservedSlugs are paths of the gateway itself: a tenant's APIs live under /<slug>/ on the gateway.
var reservedSlugs = map[string]bool{"healthz": true, "readyz": true, "metrics": true}

// TenantUpdate changes some of a tenant's settings; nil fields stay as they are.
type TenantUpdate struct {
	Name        *string
	AllowSignup *bool
}

// TenantService stores tenants.
type TenantService interface {
	// CreateTenant stores t and, when ownerID is not empty, makes that user its owner.
	CreateTenant(ctx context.Context, t *Tenant, ownerID string) error
	TenantBySlug(ctx context.Context, slug string) (*Tenant, error)
	// ListTenants lists every tenant when memberID is empty, otherwise the tenants memberID belongs to.
	ListTenants(ctx context.Context, memberID string, page Page) ([]Tenant, int, error)
	UpdateTenant(ctx context.Context, id string, upd TenantUpdate) (*Tenant, error)
}
