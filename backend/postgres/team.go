package postgres

import (
	"context"
	"errors"
	"fmt"

	"gorm.io/gorm"

	"tollgate/backend/tollgate"
)

// TeamService stores teams and their members.
type TeamService struct{ db *DB }

// NewTeamService returns the team store.
func NewTeamService(db *DB) *TeamService { return &TeamService{db: db} }

var _ tollgate.TeamService = (*TeamService)(nil)

const teamSelectColumns = `SELECT t.id, t.tenant_id, t.slug, t.name, t.description, t.created_at, t.updated_at,
	(SELECT count(*) FROM team_members tm WHERE tm.team_id = t.id) AS member_count`

const teamSelect = teamSelectColumns + ` FROM teams t`

// CreateTeam stores a new team in t.TenantID.
func (s *TeamService) CreateTeam(ctx context.Context, t *tollgate.Team) error {
	if err := t.Validate(); err != nil {
		return err
	}
	now := s.db.Now()
	t.ID, t.CreatedAt, t.UpdatedAt, t.MemberCount = newID(), now, now, 0
	return s.db.tx(ctx, func(tx *gorm.DB) error {
		err := tx.Exec(`INSERT INTO teams (id, tenant_id, slug, name, description, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			t.ID, t.TenantID, t.Slug, t.Name, t.Description, t.CreatedAt, t.UpdatedAt).Error
		if err != nil {
			return translate(err, "a team with this slug")
		}
		return audit(ctx, tx, t.TenantID, "team.create", "team", t.ID, nil, t)
	})
}

// Team returns one of the tenant's teams.
func (s *TeamService) Team(ctx context.Context, tenantID, id string) (*tollgate.Team, error) {
	return team(s.db.conn(ctx), tenantID, id)
}

func team(q *gorm.DB, tenantID, id string) (*tollgate.Team, error) {
	if !isUUID(id) {
		return nil, tollgate.NotFound("team")
	}
	var t tollgate.Team
	if err := q.Raw(teamSelect+` WHERE t.tenant_id = ? AND t.id = ?`, tenantID, id).Take(&t).Error; err != nil {
		return nil, translate(err, "team")
	}
	return &t, nil
}

// ListTeams lists the tenant's teams by name.
func (s *TeamService) ListTeams(ctx context.Context, tenantID string, p tollgate.Page) ([]tollgate.Team, int, error) {
	where, args := `t.tenant_id = ?`, []any{tenantID}
	if p.Query != "" {
		where += ` AND (t.name ILIKE ? OR t.slug ILIKE ? OR t.description ILIKE ?)`
		args = append(args, like(p.Query), like(p.Query), like(p.Query))
	}
	var out []tollgate.Team
	total, err := list(s.db.conn(ctx), teamSelectColumns, `teams t`, where, args, `t.name, t.id`, p, &out)
	if err != nil {
		return nil, 0, fmt.Errorf("teams: %w", err)
	}
	return out, total, nil
}

// UpdateTeam changes the given fields of a team.
func (s *TeamService) UpdateTeam(ctx context.Context, tenantID, id string, upd tollgate.TeamUpdate) (*tollgate.Team, error) {
	var out *tollgate.Team
	err := s.db.tx(ctx, func(tx *gorm.DB) error {
		before, err := team(tx, tenantID, id)
		if err != nil {
			return err
		}
		after := *before
		if upd.Name != nil {
			after.Name = *upd.Name
		}
		if upd.Description != nil {
			after.Description = *upd.Description
		}
		if err := after.Validate(); err != nil {
			return err
		}
		after.UpdatedAt = s.db.Now()
		err = tx.Exec(`UPDATE teams SET name = ?, description = ?, updated_at = ? WHERE tenant_id = ? AND id = ?`,
			after.Name, after.Description, after.UpdatedAt, tenantID, id).Error
		if err != nil {
			return translate(err, "team")
		}
		out = &after
		return audit(ctx, tx, tenantID, "team.update", "team", id, before, after)
	})
	return out, err
}

// DeleteTeam deletes a team and its memberships.
func (s *TeamService) DeleteTeam(ctx context.Context, tenantID, id string) error {
	return s.db.tx(ctx, func(tx *gorm.DB) error {
		before, err := team(tx, tenantID, id)
		if err != nil {
			return err
		}
		if err := tx.Exec(`DELETE FROM teams WHERE tenant_id = ? AND id = ?`, tenantID, id).Error; err != nil {
			if errors.Is(err, gorm.ErrForeignKeyViolated) {
				return tollgate.Errorf(tollgate.CodeConflict, "the team %s still owns APIs or applications; delete or retire them first", before.Name)
			}
			return translate(err, "team")
		}
		return audit(ctx, tx, tenantID, "team.delete", "team", id, before, nil)
	})
}

const teamMemberSelect = `SELECT tm.user_id, u.email, u.name, tm.created_at AS added_at
	FROM team_members tm JOIN users u ON u.id = tm.user_id`

// ListTeamMembers lists a team's members by email.
func (s *TeamService) ListTeamMembers(ctx context.Context, tenantID, teamID string, p tollgate.Page) ([]tollgate.TeamMember, int, error) {
	if _, err := team(s.db.conn(ctx), tenantID, teamID); err != nil {
		return nil, 0, err
	}
	where, args := `tm.tenant_id = ? AND tm.team_id = ?`, []any{tenantID, teamID}
	if p.Query != "" {
		where += ` AND (u.email ILIKE ? OR u.name ILIKE ?)`
		args = append(args, like(p.Query), like(p.Query))
	}
	var out []tollgate.TeamMember
	total, err := list(s.db.conn(ctx), `SELECT tm.user_id, u.email, u.name, tm.created_at AS added_at`,
		`team_members tm JOIN users u ON u.id = tm.user_id`, where, args, `u.email`, p, &out)
	if err != nil {
		return nil, 0, fmt.Errorf("team members: %w", err)
	}
	return out, total, nil
}

// AddTeamMember adds a member of the tenant to one of its teams.
func (s *TeamService) AddTeamMember(ctx context.Context, tenantID, teamID, userID string) (*tollgate.TeamMember, error) {
	var out tollgate.TeamMember
	err := s.db.tx(ctx, func(tx *gorm.DB) error {
		if _, err := team(tx, tenantID, teamID); err != nil {
			return err
		}
		if _, err := member(tx, tenantID, userID); err != nil {
			return &tollgate.Error{Code: tollgate.CodeValidation, Message: "only members of the tenant can join its teams",
				Fields: []tollgate.FieldError{{Field: "user_id", Message: "is not a member of this tenant"}}}
		}
		if err := addTeamMember(ctx, tx, tenantID, teamID, userID, s.db.Now()); err != nil {
			return err
		}
		return tx.Raw(teamMemberSelect+` WHERE tm.team_id = ? AND tm.user_id = ?`, teamID, userID).Take(&out).Error
	})
	if err != nil {
		return nil, err
	}
	return &out, nil
}

func addTeamMember(ctx context.Context, tx *gorm.DB, tenantID, teamID, userID string, now any) error {
	err := tx.Exec(`INSERT INTO team_members (tenant_id, team_id, user_id, created_at) VALUES (?, ?, ?, ?)`,
		tenantID, teamID, userID, now).Error
	if err != nil {
		return translate(err, "this team membership")
	}
	return audit(ctx, tx, tenantID, "team.member_add", "team", teamID, nil, map[string]any{"user_id": userID})
}

// RemoveTeamMember removes someone from a team.
func (s *TeamService) RemoveTeamMember(ctx context.Context, tenantID, teamID, userID string) error {
	if !isUUID(teamID) || !isUUID(userID) {
		return tollgate.NotFound("team member")
	}
	return s.db.tx(ctx, func(tx *gorm.DB) error {
		res := tx.Exec(`DELETE FROM team_members WHERE tenant_id = ? AND team_id = ? AND user_id = ?`, tenantID, teamID, userID)
		if res.Error != nil {
			return translate(res.Error, "team member")
		}
		if res.RowsAffected == 0 {
			return tollgate.NotFound("team member")
		}
		return audit(ctx, tx, tenantID, "team.member_remove", "team", teamID, map[string]any{"user_id": userID}, nil)
	})
}
