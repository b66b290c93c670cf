package postgres

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"

	"tollgate/backend/tollgate"
)

// SessionService stores sessions and refresh-token digests.
type SessionService struct{ db *DB }

// NewSessionService returns the session store.
func NewSessionService(db *DB) *SessionService { return &SessionService{db: db} }

var _ tollgate.SessionService = (*SessionService)(nil)

const sessionColumns = `id, user_id, expires_at, revoked_at, user_agent, ip, created_at, last_used_at`

// CreateSession stores a new session with its first refresh token.
func (s *SessionService) CreateSession(ctx context.Context, sess *tollgate.Session, refreshHash []byte) error {
	now := s.db.Now()
	sess.ID, sess.CreatedAt, sess.LastUsedAt = newID(), now, now
	return s.db.tx(ctx, func(tx *gorm.DB) error {
		err := tx.Exec(`INSERT INTO sessions (`+sessionColumns+`) VALUES (?, ?, ?, NULL, ?, ?, ?, ?)`,
			sess.ID, sess.UserID, sess.ExpiresAt, sess.UserAgent, sess.IP, sess.CreatedAt, sess.LastUsedAt).Error
		if err != nil {
			return translate(err, "session")
		}
		return translate(tx.Exec(`INSERT INTO refresh_tokens (token_hash, session_id, created_at) VALUES (?, ?, ?)`,
			bytea(refreshHash), sess.ID, now).Error, "refresh token")
	})
}

var errSessionEnded = tollgate.Errorf(tollgate.CodeUnauthorized, "your session has ended; please sign in again")

// RotateRefreshToken exchanges a refresh token for a new one; a reused token revokes its whole session.
func (s *SessionService) RotateRefreshToken(ctx context.Context, oldHash, newHash []byte) (*tollgate.Session, error) {
	now := s.db.Now()
	var sess tollgate.Session
	reused := false
	err := s.db.tx(ctx, func(tx *gorm.DB) error {
		var tok struct {
			SessionID string
			UsedAt    *time.Time
		}
		err := tx.Raw(`SELECT session_id, used_at FROM refresh_tokens WHERE token_hash = ? FOR UPDATE`, bytea(oldHash)).Take(&tok).Error
		if err != nil {
			return errSessionEnded
		}
		if err := tx.Raw(`SELECT `+sessionColumns+` FROM sessions WHERE id = ? FOR UPDATE`, tok.SessionID).Take(&sess).Error; err != nil {
			return errSessionEnded
		}
		if sess.RevokedAt != nil || !now.Before(sess.ExpiresAt) {
			return errSessionEnded
		}
		if tok.UsedAt != nil {
			reused = true
			return nil // commit the revocation below, then refuse
		}
		if err := tx.Exec(`UPDATE refresh_tokens SET used_at = ? WHERE token_hash = ?`, now, bytea(oldHash)).Error; err != nil {
			return fmt.Errorf("use refresh token: %w", err)
		}
		if err := tx.Exec(`INSERT INTO refresh_tokens (token_hash, session_id, created_at) VALUES (?, ?, ?)`,
			bytea(newHash), sess.ID, now).Error; err != nil {
			return fmt.Errorf("store refresh token: %w", err)
		}
		sess.LastUsedAt = now
		return tx.Exec(`UPDATE sessions SET last_used_at = ? WHERE id = ?`, now, sess.ID).Error
	})
	if err != nil {
		return nil, err
	}
	if reused {
		if err := s.RevokeSession(ctx, sess.ID); err != nil {
			return nil, err
		}
		return nil, errSessionEnded
	}
	return &sess, nil
}

// ActiveSession returns a live session and its user.
func (s *SessionService) ActiveSession(ctx context.Context, id string) (*tollgate.Session, *tollgate.User, error) {
	if !isUUID(id) {
		return nil, nil, errSessionEnded
	}
	var sess tollgate.Session
	err := s.db.conn(ctx).Raw(`SELECT `+sessionColumns+` FROM sessions WHERE id = ? AND revoked_at IS NULL AND expires_at > ?`,
		id, s.db.Now()).Take(&sess).Error
	if err != nil {
		if tollgate.ErrorCode(translate(err, "session")) == tollgate.CodeNotFound {
			return nil, nil, errSessionEnded
		}
		return nil, nil, translate(err, "session")
	}
	var u tollgate.User
	if err := s.db.conn(ctx).Raw(`SELECT `+userColumns+` FROM users WHERE id = ?`, sess.UserID).Take(&u).Error; err != nil {
		return nil, nil, translate(err, "user")
	}
	return &sess, &u, nil
}

// RevokeSession ends a session.
func (s *SessionService) RevokeSession(ctx context.Context, id string) error {
	err := s.db.conn(ctx).Exec(`UPDATE sessions SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL`, s.db.Now(), id).Error
	return translate(err, "session")
}

// RevokeSessionByRefreshToken ends the session a refresh token belongs to.
func (s *SessionService) RevokeSessionByRefreshToken(ctx context.Context, hash []byte) error {
	err := s.db.conn(ctx).Exec(`UPDATE sessions SET revoked_at = ? WHERE revoked_at IS NULL AND id =
		(SELECT session_id FROM refresh_tokens WHERE token_hash = ?)`, s.db.Now(), bytea(hash)).Error
	return translate(err, "session")
}

// PurgeSessions deletes sessions that expired or were revoked before cutoff, with their refresh tokens.
func (s *SessionService) PurgeSessions(ctx context.Context, cutoff time.Time) (int64, error) {
	res := s.db.conn(ctx).Exec(`DELETE FROM sessions WHERE expires_at < ? OR revoked_at < ?`, cutoff, cutoff)
	if res.Error != nil {
		return 0, fmt.Errorf("purge sessions: %w", res.Error)
	}
	return res.RowsAffected, nil
}
