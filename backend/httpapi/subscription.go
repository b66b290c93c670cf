package httpapi

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"tollgate/backend/tollgate"
)

type subscribeRequest struct {
	PlanID string `json:"plan_id"`
	Reason string `json:"reason"`
}

// subscribe files a subscription request for one of the caller's team's applications.
func (s *Server) subscribe(c *gin.Context) {
	var req subscribeRequest
	if err := s.decode(c, &req); err != nil {
		s.render(c, err)
		return
	}
	var p tollgate.Problems
	req.Reason = strings.TrimSpace(req.Reason)
	if req.PlanID == "" {
		p.Add("plan_id", "is required")
	}
	if req.Reason == "" {
		p.Add("reason", "is required: tell the provider what you will use the API for")
	} else if len(req.Reason) > 1000 {
		p.Add("reason", "must be at most 1000 characters long")
	}
	if err := p.Err(); err != nil {
		s.render(c, err)
		return
	}
	app, err := s.teamApp(c, c.Param("app_id"))
	if err != nil {
		s.render(c, err)
		return
	}
	plan, err := s.svc.Plans.Plan(c.Request.Context(), currentTenant(c).ID, req.PlanID)
	if err != nil {
		s.render(c, invalidField("plan_id", "is not a plan of this tenant"))
		return
	}
	if _, err := s.visibleAPI(c, plan.APIID); err != nil {
		s.render(c, invalidField("plan_id", "is not a plan of an API you can see"))
		return
	}
	sub := &tollgate.Subscription{TenantID: currentTenant(c).ID, ApplicationID: app.ID, PlanID: plan.ID, Reason: req.Reason}
	if err := s.svc.Subscriptions.RequestSubscription(c.Request.Context(), sub); err != nil {
		s.render(c, err)
		return
	}
	c.JSON(http.StatusCreated, sub)
}

func (s *Server) listAppSubscriptions(c *gin.Context) {
	app, err := s.teamApp(c, c.Param("app_id"))
	if err != nil {
		s.render(c, err)
		return
	}
	s.respondSubscriptions(c, tollgate.SubscriptionFilter{ApplicationID: app.ID})
}

// listSubscriptions lists every subscription for admins, and their teams' applications' for others.
func (s *Server) listSubscriptions(c *gin.Context) {
	teams, err := s.scopeTeams(c)
	if err != nil {
		s.render(c, err)
		return
	}
	s.respondSubscriptions(c, tollgate.SubscriptionFilter{TeamIDs: teams, APIID: c.Query("api_id"), ApplicationID: c.Query("application_id")})
}

// approvals is the admins' inbox: requests waiting for a decision, oldest first.
func (s *Server) approvals(c *gin.Context) {
	s.respondSubscriptions(c, tollgate.SubscriptionFilter{States: []tollgate.SubscriptionState{tollgate.StatePendingApproval},
		OldestFirst: true})
}

// visibleSubscription loads a subscription the caller may see: admins and the billing team any, others their
// teams' applications', and providers those of their APIs.
func (s *Server) visibleSubscription(c *gin.Context) (*tollgate.Subscription, error) {
	sub, err := s.svc.Subscriptions.Subscription(c.Request.Context(), currentTenant(c).ID, c.Param("sub_id"))
	if err != nil {
		return nil, err
	}
	if ok, err := s.inTeam(c, sub.TeamID); ok || err != nil {
		return sub, err
	}
	if effectiveRole(c) == tollgate.RoleBilling { // the billing team reads every subscription
		return sub, nil
	}
	if a, err := s.svc.APIs.API(c.Request.Context(), currentTenant(c).ID, sub.APIID); err == nil {
		if ok, err := s.inTeam(c, a.TeamID); ok || err != nil {
			return sub, err
		}
	}
	return nil, tollgate.NotFound("subscription")
}

func (s *Server) getSubscription(c *gin.Context) {
	sub, err := s.visibleSubscription(c)
	if err != nil {
		s.render(c, err)
		return
	}
	c.JSON(http.StatusOK, sub)
}

func (s *Server) subscriptionEvents(c *gin.Context) {
	sub, err := s.visibleSubscription(c)
	if err != nil {
		s.render(c, err)
		return
	}
	events, err := s.svc.Subscriptions.SubscriptionEvents(c.Request.Context(), currentTenant(c).ID, sub.ID)
	if err != nil {
		s.render(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"items": events})
}

type decisionRequest struct {
	Comment string `json:"comment"`
	Reason  string `json:"reason"`
	PlanID  string `json:"plan_id"`
}

func (s *Server) decision(c *gin.Context) (decisionRequest, bool) {
	var req decisionRequest
	if c.Request.ContentLength != 0 {
		if err := s.decode(c, &req); err != nil {
			s.render(c, err)
			return req, false
		}
	}
	req.Comment, req.Reason = strings.TrimSpace(req.Comment), strings.TrimSpace(req.Reason)
	for field, v := range map[string]string{"comment": req.Comment, "reason": req.Reason} {
		if len(v) > 1000 {
			s.render(c, invalidField(field, "must be at most 1000 characters long"))
			return req, false
		}
	}
	return req, true
}

func (s *Server) approveSubscription(c *gin.Context) {
	req, ok := s.decision(c)
	if !ok {
		return
	}
	sub, err := s.svc.Subscriptions.Approve(c.Request.Context(), currentTenant(c).ID, c.Param("sub_id"), req.Comment)
	if err != nil {
		s.render(c, err)
		return
	}
	if sub.State != tollgate.StatePendingApproval {
		s.mailRequester(c, sub, "approved", req.Comment)
	}
	c.JSON(http.StatusOK, sub)
}

// transition answers the admin actions (reject, suspend, resume, revoke) and the developer's cancel.
func (s *Server) transition(ev tollgate.SubscriptionEvent) gin.HandlerFunc {
	return func(c *gin.Context) {
		req, ok := s.decision(c)
		if !ok {
			return
		}
		reason := req.Reason
		if ev == tollgate.EventReject {
			reason = req.Comment
			if reason == "" {
				reason = req.Reason
			}
		}
		if reason == "" && ev != tollgate.EventCancel && ev != tollgate.EventResume {
			field := "reason"
			if ev == tollgate.EventReject {
				field = "comment"
			}
			s.render(c, invalidField(field, "is required: the developer sees it"))
			return
		}
		if ev == tollgate.EventCancel { // developers cancel their own team's subscriptions; admins any
			sub, err := s.svc.Subscriptions.Subscription(c.Request.Context(), currentTenant(c).ID, c.Param("sub_id"))
			if err != nil {
				s.render(c, err)
				return
			}
			if ok, err := s.inTeam(c, sub.TeamID); err != nil || !ok {
				s.render(c, orNotFound(err, "subscription"))
				return
			}
		}
		sub, err := s.svc.Subscriptions.Apply(c.Request.Context(), currentTenant(c).ID, c.Param("sub_id"), ev, reason)
		if err != nil {
			s.render(c, err)
			return
		}
		if ev != tollgate.EventCancel {
			s.mailRequester(c, sub, string(sub.State), reason)
		}
		c.JSON(http.StatusOK, sub)
	}
}

func orNotFound(err error, what string) error {
	if err != nil {
		return err
	}
	return tollgate.NotFound(what)
}

func (s *Server) changePlan(c *gin.Context) {
	req, ok := s.decision(c)
	if !ok {
		return
	}
	if req.PlanID == "" {
		s.render(c, invalidField("plan_id", "is required"))
		return
	}
	sub, err := s.svc.Subscriptions.ChangePlan(c.Request.Context(), currentTenant(c).ID, c.Param("sub_id"), req.PlanID, req.Reason)
	if err != nil {
		s.render(c, err)
		return
	}
	c.JSON(http.StatusOK, sub)
}

// mailRequester tells the requester about a decision by email. The portal notification is already stored with the
// change; email is best effort and never fails the request.
func (s *Server) mailRequester(c *gin.Context, sub *tollgate.Subscription, what, comment string) {
	if sub.RequestedBy == nil || s.cfg.SMTPURL == "" {
		return
	}
	text := fmt.Sprintf("The subscription of %s to %s (%s plan) is now %s.\n", sub.ApplicationName, sub.APIName, sub.PlanName, what)
	if comment != "" {
		text += "\n" + comment + "\n"
	}
	text += "\n" + s.cfg.PublicURL + "/t/" + currentTenant(c).Slug + "/subscriptions/" + sub.ID + "\n"
	ctx, cancel := context.WithTimeout(context.WithoutCancel(c.Request.Context()), 15*time.Second)
	defer cancel()
	err := s.svc.Mailer.Send(ctx, tollgate.Message{To: sub.RequestedBy.Email,
		Subject: fmt.Sprintf("Subscription %s: %s → %s", what, sub.ApplicationName, sub.APIName), Text: text})
	if err != nil {
		s.log.WarnContext(ctx, "decision email not sent", "err", err, "subscription_id", sub.ID)
	}
}
