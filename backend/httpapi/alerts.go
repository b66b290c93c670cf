package httpapi

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"tollgate/backend/tollgate"
)

func (s *Server) getPreferences(c *gin.Context) {
	items, err := s.svc.Alerts.Preferences(c.Request.Context(), currentTenant(c).ID, currentUser(c).ID)
	if err != nil {
		s.render(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"items": items})
}

type preferencesRequest struct {
	Items []struct {
		Kind   string `json:"kind"`
		Portal bool   `json:"portal"`
		Email  bool   `json:"email"`
	} `json:"items"`
}

func (s *Server) putPreferences(c *gin.Context) {
	var req preferencesRequest
	if err := s.decode(c, &req); err != nil {
		s.render(c, err)
		return
	}
	prefs := make([]tollgate.Preference, len(req.Items))
	for i, it := range req.Items {
		prefs[i] = tollgate.Preference{Kind: it.Kind, Portal: it.Portal, Email: it.Email}
	}
	items, err := s.svc.Alerts.SetPreferences(c.Request.Context(), currentTenant(c).ID, currentUser(c).ID, prefs)
	if err != nil {
		s.render(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"items": items})
}

// listEndpoints lists every endpoint for admins, and their teams' endpoints for others.
func (s *Server) listEndpoints(c *gin.Context) {
	teams, err := s.scopeTeams(c)
	if err != nil {
		s.render(c, err)
		return
	}
	if teams == nil && !isAdmin(c) {
		teams = []string{}
	}
	items, err := s.svc.Alerts.ListEndpoints(c.Request.Context(), currentTenant(c).ID, teams)
	if err != nil {
		s.render(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"items": items})
}

// ownEndpoint loads an endpoint the caller manages: admins any, others their teams'.
func (s *Server) ownEndpoint(c *gin.Context) (*tollgate.WebhookEndpoint, error) {
	e, err := s.svc.Alerts.Endpoint(c.Request.Context(), currentTenant(c).ID, c.Param("endpoint_id"))
	if err != nil {
		return nil, err
	}
	if isAdmin(c) {
		return e, nil
	}
	if e.TeamID != nil {
		if ok, err := s.inTeam(c, *e.TeamID); ok || err != nil {
			return e, err
		}
	}
	return nil, tollgate.NotFound("webhook endpoint")
}

type endpointRequest struct {
	URL         *string   `json:"url"`
	Description *string   `json:"description"`
	Events      *[]string `json:"events"`
	TeamID      *string   `json:"team_id"`
	Enabled     *bool     `json:"enabled"`
}

// createEndpoint registers an endpoint: admins tenant-wide or for a team, others for one of their teams.
func (s *Server) createEndpoint(c *gin.Context) {
	var req endpointRequest
	if err := s.decode(c, &req); err != nil {
		s.render(c, err)
		return
	}
	switch {
	case req.TeamID == nil && !isAdmin(c):
		s.render(c, invalidField("team_id", "is required: the team whose events this endpoint receives"))
		return
	case req.TeamID != nil:
		if _, err := s.svc.Teams.Team(c.Request.Context(), currentTenant(c).ID, *req.TeamID); err != nil {
			s.render(c, invalidField("team_id", "is not a team of this organisation"))
			return
		}
		if ok, err := s.inTeam(c, *req.TeamID); err != nil || !ok {
			s.render(c, invalidField("team_id", "must be one of your teams"))
			return
		}
	}
	e, secret, err := s.svc.Alerts.CreateEndpoint(c.Request.Context(), currentTenant(c).ID, tollgate.WebhookEndpointInput{
		URL: req.URL, Description: req.Description, Events: req.Events, TeamID: req.TeamID})
	if err != nil {
		s.render(c, err)
		return
	}
	c.JSON(http.StatusCreated, gin.H{"endpoint": e, "secret": secret})
}

func (s *Server) getEndpoint(c *gin.Context) {
	e, err := s.ownEndpoint(c)
	if err != nil {
		s.render(c, err)
		return
	}
	c.JSON(http.StatusOK, e)
}

func (s *Server) updateEndpoint(c *gin.Context) {
	var req endpointRequest
	if err := s.decode(c, &req); err != nil {
		s.render(c, err)
		return
	}
	if req.TeamID != nil {
		s.render(c, invalidField("team_id", "cannot change; register a new endpoint for another team"))
		return
	}
	e, err := s.ownEndpoint(c)
	if err != nil {
		s.render(c, err)
		return
	}
	out, err := s.svc.Alerts.UpdateEndpoint(c.Request.Context(), currentTenant(c).ID, e.ID, tollgate.WebhookEndpointInput{
		URL: req.URL, Description: req.Description, Events: req.Events, Enabled: req.Enabled})
	if err != nil {
		s.render(c, err)
		return
	}
	c.JSON(http.StatusOK, out)
}

func (s *Server) deleteEndpoint(c *gin.Context) {
	e, err := s.ownEndpoint(c)
	if err != nil {
		s.render(c, err)
		return
	}
	if err := s.svc.Alerts.DeleteEndpoint(c.Request.Context(), currentTenant(c).ID, e.ID); err != nil {
		s.render(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

func (s *Server) testEndpoint(c *gin.Context) {
	e, err := s.ownEndpoint(c)
	if err != nil {
		s.render(c, err)
		return
	}
	d, err := s.svc.Alerts.TestEndpoint(c.Request.Context(), currentTenant(c).ID, e.ID)
	if err != nil {
		s.render(c, err)
		return
	}
	c.JSON(http.StatusOK, d)
}

func (s *Server) listDeliveries(c *gin.Context) {
	p, err := pageOf(c)
	if err != nil {
		s.render(c, err)
		return
	}
	e, err := s.ownEndpoint(c)
	if err != nil {
		s.render(c, err)
		return
	}
	items, total, err := s.svc.Alerts.Deliveries(c.Request.Context(), currentTenant(c).ID, e.ID, p)
	if err != nil {
		s.render(c, err)
		return
	}
	c.JSON(http.StatusOK, listOf(items, total, p))
}
