package httpapi

import (
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"tollgate/backend/auth"
	"tollgate/backend/tollgate"
)

type tenantResponse struct {
	*tollgate.Tenant
	Role tollgate.Role `json:"role,omitempty"`
	// TeamIDs are the caller's teams in this tenant (on GET /tenants/{tenant} only).
	TeamIDs []string `json:"team_ids,omitempty"`
	// AcceptURL is the owner's invitation link when a new tenant's owner had no account yet (shown once).
	AcceptURL string `json:"accept_url,omitempty"`
}

func (s *Server) listTenants(c *gin.Context) {
	p, err := pageOf(c)
	if err != nil {
		s.render(c, err)
		return
	}
	u := currentUser(c)
	memberID := u.ID
	if u.IsPlatformAdmin {
		memberID = ""
	}
	tenants, total, err := s.svc.Tenants.ListTenants(c.Request.Context(), memberID, p)
	if err != nil {
		s.render(c, err)
		return
	}
	roles, err := s.svc.Memberships.UserTenants(c.Request.Context(), u.ID)
	if err != nil {
		s.render(c, err)
		return
	}
	roleOf := map[string]tollgate.Role{}
	for _, r := range roles {
		roleOf[r.Tenant.ID] = r.Role
	}
	out := make([]tenantResponse, len(tenants))
	for i := range tenants {
		out[i] = tenantResponse{Tenant: &tenants[i], Role: roleOf[tenants[i].ID]}
	}
	c.JSON(http.StatusOK, listOf(out, total, p))
}

type createTenantRequest struct {
	Slug        string `json:"slug"`
	Name        string `json:"name"`
	AllowSignup bool   `json:"allow_signup"`
	OwnerEmail  string `json:"owner_email"`
}

// createTenant makes a tenant. Its owner is an existing user, or is invited by email.
func (s *Server) createTenant(c *gin.Context) {
	var req createTenantRequest
	if err := s.decode(c, &req); err != nil {
		s.render(c, err)
		return
	}
	ctx := c.Request.Context()
	t := &tollgate.Tenant{Slug: strings.TrimSpace(req.Slug), Name: req.Name, AllowSignup: req.AllowSignup}
	var p tollgate.Problems
	ownerEmail := tollgate.NormalizeEmail(req.OwnerEmail)
	if ownerEmail != "" {
		tollgate.CheckEmail(&p, "owner_email", ownerEmail)
	}
	if err := t.Validate(); err != nil {
		p = append(p, err.(*tollgate.Error).Fields...)
	}
	if err := p.Err(); err != nil {
		s.render(c, err)
		return
	}
	var ownerID string
	if ownerEmail != "" {
		owner, err := s.svc.Users.UserByEmail(ctx, ownerEmail)
		switch {
		case err == nil:
			ownerID = owner.ID
		case tollgate.ErrorCode(err) != tollgate.CodeNotFound:
			s.render(c, err)
			return
		}
	}
	if err := s.svc.Tenants.CreateTenant(ctx, t, ownerID); err != nil {
		s.render(c, err)
		return
	}
	var acceptURL string
	if ownerEmail != "" && ownerID == "" {
		url, err := s.invite(c, t, &tollgate.Invitation{TenantID: t.ID, Email: ownerEmail, Role: tollgate.RoleOwner})
		if err != nil {
			s.render(c, err)
			return
		}
		acceptURL = url
	}
	role := tollgate.Role("")
	if ownerID == currentUser(c).ID {
		role = tollgate.RoleOwner
	}
	c.JSON(http.StatusCreated, tenantResponse{Tenant: t, Role: role, AcceptURL: acceptURL})
}

func (s *Server) getTenant(c *gin.Context) {
	teams, err := s.myTeams(c)
	if err != nil {
		s.render(c, err)
		return
	}
	c.JSON(http.StatusOK, tenantResponse{Tenant: currentTenant(c), Role: currentRole(c), TeamIDs: teams})
}

type updateTenantRequest struct {
	Name        *string `json:"name"`
	AllowSignup *bool   `json:"allow_signup"`
}

func (s *Server) updateTenant(c *gin.Context) {
	var req updateTenantRequest
	if err := s.decode(c, &req); err != nil {
		s.render(c, err)
		return
	}
	t, err := s.svc.Tenants.UpdateTenant(c.Request.Context(), currentTenant(c).ID,
		tollgate.TenantUpdate{Name: req.Name, AllowSignup: req.AllowSignup})
	if err != nil {
		s.render(c, err)
		return
	}
	c.JSON(http.StatusOK, tenantResponse{Tenant: t, Role: currentRole(c)})
}

type publicTenant struct {
	Slug        string `json:"slug"`
	Name        string `json:"name"`
	AllowSignup bool   `json:"allow_signup"`
}

// publicTenant tells the sign-in and sign-up pages a tenant's name and whether it takes sign-ups.
func (s *Server) publicTenant(c *gin.Context) {
	t, err := s.svc.Tenants.TenantBySlug(c.Request.Context(), c.Param("tenant"))
	if err != nil {
		s.render(c, err)
		return
	}
	c.JSON(http.StatusOK, publicTenant{Slug: t.Slug, Name: t.Name, AllowSignup: t.AllowSignup})
}

type signupRequest struct {
	Email    string `json:"email"`
	Name     string `json:"name"`
	Password string `json:"password"`
}

func (r *signupRequest) validate() error {
	var p tollgate.Problems
	r.Email, r.Name = tollgate.NormalizeEmail(r.Email), strings.TrimSpace(r.Name)
	tollgate.CheckEmail(&p, "email", r.Email)
	tollgate.CheckName(&p, "name", r.Name, 200)
	tollgate.CheckPassword(&p, "password", r.Password)
	return p.Err()
}

// signup creates a developer account in a tenant that allows self sign-up, and signs it in.
func (s *Server) signup(c *gin.Context) {
	var req signupRequest
	if err := s.decode(c, &req); err != nil {
		s.render(c, err)
		return
	}
	if err := req.validate(); err != nil {
		s.render(c, err)
		return
	}
	if wait, ok := s.limiter.allow("ip:" + c.ClientIP()); !ok {
		s.render(c, &tollgate.Error{Code: tollgate.CodeRateLimited, RetryAfter: wait, Message: "too many attempts; wait a minute"})
		return
	}
	t, err := s.svc.Tenants.TenantBySlug(c.Request.Context(), c.Param("tenant"))
	if err != nil {
		s.render(c, err)
		return
	}
	if !t.AllowSignup {
		s.render(c, tollgate.Errorf(tollgate.CodeForbidden, "%s does not allow sign-up; ask an administrator for an invitation", t.Name))
		return
	}
	hash, err := auth.HashPassword(req.Password)
	if err != nil {
		s.render(c, err)
		return
	}
	u := &tollgate.User{Email: req.Email, Name: req.Name, PasswordHash: hash}
	if err := s.svc.Users.SignUp(c.Request.Context(), t.ID, u); err != nil {
		s.render(c, err)
		return
	}
	s.startSession(c, u, http.StatusCreated)
}
