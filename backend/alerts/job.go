package alerts

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"slices"
	"sync"
	"time"

	"tollgate/backend/postgres"
	"tollgate/backend/tollgate"
)

const (
	maxWebhookAttempts = 6
	deliveryLease      = time.Minute
)

// Run checks for alerts and sends what is due every interval until ctx ends. Several servers may run it: each alert
// fires once and each delivery is leased by one of them.
func (s *Service) Run(ctx context.Context) {
	t := time.NewTicker(s.opt.Interval)
	defer t.Stop()
	for {
		if err := s.Check(ctx); err != nil && ctx.Err() == nil {
			s.log.Error("check alerts", "err", err)
		}
		if err := s.DeliverWebhooks(ctx); err != nil && ctx.Err() == nil {
			s.log.Error("deliver webhooks", "err", err)
		}
		if err := s.SendEmails(ctx); err != nil && ctx.Err() == nil {
			s.log.Error("send alert emails", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

func emailByDefault(kind string) bool {
	for _, k := range tollgate.AlertKinds {
		if k.Kind == kind {
			return k.Email
		}
	}
	return false
}

func (s *Service) fire(ctx context.Context, a postgres.Alert, silent bool) error {
	a.PortalURL = s.opt.PublicURL
	fired, err := s.store.Fire(ctx, a, silent, emailByDefault(a.Kind))
	if err != nil {
		return err
	}
	if fired && !silent {
		s.fired.WithLabelValues(a.Kind).Inc()
		s.log.Info("alert fired", "tenant_id", a.TenantID, "kind", a.Kind, "subject_id", a.SubjectID, "occasion", a.Occasion)
	}
	return nil
}

func day(t time.Time) string { return t.UTC().Format("2 Jan 2006") }

// Check fires every alert that is due.
func (s *Service) Check(ctx context.Context) error {
	for _, check := range []func(context.Context) error{s.checkQuotas, s.checkGrace, s.checkKeys, s.checkMoves, s.checkDeprecations} {
		if err := check(ctx); err != nil {
			return err
		}
	}
	return nil
}

// checkQuotas fires the highest threshold each subscription crossed this period; lower ones crossed at the same time
// are recorded without a message, so nobody gets three warnings at once or a lower one later.
func (s *Service) checkQuotas(ctx context.Context) error {
	uses, err := s.store.QuotaUses(ctx)
	if err != nil {
		return err
	}
	for _, u := range uses {
		thresholds := slices.Clone(u.Thresholds)
		slices.Sort(thresholds)
		slices.Reverse(thresholds)
		first := true
		for _, t := range thresholds {
			if u.Used*100 < t*u.Quota {
				continue
			}
			a := postgres.Alert{TenantID: u.TenantID, Kind: "quota.threshold", SubjectID: u.SubscriptionID,
				Occasion: u.PeriodStart.UTC().Format(time.RFC3339) + "/" + fmt.Sprint(t), TeamID: u.TeamID, Admins: t >= 100,
				Title: fmt.Sprintf("%s used %d%% of its %s quota", u.ApplicationName, t, u.APIName),
				Body: fmt.Sprintf("%s has made %d of the %d calls its %s plan allows on %s this period. The quota resets on %s.",
					u.ApplicationName, u.Used, u.Quota, u.PlanName, u.APIName, day(u.PeriodEnd)),
				Link: "/subscriptions/" + u.SubscriptionID,
				Data: map[string]any{"subscription_id": u.SubscriptionID, "threshold": t, "used": u.Used, "quota": u.Quota,
					"resets_at": u.PeriodEnd.UTC()}}
			if t >= 100 {
				a.Body += " Calls are refused with 402 quota_exhausted until then, unless the plan bills overage."
			}
			if err := s.fire(ctx, a, !first); err != nil {
				return err
			}
			first = false
		}
	}
	return nil
}

func (s *Service) checkGrace(ctx context.Context) error {
	rows, err := s.store.GraceEnding(ctx, 24*time.Hour)
	if err != nil {
		return err
	}
	for _, r := range rows {
		err := s.fire(ctx, postgres.Alert{TenantID: r.TenantID, Kind: "payment.grace_ending", SubjectID: r.ID,
			Occasion: r.At.UTC().Format(time.RFC3339), TeamID: r.TeamID, Admins: true,
			Title: "Grace period ends within 24 hours",
			Body: fmt.Sprintf("The payment for %s on %s is still open. Calls will be refused with 402 payment_overdue from %s UTC; "+
				"update the card with Manage billing.", r.ApplicationName, r.Name, r.At.UTC().Format("2 Jan 2006 15:04")),
			Link: "/subscriptions/" + r.ID, Data: map[string]any{"subscription_id": r.ID, "grace_ends_at": r.At.UTC()}}, false)
		if err != nil {
			return err
		}
	}
	return nil
}

// checkKeys warns 7 days and 1 day before a key expires (once each; a key found within a day gets the 1-day one).
func (s *Service) checkKeys(ctx context.Context) error {
	rows, err := s.store.KeysExpiring(ctx, 7*24*time.Hour)
	if err != nil {
		return err
	}
	now := s.now()
	for _, r := range rows {
		lead := "7d"
		if r.At.Sub(now) <= 24*time.Hour {
			lead = "1d"
		}
		err := s.fire(ctx, postgres.Alert{TenantID: r.TenantID, Kind: "key.expiring", SubjectID: r.ID,
			Occasion: lead + "/" + r.At.UTC().Format(time.RFC3339), TeamID: r.TeamID,
			Title: fmt.Sprintf("API key %q of %s expires on %s", r.Name, r.ApplicationName, day(r.At)),
			Body: fmt.Sprintf("The key %q of %s stops working at %s UTC. Create or rotate a key before then.", r.Name,
				r.ApplicationName, r.At.UTC().Format("2 Jan 2006 15:04")),
			Link: "/applications", Data: map[string]any{"key_id": r.ID, "expires_at": r.At.UTC(), "lead": lead}}, false)
		if err != nil {
			return err
		}
	}
	return nil
}

// checkMoves sends the email and webhook side of subscription decisions and failed payments; their portal notices
// were written with the move itself.
func (s *Service) checkMoves(ctx context.Context) error {
	rows, err := s.store.SubscriptionMoves(ctx, s.now().Add(-24*time.Hour))
	if err != nil {
		return err
	}
	for _, r := range rows {
		kind, title := map[string][2]string{
			"approve":        {"subscription.approved", "Subscription approved"},
			"reject":         {"subscription.rejected", "Subscription rejected"},
			"suspend":        {"subscription.suspended", "Subscription suspended"},
			"payment_failed": {"payment.failed", "Payment failed"},
		}[r.Event][0], map[string]string{"approve": "approved", "reject": "rejected", "suspend": "suspended by an admin",
			"payment_failed": "past due: a payment failed"}[r.Event]
		err := s.fire(ctx, postgres.Alert{TenantID: r.TenantID, Kind: kind, SubjectID: r.ID, Occasion: fmt.Sprint(r.EventID),
			TeamID: r.TeamID, Admins: r.Event == "payment_failed", NoPortal: true,
			Title: fmt.Sprintf("%s: %s on %s", title, r.ApplicationName, r.Name),
			Body:  fmt.Sprintf("The subscription of %s to %s is %s.", r.ApplicationName, r.Name, title),
			Link:  "/subscriptions/" + r.ID, Data: map[string]any{"subscription_id": r.ID, "event": r.Event}}, false)
		if err != nil {
			return err
		}
	}
	return nil
}

func (s *Service) checkDeprecations(ctx context.Context) error {
	rows, err := s.store.DeprecatedInUse(ctx)
	if err != nil {
		return err
	}
	for _, r := range rows {
		err := s.fire(ctx, postgres.Alert{TenantID: r.TenantID, Kind: "api.deprecated", SubjectID: r.ID,
			Occasion: r.At.UTC().Format(time.RFC3339), TeamID: r.TeamID,
			Title: fmt.Sprintf("%s is deprecated: sunset on %s", r.Name, day(r.At)),
			Body: fmt.Sprintf("%s uses %s, which is deprecated and stops answering on %s (410 api_retired). Move to its successor "+
				"before then.", r.ApplicationName, r.Name, day(r.At)),
			Link: "/subscriptions/" + r.ID, Data: map[string]any{"subscription_id": r.ID, "sunset_at": r.At.UTC()}}, false)
		if err != nil {
			return err
		}
	}
	return nil
}

// DeliverWebhooks sends the due deliveries, a few at a time, each with its own timeout, so a slow endpoint never
// holds the others up; failures are retried with backoff (10 s doubling) and given up after six attempts.
func (s *Service) DeliverWebhooks(ctx context.Context) error {
	for {
		due, err := s.store.ClaimDeliveries(ctx, 16, deliveryLease)
		if err != nil || len(due) == 0 {
			return err
		}
		var wg sync.WaitGroup
		errs := make(chan error, len(due))
		sem := make(chan struct{}, 8)
		for _, d := range due {
			wg.Add(1)
			sem <- struct{}{}
			go func() {
				defer wg.Done()
				defer func() { <-sem }()
				errs <- s.deliver(ctx, d)
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				return err
			}
		}
	}
}

func (s *Service) deliver(ctx context.Context, d postgres.DueDelivery) error {
	secret, err := s.opt.Sealer.Open(sealContext(d.EndpointID), d.SecretEnc)
	if err != nil {
		return err
	}
	body := []byte(d.Payload)
	status, sendErr := s.post(ctx, d.URL, secret, body)
	var retry *time.Time
	result := "ok"
	if sendErr != nil {
		result = "error"
		if d.Attempts < maxWebhookAttempts {
			t := s.now().Add(10 * time.Second << (d.Attempts - 1))
			retry = &t
		}
		s.log.Warn("webhook delivery failed", "tenant_id", d.TenantID, "endpoint_id", d.EndpointID, "delivery_id", d.ID,
			"attempt", d.Attempts, "status", status, "err", sendErr)
	}
	s.deliveries.WithLabelValues("webhook", result).Inc()
	errText := ""
	if sendErr != nil {
		errText = sendErr.Error()
	}
	return s.store.FinishDelivery(ctx, d, status, errText, retry)
}

func (s *Service) post(ctx context.Context, url, secret string, body []byte) (int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "Tollgate-Webhooks/1")
	req.Header.Set("Tollgate-Signature", Sign(secret, s.now(), body))
	resp, err := s.client.Do(req)
	if err != nil {
		// The client's Timeout bounds the whole delivery (dial, TLS, headers, body); say so in words.
		var ne net.Error
		if errors.As(err, &ne) && ne.Timeout() {
			return 0, fmt.Errorf("%w: no answer within %s", errTimeout, s.opt.Timeout)
		}
		return 0, err
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return resp.StatusCode, fmt.Errorf("%w: %s", errStatus, resp.Status)
	}
	return resp.StatusCode, nil
}

// SendEmails sends queued alert emails through the mailer; failures are retried with backoff.
func (s *Service) SendEmails(ctx context.Context) error {
	if s.opt.Mailer == nil {
		return nil
	}
	for {
		due, err := s.store.ClaimEmails(ctx, 20, time.Minute)
		if err != nil || len(due) == 0 {
			return err
		}
		for _, m := range due {
			sendErr := s.opt.Mailer.Send(ctx, tollgate.Message{To: m.To, Subject: m.Subject, Text: m.Body})
			result := "ok"
			if sendErr != nil {
				result = "error"
				s.log.Warn("alert email failed", "email_id", m.ID, "attempt", m.Attempts, "err", sendErr)
			}
			s.deliveries.WithLabelValues("email", result).Inc()
			if err := s.store.FinishEmail(ctx, m.ID, sendErr, s.now().Add(30*time.Second<<(m.Attempts-1))); err != nil {
				return err
			}
		}
	}
}
