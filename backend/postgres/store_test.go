package postgres_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"tollgate/backend/postgres"
	"tollgate/backend/tollgate"
)

type stores struct {
	tenants     *postgres.TenantService
	users       *postgres.UserService
	members     *postgres.MembershipService
	teams       *postgres.TeamService
	invitations *postgres.InvitationService
	sessions    *postgres.SessionService
	audit       *postgres.AuditService
}

func newStores() stores {
	return stores{postgres.NewTenantService(testDB), postgres.NewUserService(testDB), postgres.NewMembershipService(testDB),
		postgres.NewTeamService(testDB), postgres.NewInvitationService(testDB), postgres.NewSessionService(testDB),
		postgres.NewAuditService(testDB)}
}

func unique(prefix string) string {
	b := make([]byte, 4)
	_, _ = rand.Read(b)
	return prefix + hex.EncodeToString(b)
}

func newUser(t *testing.T, s stores) *tollgate.User {
	t.Helper()
	u := &tollgate.User{Email: unique("u") + "@example.com", Name: "Test User", PasswordHash: "x"}
	require.NoError(t, s.users.CreateUser(context.Background(), u))
	return u
}

func newTenant(t *testing.T, s stores, owner *tollgate.User) *tollgate.Tenant {
	t.Helper()
	tn := &tollgate.Tenant{Slug: unique("t"), Name: "Tenant"}
	require.NoError(t, s.tenants.CreateTenant(context.Background(), tn, owner.ID))
	return tn
}

func TestIntegrationTenantScoping(t *testing.T) {
	integration(t)
	ctx := context.Background()
	s := newStores()
	a, b := newTenant(t, s, newUser(t, s)), newTenant(t, s, newUser(t, s))
	teamB := &tollgate.Team{TenantID: b.ID, Name: "Secret team"}
	require.NoError(t, s.teams.CreateTeam(ctx, teamB))
	memberB := newUser(t, s)
	require.NoError(t, s.members.AddMember(ctx, b.ID, memberB.ID, tollgate.RoleDeveloper))
	inv := &tollgate.Invitation{TenantID: b.ID, Email: unique("i") + "@example.com", Role: tollgate.RoleDeveloper,
		ExpiresAt: time.Now().Add(time.Hour)}
	require.NoError(t, s.invitations.CreateInvitation(ctx, inv, []byte(unique("tok"))))

	// Tenant A sees none of B's objects, by id or in lists, and cannot change them.
	notFound := func(err error) {
		t.Helper()
		assert.Equal(t, tollgate.CodeNotFound, tollgate.ErrorCode(err), "%v", err)
	}
	_, err := s.teams.Team(ctx, a.ID, teamB.ID)
	notFound(err)
	name := "renamed"
	_, err = s.teams.UpdateTeam(ctx, a.ID, teamB.ID, tollgate.TeamUpdate{Name: &name})
	notFound(err)
	notFound(s.teams.DeleteTeam(ctx, a.ID, teamB.ID))
	_, _, err = s.teams.ListTeamMembers(ctx, a.ID, teamB.ID, tollgate.Page{})
	notFound(err)
	_, err = s.members.Member(ctx, a.ID, memberB.ID)
	notFound(err)
	_, err = s.members.SetRole(ctx, a.ID, memberB.ID, tollgate.RoleAdmin)
	notFound(err)
	notFound(s.members.RemoveMember(ctx, a.ID, memberB.ID))
	notFound(s.invitations.RevokeInvitation(ctx, a.ID, inv.ID))
	notFound(s.teams.RemoveTeamMember(ctx, a.ID, teamB.ID, memberB.ID))

	teams, total, err := s.teams.ListTeams(ctx, a.ID, tollgate.Page{})
	require.NoError(t, err)
	assert.Empty(t, teams)
	assert.Zero(t, total)
	members, _, err := s.members.ListMembers(ctx, a.ID, tollgate.MemberFilter{})
	require.NoError(t, err)
	assert.Len(t, members, 1, "only A's owner")
	invs, _, err := s.invitations.ListInvitations(ctx, a.ID, tollgate.InvitationFilter{})
	require.NoError(t, err)
	assert.Empty(t, invs)
	entries, _, err := s.audit.ListAudit(ctx, a.ID, tollgate.AuditFilter{})
	require.NoError(t, err)
	for _, e := range entries {
		assert.NotEqual(t, teamB.ID, e.TargetID)
	}

	// A member of B cannot be put into A's team: the foreign keys carry the tenant.
	teamA := &tollgate.Team{TenantID: a.ID, Name: "Team A"}
	require.NoError(t, s.teams.CreateTeam(ctx, teamA))
	_, err = s.teams.AddTeamMember(ctx, a.ID, teamA.ID, memberB.ID)
	assert.Equal(t, tollgate.CodeValidation, tollgate.ErrorCode(err))
	// Nor can an invitation of A name B's team.
	err = s.invitations.CreateInvitation(ctx, &tollgate.Invitation{TenantID: a.ID, Email: unique("i") + "@example.com",
		Role: tollgate.RoleDeveloper, TeamID: &teamB.ID, ExpiresAt: time.Now().Add(time.Hour)}, []byte(unique("tok")))
	assert.Equal(t, tollgate.CodeValidation, tollgate.ErrorCode(err))
}

func TestIntegrationLastOwnerIsKept(t *testing.T) {
	integration(t)
	ctx := context.Background()
	s := newStores()
	owner := newUser(t, s)
	tn := newTenant(t, s, owner)
	_, err := s.members.SetRole(ctx, tn.ID, owner.ID, tollgate.RoleAdmin)
	assert.Equal(t, tollgate.CodeConflict, tollgate.ErrorCode(err))
	assert.Equal(t, tollgate.CodeConflict, tollgate.ErrorCode(s.members.RemoveMember(ctx, tn.ID, owner.ID)))

	// Two owners demote each other at the same time: exactly one demotion wins.
	second := newUser(t, s)
	require.NoError(t, s.members.AddMember(ctx, tn.ID, second.ID, tollgate.RoleOwner))
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i, u := range []*tollgate.User{owner, second} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = s.members.SetRole(ctx, tn.ID, u.ID, tollgate.RoleDeveloper)
		}()
	}
	wg.Wait()
	failed := 0
	for _, err := range errs {
		if err != nil {
			assert.Equal(t, tollgate.CodeConflict, tollgate.ErrorCode(err))
			failed++
		}
	}
	assert.Equal(t, 1, failed)
	owners, _, err := s.members.ListMembers(ctx, tn.ID, tollgate.MemberFilter{Role: tollgate.RoleOwner})
	require.NoError(t, err)
	assert.Len(t, owners, 1)
}

func TestIntegrationInvitationLifecycle(t *testing.T) {
	integration(t)
	ctx := context.Background()
	s := newStores()
	owner := newUser(t, s)
	tn := newTenant(t, s, owner)
	team := &tollgate.Team{TenantID: tn.ID, Name: "Mobile"}
	require.NoError(t, s.teams.CreateTeam(ctx, team))
	email := unique("New.Person") + "@Example.com"
	ctx = tollgate.WithActor(ctx, tollgate.Actor{UserID: owner.ID})
	inv := &tollgate.Invitation{TenantID: tn.ID, Email: email, Role: tollgate.RoleBilling, TeamID: &team.ID,
		ExpiresAt: time.Now().Add(time.Hour)}
	digest := []byte(unique("digest"))
	require.NoError(t, s.invitations.CreateInvitation(ctx, inv, digest))
	assert.Equal(t, tollgate.NormalizeEmail(email), inv.Email)
	require.NotNil(t, inv.InvitedBy)
	assert.Equal(t, owner.Email, inv.InvitedBy.Email)

	// A second open invitation for the same address is a conflict.
	dup := &tollgate.Invitation{TenantID: tn.ID, Email: email, Role: tollgate.RoleDeveloper, ExpiresAt: time.Now().Add(time.Hour)}
	assert.Equal(t, tollgate.CodeConflict, tollgate.ErrorCode(s.invitations.CreateInvitation(ctx, dup, []byte(unique("d")))))

	got, gotTenant, err := s.invitations.PendingInvitation(ctx, digest)
	require.NoError(t, err)
	assert.Equal(t, inv.ID, got.ID)
	assert.Equal(t, tn.Slug, gotTenant.Slug)

	u := &tollgate.User{Name: "New Person", PasswordHash: "h"}
	require.NoError(t, s.invitations.AcceptInvitation(context.Background(), digest, u))
	m, err := s.members.Membership(ctx, tn.ID, u.ID)
	require.NoError(t, err)
	assert.Equal(t, tollgate.RoleBilling, m.Role)
	tm, _, err := s.teams.ListTeamMembers(ctx, tn.ID, team.ID, tollgate.Page{})
	require.NoError(t, err)
	require.Len(t, tm, 1)
	assert.Equal(t, u.ID, tm[0].UserID)

	// Used links stop working; accepting twice changes nothing.
	_, _, err = s.invitations.PendingInvitation(ctx, digest)
	assert.Equal(t, tollgate.CodeNotFound, tollgate.ErrorCode(err))
	assert.Equal(t, tollgate.CodeNotFound, tollgate.ErrorCode(s.invitations.AcceptInvitation(ctx, digest, &tollgate.User{Name: "x"})))

	// An existing member cannot be invited again.
	again := &tollgate.Invitation{TenantID: tn.ID, Email: email, Role: tollgate.RoleDeveloper, ExpiresAt: time.Now().Add(time.Hour)}
	assert.Equal(t, tollgate.CodeConflict, tollgate.ErrorCode(s.invitations.CreateInvitation(ctx, again, []byte(unique("a")))))

	// Expired invitations are not pending and do not block a new one.
	late := unique("late") + "@example.com"
	expired := &tollgate.Invitation{TenantID: tn.ID, Email: late, Role: tollgate.RoleDeveloper, ExpiresAt: time.Now().Add(-time.Minute)}
	expiredDigest := []byte(unique("e"))
	require.NoError(t, s.invitations.CreateInvitation(ctx, expired, expiredDigest))
	_, _, err = s.invitations.PendingInvitation(ctx, expiredDigest)
	assert.Equal(t, tollgate.CodeNotFound, tollgate.ErrorCode(err))
	fresh := &tollgate.Invitation{TenantID: tn.ID, Email: late, Role: tollgate.RoleDeveloper, ExpiresAt: time.Now().Add(time.Hour)}
	require.NoError(t, s.invitations.CreateInvitation(ctx, fresh, []byte(unique("f"))))

	list, total, err := s.invitations.ListInvitations(ctx, tn.ID, tollgate.InvitationFilter{Status: tollgate.InvitationAccepted})
	require.NoError(t, err)
	assert.Equal(t, 1, total)
	assert.Equal(t, inv.ID, list[0].ID)

	// Every step is in the audit log, attributed.
	entries, _, err := s.audit.ListAudit(ctx, tn.ID, tollgate.AuditFilter{Action: "invitation."})
	require.NoError(t, err)
	actions := map[string]int{}
	for _, e := range entries {
		actions[e.Action]++
	}
	assert.Equal(t, map[string]int{"invitation.create": 3, "invitation.accept": 1}, actions)
}

func TestIntegrationRefreshTokenRotation(t *testing.T) {
	integration(t)
	ctx := context.Background()
	s := newStores()
	u := newUser(t, s)
	sess := &tollgate.Session{UserID: u.ID, ExpiresAt: time.Now().Add(time.Hour)}
	t1, t2, t3 := []byte(unique("r1")), []byte(unique("r2")), []byte(unique("r3"))
	require.NoError(t, s.sessions.CreateSession(ctx, sess, t1))

	got, err := s.sessions.RotateRefreshToken(ctx, t1, t2)
	require.NoError(t, err)
	assert.Equal(t, sess.ID, got.ID)

	// Replaying the used token ends the session: the legitimate newer token stops working too.
	_, err = s.sessions.RotateRefreshToken(ctx, t1, t3)
	assert.Equal(t, tollgate.CodeUnauthorized, tollgate.ErrorCode(err))
	_, err = s.sessions.RotateRefreshToken(ctx, t2, t3)
	assert.Equal(t, tollgate.CodeUnauthorized, tollgate.ErrorCode(err))
	_, _, err = s.sessions.ActiveSession(ctx, sess.ID)
	assert.Equal(t, tollgate.CodeUnauthorized, tollgate.ErrorCode(err))

	// Changing the password ends every other session but the current one.
	keep, other := &tollgate.Session{UserID: u.ID, ExpiresAt: time.Now().Add(time.Hour)}, &tollgate.Session{UserID: u.ID, ExpiresAt: time.Now().Add(time.Hour)}
	require.NoError(t, s.sessions.CreateSession(ctx, keep, []byte(unique("k"))))
	require.NoError(t, s.sessions.CreateSession(ctx, other, []byte(unique("o"))))
	require.NoError(t, s.users.SetPassword(ctx, u.ID, "new-hash", keep.ID))
	_, _, err = s.sessions.ActiveSession(ctx, keep.ID)
	assert.NoError(t, err)
	_, _, err = s.sessions.ActiveSession(ctx, other.ID)
	assert.Equal(t, tollgate.CodeUnauthorized, tollgate.ErrorCode(err))

	// Expired sessions cannot be refreshed.
	old := &tollgate.Session{UserID: u.ID, ExpiresAt: time.Now().Add(-time.Second)}
	oldTok := []byte(unique("old"))
	require.NoError(t, s.sessions.CreateSession(ctx, old, oldTok))
	_, err = s.sessions.RotateRefreshToken(ctx, oldTok, []byte(unique("n")))
	assert.Equal(t, tollgate.CodeUnauthorized, tollgate.ErrorCode(err))

	// Purging removes ended sessions (here: the expired one and the revoked ones) and keeps live ones.
	n, err := s.sessions.PurgeSessions(ctx, time.Now().Add(time.Minute))
	require.NoError(t, err)
	assert.GreaterOrEqual(t, n, int64(3))
	_, _, err = s.sessions.ActiveSession(ctx, keep.ID)
	assert.NoError(t, err, "a live session survives the purge")
}

func TestIntegrationValidationAndDuplicates(t *testing.T) {
	integration(t)
	ctx := context.Background()
	s := newStores()
	owner := newUser(t, s)
	tn := newTenant(t, s, owner)

	err := s.tenants.CreateTenant(ctx, &tollgate.Tenant{Slug: tn.Slug, Name: "Again"}, "")
	assert.Equal(t, tollgate.CodeConflict, tollgate.ErrorCode(err))
	err = s.tenants.CreateTenant(ctx, &tollgate.Tenant{Slug: "Bad Slug!", Name: ""}, "")
	var appErr *tollgate.Error
	require.ErrorAs(t, err, &appErr)
	assert.Equal(t, tollgate.CodeValidation, appErr.Code)
	assert.Len(t, appErr.Fields, 2)

	err = s.users.CreateUser(ctx, &tollgate.User{Email: owner.Email, Name: "Dup", PasswordHash: "x"})
	assert.Equal(t, tollgate.CodeConflict, tollgate.ErrorCode(err))

	// A failed sign-up leaves no user behind (the user and membership are one transaction).
	ghost := &tollgate.User{Email: unique("ghost") + "@example.com", Name: "Ghost", PasswordHash: "x"}
	err = s.users.SignUp(ctx, "00000000-0000-0000-0000-000000000000", ghost)
	require.Error(t, err)
	_, err = s.users.UserByEmail(ctx, ghost.Email)
	assert.Equal(t, tollgate.CodeNotFound, tollgate.ErrorCode(err))

	team := &tollgate.Team{TenantID: tn.ID, Name: "Platform Team"}
	require.NoError(t, s.teams.CreateTeam(ctx, team))
	assert.Equal(t, "platform-team", team.Slug)
	err = s.teams.CreateTeam(ctx, &tollgate.Team{TenantID: tn.ID, Name: "Platform Team"})
	assert.Equal(t, tollgate.CodeConflict, tollgate.ErrorCode(err))
	_, err = s.teams.AddTeamMember(ctx, tn.ID, team.ID, owner.ID)
	require.NoError(t, err)
	_, err = s.teams.AddTeamMember(ctx, tn.ID, team.ID, owner.ID)
	assert.Equal(t, tollgate.CodeConflict, tollgate.ErrorCode(err))

	// Search and paging.
	for i := range 3 {
		require.NoError(t, s.teams.CreateTeam(ctx, &tollgate.Team{TenantID: tn.ID, Name: "Zeta " + string(rune('a'+i))}))
	}
	page, total, err := s.teams.ListTeams(ctx, tn.ID, tollgate.Page{Query: "zeta", Limit: 2, Offset: 1})
	require.NoError(t, err)
	assert.Equal(t, 3, total)
	require.Len(t, page, 2)
	assert.Equal(t, "Zeta b", page[0].Name)
	_, total, err = s.teams.ListTeams(ctx, tn.ID, tollgate.Page{Query: "100%_"})
	require.NoError(t, err)
	assert.Zero(t, total, "LIKE wildcards in a search are literal")
}
