package postgres

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/lib/pq"
	"gorm.io/gorm"

	"tollgate/backend/tollgate"
)

// KeyService stores API keys as digests.
type KeyService struct{ db *DB }

// NewKeyService returns the API key store.
func NewKeyService(db *DB) *KeyService { return &KeyService{db: db} }

var _ tollgate.KeyService = (*KeyService)(nil)

type keyRow struct {
	ID, TenantID, ApplicationID, Name, Prefix, Mode string
	APIIDs                                          pq.StringArray `gorm:"column:api_ids;type:text[]"`
	AllowedIPs                                      pq.StringArray `gorm:"type:text[]"`
	ExpiresAt, RevokedAt, LastUsedAt                *time.Time
	RotatedFromID                                   *string
	CreatedBy, CreatorEmail, CreatorName            *string
	CreatedAt                                       time.Time
}

func (r keyRow) key() tollgate.APIKey {
	return tollgate.APIKey{ID: r.ID, TenantID: r.TenantID, ApplicationID: r.ApplicationID, Name: r.Name, Prefix: r.Prefix,
		Mode: r.Mode, APIIDs: nonNil(r.APIIDs), AllowedIPs: nonNil(r.AllowedIPs), ExpiresAt: r.ExpiresAt, RevokedAt: r.RevokedAt,
		LastUsedAt: r.LastUsedAt, RotatedFromID: r.RotatedFromID, CreatedBy: ref(r.CreatedBy, r.CreatorEmail, r.CreatorName),
		CreatedAt: r.CreatedAt}
}

const keyColumns = `SELECT k.id, k.tenant_id, k.application_id, k.name, k.prefix, k.mode, k.api_ids::text[] AS api_ids,
	k.allowed_ips, k.expires_at, k.revoked_at, k.last_used_at, k.rotated_from_id, k.created_by, u.email AS creator_email,
	u.name AS creator_name, k.created_at`
const keyFrom = `api_keys k LEFT JOIN users u ON u.id = k.created_by`

func getKey(q *gorm.DB, tenantID, appID, id string, lock bool) (*tollgate.APIKey, error) {
	if !isUUID(id) || !isUUID(appID) {
		return nil, tollgate.NotFound("API key")
	}
	if lock {
		var locked string
		err := q.Raw(`SELECT id FROM api_keys WHERE tenant_id = ? AND application_id = ? AND id = ? FOR UPDATE`, tenantID, appID, id).
			Row().Scan(&locked)
		if err != nil {
			return nil, translate(err, "API key")
		}
	}
	var r keyRow
	err := q.Raw(keyColumns+` FROM `+keyFrom+` WHERE k.tenant_id = ? AND k.application_id = ? AND k.id = ?`, tenantID, appID, id).
		Take(&r).Error
	if err != nil {
		return nil, translate(err, "API key")
	}
	k := r.key()
	return &k, nil
}

// checkScopes verifies that a key's APIs are ones its application subscribes to (in a state that is not closed).
func checkScopes(tx *gorm.DB, appID string, apiIDs []string) error {
	for _, id := range apiIDs {
		if !isUUID(id) {
			return fieldError("api_ids", fmt.Sprintf("%q is not an API id", id))
		}
		var n int64
		err := tx.Raw(`SELECT count(*) FROM subscriptions WHERE application_id = ? AND api_id = ?
			AND state NOT IN ('rejected', 'revoked', 'canceled')`, appID, id).Scan(&n).Error
		if err != nil {
			return translate(err, "subscriptions")
		}
		if n == 0 {
			return fieldError("api_ids", fmt.Sprintf("the application does not subscribe to API %s", id))
		}
	}
	return nil
}

func (s *KeyService) insert(ctx context.Context, tx *gorm.DB, k *tollgate.APIKey, digest []byte) error {
	now := s.db.Now()
	k.ID, k.CreatedAt = newID(), now
	err := tx.Exec(`INSERT INTO api_keys (id, tenant_id, application_id, name, prefix, digest, mode, api_ids, allowed_ips,
		expires_at, rotated_from_id, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?::uuid[], ?, ?, ?, NULLIF(?, '')::uuid, ?)`,
		k.ID, k.TenantID, k.ApplicationID, k.Name, k.Prefix, bytea(digest), k.Mode, pq.StringArray(k.APIIDs),
		pq.StringArray(k.AllowedIPs), k.ExpiresAt, k.RotatedFromID, tollgate.ActorFrom(ctx).UserID, k.CreatedAt).Error
	if err != nil {
		return translate(err, "API key")
	}
	created, err := getKey(tx, k.TenantID, k.ApplicationID, k.ID, false)
	if err != nil {
		return err
	}
	*k = *created
	return nil
}

// CreateKey stores a new key's settings and digest.
func (s *KeyService) CreateKey(ctx context.Context, k *tollgate.APIKey, digest []byte) error {
	if err := k.Validate(s.db.Now()); err != nil {
		return err
	}
	return s.db.tx(ctx, func(tx *gorm.DB) error {
		if _, err := getApplication(tx, k.TenantID, k.ApplicationID); err != nil {
			return err
		}
		if err := checkScopes(tx, k.ApplicationID, k.APIIDs); err != nil {
			return err
		}
		if err := s.insert(ctx, tx, k, digest); err != nil {
			return err
		}
		return audit(ctx, tx, k.TenantID, "api_key.create", "api_key", k.ID, nil,
			map[string]any{"application_id": k.ApplicationID, "name": k.Name, "prefix": k.Prefix, "api_ids": k.APIIDs,
				"allowed_ips": k.AllowedIPs, "expires_at": k.ExpiresAt})
	})
}

// Key returns one of an application's keys.
func (s *KeyService) Key(ctx context.Context, tenantID, appID, id string) (*tollgate.APIKey, error) {
	return getKey(s.db.conn(ctx), tenantID, appID, id, false)
}

// ListKeys lists an application's keys, newest first.
func (s *KeyService) ListKeys(ctx context.Context, tenantID, appID string, f tollgate.KeyFilter) ([]tollgate.APIKey, int, error) {
	if _, err := getApplication(s.db.conn(ctx), tenantID, appID); err != nil {
		return nil, 0, err
	}
	where, args := `k.tenant_id = ? AND k.application_id = ?`, []any{tenantID, appID}
	if f.ActiveOnly {
		where, args = where+` AND k.revoked_at IS NULL AND (k.expires_at IS NULL OR k.expires_at > ?)`, append(args, s.db.Now())
	}
	if f.Query != "" {
		where, args = where+` AND (k.name ILIKE ? OR k.prefix ILIKE ?)`, append(args, like(f.Query), like(f.Query))
	}
	var rows []keyRow
	total, err := list(s.db.conn(ctx), keyColumns, keyFrom, where, args, `k.created_at DESC, k.id`, f.Page, &rows)
	if err != nil {
		return nil, 0, translate(err, "API keys")
	}
	out := make([]tollgate.APIKey, len(rows))
	for i, r := range rows {
		out[i] = r.key()
	}
	return out, total, nil
}

// RenameKey changes a key's name.
func (s *KeyService) RenameKey(ctx context.Context, tenantID, appID, id, name string) (*tollgate.APIKey, error) {
	var out *tollgate.APIKey
	err := s.db.tx(ctx, func(tx *gorm.DB) error {
		k, err := getKey(tx, tenantID, appID, id, true)
		if err != nil {
			return err
		}
		var p tollgate.Problems
		name = strings.TrimSpace(name)
		tollgate.CheckName(&p, "name", name, 200)
		if err := p.Err(); err != nil {
			return err
		}
		if err := tx.Exec(`UPDATE api_keys SET name = ? WHERE id = ?`, name, id).Error; err != nil {
			return translate(err, "API key")
		}
		before := k.Name
		k.Name = name
		out = k
		return audit(ctx, tx, tenantID, "api_key.rename", "api_key", id, map[string]any{"name": before}, map[string]any{"name": name})
	})
	return out, err
}

// RotateKey stores next (a successor with the old key's scopes and IP list) and makes the old key expire at
// overlapEnds, unless it expires earlier anyway.
func (s *KeyService) RotateKey(ctx context.Context, tenantID, appID, id string, next *tollgate.APIKey, digest []byte, overlapEnds time.Time) error {
	return s.db.tx(ctx, func(tx *gorm.DB) error {
		old, err := getKey(tx, tenantID, appID, id, true)
		if err != nil {
			return err
		}
		now := s.db.Now()
		if st := old.Status(now); st != tollgate.KeyActive {
			return tollgate.Errorf(tollgate.CodeConflict, "cannot rotate a key that is %s; create a new key instead", st)
		}
		next.TenantID, next.ApplicationID, next.Name, next.Mode = tenantID, appID, old.Name, old.Mode
		next.APIIDs, next.AllowedIPs, next.ExpiresAt, next.RotatedFromID = old.APIIDs, old.AllowedIPs, old.ExpiresAt, &old.ID
		if err := s.insert(ctx, tx, next, digest); err != nil {
			return err
		}
		if old.ExpiresAt == nil || overlapEnds.Before(*old.ExpiresAt) {
			if err := tx.Exec(`UPDATE api_keys SET expires_at = ? WHERE id = ?`, overlapEnds, id).Error; err != nil {
				return translate(err, "API key")
			}
		}
		return audit(ctx, tx, tenantID, "api_key.rotate", "api_key", id, map[string]any{"expires_at": old.ExpiresAt},
			map[string]any{"expires_at": overlapEnds, "successor_id": next.ID, "successor_prefix": next.Prefix})
	})
}

// RevokeKey makes a key stop working at once.
func (s *KeyService) RevokeKey(ctx context.Context, tenantID, appID, id string) (*tollgate.APIKey, error) {
	var out *tollgate.APIKey
	err := s.db.tx(ctx, func(tx *gorm.DB) error {
		k, err := getKey(tx, tenantID, appID, id, true)
		if err != nil {
			return err
		}
		if k.RevokedAt != nil {
			out = k
			return nil
		}
		now := s.db.Now()
		if err := tx.Exec(`UPDATE api_keys SET revoked_at = ? WHERE id = ?`, now, id).Error; err != nil {
			return translate(err, "API key")
		}
		k.RevokedAt = &now
		out = k
		return audit(ctx, tx, tenantID, "api_key.revoke", "api_key", id, nil, map[string]any{"prefix": k.Prefix})
	})
	return out, err
}
