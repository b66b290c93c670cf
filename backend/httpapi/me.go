package httpapi

import (
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"tollgate/backend/auth"
	"tollgate/backend/tollgate"
)

type meResponse struct {
	*tollgate.User
	Memberships []tollgate.TenantRole `json:"memberships"`
}

func (s *Server) getMe(c *gin.Context) {
	u := currentUser(c)
	tenants, err := s.svc.Memberships.UserTenants(c.Request.Context(), u.ID)
	if err != nil {
		s.render(c, err)
		return
	}
	if tenants == nil {
		tenants = []tollgate.TenantRole{}
	}
	c.JSON(http.StatusOK, meResponse{User: u, Memberships: tenants})
}

type updateMeRequest struct {
	Name *string `json:"name"`
}

func (s *Server) updateMe(c *gin.Context) {
	var req updateMeRequest
	if err := s.decode(c, &req); err != nil {
		s.render(c, err)
		return
	}
	u := currentUser(c)
	if req.Name == nil {
		c.JSON(http.StatusOK, u)
		return
	}
	var p tollgate.Problems
	name := strings.TrimSpace(*req.Name)
	tollgate.CheckName(&p, "name", name, 200)
	if err := p.Err(); err != nil {
		s.render(c, err)
		return
	}
	out, err := s.svc.Users.UpdateUserName(c.Request.Context(), u.ID, name)
	if err != nil {
		s.render(c, err)
		return
	}
	c.JSON(http.StatusOK, out)
}

type changePasswordRequest struct {
	CurrentPassword string `json:"current_password"`
	NewPassword     string `json:"new_password"`
}

// changePassword needs the current password and ends every other session of the user.
func (s *Server) changePassword(c *gin.Context) {
	var req changePasswordRequest
	if err := s.decode(c, &req); err != nil {
		s.render(c, err)
		return
	}
	var p tollgate.Problems
	if req.CurrentPassword == "" {
		p.Add("current_password", "is required")
	}
	tollgate.CheckPassword(&p, "new_password", req.NewPassword)
	if err := p.Err(); err != nil {
		s.render(c, err)
		return
	}
	u := currentUser(c)
	if wait, ok := s.limiter.allow("account:" + u.Email); !ok {
		s.render(c, &tollgate.Error{Code: tollgate.CodeRateLimited, RetryAfter: wait, Message: "too many attempts; wait a minute"})
		return
	}
	if !auth.CheckPasswordOrDummy(u.PasswordHash, req.CurrentPassword) {
		s.render(c, &tollgate.Error{Code: tollgate.CodeValidation, Message: "the current password is incorrect",
			Fields: []tollgate.FieldError{{Field: "current_password", Message: "is incorrect"}}})
		return
	}
	hash, err := auth.HashPassword(req.NewPassword)
	if err != nil {
		s.render(c, err)
		return
	}
	if err := s.svc.Users.SetPassword(c.Request.Context(), u.ID, hash, c.GetString(ctxSessionID)); err != nil {
		s.render(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}
