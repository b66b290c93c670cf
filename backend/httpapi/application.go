package httpapi

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"tollgate/backend/tollgate"
)

func (s *Server) listApplications(c *gin.Context) {
	p, err := pageOf(c)
	if err != nil {
		s.render(c, err)
		return
	}
	teams, err := s.scopeTeams(c)
	if err != nil {
		s.render(c, err)
		return
	}
	apps, total, err := s.svc.Applications.ListApplications(c.Request.Context(), currentTenant(c).ID,
		tollgate.ApplicationFilter{Page: p, TeamID: c.Query("team_id"), TeamIDs: teams})
	if err != nil {
		s.render(c, err)
		return
	}
	c.JSON(http.StatusOK, listOf(apps, total, p))
}

type applicationRequest struct {
	TeamID      *string `json:"team_id"`
	Name        *string `json:"name"`
	Description *string `json:"description"`
}

func (s *Server) createApplication(c *gin.Context) {
	var req applicationRequest
	if err := s.decode(c, &req); err != nil {
		s.render(c, err)
		return
	}
	a := &tollgate.Application{TenantID: currentTenant(c).ID, TeamID: deref(req.TeamID), Name: deref(req.Name),
		Description: deref(req.Description)}
	var p tollgate.Problems
	if a.TeamID == "" {
		p.Add("team_id", "is required: the team that owns the application")
	}
	if err := a.Validate(); err != nil {
		p = append(p, err.(*tollgate.Error).Fields...)
	}
	if err := p.Err(); err != nil {
		s.render(c, err)
		return
	}
	if ok, err := s.inTeam(c, a.TeamID); err != nil || !ok {
		s.render(c, orForbidden(err, "you can create applications only for your own teams"))
		return
	}
	if err := s.svc.Applications.CreateApplication(c.Request.Context(), a); err != nil {
		s.render(c, err)
		return
	}
	c.JSON(http.StatusCreated, a)
}

func (s *Server) getApplication(c *gin.Context) {
	a, err := s.teamApp(c, c.Param("app_id"))
	if err != nil {
		s.render(c, err)
		return
	}
	c.JSON(http.StatusOK, a)
}

func (s *Server) updateApplication(c *gin.Context) {
	var req applicationRequest
	if err := s.decode(c, &req); err != nil {
		s.render(c, err)
		return
	}
	if req.TeamID != nil {
		s.render(c, invalidField("team_id", "cannot be changed"))
		return
	}
	a, err := s.teamApp(c, c.Param("app_id"))
	if err != nil {
		s.render(c, err)
		return
	}
	out, err := s.svc.Applications.UpdateApplication(c.Request.Context(), currentTenant(c).ID, a.ID, req.Name, req.Description)
	if err != nil {
		s.render(c, err)
		return
	}
	c.JSON(http.StatusOK, out)
}

func (s *Server) deleteApplication(c *gin.Context) {
	a, err := s.teamApp(c, c.Param("app_id"))
	if err != nil {
		s.render(c, err)
		return
	}
	if err := s.svc.Applications.DeleteApplication(c.Request.Context(), currentTenant(c).ID, a.ID); err != nil {
		s.render(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}
