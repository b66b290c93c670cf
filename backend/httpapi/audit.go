package httpapi

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"tollgate/backend/tollgate"
)

func (s *Server) listAudit(c *gin.Context) {
	p, err := pageOf(c)
	if err != nil {
		s.render(c, err)
		return
	}
	f := tollgate.AuditFilter{Page: p, Action: c.Query("action"), ActorID: c.Query("actor_id"), TargetType: c.Query("target_type")}
	entries, total, err := s.svc.Audit.ListAudit(c.Request.Context(), currentTenant(c).ID, f)
	if err != nil {
		s.render(c, err)
		return
	}
	c.JSON(http.StatusOK, listOf(entries, total, p))
}
