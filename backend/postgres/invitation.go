package postgres

import (
	"context"
	"time"

	"gorm.io/gorm"

	"tollgate/backend/tollgate"
)

// InvitationService stores invitations.
type InvitationService struct{ db *DB }

// NewInvitationService returns the invitation store.
func NewInvitationService(db *DB) *InvitationService { return &InvitationService{db: db} }

var _ tollgate.InvitationService = (*InvitationService)(nil)

type invitationRow struct {
	ID, TenantID, Email string
	Role                tollgate.Role
	TeamID              *string
	InvitedBy           *string
	InviterEmail        *string
	InviterName         *string
	ExpiresAt           time.Time
	AcceptedAt          *time.Time
	RevokedAt           *time.Time
	CreatedAt           time.Time
}

func (r invitationRow) invitation() tollgate.Invitation {
	inv := tollgate.Invitation{ID: r.ID, TenantID: r.TenantID, Email: r.Email, Role: r.Role, TeamID: r.TeamID,
		ExpiresAt: r.ExpiresAt, AcceptedAt: r.AcceptedAt, RevokedAt: r.RevokedAt, CreatedAt: r.CreatedAt}
	if r.InvitedBy != nil && r.InviterEmail != nil {
		inv.InvitedBy = &tollgate.UserRef{ID: *r.InvitedBy, Email: *r.InviterEmail, Name: *r.InviterName}
	}
	return inv
}

const invitationColumns = `SELECT i.id, i.tenant_id, i.email, i.role, i.team_id, i.invited_by, u.email AS inviter_email,
	u.name AS inviter_name, i.expires_at, i.accepted_at, i.revoked_at, i.created_at`
const invitationFrom = `invitations i LEFT JOIN users u ON u.id = i.invited_by`

// CreateInvitation stores a pending invitation with its token digest.
func (s *InvitationService) CreateInvitation(ctx context.Context, inv *tollgate.Invitation, tokenHash []byte) error {
	if err := inv.Validate(); err != nil {
		return err
	}
	now := s.db.Now()
	inv.ID, inv.CreatedAt = newID(), now
	actor := tollgate.ActorFrom(ctx).UserID
	return s.db.tx(ctx, func(tx *gorm.DB) error {
		if inv.TeamID != nil {
			if _, err := team(tx, inv.TenantID, *inv.TeamID); err != nil {
				return &tollgate.Error{Code: tollgate.CodeValidation, Message: "the team does not exist",
					Fields: []tollgate.FieldError{{Field: "team_id", Message: "is not a team of this tenant"}}}
			}
		}
		var members int64
		err := tx.Raw(`SELECT count(*) FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.tenant_id = ? AND u.email = ?`,
			inv.TenantID, inv.Email).Scan(&members).Error
		if err != nil {
			return translate(err, "membership")
		}
		if members > 0 {
			return tollgate.Errorf(tollgate.CodeConflict, "%s is already a member of this tenant", inv.Email)
		}
		// An expired invitation no longer blocks a new one.
		err = tx.Exec(`UPDATE invitations SET revoked_at = ? WHERE tenant_id = ? AND email = ? AND accepted_at IS NULL
			AND revoked_at IS NULL AND expires_at <= ?`, now, inv.TenantID, inv.Email, now).Error
		if err != nil {
			return translate(err, "invitation")
		}
		var invitedBy *string
		if actor != "" {
			invitedBy = &actor
		}
		err = tx.Exec(`INSERT INTO invitations (id, tenant_id, email, role, team_id, token_hash, invited_by, expires_at, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, inv.ID, inv.TenantID, inv.Email, inv.Role, inv.TeamID, bytea(tokenHash),
			invitedBy, inv.ExpiresAt, inv.CreatedAt).Error
		if err != nil {
			return translate(err, "a pending invitation for "+inv.Email)
		}
		var row invitationRow
		if err := tx.Raw(invitationColumns+` FROM `+invitationFrom+` WHERE i.id = ?`, inv.ID).Take(&row).Error; err != nil {
			return translate(err, "invitation")
		}
		*inv = row.invitation()
		return audit(ctx, tx, inv.TenantID, "invitation.create", "invitation", inv.ID, nil,
			map[string]any{"email": inv.Email, "role": inv.Role, "team_id": inv.TeamID, "expires_at": inv.ExpiresAt})
	})
}

// ListInvitations lists a tenant's invitations, newest first.
func (s *InvitationService) ListInvitations(ctx context.Context, tenantID string, f tollgate.InvitationFilter) ([]tollgate.Invitation, int, error) {
	now := s.db.Now()
	where, args := `i.tenant_id = ?`, []any{tenantID}
	switch f.Status {
	case tollgate.InvitationPending:
		where, args = where+` AND i.accepted_at IS NULL AND i.revoked_at IS NULL AND i.expires_at > ?`, append(args, now)
	case tollgate.InvitationAccepted:
		where += ` AND i.accepted_at IS NOT NULL`
	case tollgate.InvitationExpired:
		where, args = where+` AND i.accepted_at IS NULL AND i.revoked_at IS NULL AND i.expires_at <= ?`, append(args, now)
	case tollgate.InvitationRevoked:
		where += ` AND i.accepted_at IS NULL AND i.revoked_at IS NOT NULL`
	}
	if f.Query != "" {
		where, args = where+` AND i.email ILIKE ?`, append(args, like(f.Query))
	}
	var rows []invitationRow
	total, err := list(s.db.conn(ctx), invitationColumns, invitationFrom, where, args, `i.created_at DESC, i.id`, f.Page, &rows)
	if err != nil {
		return nil, 0, translate(err, "invitations")
	}
	out := make([]tollgate.Invitation, len(rows))
	for i, r := range rows {
		out[i] = r.invitation()
	}
	return out, total, nil
}

// RevokeInvitation closes a pending invitation so its link stops working.
func (s *InvitationService) RevokeInvitation(ctx context.Context, tenantID, id string) error {
	if !isUUID(id) {
		return tollgate.NotFound("invitation")
	}
	return s.db.tx(ctx, func(tx *gorm.DB) error {
		res := tx.Exec(`UPDATE invitations SET revoked_at = ? WHERE tenant_id = ? AND id = ? AND accepted_at IS NULL
			AND revoked_at IS NULL`, s.db.Now(), tenantID, id)
		if res.Error != nil {
			return translate(res.Error, "invitation")
		}
		if res.RowsAffected == 0 {
			return tollgate.NotFound("pending invitation")
		}
		return audit(ctx, tx, tenantID, "invitation.revoke", "invitation", id, nil, nil)
	})
}

// PendingInvitation finds a pending, unexpired invitation by its token digest.
func (s *InvitationService) PendingInvitation(ctx context.Context, tokenHash []byte) (*tollgate.Invitation, *tollgate.Tenant, error) {
	return pendingInvitation(s.db.conn(ctx), tokenHash, s.db.Now(), false)
}

func pendingInvitation(q *gorm.DB, tokenHash []byte, now time.Time, lock bool) (*tollgate.Invitation, *tollgate.Tenant, error) {
	sql := invitationColumns + ` FROM ` + invitationFrom + ` WHERE i.token_hash = ? AND i.accepted_at IS NULL
		AND i.revoked_at IS NULL AND i.expires_at > ?`
	if lock {
		sql += ` FOR UPDATE OF i`
	}
	var row invitationRow
	if err := q.Raw(sql, bytea(tokenHash), now).Take(&row).Error; err != nil {
		return nil, nil, translate(err, "invitation (it may have expired or been used already)")
	}
	var t tollgate.Tenant
	if err := q.Raw(`SELECT `+tenantColumns+` FROM tenants WHERE id = ?`, row.TenantID).Take(&t).Error; err != nil {
		return nil, nil, translate(err, "tenant")
	}
	inv := row.invitation()
	return &inv, &t, nil
}

// AcceptInvitation makes user a member of the invitation's tenant, creating the user when user.ID is empty.
func (s *InvitationService) AcceptInvitation(ctx context.Context, tokenHash []byte, user *tollgate.User) error {
	now := s.db.Now()
	return s.db.tx(ctx, func(tx *gorm.DB) error {
		inv, _, err := pendingInvitation(tx, tokenHash, now, true)
		if err != nil {
			return err
		}
		if user.ID == "" {
			user.Email = inv.Email
			if err := createUser(tx, now, user); err != nil {
				return err
			}
		} else if tollgate.NormalizeEmail(user.Email) != inv.Email {
			return tollgate.Errorf(tollgate.CodeForbidden, "this invitation is for another email address")
		}
		ctx := withSelfActor(ctx, user.ID)
		if err := addMember(ctx, tx, inv.TenantID, user.ID, inv.Role, now); err != nil {
			return err
		}
		if inv.TeamID != nil {
			if err := addTeamMember(ctx, tx, inv.TenantID, *inv.TeamID, user.ID, now); err != nil {
				return err
			}
		}
		if err := tx.Exec(`UPDATE invitations SET accepted_at = ?, accepted_by = ? WHERE id = ?`, now, user.ID, inv.ID).Error; err != nil {
			return translate(err, "invitation")
		}
		return audit(ctx, tx, inv.TenantID, "invitation.accept", "invitation", inv.ID, nil,
			map[string]any{"user_id": user.ID, "email": inv.Email, "role": inv.Role})
	})
}
