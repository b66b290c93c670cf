package tollgate

import (
	"context"
	"strings"
	"time"
)

// Team groups a tenant's members: teams publish APIs or own applications.
type Team struct {
	ID          string    `json:"id"`
	TenantID    string    `json:"-"`
	Slug        string    `json:"slug"`
	Name        string    `json:"name"`
	Description string    `json:"description"`
	MemberCount int       `json:"member_count"`
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
}

// Validate checks a team before it is stored, deriving the slug from the name when it is empty.
func (t *Team) Validate() error {
	var p Problems
	t.Name = strings.TrimSpace(t.Name)
	t.Description = strings.TrimSpace(t.Description)
	if t.Slug == "" {
		t.Slug = Slugify(t.Name)
	}
	CheckName(&p, "name", t.Name, 200)
	if t.Name != "" {
		CheckSlug(&p, "slug", t.Slug, 1, 63)
	}
	if len(t.Description) > 2000 {
		p.Add("description", "must be at most 2000 characters long")
	}
	return p.Err()
}

// TeamUpdate changes some of a team's fields; nil fields stay as they are.
type TeamUpdate struct {
	Name        *string
	Description *string
}

// TeamMember is a member of a team.
type TeamMember struct {
	UserID  string    `json:"user_id"`
	Email   string    `json:"email"`
	Name    string    `json:"name"`
	AddedAt time.Time `json:"added_at"`
}

// TeamService stores teams and their members.
type TeamService interface {
	CreateTeam(ctx context.Context, t *Team) error
	Team(ctx context.Context, tenantID, id string) (*Team, error)
	ListTeams(ctx context.Context, tenantID string, page Page) ([]Team, int, error)
	UpdateTeam(ctx context.Context, tenantID, id string, upd TeamUpdate) (*Team, error)
	DeleteTeam(ctx context.Context, tenantID, id string) error
	ListTeamMembers(ctx context.Context, tenantID, teamID string, page Page) ([]TeamMember, int, error)
	AddTeamMember(ctx context.Context, tenantID, teamID, userID string) (*TeamMember, error)
	RemoveTeamMember(ctx context.Context, tenantID, teamID, userID string) error
}
