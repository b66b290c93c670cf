package postgres

import (
	"context"
	"encoding/json"
	"time"

	"tollgate/backend/tollgate"
)

// AuditService reads the audit log.
type AuditService struct{ db *DB }

// NewAuditService returns the audit log reader.
func NewAuditService(db *DB) *AuditService { return &AuditService{db: db} }

var _ tollgate.AuditService = (*AuditService)(nil)

// ListAudit lists a tenant's audit entries, newest first.
func (s *AuditService) ListAudit(ctx context.Context, tenantID string, f tollgate.AuditFilter) ([]tollgate.AuditEntry, int, error) {
	where, args := `a.tenant_id = ?`, []any{tenantID}
	if f.Action != "" {
		where, args = where+` AND a.action LIKE ?`, append(args, f.Action+"%")
	}
	if f.ActorID != "" {
		if !isUUID(f.ActorID) {
			return []tollgate.AuditEntry{}, 0, nil
		}
		where, args = where+` AND a.actor_id = ?`, append(args, f.ActorID)
	}
	if f.TargetType != "" {
		where, args = where+` AND a.target_type = ?`, append(args, f.TargetType)
	}
	if f.Query != "" {
		where, args = where+` AND (a.action ILIKE ? OR a.target_id ILIKE ? OR a.target_label ILIKE ? OR u.email ILIKE ?)`,
			append(args, like(f.Query), like(f.Query), like(f.Query), like(f.Query))
	}
	var rows []struct {
		ID                                        int64
		ActorID                                   *string
		ActorEmail, ActorName                     *string
		Action, TargetType, TargetID, TargetLabel string
		Before, After                             *string
		RequestID, IP                             string
		CreatedAt                                 time.Time
	}
	total, err := list(s.db.conn(ctx), `SELECT a.id, a.actor_id, u.email AS actor_email, u.name AS actor_name, a.action,
		a.target_type, a.target_id, a.target_label, a.before::text AS before, a.after::text AS after, a.request_id, a.ip, a.created_at`,
		`audit_log a LEFT JOIN users u ON u.id = a.actor_id`, where, args, `a.id DESC`, f.Page, &rows)
	if err != nil {
		return nil, 0, translate(err, "audit log")
	}
	out := make([]tollgate.AuditEntry, len(rows))
	for i, r := range rows {
		e := tollgate.AuditEntry{ID: r.ID, Action: r.Action, TargetType: r.TargetType, TargetID: r.TargetID,
			TargetLabel: r.TargetLabel, RequestID: r.RequestID, IP: r.IP, CreatedAt: r.CreatedAt}
		if r.ActorID != nil && r.ActorEmail != nil {
			e.Actor = &tollgate.UserRef{ID: *r.ActorID, Email: *r.ActorEmail, Name: *r.ActorName}
		}
		if r.Before != nil {
			e.Before = json.RawMessage(*r.Before)
		}
		if r.After != nil {
			e.After = json.RawMessage(*r.After)
		}
		out[i] = e
	}
	return out, total, nil
}
