package tollgate

import (
	"context"
	"time"
)

// Session is one sign-in. Its refresh tokens rotate on every use; revoking the session ends every token of it.
type Session struct {
	ID         string
	UserID     string
	ExpiresAt  time.Time
	RevokedAt  *time.Time
	UserAgent  string
	IP         string
	CreatedAt  time.Time
	LastUsedAt time.Time
}

// SessionService stores sessions and their refresh tokens (as digests only).
type SessionService interface {
	CreateSession(ctx context.Context, s *Session, refreshHash []byte) error
	// RotateRefreshToken exchanges a refresh token for a new one. A token that was already used revokes its session
	// (someone is replaying a stolen token) and returns CodeUnauthorized, as do unknown, revoked and expired ones.
	RotateRefreshToken(ctx context.Context, oldHash, newHash []byte) (*Session, error)
	// ActiveSession returns the session with its user when the session is neither revoked nor expired.
	ActiveSession(ctx context.Context, id string) (*Session, *User, error)
	RevokeSession(ctx context.Context, id string) error
	// RevokeSessionByRefreshToken revokes the session a refresh token belongs to; an unknown token is not an error.
	RevokeSessionByRefreshToken(ctx context.Context, hash []byte) error
}
