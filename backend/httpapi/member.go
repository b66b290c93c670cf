package httpapi

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"tollgate/backend/tollgate"
)

func (s *Server) listMembers(c *gin.Context) {
	p, err := pageOf(c)
	if err != nil {
		s.render(c, err)
		return
	}
	role := tollgate.Role(c.Query("role"))
	if role != "" && !role.Valid() {
		s.render(c, invalidField("role", "must be one of owner, admin, billing, developer"))
		return
	}
	members, total, err := s.svc.Memberships.ListMembers(c.Request.Context(), currentTenant(c).ID, tollgate.MemberFilter{Page: p, Role: role})
	if err != nil {
		s.render(c, err)
		return
	}
	c.JSON(http.StatusOK, listOf(members, total, p))
}

type updateMemberRequest struct {
	Role tollgate.Role `json:"role"`
}

// updateMember changes a member's role. Only owners make or unmake owners.
func (s *Server) updateMember(c *gin.Context) {
	var req updateMemberRequest
	if err := s.decode(c, &req); err != nil {
		s.render(c, err)
		return
	}
	if !req.Role.Valid() {
		s.render(c, invalidField("role", "must be one of owner, admin, billing, developer"))
		return
	}
	ctx, tenant, userID := c.Request.Context(), currentTenant(c), c.Param("user_id")
	current, err := s.svc.Memberships.Member(ctx, tenant.ID, userID)
	if err != nil {
		s.render(c, err)
		return
	}
	if !effectiveRole(c).CanGrant(current.Role) || !effectiveRole(c).CanGrant(req.Role) {
		s.render(c, tollgate.Errorf(tollgate.CodeForbidden, "only owners can grant or take away the owner role"))
		return
	}
	m, err := s.svc.Memberships.SetRole(ctx, tenant.ID, userID, req.Role)
	if err != nil {
		s.render(c, err)
		return
	}
	c.JSON(http.StatusOK, m)
}

// removeMember removes someone from the tenant: admins remove others (only owners remove owners), and every member
// may leave. The last owner stays.
func (s *Server) removeMember(c *gin.Context) {
	ctx, tenant, userID := c.Request.Context(), currentTenant(c), c.Param("user_id")
	leaving := userID == currentUser(c).ID
	if !leaving && !isAdmin(c) {
		s.render(c, tollgate.Errorf(tollgate.CodeForbidden, "this needs the role owner or admin in this tenant"))
		return
	}
	current, err := s.svc.Memberships.Member(ctx, tenant.ID, userID)
	if err != nil {
		s.render(c, err)
		return
	}
	if !leaving && !effectiveRole(c).CanGrant(current.Role) {
		s.render(c, tollgate.Errorf(tollgate.CodeForbidden, "only owners can remove an owner"))
		return
	}
	if err := s.svc.Memberships.RemoveMember(ctx, tenant.ID, userID); err != nil {
		s.render(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

func invalidField(field, msg string) error {
	return &tollgate.Error{Code: tollgate.CodeValidation, Message: field + " " + msg,
		Fields: []tollgate.FieldError{{Field: field, Message: msg}}}
}
