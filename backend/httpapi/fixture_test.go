package httpapi_test

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"tollgate/backend/auth"
	"tollgate/backend/httpapi"
	"tollgate/backend/postgres"
	"tollgate/backend/tollgate"
)

const password = "correct-horse-42"

var passwordHash = func() string {
	h, err := auth.HashPassword(password)
	if err != nil {
		panic(err)
	}
	return h
}()

func unique(prefix string) string {
	b := make([]byte, 4)
	_, _ = rand.Read(b)
	return prefix + hex.EncodeToString(b)
}

// world is two tenants with people in every role, teams and invitations, and a signed-in token per person.
type world struct {
	vars   map[string]string // placeholders for scenario paths and bodies: {acme}, {teamA}, ...
	tokens map[string]string // by person: owner, admin, billing, dev, ownerB, platform
	users  map[string]*tollgate.User
}

func newWorld(t *testing.T, s *httpapi.Server) *world {
	t.Helper()
	ctx := context.Background()
	users, tenants, members := postgres.NewUserService(testDB), postgres.NewTenantService(testDB), postgres.NewMembershipService(testDB)
	teams, invs := postgres.NewTeamService(testDB), postgres.NewInvitationService(testDB)
	apis, plans, apps := postgres.NewAPIService(testDB), postgres.NewPlanService(testDB), postgres.NewApplicationService(testDB)
	subs, keys := postgres.NewSubscriptionService(testDB), postgres.NewKeyService(testDB)
	w := &world{vars: map[string]string{}, tokens: map[string]string{}, users: map[string]*tollgate.User{}}
	mk := func(name string, platform bool) *tollgate.User {
		u := &tollgate.User{Email: unique(name) + "@example.com", Name: strings.ToUpper(name[:1]) + name[1:], PasswordHash: passwordHash,
			IsPlatformAdmin: platform}
		require.NoError(t, users.CreateUser(ctx, u))
		w.users[name] = u
		w.vars[name+"ID"] = u.ID
		w.vars[name+"Email"] = u.Email
		return u
	}
	for _, n := range []string{"owner", "admin", "billing", "dev", "ownerB", "memberB", "outsider"} {
		mk(n, false)
	}
	mk("platform", true)

	acme := &tollgate.Tenant{Slug: unique("acme"), Name: "Acme", AllowSignup: true}
	require.NoError(t, tenants.CreateTenant(ctx, acme, w.users["owner"].ID))
	other := &tollgate.Tenant{Slug: unique("other"), Name: "Other Corp"}
	require.NoError(t, tenants.CreateTenant(ctx, other, w.users["ownerB"].ID))
	w.vars["acme"], w.vars["other"] = acme.Slug, other.Slug
	for role, name := range map[tollgate.Role]string{tollgate.RoleAdmin: "admin", tollgate.RoleBilling: "billing", tollgate.RoleDeveloper: "dev"} {
		require.NoError(t, members.AddMember(ctx, acme.ID, w.users[name].ID, role))
	}
	require.NoError(t, members.AddMember(ctx, other.ID, w.users["memberB"].ID, tollgate.RoleDeveloper))

	teamA := &tollgate.Team{TenantID: acme.ID, Name: unique("Team A ")}
	require.NoError(t, teams.CreateTeam(ctx, teamA))
	_, err := teams.AddTeamMember(ctx, acme.ID, teamA.ID, w.users["dev"].ID)
	require.NoError(t, err)
	teamB := &tollgate.Team{TenantID: other.ID, Name: "Team B"}
	require.NoError(t, teams.CreateTeam(ctx, teamB))
	_, err = teams.AddTeamMember(ctx, other.ID, teamB.ID, w.users["memberB"].ID)
	require.NoError(t, err)
	w.vars["teamA"], w.vars["teamB"] = teamA.ID, teamB.ID

	for key, tn := range map[string]*tollgate.Tenant{"invA": acme, "invB": other} {
		inv := &tollgate.Invitation{TenantID: tn.ID, Email: unique(key) + "@example.com", Role: tollgate.RoleDeveloper,
			ExpiresAt: time.Now().Add(time.Hour)}
		tok, digest, err := auth.NewOpaqueToken()
		require.NoError(t, err)
		require.NoError(t, invs.CreateInvitation(ctx, inv, digest))
		w.vars[key], w.vars[key+"Token"] = inv.ID, tok
	}
	// Each tenant publishes an API with a plan; an application of a team subscribes and holds a key.
	for _, f := range []struct {
		suffix    string
		tenant    *tollgate.Tenant
		team      string
		requester string
	}{{"A", acme, teamA.ID, "dev"}, {"B", other, teamB.ID, "memberB"}} {
		api := &tollgate.API{TenantID: f.tenant.ID, TeamID: f.team, Name: "Weather " + f.suffix, BasePath: "/weather",
			UpstreamURL: "https://weather.example.com"}
		require.NoError(t, api.Validate(nil))
		require.NoError(t, apis.CreateAPI(ctx, api))
		_, err := apis.SetLifecycle(ctx, f.tenant.ID, api.ID, tollgate.ActionPublish, nil)
		require.NoError(t, err)
		plan := &tollgate.Plan{TenantID: f.tenant.ID, APIID: api.ID, Name: "Free", RateLimitPerSecond: 10}
		require.NoError(t, plans.CreatePlan(ctx, plan))
		app := &tollgate.Application{TenantID: f.tenant.ID, TeamID: f.team, Name: "App " + f.suffix}
		require.NoError(t, apps.CreateApplication(ctx, app))
		sub := &tollgate.Subscription{TenantID: f.tenant.ID, ApplicationID: app.ID, PlanID: plan.ID, Reason: "fixture"}
		require.NoError(t, subs.RequestSubscription(tollgate.WithActor(ctx, tollgate.Actor{UserID: w.users[f.requester].ID}), sub))
		key := &tollgate.APIKey{TenantID: f.tenant.ID, ApplicationID: app.ID, Name: "fixture", Prefix: "tg_live_fixt", Mode: "live"}
		digest := sha256.Sum256([]byte(unique("digest")))
		require.NoError(t, keys.CreateKey(ctx, key, digest[:]))
		w.vars["api"+f.suffix], w.vars["plan"+f.suffix], w.vars["app"+f.suffix] = api.ID, plan.ID, app.ID
		w.vars["sub"+f.suffix], w.vars["key"+f.suffix] = sub.ID, key.ID
	}
	for name := range w.users {
		w.tokens[name] = w.login(t, s, name)
	}
	return w
}

func (w *world) login(t *testing.T, s *httpapi.Server, name string) string {
	t.Helper()
	r := do(s, "POST", "/api/v1/auth/login", "", `{"email":"`+w.users[name].Email+`","password":"`+password+`"}`)
	require.Equal(t, 200, r.Status, r.Body)
	return r.json(t)["access_token"].(string)
}

// expand replaces {name} placeholders.
func (w *world) expand(s string) string {
	for k, v := range w.vars {
		s = strings.ReplaceAll(s, "{"+k+"}", v)
	}
	return s
}
