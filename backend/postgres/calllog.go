package postgres

import (
	"context"
	"encoding/binary"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"tollgate/backend/tollgate"
)

// Call logs: written by the gateway with a binary COPY (GatewayStore.WriteCallLogs), read by the portal.

// CallLogService reads call logs.
type CallLogService struct{ db *DB }

// NewCallLogService returns the call log reader.
func NewCallLogService(db *DB) *CallLogService { return &CallLogService{db: db} }

var _ tollgate.CallLogService = (*CallLogService)(nil)

const callColumns = `SELECT ts AS time, request_id, application_id, api_id, subscription_id, key_prefix, method, path, status, code,
	latency_us, upstream_us, bytes_in, bytes_out, client_ip FROM call_logs`

// ListCalls lists a page of a tenant's calls in a time range, newest first (by time, then request id), after f.After.
// The time range keeps the scan to a few partitions; one row more than the page says whether there is a next one.
func (s *CallLogService) ListCalls(ctx context.Context, tenantID string, f tollgate.CallFilter) (tollgate.CallPage, error) {
	page := tollgate.CallPage{Items: []tollgate.CallRecord{}}
	where, args := `tenant_id = ? AND ts >= ? AND ts < ?`, []any{tenantID, f.From, f.To}
	if f.After != nil {
		where, args = where+` AND (ts, request_id) < (?, ?)`, append(args, f.After.Time, f.After.RequestID)
	}
	for _, c := range []struct{ col, val string }{{"api_id", f.APIID}, {"application_id", f.ApplicationID}} {
		if c.val == "" {
			continue
		}
		if !isUUID(c.val) {
			return page, nil
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
	err := s.db.conn(ctx).Raw(callColumns+` WHERE `+where+` ORDER BY ts DESC, request_id DESC LIMIT ?`, append(args, limit+1)...).
		Scan(&page.Items).Error
	if err != nil {
		return tollgate.CallPage{}, translate(err, "calls")
	}
	if len(page.Items) > limit {
		page.Items = page.Items[:limit]
		last := page.Items[limit-1]
		page.Next = &tollgate.CallCursor{Time: last.Time, RequestID: last.RequestID}
	}
	return page, nil
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

// copyCallLogs is the COPY that WriteCallLogs feeds callLogCopy's rows to.
const copyCallLogs = `COPY call_logs (ts, request_id, tenant_id, application_id, api_id, subscription_id, key_prefix, method, path,
	status, code, latency_us, upstream_us, bytes_in, bytes_out, client_ip) FROM STDIN (FORMAT binary)`

// callLogCopy reads call logs as COPY's binary format, encoding a buffer's worth of rows at a time: every field is
// written straight into the buffer, where pgx's CopyFrom would box each value in an interface, look up its encoder
// and first ask the server for the table's column types.
type callLogCopy struct {
	logs    []tollgate.CallLog
	next    int    // the next row to encode
	buf     []byte // encoded, from off on not read yet
	off     int
	started bool
	ended   bool
}

// pgEpochMicros is 2000-01-01 UTC, where PostgreSQL's timestamps count from, in Unix microseconds.
const pgEpochMicros = 946_684_800_000_000

func (c *callLogCopy) Read(p []byte) (int, error) {
	if c.off == len(c.buf) {
		if c.ended {
			return 0, io.EOF
		}
		if c.buf == nil {
			c.buf = make([]byte, 0, len(p)+4096)
		}
		c.buf, c.off = c.buf[:0], 0
		if !c.started {
			c.buf = append(c.buf, "PGCOPY\n\xff\r\n\x00"...) // signature
			c.buf = append(c.buf, 0, 0, 0, 0, 0, 0, 0, 0)    // flags, header extension length
			c.started = true
		}
		for c.next < len(c.logs) && len(c.buf) < len(p) {
			c.buf = appendCallLog(c.buf, &c.logs[c.next])
			c.next++
		}
		if c.next == len(c.logs) {
			c.buf = append(c.buf, 0xff, 0xff) // end of data
			c.ended = true
		}
	}
	n := copy(p, c.buf[c.off:])
	c.off += n
	return n, nil
}

// appendCallLog appends one row: the field count, then each field's length (-1: NULL) and bytes, in the order of
// copyCallLogs.
func appendCallLog(b []byte, l *tollgate.CallLog) []byte {
	b = binary.BigEndian.AppendUint16(b, 16)
	b = appendInt64(b, l.Time.UnixMicro()-pgEpochMicros)
	b = appendText(b, l.RequestID)
	for _, id := range [4]string{l.TenantID, l.ApplicationID, l.APIID, l.SubscriptionID} {
		b = appendUUID(b, id)
	}
	b = appendText(b, l.KeyPrefix)
	b = appendText(b, l.Method)
	b = appendText(b, l.Path)
	b = binary.BigEndian.AppendUint32(b, 2)
	b = binary.BigEndian.AppendUint16(b, uint16(int16(l.Status)))
	b = appendText(b, l.Code)
	b = binary.BigEndian.AppendUint32(b, 4)
	b = binary.BigEndian.AppendUint32(b, uint32(int32(l.Latency.Microseconds())))
	b = binary.BigEndian.AppendUint32(b, 4)
	b = binary.BigEndian.AppendUint32(b, uint32(int32(l.Upstream.Microseconds())))
	b = appendInt64(b, l.BytesIn)
	b = appendInt64(b, l.BytesOut)
	return appendText(b, l.ClientIP)
}

func appendInt64(b []byte, v int64) []byte {
	b = binary.BigEndian.AppendUint32(b, 8)
	return binary.BigEndian.AppendUint64(b, uint64(v))
}

// appendUUID appends an id, or NULL when it is empty or not a UUID.
func appendUUID(b []byte, s string) []byte {
	if s == "" {
		return binary.BigEndian.AppendUint32(b, 0xffffffff)
	}
	u, err := uuid.Parse(s)
	if err != nil {
		return binary.BigEndian.AppendUint32(b, 0xffffffff)
	}
	b = binary.BigEndian.AppendUint32(b, 16)
	return append(b, u[:]...)
}

// appendText appends a string as text. PostgreSQL refuses text that is not UTF-8 or holds a NUL byte, and would
// refuse the whole COPY with it: such bytes (say, a path with %FF or %00 in it) become U+FFFD instead.
func appendText(b []byte, s string) []byte {
	if !utf8.ValidString(s) || strings.IndexByte(s, 0) >= 0 {
		s = strings.ReplaceAll(strings.ToValidUTF8(s, "\uFFFD"), "\x00", "\uFFFD")
	}
	b = binary.BigEndian.AppendUint32(b, uint32(len(s)))
	return append(b, s...)
}
