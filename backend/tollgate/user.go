package tollgate

import (
	"context"
	"time"
)

// User is a person who signs in. Users are global; what they may do in a tenant comes from their membership.
type User struct {
	ID                string    `json:"id"`
	Email             string    `json:"email"`
	Name              string    `json:"name"`
	PasswordHash      string    `json:"-"`
	IsPlatformAdmin   bool      `json:"is_platform_admin"`
	PasswordChangedAt time.Time `json:"-"`
	CreatedAt         time.Time `json:"created_at"`
	UpdatedAt         time.Time `json:"-"`
}

// UserRef is the short form of a user shown next to what they did.
type UserRef struct {
	ID    string `json:"id"`
	Email string `json:"email"`
	Name  string `json:"name"`
}

// UserService stores users.
type UserService interface {
	CreateUser(ctx context.Context, u *User) error
	UserByID(ctx context.Context, id string) (*User, error)
	UserByEmail(ctx context.Context, email string) (*User, error)
	UpdateUserName(ctx context.Context, id, name string) (*User, error)
	// SetPassword stores a new password hash and revokes every session of the user except keepSessionID.
	SetPassword(ctx context.Context, id, hash, keepSessionID string) error
	// SignUp creates a user and makes them a developer of the tenant, in one transaction.
	SignUp(ctx context.Context, tenantID string, u *User) error
}
