package postgres

import (
	"context"
	"fmt"

	"gorm.io/gorm"

	"tollgate/backend/tollgate"
)

// TenantService stores tenants.
type TenantService struct{ db *DB }

// NewTenantService returns the tenant store.
func NewTenantService(db *DB) *TenantService { return &TenantService{db: db} }

var _ tollgate.TenantService = (*TenantService)(nil)

const tenantColumns = `id, slug, name, allow_signup, created_at, updated_at`

// CreateTenant stores t and, when ownerID is set, makes that user its owner.
func (s *TenantService) CreateTenant(ctx context.Context, t *tollgate.Tenant, ownerID string) error {
	if err := t.Validate(); err != nil {
		return err
	}
	now := s.db.Now()
	t.ID, t.CreatedAt, t.UpdatedAt = newID(), now, now
	return s.db.tx(ctx, func(tx *gorm.DB) error {
		err := tx.Exec(`INSERT INTO tenants (`+tenantColumns+`) VALUES (?, ?, ?, ?, ?, ?)`,
			t.ID, t.Slug, t.Name, t.AllowSignup, t.CreatedAt, t.UpdatedAt).Error
		if err != nil {
			return translate(err, "a tenant with this slug")
		}
		if err := audit(ctx, tx, t.ID, "tenant.create", "tenant", t.ID, nil, t); err != nil {
			return err
		}
		if ownerID == "" {
			return nil
		}
		return addMember(ctx, tx, t.ID, ownerID, tollgate.RoleOwner, now)
	})
}

// TenantBySlug finds a tenant by its slug.
func (s *TenantService) TenantBySlug(ctx context.Context, slug string) (*tollgate.Tenant, error) {
	var t tollgate.Tenant
	err := s.db.conn(ctx).Raw(`SELECT `+tenantColumns+` FROM tenants WHERE slug = ?`, slug).Take(&t).Error
	if err != nil {
		return nil, translate(err, "tenant")
	}
	return &t, nil
}

// ListTenants lists all tenants, or those memberID belongs to, by name.
func (s *TenantService) ListTenants(ctx context.Context, memberID string, p tollgate.Page) ([]tollgate.Tenant, int, error) {
	where, args := `true`, []any{}
	if memberID != "" {
		where, args = `id IN (SELECT tenant_id FROM memberships WHERE user_id = ?)`, append(args, memberID)
	}
	if p.Query != "" {
		where, args = where+` AND (name ILIKE ? OR slug ILIKE ?)`, append(args, like(p.Query), like(p.Query))
	}
	var out []tollgate.Tenant
	total, err := list(s.db.conn(ctx), `SELECT `+tenantColumns, `tenants`, where, args, `name, id`, p, &out)
	if err != nil {
		return nil, 0, fmt.Errorf("tenants: %w", err)
	}
	return out, total, nil
}

// UpdateTenant changes the given fields of a tenant.
func (s *TenantService) UpdateTenant(ctx context.Context, id string, upd tollgate.TenantUpdate) (*tollgate.Tenant, error) {
	var out tollgate.Tenant
	err := s.db.tx(ctx, func(tx *gorm.DB) error {
		var before tollgate.Tenant
		if err := tx.Raw(`SELECT `+tenantColumns+` FROM tenants WHERE id = ? FOR UPDATE`, id).Take(&before).Error; err != nil {
			return translate(err, "tenant")
		}
		out = before
		if upd.Name != nil {
			out.Name = *upd.Name
		}
		if upd.AllowSignup != nil {
			out.AllowSignup = *upd.AllowSignup
		}
		if err := out.Validate(); err != nil {
			return err
		}
		out.UpdatedAt = s.db.Now()
		err := tx.Exec(`UPDATE tenants SET name = ?, allow_signup = ?, updated_at = ? WHERE id = ?`,
			out.Name, out.AllowSignup, out.UpdatedAt, id).Error
		if err != nil {
			return translate(err, "tenant")
		}
		return audit(ctx, tx, id, "tenant.update", "tenant", id, before, out)
	})
	if err != nil {
		return nil, err
	}
	return &out, nil
}
