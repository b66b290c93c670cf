package postgres

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"

	"tollgate/backend/tollgate"
)

// MembershipService stores memberships.
type MembershipService struct{ db *DB }

// NewMembershipService returns the membership store.
func NewMembershipService(db *DB) *MembershipService { return &MembershipService{db: db} }

var _ tollgate.MembershipService = (*MembershipService)(nil)

func addMember(ctx context.Context, tx *gorm.DB, tenantID, userID string, role tollgate.Role, now time.Time) error {
	err := tx.Exec(`INSERT INTO memberships (tenant_id, user_id, role, created_at) VALUES (?, ?, ?, ?)`,
		tenantID, userID, role, now).Error
	if err != nil {
		return translate(err, "membership")
	}
	return audit(ctx, tx, tenantID, "member.add", "user", userID, nil, map[string]any{"role": role})
}

// AddMember gives an existing user a role in the tenant.
func (s *MembershipService) AddMember(ctx context.Context, tenantID, userID string, role tollgate.Role) error {
	if !role.Valid() {
		return tollgate.Errorf(tollgate.CodeValidation, "unknown role %q", role)
	}
	return s.db.tx(ctx, func(tx *gorm.DB) error { return addMember(ctx, tx, tenantID, userID, role, s.db.Now()) })
}

// Membership returns a user's membership in a tenant.
func (s *MembershipService) Membership(ctx context.Context, tenantID, userID string) (*tollgate.Membership, error) {
	if !isUUID(userID) {
		return nil, tollgate.NotFound("member")
	}
	var m tollgate.Membership
	err := s.db.conn(ctx).Raw(`SELECT tenant_id, user_id, role, created_at FROM memberships WHERE tenant_id = ? AND user_id = ?`,
		tenantID, userID).Take(&m).Error
	if err != nil {
		return nil, translate(err, "member")
	}
	return &m, nil
}

// UserTenants lists the tenants a user belongs to, by name.
func (s *MembershipService) UserTenants(ctx context.Context, userID string) ([]tollgate.TenantRole, error) {
	var rows []struct {
		ID, Slug, Name string
		Role           tollgate.Role
	}
	err := s.db.conn(ctx).Raw(`SELECT t.id, t.slug, t.name, m.role FROM memberships m JOIN tenants t ON t.id = m.tenant_id
		WHERE m.user_id = ? ORDER BY t.name, t.id`, userID).Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("list user tenants: %w", err)
	}
	out := make([]tollgate.TenantRole, len(rows))
	for i, r := range rows {
		out[i] = tollgate.TenantRole{Tenant: tollgate.TenantRef{ID: r.ID, Slug: r.Slug, Name: r.Name}, Role: r.Role}
	}
	return out, nil
}

const memberSelect = `SELECT m.user_id, u.email, u.name, m.role, m.created_at AS joined_at
	FROM memberships m JOIN users u ON u.id = m.user_id`

// ListMembers lists a tenant's members by email, filtered by role and search text.
func (s *MembershipService) ListMembers(ctx context.Context, tenantID string, f tollgate.MemberFilter) ([]tollgate.Member, int, error) {
	where, args := `m.tenant_id = ?`, []any{tenantID}
	if f.Role != "" {
		where, args = where+` AND m.role = ?`, append(args, f.Role)
	}
	if f.Query != "" {
		where, args = where+` AND (u.email ILIKE ? OR u.name ILIKE ?)`, append(args, like(f.Query), like(f.Query))
	}
	var out []tollgate.Member
	total, err := list(s.db.conn(ctx), `SELECT m.user_id, u.email, u.name, m.role, m.created_at AS joined_at`,
		`memberships m JOIN users u ON u.id = m.user_id`, where, args, `u.email`, f.Page, &out)
	if err != nil {
		return nil, 0, fmt.Errorf("members: %w", err)
	}
	return out, total, nil
}

// Member returns one member of a tenant.
func (s *MembershipService) Member(ctx context.Context, tenantID, userID string) (*tollgate.Member, error) {
	return member(s.db.conn(ctx), tenantID, userID)
}

func member(q *gorm.DB, tenantID, userID string) (*tollgate.Member, error) {
	if !isUUID(userID) {
		return nil, tollgate.NotFound("member")
	}
	var m tollgate.Member
	if err := q.Raw(memberSelect+` WHERE m.tenant_id = ? AND m.user_id = ?`, tenantID, userID).Take(&m).Error; err != nil {
		return nil, translate(err, "member")
	}
	return &m, nil
}

// otherOwners counts the owners other than userID, locking the owner rows so two concurrent demotions cannot
// both see "another owner remains".
func otherOwners(tx *gorm.DB, tenantID, userID string) (int, error) {
	var ids []string
	err := tx.Raw(`SELECT user_id FROM memberships WHERE tenant_id = ? AND role = 'owner' FOR UPDATE`, tenantID).Scan(&ids).Error
	if err != nil {
		return 0, fmt.Errorf("lock owners: %w", err)
	}
	n := 0
	for _, id := range ids {
		if id != userID {
			n++
		}
	}
	return n, nil
}

// SetRole changes a member's role, refusing to leave the tenant without an owner.
func (s *MembershipService) SetRole(ctx context.Context, tenantID, userID string, role tollgate.Role) (*tollgate.Member, error) {
	var out *tollgate.Member
	err := s.db.tx(ctx, func(tx *gorm.DB) error {
		before, err := member(tx, tenantID, userID)
		if err != nil {
			return err
		}
		if before.Role == role {
			out = before
			return nil
		}
		if before.Role == tollgate.RoleOwner {
			n, err := otherOwners(tx, tenantID, userID)
			if err != nil {
				return err
			}
			if n == 0 {
				return tollgate.Errorf(tollgate.CodeConflict, "%s is the last owner; make someone else owner first", before.Email)
			}
		}
		if err := tx.Exec(`UPDATE memberships SET role = ? WHERE tenant_id = ? AND user_id = ?`, role, tenantID, userID).Error; err != nil {
			return translate(err, "member")
		}
		after := *before
		after.Role = role
		out = &after
		return audit(ctx, tx, tenantID, "member.update_role", "user", userID,
			map[string]any{"role": before.Role}, map[string]any{"role": role})
	})
	return out, err
}

// RemoveMember removes a member and their team memberships, refusing to remove the last owner.
func (s *MembershipService) RemoveMember(ctx context.Context, tenantID, userID string) error {
	return s.db.tx(ctx, func(tx *gorm.DB) error {
		before, err := member(tx, tenantID, userID)
		if err != nil {
			return err
		}
		if before.Role == tollgate.RoleOwner {
			n, err := otherOwners(tx, tenantID, userID)
			if err != nil {
				return err
			}
			if n == 0 {
				return tollgate.Errorf(tollgate.CodeConflict, "%s is the last owner and cannot be removed", before.Email)
			}
		}
		if err := tx.Exec(`DELETE FROM memberships WHERE tenant_id = ? AND user_id = ?`, tenantID, userID).Error; err != nil {
			return translate(err, "member")
		}
		return audit(ctx, tx, tenantID, "member.remove", "user", userID, before, nil)
	})
}
