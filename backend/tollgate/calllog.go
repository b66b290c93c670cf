package tollgate

import (
	"context"
	"time"
)

// CallRecord is a logged gateway call as the portal shows it.
type CallRecord struct {
	Time           time.Time `json:"time"`
	RequestID      string    `json:"request_id"`
	ApplicationID  *string   `json:"application_id"`
	APIID          *string   `json:"api_id"`
	SubscriptionID *string   `json:"subscription_id"`
	KeyPrefix      string    `json:"key_prefix"`
	Method         string    `json:"method"`
	Path           string    `json:"path"`
	Status         int       `json:"status"`
	Code           string    `json:"code"`
	LatencyUS      int       `json:"latency_us"`
	UpstreamUS     int       `json:"upstream_us"`
	BytesIn        int64     `json:"bytes_in"`
	BytesOut       int64     `json:"bytes_out"`
	ClientIP       string    `json:"client_ip"`
}

// CallFilter selects logged calls of one API or application, newest first, after a cursor (for paging).
type CallFilter struct {
	APIID, ApplicationID string
	From, To             time.Time
	After                *CallCursor // nil: the newest page
	StatusMin, StatusMax int         // 0: any
	Code, KeyPrefix      string
	PathContains         string
	Refused              bool // only calls the gateway refused (any code but ok)
	Limit                int
}

// CallCursor is where a page of calls ended: its last (oldest) call. Calls are ordered by time and then request id,
// newest first, so calls logged in the same microsecond are neither skipped nor shown twice.
type CallCursor struct {
	Time      time.Time
	RequestID string
}

// CallPage is a page of calls and, when older calls match, the cursor of the next page.
type CallPage struct {
	Items []CallRecord
	Next  *CallCursor
}

// CallLogService reads the gateway's call logs.
type CallLogService interface {
	ListCalls(ctx context.Context, tenantID string, f CallFilter) (CallPage, error)
	Calls(ctx context.Context, tenantID, requestID string, around time.Time) ([]CallRecord, error)
}
