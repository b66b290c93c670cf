package postgres

import (
	"context"
	"strings"
	"time"

	"tollgate/backend/tollgate"
)

// CallLogService reads call logs.
type CallLogService struct{ db *DB }

// NewCallLogService returns the call log reader.
func NewCallLogService(db *DB) *CallLogService { return &CallLogService{db: db} }

var _ tollgate.CallLogService = (*CallLogService)(nil)

const callColumns = `SELECT ts AS time, request_id, application_id, api_id, subscription_id, key_prefix, method, path, status, code,
	latency_us, upstream_us, bytes_in, bytes_out, client_ip FROM call_logs`

// ListCalls lists a tenant's calls in a time range, newest first. The time range keeps the scan to a few partitions.
func (s *CallLogService) ListCalls(ctx context.Context, tenantID string, f tollgate.CallFilter) ([]tollgate.CallRecord, error) {
	where, args := `tenant_id = ? AND ts >= ? AND ts < ?`, []any{tenantID, f.From, f.To}
	for _, c := range []struct{ col, val string }{{"api_id", f.APIID}, {"application_id", f.ApplicationID}} {
		if c.val == "" {
			continue
		}
		if !isUUID(c.val) {
			return []tollgate.CallRecord{}, nil
		}
		where, args = where+` AND `+c.col+` = ?`, append(args, c.val)
	}
	if f.StatusMin > 0 {
		where, args = where+` AND status BETWEEN ? AND ?`, append(args, f.StatusMin, f.StatusMax)
	}
	if f.Code != "" {
		where, args = where+` AND code = ?`, append(args, f.Code)
	}
	if f.Refused {
		where += ` AND code <> 'ok'`
	}
	if f.KeyPrefix != "" {
		where, args = where+` AND key_prefix LIKE ?`, append(args, strings.TrimPrefix(like(f.KeyPrefix), "%")) // a prefix match
	}
	if f.PathContains != "" {
		where, args = where+` AND path ILIKE ?`, append(args, like(f.PathContains))
	}
	limit := f.Limit
	if limit <= 0 || limit > tollgate.MaxPageLimit {
		limit = tollgate.DefaultPageLimit
	}
	out := []tollgate.CallRecord{}
	err := s.db.conn(ctx).Raw(callColumns+` WHERE `+where+` ORDER BY ts DESC LIMIT ?`, append(args, limit)...).Scan(&out).Error
	if err != nil {
		return nil, translate(err, "calls")
	}
	return out, nil
}

// Calls finds the calls with a request id within a day of a time, newest first. Callers may send their own request
// ids, so more than one call can share one.
func (s *CallLogService) Calls(ctx context.Context, tenantID, requestID string, around time.Time) ([]tollgate.CallRecord, error) {
	out := []tollgate.CallRecord{}
	err := s.db.conn(ctx).Raw(callColumns+` WHERE tenant_id = ? AND request_id = ? AND ts BETWEEN ? AND ? ORDER BY ts DESC LIMIT 20`,
		tenantID, requestID, around.Add(-24*time.Hour), around.Add(24*time.Hour)).Scan(&out).Error
	if err != nil {
		return nil, translate(err, "call")
	}
	return out, nil
}
