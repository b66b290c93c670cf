package httpapi_test

import (
	"context"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"tollgate/backend/postgres"
)

// scenario is one HTTP exchange: who sends what, and what must and must not come back.
type scenario struct {
	name    string
	as      string // a person of the world, or "" for anonymous
	method  string
	path    string
	body    string
	status  int
	want    []string // fragments the body must contain
	notWant []string // fragments it must not contain
}

func runScenarios(t *testing.T, s http.Handler, w *world, scenarios []scenario) {
	t.Helper()
	for _, sc := range scenarios {
		t.Run(sc.name, func(t *testing.T) {
			r := do(s, sc.method, w.expand(sc.path), w.tokens[sc.as], w.expand(sc.body))
			require.Equal(t, sc.status, r.Status, "body: %s", r.Body)
			assert.NotEmpty(t, r.Header.Get("X-Request-Id"))
			if sc.status >= 400 {
				assert.Equal(t, "application/problem+json", r.Header.Get("Content-Type"))
				p := r.json(t)
				for _, k := range []string{"type", "title", "status", "detail", "instance", "code"} {
					assert.Contains(t, p, k)
				}
			}
			for _, f := range sc.want {
				assert.Contains(t, r.Body, w.expand(f))
			}
			for _, f := range sc.notWant {
				assert.NotContains(t, r.Body, w.expand(f))
			}
		})
	}
}

func TestIntegrationScenarios(t *testing.T) {
	s, _ := newServer(t, testConfig())
	w := newWorld(t, s)
	T := "/api/v1/tenants/{acme}"
	runScenarios(t, s, w, []scenario{
		// Authentication.
		{name: "me needs a token", method: "GET", path: "/api/v1/me", status: 401, want: []string{`"code":"unauthorized"`}},
		{name: "me with a bad token", as: "", method: "GET", path: "/api/v1/me", status: 401},
		{name: "me", as: "dev", method: "GET", path: "/api/v1/me", status: 200,
			want: []string{`"email":"{devEmail}"`, `"slug":"{acme}"`, `"role":"developer"`}, notWant: []string{"password", "{other}"}},
		{name: "login wrong password", method: "POST", path: "/api/v1/auth/login", body: `{"email":"{devEmail}","password":"nope-nope-1"}`,
			status: 401, want: []string{`"code":"invalid_credentials"`, "The email or password is incorrect."}},
		{name: "login unknown user gets the same answer", method: "POST", path: "/api/v1/auth/login",
			body: `{"email":"nobody@example.com","password":"nope-nope-1"}`, status: 401,
			want: []string{`"code":"invalid_credentials"`, "The email or password is incorrect."}},
		{name: "login missing fields", method: "POST", path: "/api/v1/auth/login", body: `{}`, status: 422,
			want: []string{`"field":"email"`, `"field":"password"`}},
		{name: "login malformed JSON", method: "POST", path: "/api/v1/auth/login", body: `{"email":`, status: 400,
			want: []string{"not valid JSON"}},
		{name: "login unknown field", method: "POST", path: "/api/v1/auth/login", body: `{"email":"a@b.co","password":"x","admin":true}`,
			status: 400, want: []string{`"field":"admin"`}},
		{name: "login wrong type", method: "POST", path: "/api/v1/auth/login", body: `{"email":42,"password":"x"}`,
			status: 400, want: []string{`"field":"email"`, "must be a string"}},
		{name: "login two objects", method: "POST", path: "/api/v1/auth/login", body: `{"email":"a@b.co","password":"x"}{}`,
			status: 400, want: []string{"single JSON object"}},
		{name: "refresh without token", method: "POST", path: "/api/v1/auth/refresh", body: `{}`, status: 401},
		{name: "refresh with junk", method: "POST", path: "/api/v1/auth/refresh", body: `{"refresh_token":"junk"}`, status: 401},

		// Me.
		{name: "rename me", as: "billing", method: "PATCH", path: "/api/v1/me", body: `{"name":"Bill Ing"}`, status: 200,
			want: []string{`"name":"Bill Ing"`}},
		{name: "rename me empty", as: "billing", method: "PATCH", path: "/api/v1/me", body: `{"name":"  "}`, status: 422,
			want: []string{`"field":"name"`}},
		{name: "password change needs current", as: "billing", method: "POST", path: "/api/v1/me/password",
			body: `{"current_password":"wrong-one-1","new_password":"another-horse-7"}`, status: 422, want: []string{`"field":"current_password"`}},
		{name: "password change weak", as: "billing", method: "POST", path: "/api/v1/me/password",
			body: `{"current_password":"correct-horse-42","new_password":"short"}`, status: 422, want: []string{`"field":"new_password"`}},
		{name: "password change all letters", as: "billing", method: "POST", path: "/api/v1/me/password",
			body: `{"current_password":"correct-horse-42","new_password":"onlyletterspassword"}`, status: 422, want: []string{"mix letters"}},

		// Tenants.
		{name: "list tenants shows only mine", as: "owner", method: "GET", path: "/api/v1/tenants", status: 200,
			want: []string{`"slug":"{acme}"`, `"role":"owner"`, `"total":1`}, notWant: []string{"{other}"}},
		{name: "platform admin lists every tenant", as: "platform", method: "GET", path: "/api/v1/tenants?limit=200", status: 200,
			want: []string{"{acme}", "{other}"}},
		{name: "list tenants bad limit", as: "owner", method: "GET", path: "/api/v1/tenants?limit=0", status: 422, want: []string{`"field":"limit"`}},
		{name: "create tenant needs platform admin", as: "owner", method: "POST", path: "/api/v1/tenants",
			body: `{"slug":"nope-tenant","name":"Nope"}`, status: 403},
		{name: "create tenant invalid", as: "platform", method: "POST", path: "/api/v1/tenants",
			body: `{"slug":"Bad Slug","name":"","owner_email":"not-an-email"}`, status: 422,
			want: []string{`"field":"slug"`, `"field":"name"`, `"field":"owner_email"`}},
		{name: "create tenant duplicate slug", as: "platform", method: "POST", path: "/api/v1/tenants",
			body: `{"slug":"{acme}","name":"Dup"}`, status: 409},
		{name: "get tenant", as: "dev", method: "GET", path: T, status: 200, want: []string{`"slug":"{acme}"`, `"role":"developer"`}},
		{name: "get unknown tenant", as: "dev", method: "GET", path: "/api/v1/tenants/no-such-tenant", status: 404},
		{name: "update tenant as developer", as: "dev", method: "PATCH", path: T, body: `{"name":"Mine"}`, status: 403},
		{name: "update tenant as billing", as: "billing", method: "PATCH", path: T, body: `{"name":"Mine"}`, status: 403},
		{name: "update tenant", as: "admin", method: "PATCH", path: T, body: `{"name":"Acme Corp","allow_signup":true}`, status: 200,
			want: []string{`"name":"Acme Corp"`}},
		{name: "update tenant invalid", as: "admin", method: "PATCH", path: T, body: `{"name":""}`, status: 422},
		{name: "platform admin enters any tenant", as: "platform", method: "GET", path: "/api/v1/tenants/{other}", status: 200},
		{name: "a developer leaves", as: "outsider", method: "GET", path: T, status: 404},
		{name: "public tenant", method: "GET", path: "/api/v1/public/tenants/{acme}", status: 200,
			want: []string{`"allow_signup":true`}, notWant: []string{`"id"`}},

		// Members.
		{name: "members list", as: "dev", method: "GET", path: T + "/members", status: 200,
			want: []string{"{ownerEmail}", "{devEmail}", `"total":4`}, notWant: []string{"{memberBEmail}"}},
		{name: "members filter role", as: "dev", method: "GET", path: T + "/members?role=billing", status: 200,
			want: []string{"{billingEmail}", `"total":1`}},
		{name: "members filter bad role", as: "dev", method: "GET", path: T + "/members?role=king", status: 422},
		{name: "members search", as: "dev", method: "GET", path: T + "/members?q={billingEmail}", status: 200, want: []string{`"total":1`}},
		{name: "change role as developer", as: "dev", method: "PATCH", path: T + "/members/{billingID}", body: `{"role":"admin"}`, status: 403},
		{name: "admin cannot make owners", as: "admin", method: "PATCH", path: T + "/members/{billingID}", body: `{"role":"owner"}`, status: 403},
		{name: "admin cannot demote owners", as: "admin", method: "PATCH", path: T + "/members/{ownerID}", body: `{"role":"developer"}`, status: 403},
		{name: "invalid role", as: "admin", method: "PATCH", path: T + "/members/{billingID}", body: `{"role":"king"}`, status: 422,
			want: []string{`"field":"role"`}},
		{name: "last owner stays", as: "owner", method: "PATCH", path: T + "/members/{ownerID}", body: `{"role":"admin"}`, status: 409,
			want: []string{"last owner"}},
		{name: "unknown member", as: "admin", method: "PATCH", path: T + "/members/00000000-0000-0000-0000-000000000000", body: `{"role":"admin"}`, status: 404},
		{name: "malformed member id", as: "admin", method: "DELETE", path: T + "/members/not-a-uuid", status: 404},
		{name: "change role", as: "admin", method: "PATCH", path: T + "/members/{billingID}", body: `{"role":"developer"}`, status: 200,
			want: []string{`"role":"developer"`}},
		{name: "change role back", as: "owner", method: "PATCH", path: T + "/members/{billingID}", body: `{"role":"billing"}`, status: 200},
		{name: "remove last owner", as: "owner", method: "DELETE", path: T + "/members/{ownerID}", status: 409},
		{name: "developers cannot remove others", as: "dev", method: "DELETE", path: T + "/members/{billingID}", status: 403},
		{name: "get tenant lists my teams", as: "dev", method: "GET", path: T, status: 200, want: []string{`"team_ids":["{teamA}"]`}},

		// Invitations.
		{name: "invitations need admin", as: "dev", method: "GET", path: T + "/invitations", status: 403},
		{name: "invitations list", as: "admin", method: "GET", path: T + "/invitations", status: 200,
			want: []string{`"id":"{invA}"`, `"status":"pending"`}, notWant: []string{"{invB}", "token"}},
		{name: "invitations bad status", as: "admin", method: "GET", path: T + "/invitations?status=lost", status: 422},
		{name: "invite invalid email", as: "admin", method: "POST", path: T + "/invitations", body: `{"email":"nope","role":"developer"}`,
			status: 422, want: []string{`"field":"email"`}},
		{name: "invite invalid role", as: "admin", method: "POST", path: T + "/invitations", body: `{"email":"x@example.com","role":"king"}`,
			status: 422, want: []string{`"field":"role"`}},
		{name: "invite a member", as: "admin", method: "POST", path: T + "/invitations", body: `{"email":"{devEmail}","role":"developer"}`,
			status: 409, want: []string{"already a member"}},
		{name: "invite into another tenant's team", as: "admin", method: "POST", path: T + "/invitations",
			body: `{"email":"someone@example.com","role":"developer","team_id":"{teamB}"}`, status: 422, want: []string{`"field":"team_id"`}},
		{name: "admin cannot invite owners", as: "admin", method: "POST", path: T + "/invitations", body: `{"email":"boss@example.com","role":"owner"}`,
			status: 403},
		{name: "invitation preview", method: "GET", path: "/api/v1/invitations/{invAToken}", status: 200,
			want: []string{`"slug":"{acme}"`, `"user_exists":false`, `"role":"developer"`}},
		{name: "invitation preview unknown", method: "GET", path: "/api/v1/invitations/nope", status: 404},
		{name: "accept with weak password", method: "POST", path: "/api/v1/invitations/{invAToken}/accept", body: `{"name":"N","password":"123"}`,
			status: 422, want: []string{`"field":"password"`}},
		{name: "revoke unknown invitation", as: "admin", method: "DELETE", path: T + "/invitations/00000000-0000-0000-0000-000000000000", status: 404},

		// Teams.
		{name: "teams list", as: "dev", method: "GET", path: T + "/teams", status: 200, want: []string{`"id":"{teamA}"`, `"member_count":1`},
			notWant: []string{"{teamB}"}},
		{name: "team get", as: "dev", method: "GET", path: T + "/teams/{teamA}", status: 200},
		{name: "team create as developer", as: "dev", method: "POST", path: T + "/teams", body: `{"name":"Rogue"}`, status: 403},
		{name: "team create invalid", as: "admin", method: "POST", path: T + "/teams", body: `{"name":"","slug":"BAD SLUG"}`, status: 422,
			want: []string{`"field":"name"`}},
		{name: "team create", as: "admin", method: "POST", path: T + "/teams", body: `{"name":"Data Science","description":"Models"}`,
			status: 201, want: []string{`"slug":"data-science"`, `"member_count":0`}},
		{name: "team create duplicate", as: "admin", method: "POST", path: T + "/teams", body: `{"name":"Data Science"}`, status: 409},
		// Text PostgreSQL cannot store is a 422 (not a 500), and nothing is written.
		{name: "team create with a NUL", as: "admin", method: "POST", path: T + "/teams", body: `{"name":"Ops\u0000Shadow"}`, status: 422,
			want: []string{"cannot be stored"}},
		{name: "no team from the NUL", as: "admin", method: "GET", path: T + "/teams?q=Shadow", status: 200, want: []string{`"total":0`}},
		{name: "team update", as: "owner", method: "PATCH", path: T + "/teams/{teamA}", body: `{"description":"Apps"}`, status: 200,
			want: []string{`"description":"Apps"`}},
		{name: "team update as billing", as: "billing", method: "PATCH", path: T + "/teams/{teamA}", body: `{"description":"x"}`, status: 403},
		{name: "team members", as: "dev", method: "GET", path: T + "/teams/{teamA}/members", status: 200, want: []string{"{devEmail}"}},
		{name: "team add member", as: "admin", method: "POST", path: T + "/teams/{teamA}/members", body: `{"user_id":"{billingID}"}`,
			status: 201, want: []string{"{billingEmail}"}},
		{name: "team add member twice", as: "admin", method: "POST", path: T + "/teams/{teamA}/members", body: `{"user_id":"{billingID}"}`,
			status: 409},
		{name: "team add outsider", as: "admin", method: "POST", path: T + "/teams/{teamA}/members", body: `{"user_id":"{outsiderID}"}`,
			status: 422, want: []string{`"field":"user_id"`}},
		{name: "team add member missing id", as: "admin", method: "POST", path: T + "/teams/{teamA}/members", body: `{}`, status: 422},
		{name: "team remove member", as: "admin", method: "DELETE", path: T + "/teams/{teamA}/members/{billingID}", status: 204},
		{name: "team remove member again", as: "admin", method: "DELETE", path: T + "/teams/{teamA}/members/{billingID}", status: 404},

		// Audit log.
		{name: "audit needs admin", as: "billing", method: "GET", path: T + "/audit", status: 403},
		{name: "audit", as: "owner", method: "GET", path: T + "/audit?action=team.", status: 200,
			want: []string{`"action":"team.create"`, `"action":"team.update"`, `"email":"{adminEmail}"`}, notWant: []string{"{teamB}"}},
		{name: "audit of role change", as: "owner", method: "GET", path: T + "/audit?action=member.update_role&target_type=user", status: 200,
			want: []string{`"before":{"role":"billing"}`, `"after":{"role":"developer"}`}},

		// Everything else.
		{name: "unknown API path", method: "GET", path: "/api/v1/nothing-here", status: 404},
		{name: "wrong method", as: "owner", method: "PUT", path: "/api/v1/me", status: 404},
		{name: "openapi", method: "GET", path: "/api/v1/openapi.json", status: 200, want: []string{`"openapi":"3.0`}},
		{name: "healthz", method: "GET", path: "/healthz", status: 200},
		{name: "readyz", method: "GET", path: "/readyz", status: 200, want: []string{`"database":"ok"`}},
	})
}

var paramRE = regexp.MustCompile(`:([a-z_]+)`)

// TestIntegrationCrossTenant proves for every tenant route that a member of one tenant gets 404 for another tenant,
// whether they name the other tenant or name its objects inside their own tenant.
func TestIntegrationCrossTenant(t *testing.T) {
	s, _ := newServer(t, testConfig())
	w := newWorld(t, s)
	// Tenant B has a stored Stripe event too.
	otherTenant, err := postgres.NewTenantService(testDB).TenantBySlug(context.Background(), w.vars["other"])
	require.NoError(t, err)
	_, err = postgres.NewBillingStore(testDB).InsertEvent(context.Background(), postgres.StoredEvent{TenantID: otherTenant.ID,
		ID: "evt_of_other_tenant", Type: "invoice.paid", Created: time.Now(), Payload: []byte(`{}`), Source: "webhook"})
	require.NoError(t, err)
	r := do(s, "POST", w.expand("/api/v1/tenants/{other}/webhook-endpoints"), w.tokens["ownerB"], `{"url":"https://example.com/b"}`)
	require.Equal(t, 201, r.Status, r.Body)
	w.vars["endpointB"] = r.json(t)["endpoint"].(map[string]any)["id"].(string)
	// A valid body for each writing route, so a refusal can only come from the tenant check.
	bodies := map[string]string{
		"PATCH /api/v1/tenants/:tenant":                                         `{"name":"X"}`,
		"PATCH /api/v1/tenants/:tenant/members/:user_id":                        `{"role":"developer"}`,
		"POST /api/v1/tenants/:tenant/invitations":                              `{"email":"x@example.com","role":"developer"}`,
		"POST /api/v1/tenants/:tenant/teams":                                    `{"name":"X"}`,
		"PATCH /api/v1/tenants/:tenant/teams/:team_id":                          `{"name":"X"}`,
		"POST /api/v1/tenants/:tenant/teams/:team_id/members":                   `{"user_id":"{memberBID}"}`,
		"POST /api/v1/tenants/:tenant/apis":                                     `{"team_id":"{teamB}","name":"X","base_path":"/x","upstream_url":"https://x.example.com"}`,
		"PATCH /api/v1/tenants/:tenant/apis/:api_id":                            `{"name":"X"}`,
		"POST /api/v1/tenants/:tenant/apis/:api_id/lifecycle":                   `{"action":"deprecate","sunset_at":"2099-01-01T00:00:00Z"}`,
		"PUT /api/v1/tenants/:tenant/apis/:api_id/openapi":                      `{"openapi":"3.0.3","info":{"title":"x","version":"1"},"paths":{}}`,
		"POST /api/v1/tenants/:tenant/apis/:api_id/plans":                       `{"name":"X"}`,
		"PATCH /api/v1/tenants/:tenant/apis/:api_id/plans/:plan_id":             `{"name":"X"}`,
		"POST /api/v1/tenants/:tenant/applications":                             `{"team_id":"{teamB}","name":"X"}`,
		"PATCH /api/v1/tenants/:tenant/applications/:app_id":                    `{"name":"X"}`,
		"POST /api/v1/tenants/:tenant/applications/:app_id/subscriptions":       `{"plan_id":"{planB}","reason":"x"}`,
		"POST /api/v1/tenants/:tenant/applications/:app_id/keys":                `{"name":"X"}`,
		"PATCH /api/v1/tenants/:tenant/applications/:app_id/keys/:key_id":       `{"name":"X"}`,
		"POST /api/v1/tenants/:tenant/subscriptions/:sub_id/reject":             `{"comment":"x"}`,
		"POST /api/v1/tenants/:tenant/subscriptions/:sub_id/suspend":            `{"reason":"x"}`,
		"POST /api/v1/tenants/:tenant/subscriptions/:sub_id/resume":             `{"reason":"x"}`,
		"POST /api/v1/tenants/:tenant/subscriptions/:sub_id/revoke":             `{"reason":"x"}`,
		"POST /api/v1/tenants/:tenant/subscriptions/:sub_id/change-plan":        `{"plan_id":"{planB}","reason":"x"}`,
		"PUT /api/v1/tenants/:tenant/billing/stripe":                            `{"webhook_secret":"whsec_0123456789abcdef"}`,
		"POST /api/v1/tenants/:tenant/apis/:api_id/plans/:plan_id/stripe-price": `{"unit_amount":100,"currency":"usd"}`,
		"POST /api/v1/tenants/:tenant/billing/reconciliation":                   `{"fix":false}`,
		"PUT /api/v1/tenants/:tenant/notification-preferences":                  `{"items":[]}`,
		"POST /api/v1/tenants/:tenant/webhook-endpoints":                        `{"url":"https://example.com/hook","team_id":"{teamB}"}`,
		"PATCH /api/v1/tenants/:tenant/webhook-endpoints/:endpoint_id":          `{"description":"x"}`,
	}
	n := 0
	for _, rt := range s.Routes() {
		if !strings.HasPrefix(rt.Path, "/api/v1/tenants/:tenant") {
			continue
		}
		body := bodies[rt.Method+" "+rt.Path]
		// Name the other tenant (B's ids everywhere).
		other := paramRE.ReplaceAllStringFunc(rt.Path, func(p string) string {
			return map[string]string{":tenant": "{other}", ":team_id": "{teamB}", ":user_id": "{memberBID}", ":id": "{invB}",
				":api_id": "{apiB}", ":plan_id": "{planB}", ":app_id": "{appB}", ":sub_id": "{subB}", ":key_id": "{keyB}", ":request_id": "{callB}",
				":event_id": "evt_of_other_tenant", ":endpoint_id": "{endpointB}"}[p]
		})
		for _, who := range []string{"owner", "dev"} {
			r := do(s, rt.Method, w.expand(other), w.tokens[who], w.expand(body))
			assert.Equal(t, 404, r.Status, "%s %s as %s: %s", rt.Method, other, who, r.Body)
		}
		// Name the own tenant but the other tenant's objects.
		if strings.Count(rt.Path, ":") > 1 {
			mixed := strings.Replace(other, "{other}", "{acme}", 1)
			r := do(s, rt.Method, w.expand(mixed), w.tokens["owner"], w.expand(body))
			assert.Equal(t, 404, r.Status, "%s %s: %s", rt.Method, mixed, r.Body)
		}
		n++
	}
	assert.Equal(t, 88, n, "every tenant route was checked (a new route needs a body above when it takes one)")

	// B's data is untouched: its team, member and invitation are all still there.
	r = do(s, "GET", w.expand("/api/v1/tenants/{other}/teams/{teamB}/members"), w.tokens["ownerB"], "")
	require.Equal(t, 200, r.Status, r.Body)
	assert.Contains(t, r.Body, w.vars["memberBEmail"])
	r = do(s, "GET", w.expand("/api/v1/tenants/{other}/invitations"), w.tokens["ownerB"], "")
	assert.Contains(t, r.Body, w.vars["invB"])
	r = do(s, "GET", w.expand("/api/v1/tenants/{other}/audit"), w.tokens["ownerB"], "")
	assert.NotContains(t, r.Body, w.vars["ownerEmail"], "no action of tenant A's people in B's audit log")
}
