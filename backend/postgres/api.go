package postgres

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/lib/pq"
	"gorm.io/gorm"

	"tollgate/backend/tollgate"
)

// APIService stores APIs.
type APIService struct{ db *DB }

// NewAPIService returns the API store.
func NewAPIService(db *DB) *APIService { return &APIService{db: db} }

var _ tollgate.APIService = (*APIService)(nil)

type apiRow struct {
	ID, TenantID, TeamID, TeamName, Slug, Name, Description, BasePath, Host, UpstreamURL string
	TimeoutMS                                                                            int
	Visibility                                                                           tollgate.Visibility
	VisibleTeamIDs                                                                       pq.StringArray `gorm:"type:text[]"`
	Lifecycle                                                                            tollgate.Lifecycle
	SunsetAt                                                                             *time.Time
	Tags                                                                                 pq.StringArray `gorm:"type:text[]"`
	HasOpenAPI                                                                           bool           `gorm:"column:has_openapi"`
	AllowQueryKey                                                                        bool
	CreatedAt, UpdatedAt                                                                 time.Time
}

func (r apiRow) api() tollgate.API {
	return tollgate.API{ID: r.ID, TenantID: r.TenantID, TeamID: r.TeamID, TeamName: r.TeamName, Slug: r.Slug, Name: r.Name,
		Description: r.Description, BasePath: r.BasePath, Host: r.Host, UpstreamURL: r.UpstreamURL, TimeoutMS: r.TimeoutMS,
		Visibility: r.Visibility, VisibleTeamIDs: nonNil(r.VisibleTeamIDs), Lifecycle: r.Lifecycle, SunsetAt: r.SunsetAt,
		Tags: nonNil(r.Tags), HasOpenAPI: r.HasOpenAPI, AllowQueryKey: r.AllowQueryKey, CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt}
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

const apiColumns = `SELECT a.id, a.tenant_id, a.team_id, t.name AS team_name, a.slug, a.name, a.description, a.base_path,
	coalesce(a.host, '') AS host, a.upstream_url, a.timeout_ms, a.visibility,
	ARRAY(SELECT v.team_id::text FROM api_visible_teams v WHERE v.api_id = a.id ORDER BY v.team_id) AS visible_team_ids,
	a.lifecycle, a.sunset_at, a.tags, a.openapi IS NOT NULL AS has_openapi, a.allow_query_key, a.created_at, a.updated_at`
const apiFrom = `apis a JOIN teams t ON t.id = a.team_id`

func getAPI(q *gorm.DB, tenantID, id string, lock bool) (*tollgate.API, error) {
	if !isUUID(id) {
		return nil, tollgate.NotFound("API")
	}
	sql := apiColumns + ` FROM ` + apiFrom + ` WHERE a.tenant_id = ? AND a.id = ?`
	if lock {
		sql += ` FOR UPDATE OF a`
	}
	var r apiRow
	if err := q.Raw(sql, tenantID, id).Take(&r).Error; err != nil {
		return nil, translate(err, "API")
	}
	a := r.api()
	return &a, nil
}

// checkTeams verifies that every team id belongs to the tenant.
func checkTeams(tx *gorm.DB, tenantID string, field string, ids []string) error {
	for _, id := range ids {
		if _, err := team(tx, tenantID, id); err != nil {
			return &tollgate.Error{Code: tollgate.CodeValidation, Message: "unknown team",
				Fields: []tollgate.FieldError{{Field: field, Message: fmt.Sprintf("%s is not a team of this tenant", id)}}}
		}
	}
	return nil
}

func setVisibleTeams(tx *gorm.DB, a *tollgate.API) error {
	if err := checkTeams(tx, a.TenantID, "visible_team_ids", a.VisibleTeamIDs); err != nil {
		return err
	}
	if err := tx.Exec(`DELETE FROM api_visible_teams WHERE api_id = ?`, a.ID).Error; err != nil {
		return translate(err, "API visibility")
	}
	for _, id := range a.VisibleTeamIDs {
		err := tx.Exec(`INSERT INTO api_visible_teams (tenant_id, api_id, team_id) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`,
			a.TenantID, a.ID, id).Error
		if err != nil {
			return translate(err, "API visibility")
		}
	}
	return nil
}

// apiConflict names what clashes when an API's unique keys collide.
func apiConflict(err error) error {
	if tollgate.ErrorCode(translate(err, "")) == tollgate.CodeConflict {
		return tollgate.Errorf(tollgate.CodeConflict, "another API of this tenant already uses this slug, or this base path (on this host)")
	}
	return translate(err, "API")
}

// claimHost checks that no other tenant routes by host h, holding a lock on the name until the transaction ends so
// two tenants cannot claim it at once. "" claims nothing.
func claimHost(tx *gorm.DB, tenantID, h string) error {
	if h == "" {
		return nil
	}
	if err := tx.Exec(`SELECT pg_advisory_xact_lock(hashtext('tollgate api host ' || ?))`, h).Error; err != nil {
		return translate(err, "API")
	}
	var taken bool
	if err := tx.Raw(`SELECT EXISTS (SELECT 1 FROM apis WHERE host = ? AND tenant_id <> ? AND lifecycle <> 'retired')`, h, tenantID).
		Scan(&taken).Error; err != nil {
		return translate(err, "API")
	}
	if taken {
		return tollgate.Errorf(tollgate.CodeConflict, "the host %s is already in use; each host belongs to one organisation", h)
	}
	return nil
}

// nullIfEmpty stores "" as NULL.
func nullIfEmpty(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// CreateAPI stores a new draft API owned by a.TeamID.
func (s *APIService) CreateAPI(ctx context.Context, a *tollgate.API) error {
	now := s.db.Now()
	a.ID, a.Lifecycle, a.CreatedAt, a.UpdatedAt = newID(), tollgate.LifecycleDraft, now, now
	return s.db.tx(ctx, func(tx *gorm.DB) error {
		if err := checkTeams(tx, a.TenantID, "team_id", []string{a.TeamID}); err != nil {
			return err
		}
		if err := claimHost(tx, a.TenantID, a.Host); err != nil {
			return err
		}
		err := tx.Exec(`INSERT INTO apis (id, tenant_id, team_id, slug, name, description, base_path, host, upstream_url, timeout_ms,
			visibility, lifecycle, tags, allow_query_key, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			a.ID, a.TenantID, a.TeamID, a.Slug, a.Name, a.Description, a.BasePath, nullIfEmpty(a.Host), a.UpstreamURL, a.TimeoutMS,
			a.Visibility, a.Lifecycle, pq.StringArray(a.Tags), a.AllowQueryKey, a.CreatedAt, a.UpdatedAt).Error
		if err != nil {
			return apiConflict(err)
		}
		if err := setVisibleTeams(tx, a); err != nil {
			return err
		}
		created, err := getAPI(tx, a.TenantID, a.ID, false)
		if err != nil {
			return err
		}
		*a = *created
		return audit(ctx, tx, a.TenantID, "api.create", "api", a.ID, nil, a)
	})
}

// API returns one of the tenant's APIs.
func (s *APIService) API(ctx context.Context, tenantID, id string) (*tollgate.API, error) {
	return getAPI(s.db.conn(ctx), tenantID, id, false)
}

// ListAPIs lists the tenant's APIs by name, filtered; with a viewer, only those the viewer may see.
func (s *APIService) ListAPIs(ctx context.Context, tenantID string, f tollgate.APIFilter) ([]tollgate.API, int, error) {
	where, args := `a.tenant_id = ?`, []any{tenantID}
	if f.VisibleTo != nil {
		teams := pq.StringArray(nonNil(f.VisibleTo.TeamIDs))
		where += ` AND (a.team_id::text = ANY(?) OR (a.lifecycle IN ('published', 'deprecated') AND (a.visibility = 'public'
			OR EXISTS (SELECT 1 FROM api_visible_teams v WHERE v.api_id = a.id AND v.team_id::text = ANY(?)))))`
		args = append(args, teams, teams)
	}
	if f.Tag != "" {
		where, args = where+` AND ? = ANY(a.tags)`, append(args, f.Tag)
	}
	if f.Lifecycle != "" {
		where, args = where+` AND a.lifecycle = ?`, append(args, f.Lifecycle)
	}
	if f.TeamID != "" {
		if !isUUID(f.TeamID) {
			return []tollgate.API{}, 0, nil
		}
		where, args = where+` AND a.team_id = ?`, append(args, f.TeamID)
	}
	if f.Query != "" {
		where, args = where+` AND (a.name ILIKE ? OR a.description ILIKE ? OR a.slug ILIKE ? OR array_to_string(a.tags, ' ') ILIKE ?)`,
			append(args, like(f.Query), like(f.Query), like(f.Query), like(f.Query))
	}
	var rows []apiRow
	total, err := list(s.db.conn(ctx), apiColumns, apiFrom, where, args, `a.name, a.id`, f.Page, &rows)
	if err != nil {
		return nil, 0, translate(err, "APIs")
	}
	out := make([]tollgate.API, len(rows))
	for i, r := range rows {
		out[i] = r.api()
	}
	return out, total, nil
}

// UpdateAPI changes the given fields of an API.
func (s *APIService) UpdateAPI(ctx context.Context, tenantID, id string, upd tollgate.APIUpdate, self tollgate.SelfHosts) (*tollgate.API, error) {
	var out *tollgate.API
	err := s.db.tx(ctx, func(tx *gorm.DB) error {
		before, err := getAPI(tx, tenantID, id, true)
		if err != nil {
			return err
		}
		if before.Lifecycle == tollgate.LifecycleRetired {
			return tollgate.Errorf(tollgate.CodeConflict, "a retired API cannot be changed")
		}
		a := *before
		a.Tags, a.VisibleTeamIDs = append([]string{}, before.Tags...), append([]string{}, before.VisibleTeamIDs...)
		set(&a.Name, upd.Name)
		set(&a.Slug, upd.Slug)
		set(&a.Description, upd.Description)
		set(&a.BasePath, upd.BasePath)
		set(&a.Host, upd.Host)
		set(&a.UpstreamURL, upd.UpstreamURL)
		set(&a.TimeoutMS, upd.TimeoutMS)
		set(&a.Visibility, upd.Visibility)
		set(&a.VisibleTeamIDs, upd.VisibleTeamIDs)
		set(&a.Tags, upd.Tags)
		set(&a.AllowQueryKey, upd.AllowQueryKey)
		if err := a.Validate(self); err != nil {
			return err
		}
		if a.Host != before.Host {
			if err := claimHost(tx, tenantID, a.Host); err != nil {
				return err
			}
		}
		a.UpdatedAt = s.db.Now()
		err = tx.Exec(`UPDATE apis SET slug = ?, name = ?, description = ?, base_path = ?, host = ?, upstream_url = ?, timeout_ms = ?,
			visibility = ?, tags = ?, allow_query_key = ?, updated_at = ? WHERE tenant_id = ? AND id = ?`, a.Slug, a.Name,
			a.Description, a.BasePath, nullIfEmpty(a.Host), a.UpstreamURL, a.TimeoutMS, a.Visibility, pq.StringArray(a.Tags), a.AllowQueryKey,
			a.UpdatedAt, tenantID, id).Error
		if err != nil {
			return apiConflict(err)
		}
		if upd.VisibleTeamIDs != nil {
			if err := setVisibleTeams(tx, &a); err != nil {
				return err
			}
		}
		out = &a
		return audit(ctx, tx, tenantID, "api.update", "api", id, before, a)
	})
	return out, err
}

func set[T any](dst *T, v *T) {
	if v != nil {
		*dst = *v
	}
}

// SetLifecycle moves an API along draft → published → deprecated (with a future sunset date) → retired.
func (s *APIService) SetLifecycle(ctx context.Context, tenantID, id string, action tollgate.LifecycleAction, sunsetAt *time.Time) (*tollgate.API, error) {
	var out *tollgate.API
	err := s.db.tx(ctx, func(tx *gorm.DB) error {
		a, err := getAPI(tx, tenantID, id, true)
		if err != nil {
			return err
		}
		next, err := tollgate.NextLifecycle(a.Lifecycle, action)
		if err != nil {
			return err
		}
		sunset := a.SunsetAt
		if action == tollgate.ActionDeprecate {
			if sunsetAt == nil || !sunsetAt.After(s.db.Now()) {
				return &tollgate.Error{Code: tollgate.CodeValidation, Message: "deprecating needs a sunset date",
					Fields: []tollgate.FieldError{{Field: "sunset_at", Message: "is required and must be in the future"}}}
			}
			sunset = sunsetAt
		}
		now := s.db.Now()
		err = tx.Exec(`UPDATE apis SET lifecycle = ?, sunset_at = ?, updated_at = ? WHERE tenant_id = ? AND id = ?`,
			next, sunset, now, tenantID, id).Error
		if err != nil {
			return apiConflict(err)
		}
		before := a.Lifecycle
		a.Lifecycle, a.SunsetAt, a.UpdatedAt = next, sunset, now
		out = a
		return audit(ctx, tx, tenantID, "api."+string(action), "api", id,
			map[string]any{"lifecycle": before}, map[string]any{"lifecycle": next, "sunset_at": sunset})
	})
	return out, err
}

// DeleteAPI deletes a draft API; published ones are retired instead, to keep their history.
func (s *APIService) DeleteAPI(ctx context.Context, tenantID, id string) error {
	return s.db.tx(ctx, func(tx *gorm.DB) error {
		a, err := getAPI(tx, tenantID, id, true)
		if err != nil {
			return err
		}
		if a.Lifecycle != tollgate.LifecycleDraft {
			return tollgate.Errorf(tollgate.CodeConflict, "only draft APIs can be deleted; this one is %s (deprecate and retire it instead)", a.Lifecycle)
		}
		if err := tx.Exec(`DELETE FROM apis WHERE tenant_id = ? AND id = ?`, tenantID, id).Error; err != nil {
			return translate(err, "API")
		}
		return audit(ctx, tx, tenantID, "api.delete", "api", id, a, nil)
	})
}

// OpenAPI returns an API's OpenAPI document.
func (s *APIService) OpenAPI(ctx context.Context, tenantID, id string) (json.RawMessage, error) {
	if !isUUID(id) {
		return nil, tollgate.NotFound("API")
	}
	var doc *string
	err := s.db.conn(ctx).Raw(`SELECT openapi::text FROM apis WHERE tenant_id = ? AND id = ?`, tenantID, id).Row().Scan(&doc)
	if err != nil {
		return nil, translate(err, "API")
	}
	if doc == nil {
		return nil, tollgate.NotFound("OpenAPI document")
	}
	var out bytes.Buffer // jsonb's text form has spaces after every separator
	if err := json.Compact(&out, []byte(*doc)); err != nil {
		return nil, fmt.Errorf("compact OpenAPI document: %w", err)
	}
	return out.Bytes(), nil
}

// SetOpenAPI stores (or, with nil, removes) an API's OpenAPI document.
func (s *APIService) SetOpenAPI(ctx context.Context, tenantID, id string, doc json.RawMessage) error {
	return s.db.tx(ctx, func(tx *gorm.DB) error {
		a, err := getAPI(tx, tenantID, id, true)
		if err != nil {
			return err
		}
		var v *string
		if doc != nil {
			sv := string(doc)
			v = &sv
		}
		if err := tx.Exec(`UPDATE apis SET openapi = ?::jsonb, updated_at = ? WHERE id = ?`, v, s.db.Now(), a.ID).Error; err != nil {
			return translate(err, "OpenAPI document")
		}
		action := "api.openapi_set"
		if doc == nil {
			action = "api.openapi_remove"
		}
		return audit(ctx, tx, tenantID, action, "api", id, nil, map[string]any{"bytes": len(doc)})
	})
}
