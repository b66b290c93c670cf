package tollgate

import (
	"context"
	"slices"
	"strings"
	"time"
)

// Approval policies of a plan.
const (
	ApprovalAuto      = "auto"       // requests are approved at once
	ApprovalManual    = "manual"     // any admin approves
	ApprovalTwoPerson = "two_person" // two different admins approve
)

// Plan is one way to use an API: price, limits, quota and how subscriptions are approved.
type Plan struct {
	ID                 string `json:"id"`
	TenantID           string `json:"-"`
	APIID              string `json:"api_id"`
	Name               string `json:"name"`
	Description        string `json:"description"`
	Paid               bool   `json:"paid"`
	StripePriceID      string `json:"stripe_price_id"`
	Billing            string `json:"billing"` // flat | metered
	RateLimitPerSecond int    `json:"rate_limit_per_second"`
	RateLimitPerMinute int    `json:"rate_limit_per_minute"`
	MonthlyQuota       *int64 `json:"monthly_quota"` // nil: unlimited
	Overage            string `json:"overage"`       // block | bill
	Approval           string `json:"approval"`
	GraceDays          int    `json:"grace_days"`
	TrialDays          int    `json:"trial_days"`
	// CountedStatuses are the response classes that count against the quota and as billable usage.
	CountedStatuses []string `json:"counted_statuses"`
	// AlertThresholds are the percents of the monthly quota at which developers are warned (default 80, 90, 100).
	AlertThresholds []int      `json:"alert_thresholds"`
	ArchivedAt      *time.Time `json:"archived_at"`
	CreatedAt       time.Time  `json:"created_at"`
	UpdatedAt       time.Time  `json:"updated_at"`
}

// Validate checks a plan and fills defaults.
func (pl *Plan) Validate() error {
	var p Problems
	pl.Name, pl.Description = strings.TrimSpace(pl.Name), strings.TrimSpace(pl.Description)
	CheckName(&p, "name", pl.Name, 200)
	if len(pl.Description) > 2000 {
		p.Add("description", "must be at most 2000 characters long")
	}
	if pl.Billing == "" {
		pl.Billing = "flat"
	}
	if pl.Overage == "" {
		pl.Overage = "block"
	}
	if pl.Approval == "" {
		pl.Approval = ApprovalAuto
	}
	if pl.Billing != "flat" && pl.Billing != "metered" {
		p.Add("billing", "must be flat or metered")
	}
	if pl.Billing == "metered" && !pl.Paid {
		p.Add("billing", "only paid plans can be metered")
	}
	if pl.Overage != "block" && pl.Overage != "bill" {
		p.Add("overage", "must be block or bill")
	}
	if pl.Overage == "bill" && !pl.Paid {
		p.Add("overage", "only paid plans can bill overage; free plans block at the quota")
	}
	if pl.Approval != ApprovalAuto && pl.Approval != ApprovalManual && pl.Approval != ApprovalTwoPerson {
		p.Add("approval", "must be auto, manual or two_person")
	}
	if !pl.Paid && pl.StripePriceID != "" {
		p.Add("stripe_price_id", "only paid plans have a Stripe price")
	}
	if pl.StripePriceID != "" && !strings.HasPrefix(pl.StripePriceID, "price_") {
		p.Add("stripe_price_id", "must be a Stripe price id (price_…)")
	}
	if pl.RateLimitPerSecond < 0 || pl.RateLimitPerSecond > 100000 {
		p.Add("rate_limit_per_second", "must be between 0 (no limit) and 100000")
	}
	if pl.RateLimitPerMinute < 0 || pl.RateLimitPerMinute > 6000000 {
		p.Add("rate_limit_per_minute", "must be between 0 (no limit) and 6000000")
	}
	if pl.MonthlyQuota != nil && (*pl.MonthlyQuota < 0 || *pl.MonthlyQuota > 1_000_000_000_000) {
		p.Add("monthly_quota", "must be between 0 and 1000000000000, or null for no quota")
	}
	if pl.GraceDays < 0 || pl.GraceDays > 21 {
		p.Add("grace_days", "must be between 0 and 21 (Stripe retries failed payments for up to three weeks)")
	}
	if pl.TrialDays < 0 || pl.TrialDays > 365 {
		p.Add("trial_days", "must be between 0 and 365")
	}
	if len(pl.CountedStatuses) == 0 {
		pl.CountedStatuses = []string{"2xx", "3xx"}
	}
	seen := map[string]bool{}
	classes := pl.CountedStatuses[:0:0]
	for _, c := range pl.CountedStatuses {
		if c != "1xx" && c != "2xx" && c != "3xx" && c != "4xx" && c != "5xx" {
			p.Add("counted_statuses", "%q is not a response class; use 1xx, 2xx, 3xx, 4xx or 5xx", c)
			break
		}
		if !seen[c] {
			seen[c] = true
			classes = append(classes, c)
		}
	}
	pl.CountedStatuses = classes
	if pl.AlertThresholds == nil {
		pl.AlertThresholds = []int{80, 90, 100}
	}
	if len(pl.AlertThresholds) > 5 {
		p.Add("alert_thresholds", "at most 5 thresholds")
	}
	for _, t := range pl.AlertThresholds {
		if t < 1 || t > 100 {
			p.Add("alert_thresholds", "each threshold is a percent of the quota between 1 and 100")
			break
		}
	}
	pl.AlertThresholds = slices.Compact(slices.Sorted(slices.Values(pl.AlertThresholds)))
	if pl.TrialDays > 0 && !pl.Paid {
		p.Add("trial_days", "only paid plans have trials")
	}
	return p.Err()
}

// PlanUpdate changes some of a plan's fields; nil fields stay as they are.
type PlanUpdate struct {
	Name, Description, StripePriceID, Billing, Overage, Approval *string
	Paid                                                         *bool
	RateLimitPerSecond, RateLimitPerMinute, GraceDays, TrialDays *int
	MonthlyQuota                                                 **int64
	CountedStatuses                                              *[]string
	AlertThresholds                                              *[]int
}

// PlanService stores plans.
type PlanService interface {
	CreatePlan(ctx context.Context, p *Plan) error
	Plan(ctx context.Context, tenantID, id string) (*Plan, error)
	ListPlans(ctx context.Context, tenantID, apiID string, includeArchived bool) ([]Plan, error)
	UpdatePlan(ctx context.Context, tenantID, id string, upd PlanUpdate) (*Plan, error)
	ArchivePlan(ctx context.Context, tenantID, id string) (*Plan, error)
}
