package httpapi

import (
	"slices"

	"github.com/gin-gonic/gin"

	"tollgate/backend/tollgate"
)

// isAdmin reports whether the caller administers the current tenant (owners, admins, platform admins).
func isAdmin(c *gin.Context) bool { return effectiveRole(c).CanAdminister() }

const ctxTeams = "team_ids"

// myTeams returns the ids of the caller's teams in the current tenant, loaded once per request.
func (s *Server) myTeams(c *gin.Context) ([]string, error) {
	if v, ok := c.Get(ctxTeams); ok {
		return v.([]string), nil
	}
	ids, err := s.svc.UserTeams.UserTeamIDs(c.Request.Context(), currentTenant(c).ID, currentUser(c).ID)
	if err != nil {
		return nil, err
	}
	c.Set(ctxTeams, ids)
	return ids, nil
}

// inTeam reports whether the caller administers the tenant or belongs to team.
func (s *Server) inTeam(c *gin.Context, teamID string) (bool, error) {
	if isAdmin(c) {
		return true, nil
	}
	ids, err := s.myTeams(c)
	if err != nil {
		return false, err
	}
	return slices.Contains(ids, teamID), nil
}

// canSee reports whether the caller may see an API: admins and the owning team always, others when it is published
// or deprecated and public or shared with one of their teams.
func (s *Server) canSee(c *gin.Context, a *tollgate.API) (bool, error) {
	if ok, err := s.inTeam(c, a.TeamID); ok || err != nil {
		return ok, err
	}
	if a.Lifecycle != tollgate.LifecyclePublished && a.Lifecycle != tollgate.LifecycleDeprecated {
		return false, nil
	}
	if a.Visibility == tollgate.VisibilityPublic {
		return true, nil
	}
	ids, err := s.myTeams(c)
	if err != nil {
		return false, err
	}
	for _, t := range a.VisibleTeamIDs {
		if slices.Contains(ids, t) {
			return true, nil
		}
	}
	return false, nil
}

// visibleAPI loads an API the caller may see; others are not found.
func (s *Server) visibleAPI(c *gin.Context, id string) (*tollgate.API, error) {
	a, err := s.svc.APIs.API(c.Request.Context(), currentTenant(c).ID, id)
	if err != nil {
		return nil, err
	}
	ok, err := s.canSee(c, a)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, tollgate.NotFound("API")
	}
	return a, nil
}

// providedAPI loads an API the caller provides (admin or member of the owning team). Those who may see it but not
// change it are forbidden; those who may not see it get not found.
func (s *Server) providedAPI(c *gin.Context, id string) (*tollgate.API, error) {
	a, err := s.visibleAPI(c, id)
	if err != nil {
		return nil, err
	}
	ok, err := s.inTeam(c, a.TeamID)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, tollgate.Errorf(tollgate.CodeForbidden, "only the team that owns %s and tenant admins can change it", a.Name)
	}
	return a, nil
}

// teamApp loads an application of one of the caller's teams (admins: any); other teams' applications are forbidden.
func (s *Server) teamApp(c *gin.Context, id string) (*tollgate.Application, error) {
	a, err := s.svc.Applications.Application(c.Request.Context(), currentTenant(c).ID, id)
	if err != nil {
		return nil, err
	}
	ok, err := s.inTeam(c, a.TeamID)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, tollgate.Errorf(tollgate.CodeForbidden, "%s belongs to the team %s; only its members can use it", a.Name, a.TeamName)
	}
	return a, nil
}

// scopeTeams returns nil for admins (every team) or the caller's team ids.
func (s *Server) scopeTeams(c *gin.Context) ([]string, error) {
	if isAdmin(c) {
		return nil, nil
	}
	return s.myTeams(c)
}
