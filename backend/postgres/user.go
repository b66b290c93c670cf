package postgres

import (
	"context"
	"time"

	"gorm.io/gorm"

	"tollgate/backend/tollgate"
)

// UserService stores users.
type UserService struct{ db *DB }

// NewUserService returns the user store.
func NewUserService(db *DB) *UserService { return &UserService{db: db} }

var _ tollgate.UserService = (*UserService)(nil)

const userColumns = `id, email, name, password_hash, is_platform_admin, password_changed_at, created_at, updated_at`

// CreateUser stores a new user. The email must not be taken.
func (s *UserService) CreateUser(ctx context.Context, u *tollgate.User) error {
	return s.db.tx(ctx, func(tx *gorm.DB) error { return createUser(tx, s.db.Now(), u) })
}

func createUser(tx *gorm.DB, now time.Time, u *tollgate.User) error {
	u.ID, u.Email = newID(), tollgate.NormalizeEmail(u.Email)
	u.CreatedAt, u.UpdatedAt, u.PasswordChangedAt = now, now, now
	err := tx.Exec(`INSERT INTO users (`+userColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		u.ID, u.Email, u.Name, u.PasswordHash, u.IsPlatformAdmin, u.PasswordChangedAt, u.CreatedAt, u.UpdatedAt).Error
	if err != nil {
		return translate(err, "an account with this email")
	}
	return nil
}

// UserByID finds a user by id.
func (s *UserService) UserByID(ctx context.Context, id string) (*tollgate.User, error) {
	if !isUUID(id) {
		return nil, tollgate.NotFound("user")
	}
	var u tollgate.User
	if err := s.db.conn(ctx).Raw(`SELECT `+userColumns+` FROM users WHERE id = ?`, id).Take(&u).Error; err != nil {
		return nil, translate(err, "user")
	}
	return &u, nil
}

// UserByEmail finds a user by email, in any case.
func (s *UserService) UserByEmail(ctx context.Context, email string) (*tollgate.User, error) {
	var u tollgate.User
	err := s.db.conn(ctx).Raw(`SELECT `+userColumns+` FROM users WHERE email = ?`, tollgate.NormalizeEmail(email)).Take(&u).Error
	if err != nil {
		return nil, translate(err, "user")
	}
	return &u, nil
}

// UpdateUserName changes a user's display name.
func (s *UserService) UpdateUserName(ctx context.Context, id, name string) (*tollgate.User, error) {
	res := s.db.conn(ctx).Exec(`UPDATE users SET name = ?, updated_at = ? WHERE id = ?`, name, s.db.Now(), id)
	if res.Error != nil {
		return nil, translate(res.Error, "user")
	}
	if res.RowsAffected == 0 {
		return nil, tollgate.NotFound("user")
	}
	return s.UserByID(ctx, id)
}

// SetPassword stores a new password hash and revokes every other session of the user, in one transaction.
func (s *UserService) SetPassword(ctx context.Context, id, hash, keepSessionID string) error {
	now := s.db.Now()
	return s.db.tx(ctx, func(tx *gorm.DB) error {
		res := tx.Exec(`UPDATE users SET password_hash = ?, password_changed_at = ?, updated_at = ? WHERE id = ?`, hash, now, now, id)
		if res.Error != nil {
			return translate(res.Error, "user")
		}
		if res.RowsAffected == 0 {
			return tollgate.NotFound("user")
		}
		q := `UPDATE sessions SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL`
		args := []any{now, id}
		if keepSessionID != "" {
			q += ` AND id <> ?`
			args = append(args, keepSessionID)
		}
		if err := tx.Exec(q, args...).Error; err != nil {
			return translate(err, "sessions")
		}
		return nil
	})
}

// SignUp creates a user and makes them a developer of the tenant.
func (s *UserService) SignUp(ctx context.Context, tenantID string, u *tollgate.User) error {
	now := s.db.Now()
	return s.db.tx(ctx, func(tx *gorm.DB) error {
		if err := createUser(tx, now, u); err != nil {
			return err
		}
		ctx := withSelfActor(ctx, u.ID)
		return addMember(ctx, tx, tenantID, u.ID, tollgate.RoleDeveloper, now)
	})
}

// withSelfActor attributes changes to userID when the request had no signed-in actor (sign-up, invitations).
func withSelfActor(ctx context.Context, userID string) context.Context {
	a := tollgate.ActorFrom(ctx)
	if a.UserID == "" {
		a.UserID = userID
	}
	return tollgate.WithActor(ctx, a)
}
