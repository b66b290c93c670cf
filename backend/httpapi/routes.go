package httpapi

import (
	"github.com/gin-gonic/gin"
	"github.com/prometheus/client_golang/prometheus"

	"tollgate/backend/tollgate"
)

// routes registers the whole surface. Every /api/v1 route here is documented in openapi.yaml (a test checks both ways).
func (s *Server) routes(e *gin.Engine, gatherer prometheus.Gatherer) {
	e.GET("/healthz", s.healthz)
	e.GET("/readyz", s.readyz)
	e.GET("/metrics", metricsHandler(gatherer))

	v1 := e.Group("/api/v1")
	v1.GET("/openapi.json", s.openapi)

	// Public: sign-in, sign-up, invitations.
	v1.POST("/auth/login", s.login)
	v1.POST("/auth/refresh", s.refresh)
	v1.POST("/auth/logout", s.logout)
	v1.GET("/public/tenants/:tenant", s.publicTenant)
	v1.POST("/public/tenants/:tenant/signup", s.signup)
	v1.GET("/invitations/:token", s.getInvitationByToken)
	v1.POST("/invitations/:token/accept", s.acceptInvitation)

	// Signed in.
	me := v1.Group("", s.authenticate)
	me.GET("/me", s.getMe)
	me.PATCH("/me", s.updateMe)
	me.POST("/me/password", s.changePassword)
	me.GET("/tenants", s.listTenants)
	me.POST("/tenants", s.requirePlatformAdmin, s.createTenant)

	// Inside a tenant: members read, owners and admins write.
	t := me.Group("/tenants/:tenant", s.tenantAccess)
	admin := s.requireRole(tollgate.RoleOwner, tollgate.RoleAdmin)
	t.GET("", s.getTenant)
	t.PATCH("", admin, s.updateTenant)

	t.GET("/members", s.listMembers)
	t.PATCH("/members/:user_id", admin, s.updateMember)
	t.DELETE("/members/:user_id", admin, s.removeMember)

	t.GET("/invitations", admin, s.listInvitations)
	t.POST("/invitations", admin, s.createInvitation)
	t.DELETE("/invitations/:id", admin, s.revokeInvitation)

	t.GET("/teams", s.listTeams)
	t.POST("/teams", admin, s.createTeam)
	t.GET("/teams/:team_id", s.getTeam)
	t.PATCH("/teams/:team_id", admin, s.updateTeam)
	t.DELETE("/teams/:team_id", admin, s.deleteTeam)
	t.GET("/teams/:team_id/members", s.listTeamMembers)
	t.POST("/teams/:team_id/members", admin, s.addTeamMember)
	t.DELETE("/teams/:team_id/members/:user_id", admin, s.removeTeamMember)

	t.GET("/audit", admin, s.listAudit)
}
