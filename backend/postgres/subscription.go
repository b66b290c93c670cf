package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/lib/pq"
	"gorm.io/gorm"

	"tollgate/backend/tollgate"
)

// SubscriptionService stores subscriptions and moves them through the state machine.
type SubscriptionService struct{ db *DB }

// NewSubscriptionService returns the subscription store.
func NewSubscriptionService(db *DB) *SubscriptionService { return &SubscriptionService{db: db} }

var _ tollgate.SubscriptionService = (*SubscriptionService)(nil)

type subscriptionRow struct {
	ID, TenantID, ApplicationID, APIID, PlanID string
	State                                      tollgate.SubscriptionState
	Reason, DecisionComment                    string
	RequestedBy, RequesterEmail, RequesterName *string
	DecidedBy, DeciderEmail, DeciderName       *string
	DecidedAt, GraceEndsAt                     *time.Time
	CreatedAt, UpdatedAt                       time.Time
	ApplicationName, TeamID, TeamName, APIName string
	PlanName, Approval                         string
	Paid                                       bool
	Billing, StripeStatus                      string
	CurrentPeriodStart, CurrentPeriodEnd       *time.Time
	LatestInvoiceStatus, LatestInvoiceCurrency string
	LatestInvoiceAmount                        int64
	HostedInvoiceURL                           string
	SuspendedByAdmin                           bool
}

func ref(id, email, name *string) *tollgate.UserRef {
	if id == nil || email == nil {
		return nil
	}
	return &tollgate.UserRef{ID: *id, Email: *email, Name: *name}
}

func (r subscriptionRow) subscription() tollgate.Subscription {
	return tollgate.Subscription{ID: r.ID, TenantID: r.TenantID, ApplicationID: r.ApplicationID, APIID: r.APIID,
		PlanID: r.PlanID, State: r.State, Reason: r.Reason, DecisionComment: r.DecisionComment,
		RequestedBy: ref(r.RequestedBy, r.RequesterEmail, r.RequesterName), DecidedBy: ref(r.DecidedBy, r.DeciderEmail, r.DeciderName),
		DecidedAt: r.DecidedAt, GraceEndsAt: r.GraceEndsAt, CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt,
		ApplicationName: r.ApplicationName, TeamID: r.TeamID, TeamName: r.TeamName, APIName: r.APIName, PlanName: r.PlanName,
		Approval: r.Approval, Approvals: []tollgate.Approval{}, Paid: r.Paid, Billing: r.Billing, StripeStatus: r.StripeStatus,
		CurrentPeriodStart: r.CurrentPeriodStart, CurrentPeriodEnd: r.CurrentPeriodEnd, LatestInvoiceStatus: r.LatestInvoiceStatus,
		LatestInvoiceAmount: r.LatestInvoiceAmount, LatestInvoiceCurrency: r.LatestInvoiceCurrency, HostedInvoiceURL: r.HostedInvoiceURL,
		SuspendedByAdmin: r.SuspendedByAdmin}
}

const subColumns = `SELECT s.id, s.tenant_id, s.application_id, s.api_id, s.plan_id, s.state, s.reason, s.decision_comment,
	s.requested_by, rq.email AS requester_email, rq.name AS requester_name,
	s.decided_by, dc.email AS decider_email, dc.name AS decider_name, s.decided_at, s.grace_ends_at, s.created_at, s.updated_at,
	ap.name AS application_name, ap.team_id, tm.name AS team_name, api.name AS api_name, pl.name AS plan_name, pl.approval,
	pl.paid, pl.billing, s.stripe_status, s.current_period_start, s.current_period_end, s.latest_invoice_status,
	s.latest_invoice_amount, s.latest_invoice_currency, s.hosted_invoice_url, s.suspended_by_admin`
const subFrom = `subscriptions s JOIN applications ap ON ap.id = s.application_id JOIN teams tm ON tm.id = ap.team_id
	JOIN apis api ON api.id = s.api_id JOIN plans pl ON pl.id = s.plan_id
	LEFT JOIN users rq ON rq.id = s.requested_by LEFT JOIN users dc ON dc.id = s.decided_by`

func getSubscription(q *gorm.DB, tenantID, id string, lock bool) (*tollgate.Subscription, error) {
	if !isUUID(id) {
		return nil, tollgate.NotFound("subscription")
	}
	if lock { // lock the row first, then read it with its names
		var locked string
		if err := q.Raw(`SELECT id FROM subscriptions WHERE tenant_id = ? AND id = ? FOR UPDATE`, tenantID, id).Row().Scan(&locked); err != nil {
			return nil, translate(err, "subscription")
		}
	}
	var r subscriptionRow
	if err := q.Raw(subColumns+` FROM `+subFrom+` WHERE s.tenant_id = ? AND s.id = ?`, tenantID, id).Take(&r).Error; err != nil {
		return nil, translate(err, "subscription")
	}
	s := r.subscription()
	if err := loadApprovals(q, []*tollgate.Subscription{&s}); err != nil {
		return nil, err
	}
	return &s, nil
}

func loadApprovals(q *gorm.DB, subs []*tollgate.Subscription) error {
	if len(subs) == 0 {
		return nil
	}
	ids := make([]string, len(subs))
	byID := map[string]*tollgate.Subscription{}
	for i, s := range subs {
		ids[i], byID[s.ID] = s.ID, s
	}
	var rows []struct {
		SubscriptionID, AdminID, Email, Name, Comment string
		CreatedAt                                     time.Time
	}
	err := q.Raw(`SELECT a.subscription_id, a.admin_id, u.email, u.name, a.comment, a.created_at FROM subscription_approvals a
		JOIN users u ON u.id = a.admin_id WHERE a.subscription_id::text = ANY(?) ORDER BY a.created_at`, pq.StringArray(ids)).
		Scan(&rows).Error
	if err != nil {
		return fmt.Errorf("load approvals: %w", err)
	}
	for _, r := range rows {
		s := byID[r.SubscriptionID]
		s.Approvals = append(s.Approvals, tollgate.Approval{Admin: tollgate.UserRef{ID: r.AdminID, Email: r.Email, Name: r.Name},
			Comment: r.Comment, CreatedAt: r.CreatedAt})
	}
	return nil
}

// move applies one event to a locked subscription: the state machine decides, the row and the event log change
// together, inside the caller's transaction.
func (s *SubscriptionService) move(ctx context.Context, tx *gorm.DB, sub *tollgate.Subscription, ev tollgate.SubscriptionEvent, reason string) error {
	next, err := tollgate.Transition(sub.State, ev)
	if err != nil {
		return err
	}
	if err := s.record(ctx, tx, sub, ev, next, reason); err != nil {
		return err
	}
	now := s.db.Now()
	// The gateway answers an admin's suspension with 403 and an unpaid one with 402. A failed payment opens the
	// plan's grace period; any other move closes it.
	var grace *time.Time
	if ev == tollgate.EventPaymentFailed {
		var days int
		if err := tx.Raw(`SELECT grace_days FROM plans WHERE id = ?`, sub.PlanID).Row().Scan(&days); err != nil {
			return translate(err, "plan")
		}
		g := now.AddDate(0, 0, days)
		grace = &g
	}
	err = tx.Exec(`UPDATE subscriptions SET state = ?, suspended_by_admin = ?, grace_ends_at = ?, updated_at = ? WHERE id = ?`,
		next, ev == tollgate.EventSuspend, grace, now, sub.ID).Error
	if err != nil {
		return translate(err, "subscription")
	}
	sub.State, sub.UpdatedAt, sub.GraceEndsAt = next, now, grace
	return nil
}

func (s *SubscriptionService) record(ctx context.Context, tx *gorm.DB, sub *tollgate.Subscription, ev tollgate.SubscriptionEvent, to tollgate.SubscriptionState, reason string) error {
	err := tx.Exec(`INSERT INTO subscription_events (tenant_id, subscription_id, event, from_state, to_state, actor_id, reason, created_at)
		VALUES (?, ?, ?, ?, ?, NULLIF(?, '')::uuid, ?, ?)`, sub.TenantID, sub.ID, ev, sub.State, to,
		tollgate.ActorFrom(ctx).UserID, reason, s.db.Now()).Error
	if err != nil {
		return fmt.Errorf("record subscription event: %w", err)
	}
	return nil
}

// settle runs an approved subscription on: free plans start at once, paid ones wait for checkout.
func (s *SubscriptionService) settle(ctx context.Context, tx *gorm.DB, sub *tollgate.Subscription, paid bool) error {
	if paid {
		return s.move(ctx, tx, sub, tollgate.EventRequirePayment, "the plan is paid: waiting for checkout")
	}
	return s.move(ctx, tx, sub, tollgate.EventActivateFree, "the plan is free")
}

// RequestSubscription files a request for sub.PlanID by sub.ApplicationID and runs it as far as the plan allows.
func (s *SubscriptionService) RequestSubscription(ctx context.Context, sub *tollgate.Subscription) error {
	actor := tollgate.ActorFrom(ctx).UserID
	return s.db.tx(ctx, func(tx *gorm.DB) error {
		app, err := getApplication(tx, sub.TenantID, sub.ApplicationID)
		if err != nil {
			return err
		}
		plan, err := getPlan(tx, sub.TenantID, sub.PlanID, false)
		if err != nil {
			return fieldError("plan_id", "is not a plan of this tenant")
		}
		api, err := getAPI(tx, sub.TenantID, plan.APIID, false)
		if err != nil {
			return err
		}
		switch {
		case plan.ArchivedAt != nil:
			return fieldError("plan_id", "this plan is archived and takes no new subscriptions")
		case api.Lifecycle != tollgate.LifecyclePublished:
			return fieldError("plan_id", fmt.Sprintf("the API %s is %s and takes no new subscriptions", api.Name, api.Lifecycle))
		}
		now := s.db.Now()
		sub.ID, sub.APIID, sub.State, sub.CreatedAt, sub.UpdatedAt = newID(), api.ID, tollgate.StateRequested, now, now
		err = tx.Exec(`INSERT INTO subscriptions (id, tenant_id, application_id, api_id, plan_id, state, reason, requested_by,
			created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, NULLIF(?, '')::uuid, ?, ?)`, sub.ID, sub.TenantID, app.ID,
			api.ID, plan.ID, sub.State, sub.Reason, actor, now, now).Error
		if err != nil {
			if tollgate.ErrorCode(translate(err, "")) == tollgate.CodeConflict {
				return tollgate.Errorf(tollgate.CodeConflict, "%s already has an open subscription or request for %s", app.Name, api.Name)
			}
			return translate(err, "subscription")
		}
		if err := s.record(ctx, tx, sub, "request", tollgate.StateRequested, sub.Reason); err != nil {
			return err
		}
		if plan.Approval == tollgate.ApprovalAuto {
			if err := s.move(ctx, tx, sub, tollgate.EventSubmitAuto, "the plan approves requests automatically"); err != nil {
				return err
			}
			if err := s.settle(ctx, tx, sub, plan.Paid); err != nil {
				return err
			}
		} else {
			if err := s.move(ctx, tx, sub, tollgate.EventSubmitForReview, "the plan needs approval"); err != nil {
				return err
			}
			admins, err := tenantAdmins(tx, sub.TenantID)
			if err != nil {
				return err
			}
			err = notify(tx, s.db.Now(), sub.TenantID, admins, "subscription.pending", "New subscription request",
				fmt.Sprintf("%s (%s) asks for %s on %s.", app.Name, app.TeamName, plan.Name, api.Name), "/approvals")
			if err != nil {
				return err
			}
		}
		if err := audit(ctx, tx, sub.TenantID, "subscription.request", "subscription", sub.ID, nil,
			map[string]any{"application_id": app.ID, "plan_id": plan.ID, "state": sub.State}); err != nil {
			return err
		}
		created, err := getSubscription(tx, sub.TenantID, sub.ID, false)
		if err != nil {
			return err
		}
		*sub = *created
		return nil
	})
}

func fieldError(field, msg string) error {
	return &tollgate.Error{Code: tollgate.CodeValidation, Message: msg, Fields: []tollgate.FieldError{{Field: field, Message: msg}}}
}

// Subscription returns one of the tenant's subscriptions.
func (s *SubscriptionService) Subscription(ctx context.Context, tenantID, id string) (*tollgate.Subscription, error) {
	return getSubscription(s.db.conn(ctx), tenantID, id, false)
}

// ListSubscriptions lists subscriptions, newest first (or oldest first for the approvals inbox).
func (s *SubscriptionService) ListSubscriptions(ctx context.Context, tenantID string, f tollgate.SubscriptionFilter) ([]tollgate.Subscription, int, error) {
	where, args := `s.tenant_id = ?`, []any{tenantID}
	if len(f.States) > 0 {
		states := make([]string, len(f.States))
		for i, st := range f.States {
			states[i] = string(st)
		}
		where, args = where+` AND s.state = ANY(?)`, append(args, pq.StringArray(states))
	}
	for _, c := range []struct{ col, val string }{{"s.application_id", f.ApplicationID}, {"s.api_id", f.APIID}} {
		if c.val == "" {
			continue
		}
		if !isUUID(c.val) {
			return []tollgate.Subscription{}, 0, nil
		}
		where, args = where+` AND `+c.col+` = ?`, append(args, c.val)
	}
	if f.TeamIDs != nil {
		where, args = where+` AND ap.team_id::text = ANY(?)`, append(args, pq.StringArray(f.TeamIDs))
	}
	if f.Query != "" {
		where, args = where+` AND (ap.name ILIKE ? OR api.name ILIKE ? OR pl.name ILIKE ? OR tm.name ILIKE ?)`,
			append(args, like(f.Query), like(f.Query), like(f.Query), like(f.Query))
	}
	order := `s.created_at DESC, s.id`
	if f.OldestFirst {
		order = `s.created_at, s.id`
	}
	var rows []subscriptionRow
	total, err := list(s.db.conn(ctx), subColumns, subFrom, where, args, order, f.Page, &rows)
	if err != nil {
		return nil, 0, translate(err, "subscriptions")
	}
	out := make([]tollgate.Subscription, len(rows))
	ptrs := make([]*tollgate.Subscription, len(rows))
	for i, r := range rows {
		out[i] = r.subscription()
		ptrs[i] = &out[i]
	}
	if err := loadApprovals(s.db.conn(ctx), ptrs); err != nil {
		return nil, 0, err
	}
	return out, total, nil
}

// SubscriptionEvents returns a subscription's history, oldest first.
func (s *SubscriptionService) SubscriptionEvents(ctx context.Context, tenantID, id string) ([]tollgate.SubscriptionEventRecord, error) {
	if _, err := getSubscription(s.db.conn(ctx), tenantID, id, false); err != nil {
		return nil, err
	}
	var rows []struct {
		ID                   int64
		Event                tollgate.SubscriptionEvent
		FromState, ToState   tollgate.SubscriptionState
		ActorID, Email, Name *string
		Reason               string
		CreatedAt            time.Time
	}
	err := s.db.conn(ctx).Raw(`SELECT e.id, e.event, e.from_state, e.to_state, e.actor_id, u.email, u.name, e.reason, e.created_at
		FROM subscription_events e LEFT JOIN users u ON u.id = e.actor_id WHERE e.tenant_id = ? AND e.subscription_id = ?
		ORDER BY e.id`, tenantID, id).Scan(&rows).Error
	if err != nil {
		return nil, translate(err, "subscription events")
	}
	out := make([]tollgate.SubscriptionEventRecord, len(rows))
	for i, r := range rows {
		out[i] = tollgate.SubscriptionEventRecord{ID: r.ID, Event: r.Event, From: r.FromState, To: r.ToState,
			Actor: ref(r.ActorID, r.Email, r.Name), Reason: r.Reason, CreatedAt: r.CreatedAt}
	}
	return out, nil
}

// Approve records the actor's approval. Manual plans need one admin, two-person plans two different ones (never the
// requester). When enough admins agree the subscription moves on: free plans start, paid ones wait for payment.
func (s *SubscriptionService) Approve(ctx context.Context, tenantID, id, comment string) (*tollgate.Subscription, error) {
	actor := tollgate.ActorFrom(ctx).UserID
	var out *tollgate.Subscription
	err := s.db.tx(ctx, func(tx *gorm.DB) error {
		sub, err := getSubscription(tx, tenantID, id, true)
		if err != nil {
			return err
		}
		if _, err := tollgate.Transition(sub.State, tollgate.EventApprove); err != nil {
			return err
		}
		plan, err := getPlan(tx, tenantID, sub.PlanID, false)
		if err != nil {
			return err
		}
		needed := 1
		if plan.Approval == tollgate.ApprovalTwoPerson {
			needed = 2
			if sub.RequestedBy != nil && sub.RequestedBy.ID == actor {
				return tollgate.Errorf(tollgate.CodeForbidden, "on a two-person plan you cannot approve a request you filed yourself")
			}
		}
		for _, a := range sub.Approvals {
			if a.Admin.ID == actor {
				return tollgate.Errorf(tollgate.CodeConflict, "you have already approved this request; another admin must approve it too")
			}
		}
		err = tx.Exec(`INSERT INTO subscription_approvals (subscription_id, admin_id, comment, created_at) VALUES (?, ?, ?, ?)`,
			sub.ID, actor, comment, s.db.Now()).Error
		if err != nil {
			return translate(err, "approval")
		}
		if len(sub.Approvals)+1 < needed {
			if err := s.record(ctx, tx, sub, tollgate.EventApprove, sub.State, "first of two approvals: "+comment); err != nil {
				return err
			}
		} else {
			if err := s.move(ctx, tx, sub, tollgate.EventApprove, comment); err != nil {
				return err
			}
			now := s.db.Now()
			err := tx.Exec(`UPDATE subscriptions SET decided_by = ?, decided_at = ?, decision_comment = ? WHERE id = ?`,
				actor, now, comment, sub.ID).Error
			if err != nil {
				return translate(err, "subscription")
			}
			if err := s.settle(ctx, tx, sub, plan.Paid); err != nil {
				return err
			}
			if err := s.notifyRequester(tx, sub, "subscription.approved", "Subscription approved",
				fmt.Sprintf("%s may now use %s on the %s plan.", sub.ApplicationName, sub.APIName, sub.PlanName)); err != nil {
				return err
			}
		}
		if err := audit(ctx, tx, tenantID, "subscription.approve", "subscription", id, map[string]any{"state": tollgate.StatePendingApproval},
			map[string]any{"state": sub.State, "comment": comment}); err != nil {
			return err
		}
		out, err = getSubscription(tx, tenantID, id, false)
		return err
	})
	return out, err
}

// Apply moves a subscription by an admin's or developer's event, recording the reason.
func (s *SubscriptionService) Apply(ctx context.Context, tenantID, id string, ev tollgate.SubscriptionEvent, reason string) (*tollgate.Subscription, error) {
	var out *tollgate.Subscription
	err := s.db.tx(ctx, func(tx *gorm.DB) error {
		sub, err := getSubscription(tx, tenantID, id, true)
		if err != nil {
			return err
		}
		before := sub.State
		if err := s.move(ctx, tx, sub, ev, reason); err != nil {
			return err
		}
		if ev == tollgate.EventReject {
			err := tx.Exec(`UPDATE subscriptions SET decided_by = NULLIF(?, '')::uuid, decided_at = ?, decision_comment = ? WHERE id = ?`,
				tollgate.ActorFrom(ctx).UserID, s.db.Now(), reason, sub.ID).Error
			if err != nil {
				return translate(err, "subscription")
			}
		}
		if msg, ok := map[tollgate.SubscriptionEvent]string{
			tollgate.EventReject:  "Your request for %s on %s was rejected: %s",
			tollgate.EventSuspend: "The subscription of %s to %s is suspended: %s",
			tollgate.EventResume:  "The subscription of %s to %s is active again. %s",
			tollgate.EventRevoke:  "The subscription of %s to %s was revoked: %s",
		}[ev]; ok {
			err := s.notifyRequester(tx, sub, "subscription."+string(ev), "Subscription "+string(sub.State),
				fmt.Sprintf(msg, sub.ApplicationName, sub.APIName, reason))
			if err != nil {
				return err
			}
		}
		if err := audit(ctx, tx, tenantID, "subscription."+string(ev), "subscription", id, map[string]any{"state": before},
			map[string]any{"state": sub.State, "reason": reason}); err != nil {
			return err
		}
		out, err = getSubscription(tx, tenantID, id, false)
		return err
	})
	return out, err
}

// ChangePlan moves a subscription that is not closed to another open plan of the same API.
func (s *SubscriptionService) ChangePlan(ctx context.Context, tenantID, id, planID, reason string) (*tollgate.Subscription, error) {
	var out *tollgate.Subscription
	err := s.db.tx(ctx, func(tx *gorm.DB) error {
		sub, err := getSubscription(tx, tenantID, id, true)
		if err != nil {
			return err
		}
		if sub.State.Terminal() {
			return tollgate.Errorf(tollgate.CodeConflict, "cannot change the plan of a subscription that is %s", sub.State)
		}
		plan, err := getPlan(tx, tenantID, planID, false)
		switch {
		case err != nil || plan.APIID != sub.APIID:
			return fieldError("plan_id", "must be a plan of the same API")
		case plan.ArchivedAt != nil:
			return fieldError("plan_id", "this plan is archived")
		case plan.ID == sub.PlanID:
			return fieldError("plan_id", "the subscription is already on this plan")
		}
		if err := s.record(ctx, tx, sub, "change_plan", sub.State, reason); err != nil {
			return err
		}
		if err := tx.Exec(`UPDATE subscriptions SET plan_id = ?, updated_at = ? WHERE id = ?`, plan.ID, s.db.Now(), id).Error; err != nil {
			return translate(err, "subscription")
		}
		if err := s.notifyRequester(tx, sub, "subscription.plan_changed", "Plan changed",
			fmt.Sprintf("%s now uses %s on the %s plan. %s", sub.ApplicationName, sub.APIName, plan.Name, reason)); err != nil {
			return err
		}
		if err := audit(ctx, tx, tenantID, "subscription.change_plan", "subscription", id, map[string]any{"plan_id": sub.PlanID},
			map[string]any{"plan_id": plan.ID, "reason": reason}); err != nil {
			return err
		}
		out, err = getSubscription(tx, tenantID, id, false)
		return err
	})
	return out, err
}

func (s *SubscriptionService) notifyRequester(tx *gorm.DB, sub *tollgate.Subscription, kind, title, body string) error {
	if sub.RequestedBy == nil {
		return nil
	}
	return notify(tx, s.db.Now(), sub.TenantID, []string{sub.RequestedBy.ID}, kind, title, body, "/subscriptions/"+sub.ID)
}

func tenantAdmins(tx *gorm.DB, tenantID string) ([]string, error) {
	var ids []string
	err := tx.Raw(`SELECT user_id::text FROM memberships WHERE tenant_id = ? AND role IN ('owner', 'admin') ORDER BY user_id`,
		tenantID).Scan(&ids).Error
	if err != nil {
		return nil, translate(err, "admins")
	}
	return ids, nil
}
