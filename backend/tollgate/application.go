package tollgate

import (
	"context"
	"strings"
	"time"
)

// Application is a consumer's program: it subscribes to plans and holds API keys.
type Application struct {
	ID          string    `json:"id"`
	TenantID    string    `json:"-"`
	TeamID      string    `json:"team_id"`
	TeamName    string    `json:"team_name"`
	Name        string    `json:"name"`
	Description string    `json:"description"`
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
}

// Validate checks an application before it is stored.
func (a *Application) Validate() error {
	var p Problems
	a.Name, a.Description = strings.TrimSpace(a.Name), strings.TrimSpace(a.Description)
	CheckName(&p, "name", a.Name, 200)
	if len(a.Description) > 2000 {
		p.Add("description", "must be at most 2000 characters long")
	}
	return p.Err()
}

// ApplicationFilter selects applications.
type ApplicationFilter struct {
	Page
	TeamID  string
	TeamIDs []string // only these teams' applications (nil: any)
}

// ApplicationService stores applications.
type ApplicationService interface {
	CreateApplication(ctx context.Context, a *Application) error
	Application(ctx context.Context, tenantID, id string) (*Application, error)
	ListApplications(ctx context.Context, tenantID string, f ApplicationFilter) ([]Application, int, error)
	UpdateApplication(ctx context.Context, tenantID, id string, name, description *string) (*Application, error)
	// DeleteApplication refuses while the application has a live subscription.
	DeleteApplication(ctx context.Context, tenantID, id string) error
}

// UserTeams lists the ids of the teams a user belongs to in a tenant.
type UserTeams interface {
	UserTeamIDs(ctx context.Context, tenantID, userID string) ([]string, error)
}
