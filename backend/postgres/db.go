// Package postgres implements Tollgate's stores on PostgreSQL with GORM. Every tenant-owned query is scoped by
// tenant inside the store: another tenant's row is simply not found.
package postgres

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"
	"gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"tollgate/backend/tollgate"
)

// DB is the connection pool every store shares.
type DB struct {
	gorm *gorm.DB
	url  string // for connections of its own: LISTEN
	// Now returns the current time; tests replace it.
	Now func() time.Time
}

// Open connects to PostgreSQL and checks the connection.
func Open(ctx context.Context, url string) (*DB, error) {
	g, err := gorm.Open(postgres.Open(url), &gorm.Config{
		TranslateError:         true,
		SkipDefaultTransaction: true,
		Logger:                 logger.Discard,
		NowFunc:                func() time.Time { return time.Now().UTC() },
	})
	if err != nil {
		return nil, fmt.Errorf("open database: %w", err)
	}
	sqlDB, err := g.DB()
	if err != nil {
		return nil, fmt.Errorf("open database: %w", err)
	}
	sqlDB.SetMaxOpenConns(20)
	sqlDB.SetMaxIdleConns(10)
	sqlDB.SetConnMaxIdleTime(5 * time.Minute)
	pingCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := sqlDB.PingContext(pingCtx); err != nil {
		_ = sqlDB.Close()
		return nil, fmt.Errorf("connect to database: %w", err)
	}
	return &DB{gorm: g, url: url, Now: func() time.Time { return time.Now().UTC() }}, nil
}

// Close closes the pool.
func (db *DB) Close() error {
	sqlDB, err := db.gorm.DB()
	if err != nil {
		return err
	}
	return sqlDB.Close()
}

// Ping checks that the database answers.
func (db *DB) Ping(ctx context.Context) error {
	sqlDB, err := db.gorm.DB()
	if err != nil {
		return err
	}
	return sqlDB.PingContext(ctx)
}

func (db *DB) conn(ctx context.Context) *gorm.DB { return db.gorm.WithContext(ctx) }

// tx runs fn in a transaction: it commits when fn returns nil and rolls back otherwise.
func (db *DB) tx(ctx context.Context, fn func(tx *gorm.DB) error) error {
	return db.gorm.WithContext(ctx).Transaction(fn)
}

// bytea passes a byte slice as one parameter: GORM expands a slice that follows "(" into a list.
type bytea []byte

// Value implements driver.Valuer.
func (b bytea) Value() (driver.Value, error) { return []byte(b), nil }

// newID returns a time-ordered UUID (v7), which keeps primary-key indexes compact.
func newID() string { return uuid.Must(uuid.NewV7()).String() }

// isUUID reports whether s can be an id; anything else is simply not found instead of a database error.
func isUUID(s string) bool {
	_, err := uuid.Parse(s)
	return err == nil && len(s) == 36
}

// translate turns driver errors into application errors; what names the object for messages.
func translate(err error, what string) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, gorm.ErrRecordNotFound), errors.Is(err, sql.ErrNoRows):
		return tollgate.NotFound(what)
	case errors.Is(err, gorm.ErrDuplicatedKey):
		return tollgate.Errorf(tollgate.CodeConflict, "%s already exists", what)
	case errors.Is(err, gorm.ErrForeignKeyViolated):
		return tollgate.Errorf(tollgate.CodeValidation, "%s refers to something that does not exist", what)
	}
	var appErr *tollgate.Error
	if errors.As(err, &appErr) {
		return err
	}
	return fmt.Errorf("%s: %w", what, err)
}

// labelSQL finds a readable name for an audit target, by target type.
var labelSQL = map[string]string{
	"user":         `SELECT email FROM users WHERE id::text = ?`,
	"team":         `SELECT name FROM teams WHERE id::text = ?`,
	"tenant":       `SELECT name FROM tenants WHERE id::text = ?`,
	"invitation":   `SELECT email FROM invitations WHERE id::text = ?`,
	"api":          `SELECT name FROM apis WHERE id::text = ?`,
	"plan":         `SELECT p.name || ' (' || a.name || ')' FROM plans p JOIN apis a ON a.id = p.api_id WHERE p.id::text = ?`,
	"application":  `SELECT name FROM applications WHERE id::text = ?`,
	"subscription": `SELECT ap.name || ' → ' || a.name FROM subscriptions s JOIN applications ap ON ap.id = s.application_id JOIN apis a ON a.id = s.api_id WHERE s.id::text = ?`,
	"api_key":      `SELECT name || ' (' || prefix || '…)' FROM api_keys WHERE id::text = ?`,
}

// audit writes one audit entry in tx, attributed to the actor in ctx. The target's label is looked up now, or taken
// from the before/after values when the target is gone.
func audit(ctx context.Context, tx *gorm.DB, tenantID, action, targetType, targetID string, before, after any) error {
	a := tollgate.ActorFrom(ctx)
	var actor *string
	if a.UserID != "" {
		actor = &a.UserID
	}
	b, err := jsonOrNil(before)
	if err != nil {
		return err
	}
	af, err := jsonOrNil(after)
	if err != nil {
		return err
	}
	label := labelFromJSON(af, b)
	lookup := `NULL`
	args := []any{tenantID, actor, action, targetType, targetID, b, af, a.RequestID, a.IP}
	if q, ok := labelSQL[targetType]; ok {
		lookup = `(` + q + `)`
		args = append(args, targetID)
	}
	args = append(args, label)
	err = tx.Exec(`INSERT INTO audit_log (tenant_id, actor_id, action, target_type, target_id, before, after, request_id, ip, target_label)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, coalesce(`+lookup+`, ?))`, args...).Error
	if err != nil {
		return fmt.Errorf("write audit entry %s: %w", action, err)
	}
	return nil
}

// labelFromJSON returns the first "name" or "email" found in the given JSON objects.
func labelFromJSON(docs ...*string) string {
	for _, d := range docs {
		if d == nil {
			continue
		}
		var m map[string]any
		if json.Unmarshal([]byte(*d), &m) != nil {
			continue
		}
		for _, k := range []string{"name", "email"} {
			if v, ok := m[k].(string); ok && v != "" {
				return v
			}
		}
	}
	return ""
}

func jsonOrNil(v any) (*string, error) {
	if v == nil {
		return nil, nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("encode audit value: %w", err)
	}
	s := string(b)
	return &s, nil
}

// bounds returns the page's limit and offset, clamped to sane values.
func bounds(p tollgate.Page) (limit, offset int) {
	limit = p.Limit
	if limit <= 0 || limit > tollgate.MaxPageLimit {
		limit = tollgate.DefaultPageLimit
	}
	return limit, max(p.Offset, 0)
}

// list runs a paged listing: "SELECT count(*) FROM <from> WHERE <where>" for the total, then
// "<sel> FROM <from> WHERE <where> ORDER BY <order> LIMIT .. OFFSET .." into dest.
func list(q *gorm.DB, sel, from, where string, args []any, order string, p tollgate.Page, dest any) (int, error) {
	var total int64
	if err := q.Raw(`SELECT count(*) FROM `+from+` WHERE `+where, args...).Scan(&total).Error; err != nil {
		return 0, fmt.Errorf("count: %w", err)
	}
	limit, offset := bounds(p)
	err := q.Raw(sel+` FROM `+from+` WHERE `+where+` ORDER BY `+order+` LIMIT ? OFFSET ?`,
		append(args, limit, offset)...).Scan(dest).Error
	if err != nil {
		return 0, fmt.Errorf("list: %w", err)
	}
	return int(total), nil
}

// like builds an ILIKE pattern that matches s anywhere, escaping LIKE's wildcards.
func like(s string) string {
	r := make([]rune, 0, len(s)+2)
	r = append(r, '%')
	for _, c := range s {
		if c == '%' || c == '_' || c == '\\' {
			r = append(r, '\\')
		}
		r = append(r, c)
	}
	return string(append(r, '%'))
}

// QueryRowForTests runs a query outside the stores; tests use it to check what was written.
func (db *DB) QueryRowForTests(query string, args ...any) *sql.Row {
	return db.gorm.Raw(query, args...).Row()
}
