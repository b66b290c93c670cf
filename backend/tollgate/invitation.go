package tollgate

import (
	"context"
	"time"
)

// Invitation asks someone, by email, to join a tenant with a role (and optionally a team).
type Invitation struct {
	ID         string     `json:"id"`
	TenantID   string     `json:"-"`
	Email      string     `json:"email"`
	Role       Role       `json:"role"`
	TeamID     *string    `json:"team_id"`
	InvitedBy  *UserRef   `json:"invited_by"`
	ExpiresAt  time.Time  `json:"expires_at"`
	AcceptedAt *time.Time `json:"accepted_at"`
	RevokedAt  *time.Time `json:"-"`
	CreatedAt  time.Time  `json:"created_at"`
}

// Invitation statuses.
const (
	InvitationPending  = "pending"
	InvitationAccepted = "accepted"
	InvitationExpired  = "expired"
	InvitationRevoked  = "revoked"
)

// Status tells where the invitation stands at time now.
func (i *Invitation) Status(now time.Time) string {
	switch {
	case i.AcceptedAt != nil:
		return InvitationAccepted
	case i.RevokedAt != nil:
		return InvitationRevoked
	case !now.Before(i.ExpiresAt):
		return InvitationExpired
	}
	return InvitationPending
}

// Validate checks an invitation before it is stored.
func (i *Invitation) Validate() error {
	var p Problems
	i.Email = NormalizeEmail(i.Email)
	CheckEmail(&p, "email", i.Email)
	if !i.Role.Valid() {
		p.Add("role", "must be one of owner, admin, billing, developer")
	}
	return p.Err()
}

// InvitationFilter selects invitations by status ("" or "all" for every one).
type InvitationFilter struct {
	Page
	Status string
}

// InvitationService stores invitations.
type InvitationService interface {
	// CreateInvitation stores a pending invitation with the digest of its token. An expired open invitation for the
	// same address is closed first; a member or a pending invitation for that address is a conflict.
	CreateInvitation(ctx context.Context, inv *Invitation, tokenHash []byte) error
	ListInvitations(ctx context.Context, tenantID string, f InvitationFilter) ([]Invitation, int, error)
	RevokeInvitation(ctx context.Context, tenantID, id string) error
	// PendingInvitation finds a pending invitation by its token digest, with its tenant.
	PendingInvitation(ctx context.Context, tokenHash []byte) (*Invitation, *Tenant, error)
	// AcceptInvitation makes user a member (creating the user when user.ID is empty) and closes the invitation,
	// in one transaction.
	AcceptInvitation(ctx context.Context, tokenHash []byte, user *User) error
}
