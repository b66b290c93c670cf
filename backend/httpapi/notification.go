package httpapi

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

func (s *Server) listNotifications(c *gin.Context) {
	p, err := pageOf(c)
	if err != nil {
		s.render(c, err)
		return
	}
	items, total, unread, err := s.svc.Notifications.ListNotifications(c.Request.Context(), currentTenant(c).ID,
		currentUser(c).ID, c.Query("unread") == "true", c.Query("kind"), p)
	if err != nil {
		s.render(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"items": items, "total": total, "limit": p.Limit, "offset": p.Offset, "unread": unread})
}

func (s *Server) readNotification(c *gin.Context) {
	if err := s.svc.Notifications.MarkRead(c.Request.Context(), currentTenant(c).ID, currentUser(c).ID, c.Param("id")); err != nil {
		s.render(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

func (s *Server) readAllNotifications(c *gin.Context) {
	if err := s.svc.Notifications.MarkAllRead(c.Request.Context(), currentTenant(c).ID, currentUser(c).ID); err != nil {
		s.render(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}
