package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// NewOpaqueToken returns a random URL-safe token (32 bytes of entropy) and the SHA-256 digest to store.
// Tokens this long need no salt or slow hash: guessing one is hopeless.
func NewOpaqueToken() (token string, digest []byte, err error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", nil, fmt.Errorf("read random: %w", err)
	}
	token = base64.RawURLEncoding.EncodeToString(b)
	return token, Digest(token), nil
}

// Digest returns the SHA-256 digest under which an opaque token is stored.
func Digest(token string) []byte {
	d := sha256.Sum256([]byte(token))
	return d[:]
}

// Claims are an access token's claims: the user and the session it belongs to.
type Claims struct {
	SessionID string `json:"sid"`
	jwt.RegisteredClaims
}

// Issuer signs and verifies access tokens with HMAC-SHA256.
type Issuer struct {
	key      []byte
	issuer   string
	audience string
	ttl      time.Duration
	now      func() time.Time
	parser   *jwt.Parser
}

// NewIssuer returns an Issuer. key must hold at least 32 bytes.
func NewIssuer(key []byte, issuer string, ttl time.Duration) (*Issuer, error) {
	if len(key) < 32 {
		return nil, errors.New("jwt key must be at least 32 bytes")
	}
	const audience = "tollgate-api"
	return &Issuer{key: key, issuer: issuer, audience: audience, ttl: ttl, now: time.Now,
		parser: jwt.NewParser(
			jwt.WithValidMethods([]string{jwt.SigningMethodHS256.Alg()}),
			jwt.WithIssuer(issuer),
			jwt.WithAudience(audience),
			jwt.WithExpirationRequired(),
			jwt.WithIssuedAt(),
			jwt.WithLeeway(30*time.Second),
		)}, nil
}

// TTL is how long an access token lives.
func (i *Issuer) TTL() time.Duration { return i.ttl }

// Issue returns a signed access token for a user's session.
func (i *Issuer) Issue(userID, sessionID string) (string, error) {
	now := i.now()
	c := Claims{SessionID: sessionID, RegisteredClaims: jwt.RegisteredClaims{
		Issuer: i.issuer, Subject: userID, Audience: jwt.ClaimStrings{i.audience},
		IssuedAt: jwt.NewNumericDate(now), ExpiresAt: jwt.NewNumericDate(now.Add(i.ttl)),
	}}
	s, err := jwt.NewWithClaims(jwt.SigningMethodHS256, c).SignedString(i.key)
	if err != nil {
		return "", fmt.Errorf("sign access token: %w", err)
	}
	return s, nil
}

// Verify checks an access token's signature, algorithm, issuer, audience and times, and returns its claims.
func (i *Issuer) Verify(token string) (*Claims, error) {
	var c Claims
	_, err := i.parser.ParseWithClaims(token, &c, func(*jwt.Token) (any, error) { return i.key, nil })
	if err != nil {
		return nil, fmt.Errorf("verify access token: %w", err)
	}
	if c.Subject == "" || c.SessionID == "" {
		return nil, errors.New("verify access token: missing subject or session")
	}
	return &c, nil
}
