package httpapi

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"tollgate/backend/tollgate"
)

func (s *Server) listPlans(c *gin.Context) {
	a, err := s.visibleAPI(c, c.Param("api_id"))
	if err != nil {
		s.render(c, err)
		return
	}
	plans, err := s.svc.Plans.ListPlans(c.Request.Context(), currentTenant(c).ID, a.ID, c.Query("include_archived") == "true")
	if err != nil {
		s.render(c, err)
		return
	}
	c.JSON(http.StatusOK, listOf(plans, len(plans), tollgate.Page{Limit: len(plans)}))
}

type planRequest struct {
	Name               *string   `json:"name"`
	Description        *string   `json:"description"`
	Paid               *bool     `json:"paid"`
	StripePriceID      *string   `json:"stripe_price_id"`
	Billing            *string   `json:"billing"`
	RateLimitPerSecond *int      `json:"rate_limit_per_second"`
	RateLimitPerMinute *int      `json:"rate_limit_per_minute"`
	MonthlyQuota       *int64    `json:"monthly_quota"`
	Overage            *string   `json:"overage"`
	Approval           *string   `json:"approval"`
	GraceDays          *int      `json:"grace_days"`
	TrialDays          *int      `json:"trial_days"`
	CountedStatuses    *[]string `json:"counted_statuses"`
	AlertThresholds    *[]int    `json:"alert_thresholds"`
}

func (s *Server) createPlan(c *gin.Context) {
	var req planRequest
	if err := s.decode(c, &req); err != nil {
		s.render(c, err)
		return
	}
	a, err := s.providedAPI(c, c.Param("api_id"))
	if err != nil {
		s.render(c, err)
		return
	}
	grace := 3
	if req.GraceDays != nil {
		grace = *req.GraceDays
	}
	p := &tollgate.Plan{TenantID: currentTenant(c).ID, APIID: a.ID, Name: deref(req.Name), Description: deref(req.Description),
		Paid: deref(req.Paid), StripePriceID: deref(req.StripePriceID), Billing: deref(req.Billing),
		RateLimitPerSecond: deref(req.RateLimitPerSecond), RateLimitPerMinute: deref(req.RateLimitPerMinute),
		MonthlyQuota: req.MonthlyQuota, Overage: deref(req.Overage), Approval: deref(req.Approval), GraceDays: grace,
		TrialDays: deref(req.TrialDays), CountedStatuses: deref(req.CountedStatuses),
		AlertThresholds: deref(req.AlertThresholds)}
	if err := s.svc.Plans.CreatePlan(c.Request.Context(), p); err != nil {
		s.render(c, err)
		return
	}
	c.JSON(http.StatusCreated, p)
}

// planOfAPI loads a plan of an API the caller provides.
func (s *Server) planOfAPI(c *gin.Context) (*tollgate.Plan, error) {
	a, err := s.providedAPI(c, c.Param("api_id"))
	if err != nil {
		return nil, err
	}
	p, err := s.svc.Plans.Plan(c.Request.Context(), currentTenant(c).ID, c.Param("plan_id"))
	if err != nil {
		return nil, err
	}
	if p.APIID != a.ID {
		return nil, tollgate.NotFound("plan")
	}
	return p, nil
}

func (s *Server) updatePlan(c *gin.Context) {
	// A JSON null for monthly_quota means "no quota", which a plain pointer cannot tell from "absent".
	var raw map[string]any
	var req planRequest
	if err := s.decodeTwice(c, &req, &raw); err != nil {
		s.render(c, err)
		return
	}
	p, err := s.planOfAPI(c)
	if err != nil {
		s.render(c, err)
		return
	}
	upd := tollgate.PlanUpdate{Name: req.Name, Description: req.Description, StripePriceID: req.StripePriceID,
		Billing: req.Billing, Overage: req.Overage, Approval: req.Approval, Paid: req.Paid,
		RateLimitPerSecond: req.RateLimitPerSecond, RateLimitPerMinute: req.RateLimitPerMinute, GraceDays: req.GraceDays,
		TrialDays: req.TrialDays, CountedStatuses: req.CountedStatuses, AlertThresholds: req.AlertThresholds}
	if _, ok := raw["monthly_quota"]; ok {
		upd.MonthlyQuota = &req.MonthlyQuota
	}
	out, err := s.svc.Plans.UpdatePlan(c.Request.Context(), currentTenant(c).ID, p.ID, upd)
	if err != nil {
		s.render(c, err)
		return
	}
	c.JSON(http.StatusOK, out)
}

func (s *Server) archivePlan(c *gin.Context) {
	p, err := s.planOfAPI(c)
	if err != nil {
		s.render(c, err)
		return
	}
	out, err := s.svc.Plans.ArchivePlan(c.Request.Context(), currentTenant(c).ID, p.ID)
	if err != nil {
		s.render(c, err)
		return
	}
	c.JSON(http.StatusOK, out)
}
