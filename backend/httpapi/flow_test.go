package httpapi_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestIntegrationSessionLifecycle(t *testing.T) {
	s, _ := newServer(t, testConfig())
	w := newWorld(t, s)
	email := w.users["dev"].Email

	r := do(s, "POST", "/api/v1/auth/login", "", `{"email":"`+strings.ToUpper(email)+`","password":"`+password+`"}`)
	require.Equal(t, 200, r.Status, r.Body)
	login := r.json(t)
	assert.Equal(t, "Bearer", login["token_type"])
	assert.Equal(t, float64(900), login["expires_in"])
	assert.Equal(t, "no-store", r.Header.Get("Cache-Control"))
	cookie := r.Header.Get("Set-Cookie")
	assert.Contains(t, cookie, "tg_refresh=")
	assert.Contains(t, cookie, "HttpOnly")
	assert.Contains(t, cookie, "SameSite=Strict")
	assert.Contains(t, cookie, "Path=/api/v1/auth")
	assert.NotContains(t, r.Body, "argon2", "no password hash in responses")
	access, refresh := login["access_token"].(string), login["refresh_token"].(string)

	// The refresh cookie alone refreshes, and rotates the token.
	r = do(s, "POST", "/api/v1/auth/refresh", "", "", "Cookie", "tg_refresh="+refresh)
	require.Equal(t, 200, r.Status, r.Body)
	next := r.json(t)["refresh_token"].(string)
	assert.NotEqual(t, refresh, next)

	// Replaying the old refresh token ends the session: the new one and the access token stop working.
	r = do(s, "POST", "/api/v1/auth/refresh", "", `{"refresh_token":"`+refresh+`"}`)
	assert.Equal(t, 401, r.Status)
	assert.Contains(t, r.Header.Get("Set-Cookie"), "Max-Age=0", "the dead cookie is cleared")
	assert.Equal(t, 401, do(s, "POST", "/api/v1/auth/refresh", "", `{"refresh_token":"`+next+`"}`).Status)
	assert.Equal(t, 401, do(s, "GET", "/api/v1/me", access, "").Status)

	// Logout ends the session at once.
	tok := w.login(t, s, "dev")
	require.Equal(t, 200, do(s, "GET", "/api/v1/me", tok, "").Status)
	r = do(s, "POST", "/api/v1/auth/logout", tok, "")
	assert.Equal(t, 204, r.Status)
	assert.Equal(t, 401, do(s, "GET", "/api/v1/me", tok, "").Status)

	// Changing the password keeps this session and ends the others.
	mine, other := w.login(t, s, "dev"), w.login(t, s, "dev")
	r = do(s, "POST", "/api/v1/me/password", mine, `{"current_password":"`+password+`","new_password":"brand-new-pass-9"}`)
	require.Equal(t, 204, r.Status, r.Body)
	assert.Equal(t, 200, do(s, "GET", "/api/v1/me", mine, "").Status)
	assert.Equal(t, 401, do(s, "GET", "/api/v1/me", other, "").Status)
	assert.Equal(t, 401, do(s, "POST", "/api/v1/auth/login", "", `{"email":"`+email+`","password":"`+password+`"}`).Status)
	assert.Equal(t, 200, do(s, "POST", "/api/v1/auth/login", "", `{"email":"`+email+`","password":"brand-new-pass-9"}`).Status)
}

func TestIntegrationLoginRateLimit(t *testing.T) {
	cfg := testConfig()
	cfg.LoginRateLimit = 3
	s, _ := newServer(t, cfg)
	body := `{"email":"victim@example.com","password":"guess-guess-1"}`
	for range 3 {
		assert.Equal(t, 401, do(s, "POST", "/api/v1/auth/login", "", body, "X-Forwarded-For", "203.0.113.9").Status)
	}
	r := do(s, "POST", "/api/v1/auth/login", "", body)
	assert.Equal(t, 429, r.Status)
	assert.NotEmpty(t, r.Header.Get("Retry-After"))
	assert.Contains(t, r.Body, `"code":"rate_limited"`)
}

func TestIntegrationSignup(t *testing.T) {
	s, _ := newServer(t, testConfig())
	w := newWorld(t, s)
	email := unique("signup") + "@example.com"
	body := `{"email":"` + email + `","name":"Sign Up","password":"good-password-1"}`
	r := do(s, "POST", w.expand("/api/v1/public/tenants/{acme}/signup"), "", body)
	require.Equal(t, 201, r.Status, r.Body)
	tok := r.json(t)["access_token"].(string)
	r = do(s, "GET", "/api/v1/me", tok, "")
	assert.Contains(t, r.Body, `"role":"developer"`)

	assert.Equal(t, 409, do(s, "POST", w.expand("/api/v1/public/tenants/{acme}/signup"), "", body).Status, "email taken")
	r = do(s, "POST", w.expand("/api/v1/public/tenants/{other}/signup"), "",
		`{"email":"`+unique("x")+`@example.com","name":"X","password":"good-password-1"}`)
	assert.Equal(t, 403, r.Status, "tenant does not allow sign-up")
	r = do(s, "POST", w.expand("/api/v1/public/tenants/{acme}/signup"), "", `{"email":"bad","name":"","password":"x"}`)
	assert.Equal(t, 422, r.Status)
	for _, f := range []string{"email", "name", "password"} {
		assert.Contains(t, r.Body, `"field":"`+f+`"`)
	}
	assert.Equal(t, 404, do(s, "POST", "/api/v1/public/tenants/nope/signup", "", body).Status)
}

func TestIntegrationInvitationFlow(t *testing.T) {
	s, box := newServer(t, testConfig())
	w := newWorld(t, s)
	email := unique("invitee") + "@example.com"
	r := do(s, "POST", w.expand("/api/v1/tenants/{acme}/invitations"), w.tokens["admin"],
		w.expand(`{"email":"`+email+`","role":"billing","team_id":"{teamA}"}`))
	require.Equal(t, 201, r.Status, r.Body)
	acceptURL := r.json(t)["accept_url"].(string)
	require.True(t, strings.HasPrefix(acceptURL, "http://portal.test/invite/"))
	msg, ok := box.last(email)
	require.True(t, ok, "the invitation was mailed")
	assert.Contains(t, msg.Text, acceptURL)
	token := strings.TrimPrefix(acceptURL, "http://portal.test/invite/")

	// The list never shows the token.
	r = do(s, "GET", w.expand("/api/v1/tenants/{acme}/invitations"), w.tokens["admin"], "")
	assert.Contains(t, r.Body, email)
	assert.NotContains(t, r.Body, token)

	r = do(s, "POST", "/api/v1/invitations/"+token+"/accept", "", `{"name":"In Vitee","password":"invitee-pass-1"}`)
	require.Equal(t, 200, r.Status, r.Body)
	me := do(s, "GET", "/api/v1/me", r.json(t)["access_token"].(string), "")
	assert.Contains(t, me.Body, `"role":"billing"`)
	r = do(s, "GET", w.expand("/api/v1/tenants/{acme}/teams/{teamA}/members"), w.tokens["admin"], "")
	assert.Contains(t, r.Body, email)
	assert.Equal(t, 404, do(s, "POST", "/api/v1/invitations/"+token+"/accept", "", `{"name":"Again","password":"invitee-pass-1"}`).Status)

	// Someone with an account elsewhere joins with their own password, not a new one.
	r = do(s, "POST", w.expand("/api/v1/tenants/{other}/invitations"), w.tokens["ownerB"], `{"email":"`+email+`","role":"developer"}`)
	require.Equal(t, 201, r.Status, r.Body)
	token = strings.TrimPrefix(r.json(t)["accept_url"].(string), "http://portal.test/invite/")
	r = do(s, "GET", "/api/v1/invitations/"+token, "", "")
	assert.Contains(t, r.Body, `"user_exists":true`)
	r = do(s, "POST", "/api/v1/invitations/"+token+"/accept", "", `{"password":"wrong-pass-1"}`)
	assert.Equal(t, 422, r.Status)
	r = do(s, "POST", "/api/v1/invitations/"+token+"/accept", "", `{"password":"invitee-pass-1"}`)
	require.Equal(t, 200, r.Status, r.Body)

	// A revoked invitation's link stops working.
	r = do(s, "POST", w.expand("/api/v1/tenants/{acme}/invitations"), w.tokens["owner"], `{"email":"`+unique("r")+`@example.com","role":"admin"}`)
	require.Equal(t, 201, r.Status, r.Body)
	inv := r.json(t)
	token = strings.TrimPrefix(inv["accept_url"].(string), "http://portal.test/invite/")
	assert.Equal(t, 204, do(s, "DELETE", w.expand("/api/v1/tenants/{acme}/invitations/")+inv["id"].(string), w.tokens["admin"], "").Status)
	assert.Equal(t, 404, do(s, "GET", "/api/v1/invitations/"+token, "", "").Status)

	// The audit log tells the story.
	r = do(s, "GET", w.expand("/api/v1/tenants/{acme}/audit?action=invitation"), w.tokens["owner"], "")
	for _, a := range []string{"invitation.create", "invitation.accept", "invitation.revoke"} {
		assert.Contains(t, r.Body, a)
	}
}

func TestIntegrationCreateTenantWithOwner(t *testing.T) {
	s, box := newServer(t, testConfig())
	w := newWorld(t, s)
	slug := unique("new")
	r := do(s, "POST", "/api/v1/tenants", w.tokens["platform"], w.expand(`{"slug":"`+slug+`","name":"New Co","owner_email":"{outsiderEmail}"}`))
	require.Equal(t, 201, r.Status, r.Body)
	r = do(s, "GET", "/api/v1/tenants/"+slug, w.tokens["outsider"], "")
	assert.Contains(t, r.Body, `"role":"owner"`, "an existing user becomes owner at once")

	slug2, email := unique("new"), unique("founder")+"@example.com"
	r = do(s, "POST", "/api/v1/tenants", w.tokens["platform"], `{"slug":"`+slug2+`","name":"Newer Co","owner_email":"`+email+`"}`)
	require.Equal(t, 201, r.Status, r.Body)
	assert.Contains(t, r.json(t)["accept_url"], "http://portal.test/invite/", "the link is shown once to the platform admin")
	msg, ok := box.last(email)
	require.True(t, ok, "an unknown owner is invited")
	assert.Contains(t, msg.Subject, "Newer Co")
}

func TestIntegrationBodiesAndPortal(t *testing.T) {
	cfg := testConfig()
	cfg.MaxBodyBytes = 64
	s, _ := newServer(t, cfg)
	r := do(s, "POST", "/api/v1/auth/login", "", `{"email":"`+strings.Repeat("a", 100)+`@example.com","password":"x"}`)
	assert.Equal(t, http.StatusRequestEntityTooLarge, r.Status)
	assert.Contains(t, r.Body, `"code":"payload_too_large"`)
	r = do(s, "POST", "/api/v1/auth/login", "", "")
	assert.Equal(t, 400, r.Status)
	assert.Contains(t, r.Body, "empty")
	r = do(s, "POST", "/api/v1/auth/login", "", `email=a`, "Content-Type", "application/x-www-form-urlencoded")
	assert.Equal(t, 400, r.Status)

	// The request id is echoed when sane and made up otherwise.
	r = do(s, "GET", "/healthz", "", "", "X-Request-Id", "abc-12345678")
	assert.Equal(t, "abc-12345678", r.Header.Get("X-Request-Id"))
	r = do(s, "GET", "/healthz", "", "", "X-Request-Id", "<script>")
	assert.NotEqual(t, "<script>", r.Header.Get("X-Request-Id"))

	// The portal: any non-API path serves the app with a content security policy.
	r = do(s, "GET", "/t/acme/teams", "", "")
	assert.Equal(t, 200, r.Status)
	assert.Contains(t, r.Header.Get("Content-Type"), "text/html")
	assert.Contains(t, r.Header.Get("Content-Security-Policy"), "default-src 'self'")
	assert.Contains(t, r.Header.Get("Content-Security-Policy"), "frame-ancestors 'none'")
	r = do(s, "GET", "/metrics", "", "")
	assert.Contains(t, r.Body, "tollgate_http_requests_total")
}

func TestIntegrationLeaveTenant(t *testing.T) {
	s, _ := newServer(t, testConfig())
	w := newWorld(t, s)
	r := do(s, "DELETE", w.expand("/api/v1/tenants/{acme}/members/{devID}"), w.tokens["dev"], "")
	require.Equal(t, 204, r.Status, r.Body)
	assert.Equal(t, 404, do(s, "GET", w.expand("/api/v1/tenants/{acme}"), w.tokens["dev"], "").Status, "gone")
	r = do(s, "DELETE", w.expand("/api/v1/tenants/{acme}/members/{ownerID}"), w.tokens["owner"], "")
	assert.Equal(t, 409, r.Status, "the last owner cannot leave")
}
