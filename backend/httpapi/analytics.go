package httpapi

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"tollgate/backend/tollgate"
)

// analyticsQuery reads the range (RFC 3339 from/to; default the last 24 hours), grain and filters, checks that each
// filter names an object of this tenant, and limits members other than admins and the billing team to their teams'
// APIs and applications.
func (s *Server) analyticsQuery(c *gin.Context) (tollgate.AnalyticsQuery, error) {
	var p tollgate.Problems
	now := time.Now().UTC()
	q := tollgate.AnalyticsQuery{From: now.Add(-24 * time.Hour), To: now, Grain: c.Query("grain"), APIID: c.Query("api_id"),
		ApplicationID: c.Query("application_id"), PlanID: c.Query("plan_id")}
	for field, dst := range map[string]*time.Time{"from": &q.From, "to": &q.To} {
		if v := c.Query(field); v != "" {
			t, err := time.Parse(time.RFC3339, v)
			if err != nil {
				p.Add(field, "must be a time like 2026-11-22T10:00:00Z")
				continue
			}
			*dst = t.UTC()
		}
	}
	if err := p.Err(); err != nil {
		return q, err
	}
	ctx, tenant := c.Request.Context(), currentTenant(c).ID
	if q.APIID != "" {
		if _, err := s.svc.APIs.API(ctx, tenant, q.APIID); err != nil {
			return q, err
		}
	}
	if q.ApplicationID != "" {
		if _, err := s.svc.Applications.Application(ctx, tenant, q.ApplicationID); err != nil {
			return q, err
		}
	}
	if q.PlanID != "" {
		if _, err := s.svc.Plans.Plan(ctx, tenant, q.PlanID); err != nil {
			return q, err
		}
	}
	if isAdmin(c) || effectiveRole(c) == tollgate.RoleBilling {
		return q, nil // everything
	}
	teams, err := s.myTeams(c)
	if err != nil {
		return q, err
	}
	q.TeamIDs = append([]string{}, teams...) // non-nil: a member of no team sees nothing
	return q, nil
}

func (s *Server) analyticsTimeseries(c *gin.Context) {
	q, err := s.analyticsQuery(c)
	if err != nil {
		s.render(c, err)
		return
	}
	out, err := s.svc.Analytics.Timeseries(c.Request.Context(), currentTenant(c).ID, q)
	if err != nil {
		s.render(c, err)
		return
	}
	c.JSON(http.StatusOK, out)
}

func (s *Server) analyticsSummary(c *gin.Context) {
	q, err := s.analyticsQuery(c)
	if err != nil {
		s.render(c, err)
		return
	}
	out, err := s.svc.Analytics.Summary(c.Request.Context(), currentTenant(c).ID, q)
	if err != nil {
		s.render(c, err)
		return
	}
	c.JSON(http.StatusOK, out)
}

// appUsage shows an application's quota use this period to its team.
func (s *Server) appUsage(c *gin.Context) {
	app, err := s.teamApp(c, c.Param("app_id"))
	if err != nil {
		s.render(c, err)
		return
	}
	items, err := s.svc.Analytics.AppUsage(c.Request.Context(), currentTenant(c).ID, app.ID)
	if err != nil {
		s.render(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"items": items})
}

// billingUsage compares paid subscriptions' billable usage this period with what was reported to Stripe.
func (s *Server) billingUsage(c *gin.Context) {
	items, err := s.svc.Analytics.BillingUsage(c.Request.Context(), currentTenant(c).ID)
	if err != nil {
		s.render(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"items": items})
}
