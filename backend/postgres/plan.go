package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/lib/pq"

	"gorm.io/gorm"

	"tollgate/backend/tollgate"
)

// PlanService stores plans.
type PlanService struct{ db *DB }

// NewPlanService returns the plan store.
func NewPlanService(db *DB) *PlanService { return &PlanService{db: db} }

var _ tollgate.PlanService = (*PlanService)(nil)

const planColumns = `SELECT id, tenant_id, api_id, name, description, paid, stripe_price_id, billing, rate_limit_per_second,
	rate_limit_per_minute, monthly_quota, overage, approval, grace_days, trial_days, counted_statuses, alert_thresholds::bigint[],
	archived_at, created_at, updated_at FROM plans`

// planRow reads a plan; counted_statuses is a text array.
type planRow struct {
	ID, TenantID, APIID, Name, Description, StripePriceID, Billing, Overage, Approval string
	Paid                                                                              bool
	RateLimitPerSecond, RateLimitPerMinute, GraceDays, TrialDays                      int
	MonthlyQuota                                                                      *int64
	CountedStatuses                                                                   pq.StringArray `gorm:"type:text[]"`
	AlertThresholds                                                                   pq.Int64Array  `gorm:"type:bigint[]"`
	ArchivedAt                                                                        *time.Time
	CreatedAt, UpdatedAt                                                              time.Time
}

func thresholds(a pq.Int64Array) []int {
	out := make([]int, len(a))
	for i, v := range a {
		out[i] = int(v)
	}
	return out
}

func (r planRow) plan() tollgate.Plan {
	return tollgate.Plan{ID: r.ID, TenantID: r.TenantID, APIID: r.APIID, Name: r.Name, Description: r.Description,
		Paid: r.Paid, StripePriceID: r.StripePriceID, Billing: r.Billing, RateLimitPerSecond: r.RateLimitPerSecond,
		RateLimitPerMinute: r.RateLimitPerMinute, MonthlyQuota: r.MonthlyQuota, Overage: r.Overage, Approval: r.Approval,
		GraceDays: r.GraceDays, TrialDays: r.TrialDays, CountedStatuses: nonNil(r.CountedStatuses), ArchivedAt: r.ArchivedAt,
		AlertThresholds: thresholds(r.AlertThresholds),
		CreatedAt:       r.CreatedAt, UpdatedAt: r.UpdatedAt}
}

func getPlan(q *gorm.DB, tenantID, id string, lock bool) (*tollgate.Plan, error) {
	if !isUUID(id) {
		return nil, tollgate.NotFound("plan")
	}
	sql := planColumns + ` WHERE tenant_id = ? AND id = ?`
	if lock {
		sql += ` FOR UPDATE`
	}
	var r planRow
	if err := q.Raw(sql, tenantID, id).Take(&r).Error; err != nil {
		return nil, translate(err, "plan")
	}
	p := r.plan()
	return &p, nil
}

// CreatePlan stores a plan of one of the tenant's APIs.
func (s *PlanService) CreatePlan(ctx context.Context, p *tollgate.Plan) error {
	if err := p.Validate(); err != nil {
		return err
	}
	now := s.db.Now()
	p.ID, p.CreatedAt, p.UpdatedAt, p.ArchivedAt = newID(), now, now, nil
	return s.db.tx(ctx, func(tx *gorm.DB) error {
		a, err := getAPI(tx, p.TenantID, p.APIID, true)
		if err != nil {
			return err
		}
		if a.Lifecycle == tollgate.LifecycleRetired {
			return tollgate.Errorf(tollgate.CodeConflict, "a retired API gets no new plans")
		}
		err = tx.Exec(`INSERT INTO plans (id, tenant_id, api_id, name, description, paid, stripe_price_id, billing,
			rate_limit_per_second, rate_limit_per_minute, monthly_quota, overage, approval, grace_days, trial_days,
			counted_statuses, alert_thresholds, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::smallint[], ?, ?)`, p.ID,
			p.TenantID, p.APIID, p.Name, p.Description, p.Paid, p.StripePriceID, p.Billing, p.RateLimitPerSecond,
			p.RateLimitPerMinute, p.MonthlyQuota, p.Overage, p.Approval, p.GraceDays, p.TrialDays,
			pq.StringArray(p.CountedStatuses), pq.Array(p.AlertThresholds), p.CreatedAt, p.UpdatedAt).Error
		if err != nil {
			return translate(err, "plan")
		}
		return audit(ctx, tx, p.TenantID, "plan.create", "plan", p.ID, nil, p)
	})
}

// Plan returns one of the tenant's plans.
func (s *PlanService) Plan(ctx context.Context, tenantID, id string) (*tollgate.Plan, error) {
	return getPlan(s.db.conn(ctx), tenantID, id, false)
}

// ListPlans lists an API's plans in the order they were made.
func (s *PlanService) ListPlans(ctx context.Context, tenantID, apiID string, includeArchived bool) ([]tollgate.Plan, error) {
	if !isUUID(apiID) {
		return nil, tollgate.NotFound("API")
	}
	sql := planColumns + ` WHERE tenant_id = ? AND api_id = ?`
	if !includeArchived {
		sql += ` AND archived_at IS NULL`
	}
	var rows []planRow
	if err := s.db.conn(ctx).Raw(sql+` ORDER BY created_at, id`, tenantID, apiID).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("list plans: %w", err)
	}
	out := make([]tollgate.Plan, len(rows))
	for i, r := range rows {
		out[i] = r.plan()
	}
	return out, nil
}

// UpdatePlan changes the given fields of a plan. Existing subscribers get the new terms.
func (s *PlanService) UpdatePlan(ctx context.Context, tenantID, id string, upd tollgate.PlanUpdate) (*tollgate.Plan, error) {
	var out *tollgate.Plan
	err := s.db.tx(ctx, func(tx *gorm.DB) error {
		before, err := getPlan(tx, tenantID, id, true)
		if err != nil {
			return err
		}
		p := *before
		set(&p.Name, upd.Name)
		set(&p.Description, upd.Description)
		set(&p.StripePriceID, upd.StripePriceID)
		set(&p.Billing, upd.Billing)
		set(&p.Overage, upd.Overage)
		set(&p.Approval, upd.Approval)
		set(&p.Paid, upd.Paid)
		set(&p.RateLimitPerSecond, upd.RateLimitPerSecond)
		set(&p.RateLimitPerMinute, upd.RateLimitPerMinute)
		set(&p.GraceDays, upd.GraceDays)
		set(&p.TrialDays, upd.TrialDays)
		set(&p.MonthlyQuota, upd.MonthlyQuota)
		set(&p.CountedStatuses, upd.CountedStatuses)
		set(&p.AlertThresholds, upd.AlertThresholds)
		if err := p.Validate(); err != nil {
			return err
		}
		p.UpdatedAt = s.db.Now()
		err = tx.Exec(`UPDATE plans SET name = ?, description = ?, paid = ?, stripe_price_id = ?, billing = ?,
			rate_limit_per_second = ?, rate_limit_per_minute = ?, monthly_quota = ?, overage = ?, approval = ?, grace_days = ?,
			trial_days = ?, counted_statuses = ?, alert_thresholds = ?::smallint[], updated_at = ? WHERE tenant_id = ? AND id = ?`,
			p.Name, p.Description, p.Paid, p.StripePriceID, p.Billing, p.RateLimitPerSecond, p.RateLimitPerMinute, p.MonthlyQuota,
			p.Overage, p.Approval, p.GraceDays, p.TrialDays, pq.StringArray(p.CountedStatuses), pq.Array(p.AlertThresholds),
			p.UpdatedAt, tenantID, id).Error
		if err != nil {
			return translate(err, "plan")
		}
		out = &p
		return audit(ctx, tx, tenantID, "plan.update", "plan", id, before, p)
	})
	return out, err
}

// ArchivePlan closes a plan to new subscriptions; existing subscribers keep it.
func (s *PlanService) ArchivePlan(ctx context.Context, tenantID, id string) (*tollgate.Plan, error) {
	var out *tollgate.Plan
	err := s.db.tx(ctx, func(tx *gorm.DB) error {
		p, err := getPlan(tx, tenantID, id, true)
		if err != nil {
			return err
		}
		if p.ArchivedAt != nil {
			out = p
			return nil
		}
		now := s.db.Now()
		if err := tx.Exec(`UPDATE plans SET archived_at = ?, updated_at = ? WHERE id = ?`, now, now, id).Error; err != nil {
			return translate(err, "plan")
		}
		p.ArchivedAt, p.UpdatedAt = &now, now
		out = p
		return audit(ctx, tx, tenantID, "plan.archive", "plan", id, nil, nil)
	})
	return out, err
}
