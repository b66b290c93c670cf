package httpapi

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"tollgate/backend/tollgate"
)

func (s *Server) listTeams(c *gin.Context) {
	p, err := pageOf(c)
	if err != nil {
		s.render(c, err)
		return
	}
	teams, total, err := s.svc.Teams.ListTeams(c.Request.Context(), currentTenant(c).ID, p)
	if err != nil {
		s.render(c, err)
		return
	}
	c.JSON(http.StatusOK, listOf(teams, total, p))
}

type createTeamRequest struct {
	Name        string `json:"name"`
	Slug        string `json:"slug"`
	Description string `json:"description"`
}

func (s *Server) createTeam(c *gin.Context) {
	var req createTeamRequest
	if err := s.decode(c, &req); err != nil {
		s.render(c, err)
		return
	}
	t := &tollgate.Team{TenantID: currentTenant(c).ID, Name: req.Name, Slug: req.Slug, Description: req.Description}
	if err := s.svc.Teams.CreateTeam(c.Request.Context(), t); err != nil {
		s.render(c, err)
		return
	}
	c.JSON(http.StatusCreated, t)
}

func (s *Server) getTeam(c *gin.Context) {
	t, err := s.svc.Teams.Team(c.Request.Context(), currentTenant(c).ID, c.Param("team_id"))
	if err != nil {
		s.render(c, err)
		return
	}
	c.JSON(http.StatusOK, t)
}

type updateTeamRequest struct {
	Name        *string `json:"name"`
	Description *string `json:"description"`
}

func (s *Server) updateTeam(c *gin.Context) {
	var req updateTeamRequest
	if err := s.decode(c, &req); err != nil {
		s.render(c, err)
		return
	}
	t, err := s.svc.Teams.UpdateTeam(c.Request.Context(), currentTenant(c).ID, c.Param("team_id"),
		tollgate.TeamUpdate{Name: req.Name, Description: req.Description})
	if err != nil {
		s.render(c, err)
		return
	}
	c.JSON(http.StatusOK, t)
}

func (s *Server) deleteTeam(c *gin.Context) {
	if err := s.svc.Teams.DeleteTeam(c.Request.Context(), currentTenant(c).ID, c.Param("team_id")); err != nil {
		s.render(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

func (s *Server) listTeamMembers(c *gin.Context) {
	p, err := pageOf(c)
	if err != nil {
		s.render(c, err)
		return
	}
	members, total, err := s.svc.Teams.ListTeamMembers(c.Request.Context(), currentTenant(c).ID, c.Param("team_id"), p)
	if err != nil {
		s.render(c, err)
		return
	}
	c.JSON(http.StatusOK, listOf(members, total, p))
}

type addTeamMemberRequest struct {
	UserID string `json:"user_id"`
}

func (s *Server) addTeamMember(c *gin.Context) {
	var req addTeamMemberRequest
	if err := s.decode(c, &req); err != nil {
		s.render(c, err)
		return
	}
	if req.UserID == "" {
		s.render(c, invalidField("user_id", "is required"))
		return
	}
	m, err := s.svc.Teams.AddTeamMember(c.Request.Context(), currentTenant(c).ID, c.Param("team_id"), req.UserID)
	if err != nil {
		s.render(c, err)
		return
	}
	c.JSON(http.StatusCreated, m)
}

func (s *Server) removeTeamMember(c *gin.Context) {
	err := s.svc.Teams.RemoveTeamMember(c.Request.Context(), currentTenant(c).ID, c.Param("team_id"), c.Param("user_id"))
	if err != nil {
		s.render(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}
