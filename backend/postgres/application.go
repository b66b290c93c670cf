package postgres

import (
	"context"

	"github.com/lib/pq"
	"gorm.io/gorm"

	"tollgate/backend/tollgate"
)

// ApplicationService stores applications.
type ApplicationService struct{ db *DB }

// NewApplicationService returns the application store.
func NewApplicationService(db *DB) *ApplicationService { return &ApplicationService{db: db} }

var _ tollgate.ApplicationService = (*ApplicationService)(nil)

const appColumns = `SELECT a.id, a.tenant_id, a.team_id, t.name AS team_name, a.name, a.description, a.created_at, a.updated_at`
const appFrom = `applications a JOIN teams t ON t.id = a.team_id`

func getApplication(q *gorm.DB, tenantID, id string) (*tollgate.Application, error) {
	if !isUUID(id) {
		return nil, tollgate.NotFound("application")
	}
	var a tollgate.Application
	if err := q.Raw(appColumns+` FROM `+appFrom+` WHERE a.tenant_id = ? AND a.id = ?`, tenantID, id).Take(&a).Error; err != nil {
		return nil, translate(err, "application")
	}
	return &a, nil
}

// CreateApplication stores an application of one of the tenant's teams.
func (s *ApplicationService) CreateApplication(ctx context.Context, a *tollgate.Application) error {
	if err := a.Validate(); err != nil {
		return err
	}
	now := s.db.Now()
	a.ID, a.CreatedAt, a.UpdatedAt = newID(), now, now
	actor := tollgate.ActorFrom(ctx).UserID
	return s.db.tx(ctx, func(tx *gorm.DB) error {
		if err := checkTeams(tx, a.TenantID, "team_id", []string{a.TeamID}); err != nil {
			return err
		}
		err := tx.Exec(`INSERT INTO applications (id, tenant_id, team_id, name, description, created_by, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, NULLIF(?, '')::uuid, ?, ?)`, a.ID, a.TenantID, a.TeamID, a.Name, a.Description, actor,
			a.CreatedAt, a.UpdatedAt).Error
		if err != nil {
			return translate(err, "an application with this name in the team")
		}
		created, err := getApplication(tx, a.TenantID, a.ID)
		if err != nil {
			return err
		}
		*a = *created
		return audit(ctx, tx, a.TenantID, "application.create", "application", a.ID, nil, a)
	})
}

// Application returns one of the tenant's applications.
func (s *ApplicationService) Application(ctx context.Context, tenantID, id string) (*tollgate.Application, error) {
	return getApplication(s.db.conn(ctx), tenantID, id)
}

// ListApplications lists applications by name.
func (s *ApplicationService) ListApplications(ctx context.Context, tenantID string, f tollgate.ApplicationFilter) ([]tollgate.Application, int, error) {
	where, args := `a.tenant_id = ?`, []any{tenantID}
	if f.TeamIDs != nil {
		where, args = where+` AND a.team_id::text = ANY(?)`, append(args, pq.StringArray(f.TeamIDs))
	}
	if f.TeamID != "" {
		if !isUUID(f.TeamID) {
			return []tollgate.Application{}, 0, nil
		}
		where, args = where+` AND a.team_id = ?`, append(args, f.TeamID)
	}
	if f.Query != "" {
		where, args = where+` AND (a.name ILIKE ? OR a.description ILIKE ?)`, append(args, like(f.Query), like(f.Query))
	}
	out := []tollgate.Application{}
	total, err := list(s.db.conn(ctx), appColumns, appFrom, where, args, `a.name, a.id`, f.Page, &out)
	if err != nil {
		return nil, 0, translate(err, "applications")
	}
	return out, total, nil
}

// UpdateApplication renames or redescribes an application.
func (s *ApplicationService) UpdateApplication(ctx context.Context, tenantID, id string, name, description *string) (*tollgate.Application, error) {
	var out *tollgate.Application
	err := s.db.tx(ctx, func(tx *gorm.DB) error {
		before, err := getApplication(tx, tenantID, id)
		if err != nil {
			return err
		}
		a := *before
		set(&a.Name, name)
		set(&a.Description, description)
		if err := a.Validate(); err != nil {
			return err
		}
		a.UpdatedAt = s.db.Now()
		err = tx.Exec(`UPDATE applications SET name = ?, description = ?, updated_at = ? WHERE tenant_id = ? AND id = ?`,
			a.Name, a.Description, a.UpdatedAt, tenantID, id).Error
		if err != nil {
			return translate(err, "an application with this name in the team")
		}
		out = &a
		return audit(ctx, tx, tenantID, "application.update", "application", id, before, a)
	})
	return out, err
}

// DeleteApplication deletes an application without live subscriptions, with its keys.
func (s *ApplicationService) DeleteApplication(ctx context.Context, tenantID, id string) error {
	return s.db.tx(ctx, func(tx *gorm.DB) error {
		a, err := getApplication(tx, tenantID, id)
		if err != nil {
			return err
		}
		var live int64
		err = tx.Raw(`SELECT count(*) FROM subscriptions WHERE application_id = ? AND state NOT IN ('rejected', 'revoked', 'canceled')`,
			id).Scan(&live).Error
		if err != nil {
			return translate(err, "subscriptions")
		}
		if live > 0 {
			return tollgate.Errorf(tollgate.CodeConflict, "the application still has %d open subscription(s); cancel them first", live)
		}
		if err := tx.Exec(`DELETE FROM applications WHERE tenant_id = ? AND id = ?`, tenantID, id).Error; err != nil {
			return translate(err, "application")
		}
		return audit(ctx, tx, tenantID, "application.delete", "application", id, a, nil)
	})
}

// UserTeamIDs lists the teams a user belongs to in a tenant.
func (s *ApplicationService) UserTeamIDs(ctx context.Context, tenantID, userID string) ([]string, error) {
	ids := []string{}
	err := s.db.conn(ctx).Raw(`SELECT team_id::text FROM team_members WHERE tenant_id = ? AND user_id = ? ORDER BY team_id`,
		tenantID, userID).Scan(&ids).Error
	if err != nil {
		return nil, translate(err, "teams")
	}
	return ids, nil
}
