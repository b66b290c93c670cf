package httpapi

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"tollgate/backend/auth"
	"tollgate/backend/tollgate"
)

type invitationResponse struct {
	tollgate.Invitation
	Status string `json:"status"`
	// AcceptURL is returned once, to the admin who created the invitation, so it can be shared by hand too.
	AcceptURL string `json:"accept_url,omitempty"`
}

func (s *Server) listInvitations(c *gin.Context) {
	p, err := pageOf(c)
	if err != nil {
		s.render(c, err)
		return
	}
	status := c.DefaultQuery("status", tollgate.InvitationPending)
	switch status {
	case tollgate.InvitationPending, tollgate.InvitationAccepted, tollgate.InvitationExpired, tollgate.InvitationRevoked:
	case "all":
		status = ""
	default:
		s.render(c, invalidField("status", "must be one of pending, accepted, expired, revoked, all"))
		return
	}
	invs, total, err := s.svc.Invitations.ListInvitations(c.Request.Context(), currentTenant(c).ID,
		tollgate.InvitationFilter{Page: p, Status: status})
	if err != nil {
		s.render(c, err)
		return
	}
	now := time.Now()
	out := make([]invitationResponse, len(invs))
	for i := range invs {
		out[i] = invitationResponse{Invitation: invs[i], Status: invs[i].Status(now)}
	}
	c.JSON(http.StatusOK, listOf(out, total, p))
}

type createInvitationRequest struct {
	Email  string        `json:"email"`
	Role   tollgate.Role `json:"role"`
	TeamID *string       `json:"team_id"`
}

func (s *Server) createInvitation(c *gin.Context) {
	var req createInvitationRequest
	if err := s.decode(c, &req); err != nil {
		s.render(c, err)
		return
	}
	t := currentTenant(c)
	if req.Role == "" {
		req.Role = tollgate.RoleDeveloper
	}
	if req.Role.Valid() && !effectiveRole(c).CanGrant(req.Role) {
		s.render(c, tollgate.Errorf(tollgate.CodeForbidden, "only owners can invite owners"))
		return
	}
	if req.TeamID != nil && *req.TeamID == "" {
		req.TeamID = nil
	}
	inv := &tollgate.Invitation{TenantID: t.ID, Email: req.Email, Role: req.Role, TeamID: req.TeamID}
	url, err := s.invite(c, t, inv)
	if err != nil {
		s.render(c, err)
		return
	}
	c.JSON(http.StatusCreated, invitationResponse{Invitation: *inv, Status: inv.Status(time.Now()), AcceptURL: url})
}

// invite stores an invitation and sends its link by email. Without SMTP in development, the link goes to the log.
func (s *Server) invite(c *gin.Context, t *tollgate.Tenant, inv *tollgate.Invitation) (string, error) {
	ctx := c.Request.Context()
	token, digest, err := auth.NewOpaqueToken()
	if err != nil {
		return "", err
	}
	inv.ExpiresAt = time.Now().Add(s.cfg.InvitationTTL)
	if err := s.svc.Invitations.CreateInvitation(ctx, inv, digest); err != nil {
		return "", err
	}
	link := s.cfg.PublicURL + "/invite/" + token
	inviter := "Someone"
	if u := currentUser(c); u != nil {
		inviter = u.Name
	}
	msg := tollgate.Message{To: inv.Email, Subject: fmt.Sprintf("You are invited to %s on Tollgate", t.Name),
		Text: fmt.Sprintf("%s invited you to join %s on Tollgate as %s.\n\nAccept the invitation: %s\n\nThe link works until %s.\n",
			inviter, t.Name, inv.Role, link, inv.ExpiresAt.UTC().Format("2 January 2006 15:04 MST"))}
	if s.cfg.SMTPURL == "" && !s.cfg.Production() {
		s.log.InfoContext(ctx, "invitation link", "tenant", t.Slug, "email", inv.Email, "url", link)
	}
	// Sending does not undo the invitation when it fails: the link is also returned to the admin to share.
	sendCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 15*time.Second)
	defer cancel()
	if err := s.svc.Mailer.Send(sendCtx, msg); err != nil {
		s.log.WarnContext(ctx, "invitation email not sent", "err", err, "tenant", t.Slug, "invitation_id", inv.ID)
	}
	return link, nil
}

func (s *Server) revokeInvitation(c *gin.Context) {
	if err := s.svc.Invitations.RevokeInvitation(c.Request.Context(), currentTenant(c).ID, c.Param("id")); err != nil {
		s.render(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

type invitationPreview struct {
	Tenant     publicTenant  `json:"tenant"`
	Email      string        `json:"email"`
	Role       tollgate.Role `json:"role"`
	ExpiresAt  time.Time     `json:"expires_at"`
	UserExists bool          `json:"user_exists"`
}

// getInvitationByToken shows the accept page what it is accepting.
func (s *Server) getInvitationByToken(c *gin.Context) {
	ctx := c.Request.Context()
	inv, t, err := s.svc.Invitations.PendingInvitation(ctx, auth.Digest(c.Param("token")))
	if err != nil {
		s.render(c, err)
		return
	}
	exists := true
	if _, err := s.svc.Users.UserByEmail(ctx, inv.Email); tollgate.ErrorCode(err) == tollgate.CodeNotFound {
		exists = false
	} else if err != nil {
		s.render(c, err)
		return
	}
	c.JSON(http.StatusOK, invitationPreview{Tenant: publicTenant{Slug: t.Slug, Name: t.Name, AllowSignup: t.AllowSignup},
		Email: inv.Email, Role: inv.Role, ExpiresAt: inv.ExpiresAt, UserExists: exists})
}

type acceptInvitationRequest struct {
	Name     string `json:"name"`
	Password string `json:"password"`
}

// acceptInvitation joins the tenant: a new account is created with name and password, an existing account proves
// itself with its password. Either way the caller is signed in.
func (s *Server) acceptInvitation(c *gin.Context) {
	var req acceptInvitationRequest
	if err := s.decode(c, &req); err != nil {
		s.render(c, err)
		return
	}
	ctx := c.Request.Context()
	digest := auth.Digest(c.Param("token"))
	inv, _, err := s.svc.Invitations.PendingInvitation(ctx, digest)
	if err != nil {
		s.render(c, err)
		return
	}
	if wait, ok := s.limiter.allow("ip:"+c.ClientIP(), "account:"+inv.Email); !ok {
		s.render(c, &tollgate.Error{Code: tollgate.CodeRateLimited, RetryAfter: wait, Message: "too many attempts; wait a minute"})
		return
	}
	u, err := s.svc.Users.UserByEmail(ctx, inv.Email)
	switch {
	case err == nil:
		if req.Password == "" {
			s.render(c, invalidField("password", "is required: enter the password of your existing account"))
			return
		}
		if !auth.CheckPasswordOrDummy(u.PasswordHash, req.Password) {
			s.render(c, &tollgate.Error{Code: tollgate.CodeValidation, Message: "the password is incorrect",
				Fields: []tollgate.FieldError{{Field: "password", Message: "is not the password of " + inv.Email}}})
			return
		}
	case tollgate.ErrorCode(err) == tollgate.CodeNotFound:
		var p tollgate.Problems
		req.Name = strings.TrimSpace(req.Name)
		tollgate.CheckName(&p, "name", req.Name, 200)
		tollgate.CheckPassword(&p, "password", req.Password)
		if err := p.Err(); err != nil {
			s.render(c, err)
			return
		}
		hash, err := auth.HashPassword(req.Password)
		if err != nil {
			s.render(c, err)
			return
		}
		u = &tollgate.User{Email: inv.Email, Name: req.Name, PasswordHash: hash}
	default:
		s.render(c, err)
		return
	}
	if err := s.svc.Invitations.AcceptInvitation(ctx, digest, u); err != nil {
		s.render(c, err)
		return
	}
	s.startSession(c, u, http.StatusOK)
}
