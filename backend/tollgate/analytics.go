package tollgate

import (
	"context"
	"time"
)

// AnalyticsQuery selects rolled-up traffic: a time range at a grain, optional filters, and the caller's scope.
type AnalyticsQuery struct {
	From, To                     time.Time
	Grain                        string // minute | hour | day
	APIID, ApplicationID, PlanID string
	TeamIDs                      []string // nil: every API and application (admins); else those of these teams
}

// SeriesPoint is one bucket of a time series.
type SeriesPoint struct {
	Bucket    time.Time `json:"bucket"`
	Calls     int64     `json:"calls"`
	Status1xx int64     `json:"status_1xx"`
	Status2xx int64     `json:"status_2xx"`
	Status3xx int64     `json:"status_3xx"`
	Status4xx int64     `json:"status_4xx"`
	Status5xx int64     `json:"status_5xx"`
	Errors    int64     `json:"errors"`   // 5xx
	Refusals  int64     `json:"refusals"` // refused by the gateway (any code but ok)
	BytesIn   int64     `json:"bytes_in"`
	BytesOut  int64     `json:"bytes_out"`
	Billable  int64     `json:"billable"`
	P50       float64   `json:"p50_ms"`
	P95       float64   `json:"p95_ms"`
	P99       float64   `json:"p99_ms"`
}

// Series is traffic over time.
type Series struct {
	From   time.Time     `json:"from"`
	To     time.Time     `json:"to"`
	Grain  string        `json:"grain"`
	Points []SeriesPoint `json:"points"`
}

// Totals sums traffic over a range.
type Totals struct {
	Calls     int64   `json:"calls"`
	Errors    int64   `json:"errors"`
	Refusals  int64   `json:"refusals"`
	ErrorRate float64 `json:"error_rate"` // errors / calls
	P50       float64 `json:"p50_ms"`
	P95       float64 `json:"p95_ms"`
	P99       float64 `json:"p99_ms"`
	Billable  int64   `json:"billable"`
	BytesIn   int64   `json:"bytes_in"`
	BytesOut  int64   `json:"bytes_out"`
}

// Ranked is one line of a top list.
type Ranked struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	Calls  int64  `json:"calls"`
	Errors int64  `json:"errors"`
}

// CodeCount counts the calls with one decision code.
type CodeCount struct {
	Code   string `json:"code"`
	Status int    `json:"status"`
	Calls  int64  `json:"calls"`
}

// PlanUsage is a plan's traffic: all calls and the billable ones.
type PlanUsage struct {
	PlanID   string `json:"plan_id"`
	PlanName string `json:"plan_name"`
	APIName  string `json:"api_name"`
	Paid     bool   `json:"paid"`
	Calls    int64  `json:"calls"`
	Billable int64  `json:"billable"`
}

// Summary is a range's totals and breakdowns.
type Summary struct {
	Totals          Totals      `json:"totals"`
	TopApplications []Ranked    `json:"top_applications"`
	TopAPIs         []Ranked    `json:"top_apis"`
	RefusalsByCode  []CodeCount `json:"refusals_by_code"`
	UsageByPlan     []PlanUsage `json:"usage_by_plan"`
}

// QuotaUsage is a subscription's use of its quota this period.
type QuotaUsage struct {
	SubscriptionID string    `json:"subscription_id"`
	APIID          string    `json:"api_id"`
	APIName        string    `json:"api_name"`
	PlanName       string    `json:"plan_name"`
	State          string    `json:"state"`
	Quota          *int64    `json:"quota"`
	Used           int64     `json:"used"`
	Remaining      *int64    `json:"remaining"`
	Percent        *float64  `json:"percent"`
	PeriodStart    time.Time `json:"period_start"`
	PeriodEnd      time.Time `json:"period_end"` // when the quota resets
	// AlertThresholds are the plan's warning thresholds (percent of the quota).
	AlertThresholds []int `json:"alert_thresholds"`
}

// BillableUsage compares a paid subscription's billable calls this period with what was reported to Stripe.
type BillableUsage struct {
	SubscriptionID  string     `json:"subscription_id"`
	ApplicationName string     `json:"application_name"`
	APIName         string     `json:"api_name"`
	PlanName        string     `json:"plan_name"`
	Metered         bool       `json:"metered"`
	PeriodStart     *time.Time `json:"period_start"`
	PeriodEnd       *time.Time `json:"period_end"`
	Counted         int64      `json:"counted"`
	Reported        int64      `json:"reported"`
	Unreported      int64      `json:"unreported"`
}

// AnalyticsService answers the dashboards from the rollups.
type AnalyticsService interface {
	Timeseries(ctx context.Context, tenantID string, q AnalyticsQuery) (*Series, error)
	Summary(ctx context.Context, tenantID string, q AnalyticsQuery) (*Summary, error)
	AppUsage(ctx context.Context, tenantID, appID string) ([]QuotaUsage, error)
	BillingUsage(ctx context.Context, tenantID string) ([]BillableUsage, error)
}
