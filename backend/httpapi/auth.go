package httpapi

import (
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/gin-gonic/gin"
	"golang.org/x/time/rate"

	"tollgate/backend/auth"
	"tollgate/backend/tollgate"
)

const refreshCookie = "tg_refresh"

type tokenResponse struct {
	AccessToken  string         `json:"access_token"`
	TokenType    string         `json:"token_type"`
	ExpiresIn    int            `json:"expires_in"`
	RefreshToken string         `json:"refresh_token"`
	User         *tollgate.User `json:"user"`
}

// startSession creates a session for u and answers with its tokens (and the refresh cookie).
func (s *Server) startSession(c *gin.Context, u *tollgate.User, status int) {
	refresh, digest, err := auth.NewOpaqueToken()
	if err != nil {
		s.render(c, err)
		return
	}
	sess := &tollgate.Session{UserID: u.ID, ExpiresAt: time.Now().Add(s.cfg.RefreshTokenTTL),
		UserAgent: truncate(c.Request.UserAgent(), 300), IP: c.ClientIP()}
	if err := s.svc.Sessions.CreateSession(c.Request.Context(), sess, digest); err != nil {
		s.render(c, err)
		return
	}
	s.respondTokens(c, u, sess.ID, refresh, status)
}

func (s *Server) respondTokens(c *gin.Context, u *tollgate.User, sessionID, refresh string, status int) {
	access, err := s.tokens.Issue(u.ID, sessionID)
	if err != nil {
		s.render(c, err)
		return
	}
	s.setRefreshCookie(c, refresh, int(s.cfg.RefreshTokenTTL.Seconds()))
	c.Header("Cache-Control", "no-store")
	c.JSON(status, tokenResponse{AccessToken: access, TokenType: "Bearer", ExpiresIn: int(s.tokens.TTL().Seconds()),
		RefreshToken: refresh, User: u})
}

func (s *Server) setRefreshCookie(c *gin.Context, value string, maxAge int) {
	http.SetCookie(c.Writer, &http.Cookie{Name: refreshCookie, Value: value, Path: "/api/v1/auth", MaxAge: maxAge,
		HttpOnly: true, Secure: strings.HasPrefix(s.cfg.PublicURL, "https://"), SameSite: http.SameSiteStrictMode})
}

type loginRequest struct {
	Email    string `json:"email"`
	Password string `json:"password"`
}

// login checks a password. Unknown accounts and wrong passwords get the same answer after the same work.
func (s *Server) login(c *gin.Context) {
	var req loginRequest
	if err := s.decode(c, &req); err != nil {
		s.render(c, err)
		return
	}
	var p tollgate.Problems
	email := tollgate.NormalizeEmail(req.Email)
	if email == "" {
		p.Add("email", "is required")
	}
	if req.Password == "" {
		p.Add("password", "is required")
	}
	if err := p.Err(); err != nil {
		s.render(c, err)
		return
	}
	if wait, ok := s.limiter.allow("ip:"+c.ClientIP(), "account:"+email); !ok {
		s.render(c, &tollgate.Error{Code: tollgate.CodeRateLimited, RetryAfter: wait,
			Message: "too many sign-in attempts; wait a minute and try again"})
		return
	}
	var hash string
	u, err := s.svc.Users.UserByEmail(c.Request.Context(), email)
	switch {
	case err == nil:
		hash = u.PasswordHash
	case tollgate.ErrorCode(err) != tollgate.CodeNotFound:
		s.render(c, err)
		return
	}
	if !auth.CheckPasswordOrDummy(hash, req.Password) {
		s.render(c, tollgate.Errorf(tollgate.CodeInvalidCredentials, "the email or password is incorrect"))
		return
	}
	s.startSession(c, u, http.StatusOK)
}

type refreshRequest struct {
	RefreshToken string `json:"refresh_token"`
}

// refreshToken reads the refresh token from the body or, failing that, the cookie. The body may be empty.
func (s *Server) refreshToken(c *gin.Context) (string, error) {
	var req refreshRequest
	if c.Request.ContentLength != 0 {
		if err := s.decode(c, &req); err != nil {
			return "", err
		}
	}
	if req.RefreshToken != "" {
		return req.RefreshToken, nil
	}
	v, _ := c.Cookie(refreshCookie)
	return v, nil
}

// refresh rotates the refresh token and issues a new access token.
func (s *Server) refresh(c *gin.Context) {
	token, err := s.refreshToken(c)
	if err != nil {
		s.render(c, err)
		return
	}
	if token == "" {
		s.render(c, tollgate.Errorf(tollgate.CodeUnauthorized, "no refresh token; please sign in"))
		return
	}
	next, digest, err := auth.NewOpaqueToken()
	if err != nil {
		s.render(c, err)
		return
	}
	sess, err := s.svc.Sessions.RotateRefreshToken(c.Request.Context(), auth.Digest(token), digest)
	if err != nil {
		if tollgate.ErrorCode(err) == tollgate.CodeUnauthorized {
			s.setRefreshCookie(c, "", -1)
		}
		s.render(c, err)
		return
	}
	u, err := s.svc.Users.UserByID(c.Request.Context(), sess.UserID)
	if err != nil {
		s.render(c, err)
		return
	}
	s.respondTokens(c, u, sess.ID, next, http.StatusOK)
}

// logout ends the session named by the bearer token, the refresh token in the body, or the cookie.
func (s *Server) logout(c *gin.Context) {
	ctx := c.Request.Context()
	if claims, err := s.tokens.Verify(bearer(c)); err == nil {
		if err := s.svc.Sessions.RevokeSession(ctx, claims.SessionID); err != nil {
			s.render(c, err)
			return
		}
	}
	token, err := s.refreshToken(c)
	if err != nil {
		s.render(c, err)
		return
	}
	if token != "" {
		if err := s.svc.Sessions.RevokeSessionByRefreshToken(ctx, auth.Digest(token)); err != nil {
			s.render(c, err)
			return
		}
	}
	s.setRefreshCookie(c, "", -1)
	c.Status(http.StatusNoContent)
}

func bearer(c *gin.Context) string {
	h := c.GetHeader("Authorization")
	if len(h) > 7 && strings.EqualFold(h[:7], "bearer ") {
		return strings.TrimSpace(h[7:])
	}
	return ""
}

const (
	ctxUser      = "user"
	ctxSessionID = "session_id"
	ctxTenant    = "tenant"
	ctxRole      = "role"
)

// authenticate requires a valid access token whose session is still live, so logging out and changing a password
// take effect at once rather than when the token expires.
func (s *Server) authenticate(c *gin.Context) {
	token := bearer(c)
	if token == "" {
		s.render(c, tollgate.Errorf(tollgate.CodeUnauthorized, "sign in first: send Authorization: Bearer <access token>"))
		return
	}
	claims, err := s.tokens.Verify(token)
	if err != nil {
		s.render(c, tollgate.Errorf(tollgate.CodeUnauthorized, "the access token is invalid or expired; refresh it or sign in again"))
		return
	}
	sess, u, err := s.svc.Sessions.ActiveSession(c.Request.Context(), claims.SessionID)
	if err != nil {
		s.render(c, err)
		return
	}
	if sess.UserID != claims.Subject {
		s.render(c, tollgate.Errorf(tollgate.CodeUnauthorized, "the access token is invalid; sign in again"))
		return
	}
	c.Set(ctxUser, u)
	c.Set(ctxSessionID, sess.ID)
	a := tollgate.ActorFrom(c.Request.Context())
	a.UserID = u.ID
	c.Request = c.Request.WithContext(tollgate.WithActor(c.Request.Context(), a))
	c.Next()
}

func currentUser(c *gin.Context) *tollgate.User {
	u, _ := c.Get(ctxUser)
	user, _ := u.(*tollgate.User)
	return user
}

func currentTenant(c *gin.Context) *tollgate.Tenant {
	t, _ := c.Get(ctxTenant)
	return t.(*tollgate.Tenant)
}

// currentRole is the caller's role in the current tenant; empty for a platform admin who is not a member.
func currentRole(c *gin.Context) tollgate.Role {
	r, _ := c.Get(ctxRole)
	role, _ := r.(tollgate.Role)
	return role
}

// tenantAccess loads the tenant named in the path and the caller's role in it. A tenant the caller does not
// belong to is "not found": its existence is not revealed. Platform admins may enter every tenant.
func (s *Server) tenantAccess(c *gin.Context) {
	ctx := c.Request.Context()
	u := currentUser(c)
	t, err := s.svc.Tenants.TenantBySlug(ctx, c.Param("tenant"))
	if err != nil {
		s.render(c, err)
		return
	}
	m, err := s.svc.Memberships.Membership(ctx, t.ID, u.ID)
	switch {
	case err == nil:
		c.Set(ctxRole, m.Role)
	case tollgate.ErrorCode(err) == tollgate.CodeNotFound && u.IsPlatformAdmin:
	case tollgate.ErrorCode(err) == tollgate.CodeNotFound:
		s.render(c, tollgate.NotFound("tenant"))
		return
	default:
		s.render(c, err)
		return
	}
	c.Set(ctxTenant, t)
	c.Next()
}

// requireRole lets through members with one of roles, and platform admins.
func (s *Server) requireRole(roles ...tollgate.Role) gin.HandlerFunc {
	names := make([]string, len(roles))
	for i, r := range roles {
		names[i] = string(r)
	}
	msg := "this needs the role " + strings.Join(names, " or ") + " in this tenant"
	return func(c *gin.Context) {
		if currentUser(c).IsPlatformAdmin {
			c.Next()
			return
		}
		role := currentRole(c)
		for _, r := range roles {
			if role == r {
				c.Next()
				return
			}
		}
		s.render(c, tollgate.Errorf(tollgate.CodeForbidden, "%s", msg))
	}
}

// effectiveRole is the role used for permission decisions: platform admins act as owners.
func effectiveRole(c *gin.Context) tollgate.Role {
	if currentUser(c).IsPlatformAdmin {
		return tollgate.RoleOwner
	}
	return currentRole(c)
}

func (s *Server) requirePlatformAdmin(c *gin.Context) {
	if !currentUser(c).IsPlatformAdmin {
		s.render(c, tollgate.Errorf(tollgate.CodeForbidden, "only platform administrators can do this"))
		return
	}
	c.Next()
}

// loginLimiter limits sign-in attempts per key (an IP address, an account) with token buckets that refill over
// the window. Idle buckets are dropped so the map stays small.
type loginLimiter struct {
	mu      sync.Mutex
	perMin  int
	window  time.Duration
	buckets map[string]*limiterEntry
	swept   time.Time
}

type limiterEntry struct {
	lim  *rate.Limiter
	seen time.Time
}

func newLoginLimiter(perWindow int, window time.Duration) *loginLimiter {
	return &loginLimiter{perMin: perWindow, window: window, buckets: map[string]*limiterEntry{}, swept: time.Now()}
}

// allow takes one token from every key's bucket; when any is empty it says how long to wait.
func (l *loginLimiter) allow(keys ...string) (time.Duration, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := time.Now()
	if now.Sub(l.swept) > l.window {
		for k, e := range l.buckets {
			if now.Sub(e.seen) > l.window {
				delete(l.buckets, k)
			}
		}
		l.swept = now
	}
	var wait time.Duration
	ok := true
	for _, k := range keys {
		e := l.buckets[k]
		if e == nil {
			e = &limiterEntry{lim: rate.NewLimiter(rate.Every(l.window/time.Duration(l.perMin)), l.perMin)}
			l.buckets[k] = e
		}
		e.seen = now
		r := e.lim.ReserveN(now, 1)
		if d := r.DelayFrom(now); d > 0 {
			r.CancelAt(now)
			ok = false
			wait = max(wait, d)
		}
	}
	return wait, ok
}

func truncate(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}
