package tollgate

import (
	"context"
	"encoding/json"
	"time"
)

// AuditEntry records one change in a tenant: who, what, before and after.
type AuditEntry struct {
	ID          int64           `json:"id"`
	Actor       *UserRef        `json:"actor"`
	Action      string          `json:"action"`
	TargetType  string          `json:"target_type"`
	TargetID    string          `json:"target_id"`
	TargetLabel string          `json:"target_label"`
	Before      json.RawMessage `json:"before"`
	After       json.RawMessage `json:"after"`
	RequestID   string          `json:"request_id"`
	IP          string          `json:"ip"`
	CreatedAt   time.Time       `json:"created_at"`
}

// AuditFilter selects audit entries.
type AuditFilter struct {
	Page
	Action     string
	ActorID    string
	TargetType string
}

// AuditService reads the audit log. Entries are written by the stores, in the transaction of each change.
type AuditService interface {
	ListAudit(ctx context.Context, tenantID string, f AuditFilter) ([]AuditEntry, int, error)
}
