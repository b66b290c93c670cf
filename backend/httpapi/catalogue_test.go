package httpapi_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"tollgate/backend/postgres"
	"tollgate/backend/tollgate"
)

const petsYAML = `openapi: 3.0.3
info: {title: Pets, version: "1.0"}
paths:
  /pets:
    get:
      responses: {"200": {description: the pets}}
`

func TestIntegrationCatalogueScenarios(t *testing.T) {
	s, _ := newServer(t, testConfig())
	w := newWorld(t, s)
	T := "/api/v1/tenants/{acme}"
	api := `"team_id":"{teamA}","name":"Geo","base_path":"/geo","upstream_url":"https://geo.example.com"`
	runScenarios(t, s, w, []scenario{
		{name: "catalogue as developer", as: "dev", method: "GET", path: T + "/apis", status: 200, want: []string{"Weather A"},
			notWant: []string{"Weather B"}},
		{name: "catalogue search", as: "dev", method: "GET", path: T + "/apis?q=nothing-like-this", status: 200, want: []string{`"total":0`}},
		{name: "catalogue bad lifecycle", as: "dev", method: "GET", path: T + "/apis?lifecycle=alive", status: 422},
		{name: "create API as billing (not in team)", as: "billing", method: "POST", path: T + "/apis", body: "{" + api + "}", status: 403},
		{name: "create API not http", as: "admin", method: "POST", path: T + "/apis",
			body: `{"team_id":"{teamA}","name":"Geo","base_path":"/geo","upstream_url":"ftp://geo.example.com"}`, status: 422,
			want: []string{`"field":"upstream_url"`}},
		{name: "create API pointing at the gateway", as: "admin", method: "POST", path: T + "/apis",
			body: `{"team_id":"{teamA}","name":"Geo","base_path":"/geo","upstream_url":"http://localhost:8081/x"}`, status: 422,
			want: []string{"loop"}},
		{name: "create API bad fields", as: "admin", method: "POST", path: T + "/apis",
			body: `{"team_id":"{teamA}","name":"","base_path":"geo","upstream_url":"","timeout_ms":5}`, status: 422,
			want: []string{`"field":"name"`, `"field":"base_path"`, `"field":"upstream_url"`, `"field":"timeout_ms"`}},
		{name: "create API other tenant's team", as: "admin", method: "POST", path: T + "/apis",
			body: `{"team_id":"{teamB}","name":"Geo","base_path":"/geo","upstream_url":"https://geo.example.com"}`, status: 422},
		{name: "create API", as: "dev", method: "POST", path: T + "/apis", body: "{" + api + `,"tags":["Maps"]}`, status: 201,
			want: []string{`"lifecycle":"draft"`, `"slug":"geo"`, `"tags":["maps"]`}},
		{name: "create API on a bad host", as: "admin", method: "POST", path: T + "/apis",
			body:   `{"team_id":"{teamA}","name":"Geo H","base_path":"/geo-h","host":"https://geo.example.com:8443","upstream_url":"https://geo.example.com"}`,
			status: 422, want: []string{`"field":"host"`, "without scheme, port or path"}},
		{name: "create API on Tollgate's own host", as: "admin", method: "POST", path: T + "/apis",
			body:   `{"team_id":"{teamA}","name":"Geo H","base_path":"/geo-h","host":"localhost","upstream_url":"https://geo.example.com"}`,
			status: 422, want: []string{`"field":"host"`}},
		{name: "create API on a host", as: "admin", method: "POST", path: T + "/apis",
			body:   `{"team_id":"{teamA}","name":"Geo H","base_path":"/geo-h","host":"Geo-{acme}.Example.com.","upstream_url":"https://geo.example.com"}`,
			status: 201, want: []string{`"host":"geo-{acme}.example.com"`}},
		{name: "another tenant's API on the same host", as: "ownerB", method: "POST", path: "/api/v1/tenants/{other}/apis",
			body:   `{"team_id":"{teamB}","name":"Geo","base_path":"/elsewhere","host":"geo-{acme}.example.com","upstream_url":"https://geo.example.com"}`,
			status: 409, want: []string{"already in use"}},
		{name: "create API same base path", as: "admin", method: "POST", path: T + "/apis",
			body: `{"team_id":"{teamA}","name":"Geo 2","base_path":"/geo","upstream_url":"https://geo.example.com"}`, status: 409},
		{name: "deprecate without sunset", as: "admin", method: "POST", path: T + "/apis/{apiA}/lifecycle", body: `{"action":"deprecate"}`,
			status: 422, want: []string{`"field":"sunset_at"`}},
		{name: "publish twice", as: "admin", method: "POST", path: T + "/apis/{apiA}/lifecycle", body: `{"action":"publish"}`,
			status: 409, want: []string{"published"}},
		{name: "unknown lifecycle action", as: "admin", method: "POST", path: T + "/apis/{apiA}/lifecycle", body: `{"action":"launch"}`, status: 422},
		{name: "delete a published API", as: "admin", method: "DELETE", path: T + "/apis/{apiA}", status: 409},
		{name: "upload invalid OpenAPI", as: "admin", method: "PUT", path: T + "/apis/{apiA}/openapi",
			body: `{"openapi":"2.5","info":{"version":1}}`, status: 422,
			want: []string{`"field":"openapi"`, `"field":"info.title"`, `"field":"info.version"`, `"field":"paths"`}},
		{name: "OpenAPI absent", as: "dev", method: "GET", path: T + "/apis/{apiA}/openapi", status: 404},
		{name: "plan negative limits", as: "admin", method: "POST", path: T + "/apis/{apiA}/plans",
			body:   `{"name":"Bad","rate_limit_per_second":-1,"monthly_quota":-5,"grace_days":99,"approval":"maybe","overage":"bill"}`,
			status: 422, want: []string{`"field":"rate_limit_per_second"`, `"field":"monthly_quota"`, `"field":"grace_days"`,
				`"field":"approval"`, `"field":"overage"`}},
		{name: "plan absurd limits", as: "admin", method: "POST", path: T + "/apis/{apiA}/plans",
			body: `{"name":"Bad","rate_limit_per_second":100000000}`, status: 422},
		{name: "plan as developer not in team", as: "billing", method: "POST", path: T + "/apis/{apiA}/plans", body: `{"name":"X"}`, status: 403},
		{name: "plans list", as: "dev", method: "GET", path: T + "/apis/{apiA}/plans", status: 200,
			want: []string{`"name":"Free"`, `"counted_statuses":["2xx","3xx"]`}},
		{name: "subscribe needs a reason", as: "dev", method: "POST", path: T + "/applications/{appA}/subscriptions",
			body: `{"plan_id":"{planA}"}`, status: 422, want: []string{`"field":"reason"`}},
		{name: "subscribe twice", as: "dev", method: "POST", path: T + "/applications/{appA}/subscriptions",
			body: `{"plan_id":"{planA}","reason":"again"}`, status: 409, want: []string{"already has an open subscription"}},
		{name: "subscribe to another tenant's plan", as: "dev", method: "POST", path: T + "/applications/{appA}/subscriptions",
			body: `{"plan_id":"{planB}","reason":"x"}`, status: 422},
		{name: "approvals need admin", as: "dev", method: "GET", path: T + "/approvals", status: 403},
		{name: "approve an active subscription", as: "admin", method: "POST", path: T + "/subscriptions/{subA}/approve", body: `{}`,
			status: 409, want: []string{"Cannot approve a subscription that is active."}},
		{name: "developer cannot suspend", as: "dev", method: "POST", path: T + "/subscriptions/{subA}/suspend", body: `{"reason":"x"}`, status: 403},
		{name: "suspend needs a reason", as: "admin", method: "POST", path: T + "/subscriptions/{subA}/suspend", body: `{}`, status: 422},
		{name: "subscription events", as: "dev", method: "GET", path: T + "/subscriptions/{subA}/events", status: 200,
			want: []string{`"to_state":"requested"`, `"to_state":"approved"`, `"to_state":"active"`}},
		{name: "key with unsubscribed scope", as: "dev", method: "POST", path: T + "/applications/{appA}/keys",
			body: `{"name":"k","api_ids":["{apiB}"]}`, status: 422, want: []string{`"field":"api_ids"`}},
		{name: "key with bad IP", as: "dev", method: "POST", path: T + "/applications/{appA}/keys",
			body: `{"name":"k","allowed_ips":["10.0.0.0/33","nope"]}`, status: 422, want: []string{`"field":"allowed_ips"`}},
		{name: "key expiring in the past", as: "dev", method: "POST", path: T + "/applications/{appA}/keys",
			body: `{"name":"k","expires_at":"2001-01-01T00:00:00Z"}`, status: 422, want: []string{`"field":"expires_at"`}},
		{name: "keys of another team's app", as: "billing", method: "GET", path: T + "/applications/{appA}/keys", status: 403},
		{name: "keys list", as: "dev", method: "GET", path: T + "/applications/{appA}/keys", status: 200,
			want: []string{`"prefix":"tg_live_fixt"`, `"status":"active"`}, notWant: []string{`"key":`, "digest"}},
		{name: "rotate with absurd overlap", as: "dev", method: "POST", path: T + "/applications/{appA}/keys/{keyA}/rotate",
			body: `{"overlap_seconds":99999999}`, status: 422},
		{name: "notifications", as: "dev", method: "GET", path: T + "/notifications", status: 200, want: []string{`"unread":`}},
		{name: "delete app with live subscription", as: "dev", method: "DELETE", path: T + "/applications/{appA}", status: 409},
		{name: "a team that owns APIs stays", as: "admin", method: "DELETE", path: T + "/teams/{teamA}", status: 409,
			want: []string{"still owns APIs or applications"}},
		{name: "applications of developer", as: "dev", method: "GET", path: T + "/applications", status: 200, want: []string{"App A"}},
		{name: "applications of billing (no team)", as: "billing", method: "GET", path: T + "/applications", status: 200,
			want: []string{`"total":0`}},
	})
}

// TestIntegrationApprovalJourney is the provider and developer journey: publish an API with a manual plan,
// subscribe, approve, then create, rotate and revoke keys.
func TestIntegrationApprovalJourney(t *testing.T) {
	s, box := newServer(t, testConfig())
	w := newWorld(t, s)
	T := w.expand("/api/v1/tenants/{acme}")
	owner, dev := w.tokens["owner"], w.tokens["dev"]

	r := do(s, "POST", T+"/apis", owner, w.expand(`{"team_id":"{teamA}","name":"Pets","base_path":"/pets","upstream_url":"https://pets.example.com"}`))
	require.Equal(t, 201, r.Status, r.Body)
	apiID := r.json(t)["id"].(string)
	r = do(s, "PUT", T+"/apis/"+apiID+"/openapi", owner, petsYAML, "Content-Type", "application/yaml")
	require.Equal(t, 200, r.Status, r.Body)
	r = do(s, "GET", T+"/apis/"+apiID+"/openapi", dev, "")
	require.Equal(t, 200, r.Status, r.Body)
	assert.Contains(t, r.Body, `"title":"Pets"`)
	r = do(s, "GET", T+"/apis/"+apiID, dev, "")
	assert.Contains(t, r.Body, `"has_openapi":true`)

	r = do(s, "POST", T+"/apis/"+apiID+"/plans", owner, `{"name":"Partner","approval":"manual","rate_limit_per_second":100}`)
	require.Equal(t, 201, r.Status, r.Body)
	planID := r.json(t)["id"].(string)

	// Drafts take no subscriptions and developers outside the team do not see them.
	r = do(s, "POST", T+"/applications/"+w.vars["appA"]+"/subscriptions", dev, `{"plan_id":"`+planID+`","reason":"maps"}`)
	assert.Equal(t, 422, r.Status, r.Body)
	assert.Equal(t, 404, do(s, "GET", T+"/apis/"+apiID, w.tokens["billing"], "").Status)
	r = do(s, "POST", T+"/apis/"+apiID+"/lifecycle", owner, `{"action":"publish"}`)
	require.Equal(t, 200, r.Status, r.Body)
	assert.Equal(t, 200, do(s, "GET", T+"/apis/"+apiID, w.tokens["billing"], "").Status)

	r = do(s, "POST", T+"/applications/"+w.vars["appA"]+"/subscriptions", dev, `{"plan_id":"`+planID+`","reason":"The mobile app shows pets"}`)
	require.Equal(t, 201, r.Status, r.Body)
	sub := r.json(t)
	subID := sub["id"].(string)
	assert.Equal(t, "pending_approval", sub["state"])
	r = do(s, "GET", T+"/approvals", w.tokens["admin"], "")
	assert.Contains(t, r.Body, subID)
	assert.Contains(t, r.Body, "The mobile app shows pets")
	r = do(s, "GET", T+"/notifications?unread=true", w.tokens["admin"], "")
	assert.Contains(t, r.Body, "New subscription request")

	r = do(s, "POST", T+"/subscriptions/"+subID+"/approve", dev, `{}`)
	assert.Equal(t, 403, r.Status, "developers do not approve")
	r = do(s, "POST", T+"/subscriptions/"+subID+"/approve", w.tokens["admin"], `{"comment":"welcome"}`)
	require.Equal(t, 200, r.Status, r.Body)
	assert.Equal(t, "active", r.json(t)["state"])
	r = do(s, "GET", T+"/notifications", dev, "")
	assert.Contains(t, r.Body, "Subscription approved")
	assert.Empty(t, box.sent, "no SMTP configured: decisions reach the portal only")

	// Keys: shown once, listed by prefix, rotated with an overlap, revoked at once.
	r = do(s, "POST", T+"/applications/"+w.vars["appA"]+"/keys", dev, `{"name":"prod","api_ids":["`+apiID+`"],"allowed_ips":["203.0.113.7"]}`)
	require.Equal(t, 201, r.Status, r.Body)
	key := r.json(t)
	plain := key["key"].(string)
	assert.True(t, strings.HasPrefix(plain, "tg_live_"))
	assert.Equal(t, plain[:12], key["prefix"])
	assert.Equal(t, []any{"203.0.113.7/32"}, key["allowed_ips"])
	assert.Equal(t, "no-store", r.Header.Get("Cache-Control"))
	keyID := key["id"].(string)
	r = do(s, "GET", T+"/applications/"+w.vars["appA"]+"/keys", dev, "")
	assert.NotContains(t, r.Body, plain, "the key is never shown again")

	r = do(s, "POST", T+"/applications/"+w.vars["appA"]+"/keys/"+keyID+"/rotate", dev, `{"overlap_seconds":3600}`)
	require.Equal(t, 201, r.Status, r.Body)
	next := r.json(t)
	assert.NotEqual(t, plain, next["key"])
	assert.Equal(t, keyID, next["rotated_from_id"])
	assert.Equal(t, []any{apiID}, next["api_ids"], "the successor keeps the scopes")
	r = do(s, "GET", T+"/applications/"+w.vars["appA"]+"/keys?status=active", dev, "")
	old := findItem(t, r.json(t), keyID)
	expires, err := time.Parse(time.RFC3339Nano, old["expires_at"].(string))
	require.NoError(t, err)
	assert.WithinDuration(t, time.Now().Add(time.Hour), expires, time.Minute, "the old key works for the overlap")

	r = do(s, "POST", T+"/applications/"+w.vars["appA"]+"/keys/"+keyID+"/revoke", dev, "")
	require.Equal(t, 200, r.Status, r.Body)
	assert.Equal(t, "revoked", r.json(t)["status"])
	r = do(s, "POST", T+"/applications/"+w.vars["appA"]+"/keys/"+keyID+"/rotate", dev, "")
	assert.Equal(t, 409, r.Status, "a revoked key cannot be rotated")

	// The history and the audit log tell the story without ever holding the key.
	r = do(s, "GET", T+"/subscriptions/"+subID+"/events", dev, "")
	for _, st := range []string{`"to_state":"pending_approval"`, `"event":"approve"`, `"to_state":"active"`, `"reason":"welcome"`} {
		assert.Contains(t, r.Body, st)
	}
	r = do(s, "GET", T+"/audit?limit=200", owner, "")
	assert.Contains(t, r.Body, "api_key.rotate")
	assert.NotContains(t, r.Body, plain)
	assert.NotContains(t, r.Body, next["key"].(string))

	// Cancel by the developer; the subscription is closed for good.
	r = do(s, "POST", T+"/subscriptions/"+subID+"/cancel", dev, `{"reason":"done"}`)
	require.Equal(t, 200, r.Status, r.Body)
	assert.Equal(t, "canceled", r.json(t)["state"])
	r = do(s, "POST", T+"/subscriptions/"+subID+"/resume", owner, `{"reason":"x"}`)
	assert.Equal(t, 409, r.Status)
}

func findItem(t *testing.T, list map[string]any, id string) map[string]any {
	t.Helper()
	for _, it := range list["items"].([]any) {
		if m := it.(map[string]any); m["id"] == id {
			return m
		}
	}
	t.Fatalf("%s not in list", id)
	return nil
}

func TestIntegrationTwoPersonApproval(t *testing.T) {
	s, _ := newServer(t, testConfig())
	w := newWorld(t, s)
	T := w.expand("/api/v1/tenants/{acme}")
	r := do(s, "POST", T+"/apis/"+w.vars["apiA"]+"/plans", w.tokens["owner"], `{"name":"Enterprise","approval":"two_person"}`)
	require.Equal(t, 201, r.Status, r.Body)
	plan := r.json(t)["id"].(string)
	// A second application of the team asks for the two-person plan; the admin files the request.
	r = do(s, "POST", T+"/applications", w.tokens["admin"], w.expand(`{"team_id":"{teamA}","name":"Batch"}`))
	require.Equal(t, 201, r.Status, r.Body)
	app := r.json(t)["id"].(string)
	r = do(s, "POST", T+"/applications/"+app+"/subscriptions", w.tokens["admin"], `{"plan_id":"`+plan+`","reason":"nightly batch"}`)
	require.Equal(t, 201, r.Status, r.Body)
	sub := r.json(t)["id"].(string)

	r = do(s, "POST", T+"/subscriptions/"+sub+"/approve", w.tokens["admin"], `{}`)
	assert.Equal(t, 403, r.Status, "no approving one's own request on a two-person plan: %s", r.Body)
	r = do(s, "POST", T+"/subscriptions/"+sub+"/approve", w.tokens["owner"], `{"comment":"ok by me"}`)
	require.Equal(t, 200, r.Status, r.Body)
	first := r.json(t)
	assert.Equal(t, "pending_approval", first["state"], "one of two approvals")
	assert.Len(t, first["approvals"], 1)
	r = do(s, "POST", T+"/subscriptions/"+sub+"/approve", w.tokens["owner"], `{}`)
	assert.Equal(t, 409, r.Status, "the same admin twice")
	r = do(s, "POST", T+"/subscriptions/"+sub+"/approve", w.tokens["platform"], `{"comment":"second"}`)
	require.Equal(t, 200, r.Status, r.Body)
	assert.Equal(t, "active", r.json(t)["state"])
}

// TestIntegrationConcurrentApprovals: three admins approve one manual request at once; exactly one wins.
func TestIntegrationConcurrentApprovals(t *testing.T) {
	s, _ := newServer(t, testConfig())
	w := newWorld(t, s)
	T := w.expand("/api/v1/tenants/{acme}")
	r := do(s, "POST", T+"/apis/"+w.vars["apiA"]+"/plans", w.tokens["owner"], `{"name":"Manual","approval":"manual"}`)
	require.Equal(t, 201, r.Status, r.Body)
	plan := r.json(t)["id"].(string)
	r = do(s, "POST", T+"/applications", w.tokens["dev"], w.expand(`{"team_id":"{teamA}","name":"Race"}`))
	require.Equal(t, 201, r.Status, r.Body)
	r = do(s, "POST", T+"/applications/"+r.json(t)["id"].(string)+"/subscriptions", w.tokens["dev"], `{"plan_id":"`+plan+`","reason":"race"}`)
	require.Equal(t, 201, r.Status, r.Body)
	sub := r.json(t)["id"].(string)

	var wg sync.WaitGroup
	statuses := make([]int, 3)
	for i, who := range []string{"owner", "admin", "platform"} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			statuses[i] = do(s, "POST", T+"/subscriptions/"+sub+"/approve", w.tokens[who], `{}`).Status
		}()
	}
	wg.Wait()
	won := 0
	for _, st := range statuses {
		if st == 200 {
			won++
		} else {
			assert.Equal(t, 409, st)
		}
	}
	assert.Equal(t, 1, won, "statuses %v", statuses)
	r = do(s, "GET", T+"/subscriptions/"+sub+"/events", w.tokens["owner"], "")
	assert.Equal(t, 1, strings.Count(r.Body, `"event":"approve"`), "one approval recorded")
}

func TestIntegrationOtherTeamsApplication(t *testing.T) {
	s, _ := newServer(t, testConfig())
	w := newWorld(t, s)
	T := w.expand("/api/v1/tenants/{acme}")
	r := do(s, "POST", T+"/teams", w.tokens["admin"], `{"name":"Ops"}`)
	require.Equal(t, 201, r.Status, r.Body)
	r = do(s, "POST", T+"/applications", w.tokens["admin"], `{"team_id":"`+r.json(t)["id"].(string)+`","name":"Ops App"}`)
	require.Equal(t, 201, r.Status, r.Body)
	app := r.json(t)["id"].(string)
	r = do(s, "POST", T+"/applications/"+app+"/subscriptions", w.tokens["dev"], w.expand(`{"plan_id":"{planA}","reason":"sneaky"}`))
	assert.Equal(t, 403, r.Status, r.Body)
	assert.Contains(t, r.Body, "belongs to the team Ops")
	r = do(s, "POST", T+"/applications/"+app+"/keys", w.tokens["dev"], `{"name":"sneaky"}`)
	assert.Equal(t, 403, r.Status, r.Body)
}

func TestIntegrationAdminActions(t *testing.T) {
	s, _ := newServer(t, testConfig())
	w := newWorld(t, s)
	T, sub, admin := w.expand("/api/v1/tenants/{acme}"), w.vars["subA"], w.tokens["admin"]
	step := func(action, body, wantState string) {
		t.Helper()
		r := do(s, "POST", T+"/subscriptions/"+sub+"/"+action, admin, body)
		require.Equal(t, 200, r.Status, "%s: %s", action, r.Body)
		assert.Equal(t, wantState, r.json(t)["state"], action)
	}
	step("suspend", `{"reason":"abuse report"}`, "suspended")
	step("resume", `{}`, "active")
	r := do(s, "POST", T+"/apis/"+w.vars["apiA"]+"/plans", w.tokens["owner"], `{"name":"Pro","rate_limit_per_second":50}`)
	require.Equal(t, 201, r.Status, r.Body)
	pro := r.json(t)["id"].(string)
	r = do(s, "POST", T+"/subscriptions/"+sub+"/change-plan", admin, w.expand(`{"plan_id":"{planB}","reason":"x"}`))
	assert.Equal(t, 422, r.Status, "another tenant's plan")
	step("change-plan", `{"plan_id":"`+pro+`","reason":"upgrade"}`, "active")
	r = do(s, "GET", T+"/subscriptions/"+sub, w.tokens["dev"], "")
	assert.Equal(t, "Pro", r.json(t)["plan_name"])

	// Archived plans keep their subscribers but take no new ones.
	r = do(s, "POST", T+"/apis/"+w.vars["apiA"]+"/plans/"+pro+"/archive", w.tokens["owner"], "")
	require.Equal(t, 200, r.Status, r.Body)
	assert.NotNil(t, r.json(t)["archived_at"])
	r = do(s, "GET", T+"/apis/"+w.vars["apiA"]+"/plans", w.tokens["dev"], "")
	assert.NotContains(t, r.Body, `"name":"Pro"`)
	r = do(s, "GET", T+"/apis/"+w.vars["apiA"]+"/plans?include_archived=true", w.tokens["dev"], "")
	assert.Contains(t, r.Body, `"name":"Pro"`)

	step("revoke", `{"reason":"contract ended"}`, "revoked")
	r = do(s, "POST", T+"/subscriptions/"+sub+"/suspend", admin, `{"reason":"x"}`)
	assert.Equal(t, 409, r.Status, "revoked is final")
	assert.Contains(t, r.Body, "revoked")

	// The requester heard about each decision, in the portal.
	r = do(s, "GET", T+"/notifications?limit=50", w.tokens["dev"], "")
	for _, want := range []string{"suspended", "active again", "Plan changed", "revoked"} {
		assert.Contains(t, r.Body, want)
	}
	unread := int(r.json(t)["unread"].(float64))
	assert.GreaterOrEqual(t, unread, 4)
	assert.Equal(t, 204, do(s, "POST", T+"/notifications/read-all", w.tokens["dev"], "").Status)
	r = do(s, "GET", T+"/notifications", w.tokens["dev"], "")
	assert.Equal(t, float64(0), r.json(t)["unread"])
}

func TestIntegrationRejection(t *testing.T) {
	s, _ := newServer(t, testConfig())
	w := newWorld(t, s)
	T := w.expand("/api/v1/tenants/{acme}")
	r := do(s, "POST", T+"/apis/"+w.vars["apiA"]+"/plans", w.tokens["owner"], `{"name":"Gold","approval":"manual"}`)
	require.Equal(t, 201, r.Status, r.Body)
	plan := r.json(t)["id"].(string)
	r = do(s, "POST", T+"/applications", w.tokens["dev"], w.expand(`{"team_id":"{teamA}","name":"Second"}`))
	require.Equal(t, 201, r.Status, r.Body)
	app := r.json(t)["id"].(string)
	r = do(s, "POST", T+"/applications/"+app+"/subscriptions", w.tokens["dev"], `{"plan_id":"`+plan+`","reason":"please"}`)
	require.Equal(t, 201, r.Status, r.Body)
	sub := r.json(t)["id"].(string)
	assert.Equal(t, 422, do(s, "POST", T+"/subscriptions/"+sub+"/reject", w.tokens["owner"], `{}`).Status, "a rejection says why")
	r = do(s, "POST", T+"/subscriptions/"+sub+"/reject", w.tokens["owner"], `{"comment":"not for production use"}`)
	require.Equal(t, 200, r.Status, r.Body)
	rejected := r.json(t)
	assert.Equal(t, "rejected", rejected["state"])
	assert.Equal(t, "not for production use", rejected["decision_comment"])
	// A rejected request no longer blocks a new one.
	r = do(s, "POST", T+"/applications/"+app+"/subscriptions", w.tokens["dev"], `{"plan_id":"`+plan+`","reason":"second try"}`)
	assert.Equal(t, 201, r.Status, r.Body)
}

func TestIntegrationCallLogs(t *testing.T) {
	s, _ := newServer(t, testConfig())
	w := newWorld(t, s)
	store := postgres.NewGatewayStore(testDB)
	ctx := context.Background()
	now := time.Now().UTC()
	require.NoError(t, store.PrepareCallLogs(ctx, now.Add(-48*time.Hour), now.Add(24*time.Hour), now.Add(-30*24*time.Hour)))
	tenantID := func(slug string) string {
		r := do(s, "GET", "/api/v1/tenants/"+slug, w.tokens["platform"], "")
		return r.json(t)["id"].(string)
	}
	a, b := tenantID(w.vars["acme"]), tenantID(w.vars["other"])
	logs := []tollgate.CallLog{
		{Time: now.Add(-time.Minute), RequestID: "req-ok-0001", TenantID: a, ApplicationID: w.vars["appA"], APIID: w.vars["apiA"],
			SubscriptionID: w.vars["subA"], KeyPrefix: "tg_live_abcd", Method: "GET", Path: "/acme/weather/current", Status: 200, Code: "ok"},
		{Time: now.Add(-2 * time.Minute), RequestID: "req-quota-01", TenantID: a, ApplicationID: w.vars["appA"], APIID: w.vars["apiA"],
			KeyPrefix: "tg_live_abcd", Method: "GET", Path: "/acme/weather/forecast", Status: 402, Code: "quota_exhausted"},
		{Time: now.Add(-3 * time.Minute), RequestID: "req-other-01", TenantID: b, ApplicationID: w.vars["appB"], APIID: w.vars["apiB"],
			Method: "GET", Path: "/other/weather", Status: 200, Code: "ok"},
	}
	require.NoError(t, store.WriteCallLogs(ctx, logs))
	w.vars["callB"] = "req-other-01"
	T := "/api/v1/tenants/{acme}"
	runScenarios(t, s, w, []scenario{
		{name: "app calls", as: "dev", method: "GET", path: T + "/applications/{appA}/calls", status: 200,
			want: []string{"req-ok-0001", "req-quota-01"}, notWant: []string{"req-other-01"}},
		{name: "app calls by status class", as: "dev", method: "GET", path: T + "/applications/{appA}/calls?status=4xx", status: 200,
			want: []string{"req-quota-01"}, notWant: []string{"req-ok-0001"}},
		{name: "app calls by code", as: "dev", method: "GET", path: T + "/applications/{appA}/calls?code=ok", status: 200,
			want: []string{"req-ok-0001"}, notWant: []string{"req-quota-01"}},
		{name: "app calls by path", as: "dev", method: "GET", path: T + "/applications/{appA}/calls?q=forecast", status: 200,
			want: []string{"req-quota-01"}, notWant: []string{"req-ok-0001"}},
		{name: "API calls for providers", as: "dev", method: "GET", path: T + "/apis/{apiA}/calls?key_prefix=tg_live_ab", status: 200,
			want: []string{"req-ok-0001"}},
		{name: "API calls not for other teams", as: "billing", method: "GET", path: T + "/apis/{apiA}/calls", status: 403},
		{name: "app calls not for other teams", as: "billing", method: "GET", path: T + "/applications/{appA}/calls", status: 403},
		{name: "reversed range", as: "dev", method: "GET", path: T + "/applications/{appA}/calls?from=2026-11-02T00:00:00Z&to=2026-11-01T00:00:00Z",
			status: 422, want: []string{`"field":"from"`}},
		{name: "too long a range", as: "dev", method: "GET", path: T + "/applications/{appA}/calls?from=2026-01-01T00:00:00Z&to=2026-11-01T00:00:00Z",
			status: 422, want: []string{`"field":"to"`}},
		{name: "bad status", as: "dev", method: "GET", path: T + "/applications/{appA}/calls?status=9xx", status: 422},
		{name: "a NUL in a filter", as: "dev", method: "GET", path: T + "/applications/{appA}/calls?q=a%00b", status: 422,
			want: []string{"cannot be stored"}},
		{name: "one call", as: "dev", method: "GET", path: T + "/calls/req-quota-01", status: 200, want: []string{`"code":"quota_exhausted"`}},
		{name: "another tenant's call", as: "owner", method: "GET", path: T + "/calls/req-other-01", status: 404},
		{name: "a call for another team", as: "billing", method: "GET", path: T + "/calls/req-quota-01", status: 404},
	})
}

// Paging the call log: calls logged in the same microsecond are each listed once, whatever the page size.
func TestIntegrationCallLogPaging(t *testing.T) {
	s, _ := newServer(t, testConfig())
	w := newWorld(t, s)
	store := postgres.NewGatewayStore(testDB)
	ctx := context.Background()
	now := time.Now().UTC().Truncate(time.Microsecond)
	require.NoError(t, store.PrepareCallLogs(ctx, now.Add(-48*time.Hour), now.Add(24*time.Hour), now.Add(-30*24*time.Hour)))
	r := do(s, "GET", "/api/v1/tenants/"+w.vars["acme"], w.tokens["platform"], "")
	tenant := r.json(t)["id"].(string)
	var logs []tollgate.CallLog
	want := map[string]bool{}
	for i := range 7 {
		at := now.Add(-time.Minute) // five calls in one microsecond, then two older ones
		if i >= 5 {
			at = at.Add(-time.Duration(i) * time.Second)
		}
		id := fmt.Sprintf("req-page-%02d", i)
		want[id] = true
		logs = append(logs, tollgate.CallLog{Time: at, RequestID: id, TenantID: tenant, ApplicationID: w.vars["appA"],
			APIID: w.vars["apiA"], Method: "GET", Path: "/acme/weather/current", Status: 200, Code: "ok"})
	}
	require.NoError(t, store.WriteCallLogs(ctx, logs))

	path := "/api/v1/tenants/" + w.vars["acme"] + "/applications/" + w.vars["appA"] + "/calls?limit=2"
	seen := map[string]bool{}
	var order []string
	cursor, pages := "", 0
	for {
		r := do(s, "GET", path+cursor, w.tokens["dev"], "")
		require.Equal(t, 200, r.Status, r.Body)
		var page struct {
			Items []struct {
				RequestID string    `json:"request_id"`
				Time      time.Time `json:"time"`
			} `json:"items"`
			NextCursor *string `json:"next_cursor"`
		}
		require.NoError(t, json.Unmarshal([]byte(r.Body), &page))
		pages++
		for _, c := range page.Items {
			assert.False(t, seen[c.RequestID], "%s listed twice", c.RequestID)
			seen[c.RequestID] = true
			order = append(order, c.RequestID)
		}
		if page.NextCursor == nil {
			break
		}
		require.Len(t, page.Items, 2, "only a full page has a next one")
		require.Less(t, pages, 10, "paging does not end")
		cursor = "&cursor=" + url.QueryEscape(*page.NextCursor)
	}
	assert.Equal(t, want, seen, "every call listed once")
	assert.Equal(t, 4, pages, "7 calls at 2 a page, and no empty page at the end")
	assert.Equal(t, []string{"req-page-04", "req-page-03", "req-page-02", "req-page-01", "req-page-00", "req-page-05", "req-page-06"},
		order, "newest first, then by request id")

	nul := base64.RawURLEncoding.EncodeToString([]byte("1:req\x00"))
	for _, bad := range []string{"not-a-cursor!", "bm9jb2xvbg", nul} { // base64 without a colon; a NUL in the request id
		r := do(s, "GET", path+"&cursor="+url.QueryEscape(bad), w.tokens["dev"], "")
		assert.Equal(t, 422, r.Status, r.Body)
		assert.Contains(t, r.Body, `"field":"cursor"`)
	}
}

func TestIntegrationDecisionEmails(t *testing.T) {
	cfg := testConfig()
	cfg.SMTPURL = "smtp://mail.test:587" // the outbox stands in for the SMTP sender; only whether mail goes out matters
	s, box := newServer(t, cfg)
	w := newWorld(t, s)
	T := w.expand("/api/v1/tenants/{acme}")
	r := do(s, "POST", T+"/apis/"+w.vars["apiA"]+"/plans", w.tokens["owner"], `{"name":"Reviewed","approval":"manual"}`)
	require.Equal(t, 201, r.Status, r.Body)
	plan := r.json(t)["id"].(string)
	r = do(s, "POST", T+"/applications", w.tokens["dev"], w.expand(`{"team_id":"{teamA}","name":"Mailer"}`))
	require.Equal(t, 201, r.Status, r.Body)
	r = do(s, "POST", T+"/applications/"+r.json(t)["id"].(string)+"/subscriptions", w.tokens["dev"], `{"plan_id":"`+plan+`","reason":"mail me"}`)
	require.Equal(t, 201, r.Status, r.Body)
	r = do(s, "POST", T+"/subscriptions/"+r.json(t)["id"].(string)+"/approve", w.tokens["admin"], `{"comment":"enjoy"}`)
	require.Equal(t, 200, r.Status, r.Body)
	msg, ok := box.last(w.vars["devEmail"])
	require.True(t, ok, "the requester is emailed the decision")
	assert.Contains(t, msg.Subject, "approved")
	assert.Contains(t, msg.Text, "enjoy")
}
