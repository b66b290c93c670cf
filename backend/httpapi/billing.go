package httpapi

import (
	"context"
	"errors"
	"io"
	"net/http"
	"slices"
	"strconv"

	"github.com/gin-gonic/gin"

	"tollgate/backend/billing"
	"tollgate/backend/tollgate"
)

// maxWebhookBytes bounds a Stripe delivery; real events are a few kilobytes.
const maxWebhookBytes = 512 << 10

// stripeWebhook receives Stripe's deliveries for a tenant: verified on the raw body, stored, then acknowledged.
// Refusals are 400 problems saying why, and logged.
func (s *Server) stripeWebhook(c *gin.Context) {
	body, err := io.ReadAll(http.MaxBytesReader(c.Writer, c.Request.Body, maxWebhookBytes))
	if err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			s.render(c, tollgate.Errorf(tollgate.CodePayloadTooLarge, "a Stripe event is at most %d bytes", maxWebhookBytes))
			return
		}
		s.render(c, tollgate.Errorf(tollgate.CodeBadRequest, "the body could not be read"))
		return
	}
	dup, err := s.svc.Billing.ReceiveWebhook(c.Request.Context(), c.Param("tenant"), body, c.GetHeader("Stripe-Signature"))
	if err != nil {
		s.log.Warn("stripe webhook refused", "tenant", c.Param("tenant"), "reason", tollgate.ErrorMessage(err),
			"request_id", c.GetString(ctxRequestID))
		s.render(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"received": true, "duplicate": dup})
}

func (s *Server) getStripeSettings(c *gin.Context) {
	st, err := s.svc.Billing.StripeSettings(c.Request.Context(), currentTenant(c).ID)
	if err != nil {
		s.render(c, err)
		return
	}
	c.JSON(http.StatusOK, st)
}

type stripeSecretsRequest struct {
	SecretKey     *string `json:"secret_key"`
	WebhookSecret *string `json:"webhook_secret"`
}

func (s *Server) putStripeSettings(c *gin.Context) {
	var req stripeSecretsRequest
	if err := s.decode(c, &req); err != nil {
		s.render(c, err)
		return
	}
	st, err := s.svc.Billing.SetStripeSecrets(c.Request.Context(), currentTenant(c).ID,
		tollgate.StripeSecrets{SecretKey: req.SecretKey, WebhookSecret: req.WebhookSecret})
	if err != nil {
		s.render(c, err)
		return
	}
	c.JSON(http.StatusOK, st)
}

func (s *Server) testStripe(c *gin.Context) {
	res, err := s.svc.Billing.TestStripe(c.Request.Context(), currentTenant(c).ID)
	if err != nil {
		s.render(c, err)
		return
	}
	c.JSON(http.StatusOK, res)
}

func (s *Server) listPrices(c *gin.Context) {
	prices, err := s.svc.Billing.ListPrices(c.Request.Context(), currentTenant(c).ID)
	if err != nil {
		s.render(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"items": prices})
}

// createPlanPrice creates a Stripe price for a paid plan of an API the caller provides.
func (s *Server) createPlanPrice(c *gin.Context) {
	var req tollgate.PriceInput
	if err := s.decode(c, &req); err != nil {
		s.render(c, err)
		return
	}
	plan, err := s.planOfAPI(c)
	if err != nil {
		s.render(c, err)
		return
	}
	out, err := s.svc.Billing.CreatePlanPrice(c.Request.Context(), currentTenant(c).ID, plan.ID, req)
	if err != nil {
		s.render(c, err)
		return
	}
	c.JSON(http.StatusOK, out)
}

// payingSubscription loads a subscription whose application belongs to one of the caller's teams (admins: any).
func (s *Server) payingSubscription(c *gin.Context) (*tollgate.Subscription, error) {
	sub, err := s.visibleSubscription(c)
	if err != nil {
		return nil, err
	}
	ok, err := s.inTeam(c, sub.TeamID)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, tollgate.Errorf(tollgate.CodeForbidden, "only the team %s pays for this subscription", sub.TeamName)
	}
	return sub, nil
}

func (s *Server) checkout(c *gin.Context) {
	s.billingLink(c, s.svc.Billing.Checkout)
}

func (s *Server) billingPortal(c *gin.Context) {
	s.billingLink(c, s.svc.Billing.BillingPortal)
}

func (s *Server) billingLink(c *gin.Context, open func(ctx context.Context, tenantID, subID string) (string, error)) {
	sub, err := s.payingSubscription(c)
	if err != nil {
		s.render(c, err)
		return
	}
	u, err := open(c.Request.Context(), currentTenant(c).ID, sub.ID)
	if err != nil {
		s.render(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"url": u})
}

func (s *Server) billingOverview(c *gin.Context) {
	o, err := s.svc.Billing.Overview(c.Request.Context(), currentTenant(c).ID)
	if err != nil {
		s.render(c, err)
		return
	}
	c.JSON(http.StatusOK, o)
}

// lastReconciliation shows the latest run, its rows filtered: drifted=true, state=<our state>, drift=<kind>.
func (s *Server) lastReconciliation(c *gin.Context) {
	run, ok := s.latestRun(c)
	if !ok {
		return
	}
	if run == nil {
		c.JSON(http.StatusOK, gin.H{"run": nil})
		return
	}
	drifted, _ := strconv.ParseBool(c.Query("drifted"))
	state, kind := c.Query("state"), c.Query("drift")
	rows := run.Rows[:0:0]
	for _, r := range run.Rows {
		if (drifted && len(r.Drift) == 0) || (state != "" && r.State != state) || (kind != "" && !slices.Contains(r.Drift, kind)) {
			continue
		}
		rows = append(rows, r)
	}
	run.Rows = rows
	c.JSON(http.StatusOK, gin.H{"run": run})
}

func (s *Server) latestRun(c *gin.Context) (*tollgate.ReconciliationRun, bool) {
	run, err := s.svc.Billing.LastReconciliation(c.Request.Context(), currentTenant(c).ID)
	if err != nil {
		s.render(c, err)
		return nil, false
	}
	return run, true
}

func (s *Server) reconciliationCSV(c *gin.Context) {
	run, ok := s.latestRun(c)
	if !ok {
		return
	}
	if run == nil {
		s.render(c, tollgate.Errorf(tollgate.CodeNotFound, "no reconciliation has run yet: start one first"))
		return
	}
	c.Header("Content-Type", "text/csv; charset=utf-8")
	c.Header("Content-Disposition", `attachment; filename="reconciliation-`+run.StartedAt.Format("20060102-150405")+`.csv"`)
	c.Status(http.StatusOK)
	if err := billing.WriteCSV(c.Writer, run); err != nil {
		s.log.Error("write reconciliation csv", "err", err)
	}
}

type reconcileRequest struct {
	Fix bool `json:"fix"`
}

func (s *Server) runReconciliation(c *gin.Context) {
	var req reconcileRequest
	if c.Request.ContentLength != 0 {
		if err := s.decode(c, &req); err != nil {
			s.render(c, err)
			return
		}
	}
	run, err := s.svc.Billing.Reconcile(c.Request.Context(), currentTenant(c).ID, tollgate.ReconcileOptions{Fix: req.Fix, Trigger: "manual"})
	if err != nil {
		s.render(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"run": run})
}

func (s *Server) resyncSubscription(c *gin.Context) {
	row, err := s.svc.Billing.ResyncSubscription(c.Request.Context(), currentTenant(c).ID, c.Param("sub_id"))
	if err != nil {
		s.render(c, err)
		return
	}
	c.JSON(http.StatusOK, row)
}

func (s *Server) listStripeEvents(c *gin.Context) {
	p, err := pageOf(c)
	if err != nil {
		s.render(c, err)
		return
	}
	items, total, err := s.svc.Billing.ListEvents(c.Request.Context(), currentTenant(c).ID,
		tollgate.StripeEventFilter{Page: p, Status: c.Query("status"), Type: c.Query("type")})
	if err != nil {
		s.render(c, err)
		return
	}
	c.JSON(http.StatusOK, listOf(items, total, p))
}

func (s *Server) replayStripeEvent(c *gin.Context) {
	ev, err := s.svc.Billing.ReplayEvent(c.Request.Context(), currentTenant(c).ID, c.Param("event_id"))
	if err != nil {
		s.render(c, err)
		return
	}
	c.JSON(http.StatusOK, ev)
}

func (s *Server) recoverStripeEvents(c *gin.Context) {
	n, err := s.svc.Billing.RecoverEvents(c.Request.Context(), currentTenant(c).ID)
	if err != nil {
		s.render(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"recovered": n})
}
