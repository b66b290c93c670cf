package tollgate

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestCheckEmail(t *testing.T) {
	for _, tc := range []struct {
		in string
		ok bool
	}{
		{"dev@example.com", true}, {"a.b+tag@sub.example.co", true},
		{"", false}, {"nope", false}, {"a@b", false}, {"Name <a@example.com>", false}, {"a@example.com ", false},
	} {
		var p Problems
		CheckEmail(&p, "email", tc.in)
		assert.Equal(t, tc.ok, p.Err() == nil, "%q", tc.in)
	}
}

func TestCheckPassword(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want string
	}{
		{"correct-horse-1", ""}, {"short1", "at least 10"}, {"onlyletters", "mix letters"}, {"1234567890", "mix letters"},
		{string(make([]byte, 300)), "at most 256"},
	} {
		var p Problems
		CheckPassword(&p, "password", tc.in)
		if tc.want == "" {
			assert.NoError(t, p.Err())
		} else {
			assert.ErrorContains(t, p.Err(), tc.want)
		}
	}
}

func TestSlugify(t *testing.T) {
	for in, want := range map[string]string{
		"Data Science": "data-science", "  Mobile -- Apps!! ": "mobile-apps", "Ünïcode Team": "n-code-team", "***": "",
	} {
		assert.Equal(t, want, Slugify(in), in)
	}
	var p Problems
	CheckSlug(&p, "slug", "Bad Slug", 2, 63)
	CheckSlug(&p, "slug", "-lead", 2, 63)
	CheckSlug(&p, "slug", "a", 2, 63)
	assert.Len(t, p, 3)
}

func TestRoles(t *testing.T) {
	assert.True(t, RoleOwner.CanGrant(RoleOwner))
	assert.False(t, RoleAdmin.CanGrant(RoleOwner))
	assert.True(t, RoleAdmin.CanGrant(RoleBilling))
	assert.False(t, RoleBilling.CanGrant(RoleDeveloper))
	assert.False(t, RoleDeveloper.CanAdminister())
	assert.False(t, Role("king").Valid())
}

func TestErrors(t *testing.T) {
	err := fmt.Errorf("wrapped: %w", NotFound("team"))
	assert.Equal(t, CodeNotFound, ErrorCode(err))
	assert.Equal(t, CodeInternal, ErrorCode(errors.New("boom")))
	var p Problems
	assert.NoError(t, p.Err())
	p.Add("a", "is bad")
	p.Add("b", "is %s", "worse")
	var e *Error
	assert.ErrorAs(t, p.Err(), &e)
	assert.Equal(t, "2 fields are invalid", e.Message)
}

func TestInvitationStatus(t *testing.T) {
	now := time.Now()
	inv := Invitation{ExpiresAt: now.Add(time.Hour)}
	assert.Equal(t, InvitationPending, inv.Status(now))
	assert.Equal(t, InvitationExpired, inv.Status(now.Add(time.Hour)), "expired at exactly the expiry instant")
	inv.RevokedAt = &now
	assert.Equal(t, InvitationRevoked, inv.Status(now))
	inv.AcceptedAt = &now
	assert.Equal(t, InvitationAccepted, inv.Status(now))
}
