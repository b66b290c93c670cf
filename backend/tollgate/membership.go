package tollgate

import (
	"context"
	"time"
)

// Membership gives a user a role in a tenant.
type Membership struct {
	TenantID  string
	UserID    string
	Role      Role
	CreatedAt time.Time
}

// Member is a membership as listed to the tenant's people.
type Member struct {
	UserID   string    `json:"user_id"`
	Email    string    `json:"email"`
	Name     string    `json:"name"`
	Role     Role      `json:"role"`
	JoinedAt time.Time `json:"joined_at"`
}

// TenantRole is one of a user's tenants with their role in it.
type TenantRole struct {
	Tenant TenantRef `json:"tenant"`
	Role   Role      `json:"role"`
}

// TenantRef is the short form of a tenant.
type TenantRef struct {
	ID   string `json:"id"`
	Slug string `json:"slug"`
	Name string `json:"name"`
}

// MemberFilter selects members.
type MemberFilter struct {
	Page
	Role Role
}

// MembershipService stores memberships.
type MembershipService interface {
	Membership(ctx context.Context, tenantID, userID string) (*Membership, error)
	UserTenants(ctx context.Context, userID string) ([]TenantRole, error)
	ListMembers(ctx context.Context, tenantID string, f MemberFilter) ([]Member, int, error)
	Member(ctx context.Context, tenantID, userID string) (*Member, error)
	// AddMember gives an existing user a role in the tenant.
	AddMember(ctx context.Context, tenantID, userID string, role Role) error
	// SetRole changes a member's role; it refuses to leave the tenant without an owner.
	SetRole(ctx context.Context, tenantID, userID string, role Role) (*Member, error)
	// RemoveMember removes a member (and their team memberships); it refuses to remove the last owner.
	RemoveMember(ctx context.Context, tenantID, userID string) error
}
