package auth

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestPasswordHashing(t *testing.T) {
	h, err := HashPassword("correct horse 1")
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(h, "$argon2id$v=19$"))
	ok, err := CheckPassword(h, "correct horse 1")
	require.NoError(t, err)
	assert.True(t, ok)
	ok, err = CheckPassword(h, "correct horse 2")
	require.NoError(t, err)
	assert.False(t, ok)
	h2, _ := HashPassword("correct horse 1")
	assert.NotEqual(t, h, h2, "salts differ")
	_, err = CheckPassword("$bcrypt$junk", "x")
	assert.Error(t, err)
	assert.False(t, CheckPasswordOrDummy("", "correct horse 1"))
	assert.True(t, CheckPasswordOrDummy(h, "correct horse 1"))
}

func TestAccessTokens(t *testing.T) {
	key := []byte(strings.Repeat("k", 32))
	iss, err := NewIssuer(key, "http://tollgate.test", time.Minute)
	require.NoError(t, err)
	tok, err := iss.Issue("user-1", "sess-1")
	require.NoError(t, err)
	c, err := iss.Verify(tok)
	require.NoError(t, err)
	assert.Equal(t, "user-1", c.Subject)
	assert.Equal(t, "sess-1", c.SessionID)

	_, err = NewIssuer([]byte("short"), "x", time.Minute)
	assert.Error(t, err, "short keys are refused")

	other, _ := NewIssuer([]byte(strings.Repeat("o", 32)), "http://tollgate.test", time.Minute)
	_, err = other.Verify(tok)
	assert.True(t, errors.Is(err, jwt.ErrTokenSignatureInvalid), "wrong key: %v", err)

	wrongIss, _ := NewIssuer(key, "http://elsewhere", time.Minute)
	_, err = wrongIss.Verify(tok)
	assert.True(t, errors.Is(err, jwt.ErrTokenInvalidIssuer), "wrong issuer: %v", err)

	expired, _ := NewIssuer(key, "http://tollgate.test", time.Minute)
	expired.now = func() time.Time { return time.Now().Add(-time.Hour) }
	old, _ := expired.Issue("user-1", "sess-1")
	_, err = iss.Verify(old)
	assert.True(t, errors.Is(err, jwt.ErrTokenExpired), "expired: %v", err)

	// A token without exp is refused even with a valid signature.
	noExp, _ := jwt.NewWithClaims(jwt.SigningMethodHS256, Claims{SessionID: "s", RegisteredClaims: jwt.RegisteredClaims{
		Issuer: "http://tollgate.test", Subject: "u", Audience: jwt.ClaimStrings{"tollgate-api"}}}).SignedString(key)
	_, err = iss.Verify(noExp)
	assert.True(t, errors.Is(err, jwt.ErrTokenRequiredClaimMissing), "no exp: %v", err)

	// "none" and other algorithms are refused.
	none, _ := jwt.NewWithClaims(jwt.SigningMethodNone, Claims{SessionID: "s", RegisteredClaims: jwt.RegisteredClaims{
		Issuer: "http://tollgate.test", Subject: "u", Audience: jwt.ClaimStrings{"tollgate-api"},
		ExpiresAt: jwt.NewNumericDate(time.Now().Add(time.Minute))}}).SignedString(jwt.UnsafeAllowNoneSignatureType)
	_, err = iss.Verify(none)
	assert.Error(t, err)
}

func TestOpaqueTokens(t *testing.T) {
	a, da, err := NewOpaqueToken()
	require.NoError(t, err)
	b, _, _ := NewOpaqueToken()
	assert.NotEqual(t, a, b)
	assert.Len(t, a, 43)
	assert.Equal(t, da, Digest(a))
}
