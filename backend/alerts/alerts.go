// Package alerts warns people before a 402 happens and tells them what changed: quota thresholds per plan, failed
// payments, grace periods ending, keys expiring, subscription decisions and deprecated APIs. Each alert fires once
// (the database's unique key decides) and reaches the portal, email (an outbox sent by a job) and signed outgoing
// webhooks, as each member chose.
package alerts

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"math/big"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"tollgate/backend/billing"
	"tollgate/backend/postgres"
	"tollgate/backend/tollgate"
)

// Options configure the alert service.
type Options struct {
	Interval     time.Duration // how often alerts are checked and sent (default 10 s)
	Production   bool          // webhook endpoints must use https
	AllowPrivate bool          // webhook endpoints may resolve to loopback or private addresses (development, tests)
	PublicURL    string        // the portal, for links
	Sealer       *billing.Sealer
	Mailer       tollgate.Mailer // nil: emails stay queued
	Timeout      time.Duration   // per webhook delivery (default 5 s)
	Registerer   prometheus.Registerer
	Log          *slog.Logger
}

// Service runs the alert checks and deliveries and implements tollgate.AlertService.
type Service struct {
	store  *postgres.AlertStore
	opt    Options
	client *http.Client
	log    *slog.Logger
	now    func() time.Time

	fired      *prometheus.CounterVec
	deliveries *prometheus.CounterVec
}

var _ tollgate.AlertService = (*Service)(nil)

// New returns the alert service.
func New(store *postgres.AlertStore, opt Options) (*Service, error) {
	if opt.Interval <= 0 {
		opt.Interval = 10 * time.Second
	}
	if opt.Timeout <= 0 {
		opt.Timeout = 5 * time.Second
	}
	if opt.Log == nil {
		opt.Log = slog.Default()
	}
	s := &Service{store: store, opt: opt, log: opt.Log.With("component", "alerts"), now: func() time.Time { return time.Now().UTC() },
		fired: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "tollgate_alerts_fired_total",
			Help: "Alerts fired, by kind."}, []string{"kind"}),
		deliveries: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "tollgate_alert_deliveries_total",
			Help: "Alert deliveries by channel (email, webhook) and result (ok, error)."}, []string{"channel", "result"})}
	if opt.Registerer != nil {
		for _, c := range []prometheus.Collector{s.fired, s.deliveries} {
			if err := opt.Registerer.Register(c); err != nil {
				return nil, fmt.Errorf("alerts: register metrics: %w", err)
			}
		}
	}
	// The client's Timeout is the one limit on a delivery: more limits of the same length would race to report it.
	// The dialer checks every address it connects to, so a name that resolves to a private address later (DNS
	// rebinding) is refused as well as one that does at registration.
	dialer := &net.Dialer{Control: func(_, address string, _ syscall.RawConn) error {
		host, _, err := net.SplitHostPort(address)
		if err != nil {
			return err
		}
		ip, err := netip.ParseAddr(host)
		if err != nil {
			return err
		}
		if !opt.AllowPrivate && private(ip) {
			return fmt.Errorf("refusing to connect to %s: a private or loopback address", ip)
		}
		return nil
	}}
	s.client = &http.Client{Timeout: opt.Timeout, Transport: &http.Transport{DialContext: dialer.DialContext, MaxIdleConnsPerHost: 2},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	return s, nil
}

func private(ip netip.Addr) bool {
	ip = ip.Unmap()
	return ip.IsLoopback() || ip.IsPrivate() || ip.IsLinkLocalUnicast() || ip.IsLinkLocalMulticast() || ip.IsUnspecified() ||
		ip.IsMulticast() || ip.IsInterfaceLocalMulticast() || netip.MustParsePrefix("100.64.0.0/10").Contains(ip)
}

// checkURL refuses endpoints that could reach inside the network (server-side request forgery): not http(s), not
// https in production, credentials in the URL, or a host that resolves to a loopback, private or link-local address.
func (s *Service) checkURL(ctx context.Context, raw string) error {
	bad := func(msg string) error {
		return &tollgate.Error{Code: tollgate.CodeValidation, Message: "1 field is invalid",
			Fields: []tollgate.FieldError{{Field: "url", Message: msg}}}
	}
	u, err := url.Parse(strings.TrimSpace(raw))
	switch {
	case err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http"):
		return bad("must be an http(s) URL")
	case s.opt.Production && u.Scheme != "https":
		return bad("must use https")
	case u.User != nil:
		return bad("must not carry credentials; the signature authenticates Tollgate")
	case len(raw) > 2000:
		return bad("must be at most 2000 characters long")
	}
	if s.opt.AllowPrivate {
		return nil
	}
	host := u.Hostname()
	addrs := []string{host}
	if _, err := netip.ParseAddr(host); err != nil {
		rctx, cancel := context.WithTimeout(ctx, s.opt.Timeout)
		defer cancel()
		if addrs, err = net.DefaultResolver.LookupHost(rctx, host); err != nil {
			return bad("the host does not resolve: " + host)
		}
	}
	for _, a := range addrs {
		if ip, err := netip.ParseAddr(a); err != nil || private(ip) {
			return bad("resolves to a loopback or private address; webhooks go to public addresses only")
		}
	}
	return nil
}

// Sign returns the Tollgate-Signature header for a body: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "t.body")>.
func Sign(secret string, at time.Time, body []byte) string {
	t := strconv.FormatInt(at.Unix(), 10)
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(t + "."))
	mac.Write(body)
	return "t=" + t + ",v1=" + hex.EncodeToString(mac.Sum(nil))
}

func newSecret() string {
	const alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	b := make([]byte, 32)
	for i := range b {
		n, err := rand.Int(rand.Reader, big.NewInt(int64(len(alphabet))))
		if err != nil {
			panic("alerts: no randomness: " + err.Error())
		}
		b[i] = alphabet[n.Int64()]
	}
	return "tgwh_" + string(b)
}

func sealContext(endpointID string) string { return "webhook-endpoint:" + endpointID }

// Preferences returns every kind with the member's choice (or the kind's default).
func (s *Service) Preferences(ctx context.Context, tenantID, userID string) ([]tollgate.Preference, error) {
	stored, err := s.store.Preferences(ctx, tenantID, userID)
	if err != nil {
		return nil, err
	}
	out := make([]tollgate.Preference, len(tollgate.AlertKinds))
	for i, k := range tollgate.AlertKinds {
		p := tollgate.Preference{Kind: k.Kind, Label: k.Label, Description: k.Description, Portal: true, Email: k.Email}
		if v, ok := stored[k.Kind]; ok {
			p.Portal, p.Email = v[0], v[1]
		}
		out[i] = p
	}
	return out, nil
}

// SetPreferences stores the member's choices for the kinds given.
func (s *Service) SetPreferences(ctx context.Context, tenantID, userID string, prefs []tollgate.Preference) ([]tollgate.Preference, error) {
	var p tollgate.Problems
	for i, pr := range prefs {
		if !tollgate.IsAlertKind(pr.Kind) {
			p.Add(fmt.Sprintf("items[%d].kind", i), "%q is not a kind of notification", pr.Kind)
		}
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	if err := s.store.SetPreferences(ctx, tenantID, userID, prefs); err != nil {
		return nil, err
	}
	return s.Preferences(ctx, tenantID, userID)
}

// ListEndpoints lists endpoints of these teams (nil: all).
func (s *Service) ListEndpoints(ctx context.Context, tenantID string, teamIDs []string) ([]tollgate.WebhookEndpoint, error) {
	return s.store.Endpoints(ctx, tenantID, teamIDs)
}

// Endpoint returns one endpoint.
func (s *Service) Endpoint(ctx context.Context, tenantID, id string) (*tollgate.WebhookEndpoint, error) {
	e, _, err := s.store.Endpoint(ctx, tenantID, id)
	return e, err
}

func (s *Service) checkEvents(events []string) error {
	var p tollgate.Problems
	if len(events) > len(tollgate.AlertKinds) {
		p.Add("events", "lists more kinds than there are")
	}
	for _, e := range events {
		if !tollgate.IsAlertKind(e) {
			p.Add("events", "%q is not a kind of notification", e)
			break
		}
	}
	return p.Err()
}

// CreateEndpoint validates and registers an endpoint; its secret is returned this once and stored sealed.
func (s *Service) CreateEndpoint(ctx context.Context, tenantID string, in tollgate.WebhookEndpointInput) (*tollgate.WebhookEndpoint, string, error) {
	if in.URL == nil {
		return nil, "", &tollgate.Error{Code: tollgate.CodeValidation, Message: "1 field is invalid",
			Fields: []tollgate.FieldError{{Field: "url", Message: "is required"}}}
	}
	e := &tollgate.WebhookEndpoint{TenantID: tenantID, URL: strings.TrimSpace(*in.URL), TeamID: in.TeamID, Events: []string{}, Enabled: true}
	if in.Description != nil {
		e.Description = strings.TrimSpace(*in.Description)
	}
	if in.Events != nil {
		e.Events = slices.Compact(slices.Sorted(slices.Values(*in.Events)))
	}
	if err := s.checkEvents(e.Events); err != nil {
		return nil, "", err
	}
	if len(e.Description) > 500 {
		return nil, "", &tollgate.Error{Code: tollgate.CodeValidation, Message: "1 field is invalid",
			Fields: []tollgate.FieldError{{Field: "description", Message: "must be at most 500 characters long"}}}
	}
	if err := s.checkURL(ctx, e.URL); err != nil {
		return nil, "", err
	}
	secret := newSecret()
	if err := s.store.CreateEndpoint(ctx, e, func(id string) []byte { return s.opt.Sealer.Seal(sealContext(id), secret) }); err != nil {
		return nil, "", err
	}
	out, err := s.Endpoint(ctx, tenantID, e.ID)
	return out, secret, err
}

// UpdateEndpoint changes an endpoint.
func (s *Service) UpdateEndpoint(ctx context.Context, tenantID, id string, in tollgate.WebhookEndpointInput) (*tollgate.WebhookEndpoint, error) {
	e, err := s.Endpoint(ctx, tenantID, id)
	if err != nil {
		return nil, err
	}
	if in.URL != nil {
		e.URL = strings.TrimSpace(*in.URL)
		if err := s.checkURL(ctx, e.URL); err != nil {
			return nil, err
		}
	}
	if in.Description != nil {
		e.Description = strings.TrimSpace(*in.Description)
	}
	if in.Events != nil {
		e.Events = slices.Compact(slices.Sorted(slices.Values(*in.Events)))
		if err := s.checkEvents(e.Events); err != nil {
			return nil, err
		}
	}
	if in.Enabled != nil {
		e.Enabled = *in.Enabled
	}
	e.TenantID = tenantID
	if err := s.store.UpdateEndpoint(ctx, e); err != nil {
		return nil, err
	}
	return s.Endpoint(ctx, tenantID, id)
}

// DeleteEndpoint deletes an endpoint.
func (s *Service) DeleteEndpoint(ctx context.Context, tenantID, id string) error {
	if _, err := s.Endpoint(ctx, tenantID, id); err != nil {
		return err
	}
	return s.store.DeleteEndpoint(ctx, tenantID, id)
}

// TestEndpoint queues a test event and delivers due events now; it returns the test's delivery.
func (s *Service) TestEndpoint(ctx context.Context, tenantID, id string) (*tollgate.WebhookDelivery, error) {
	if _, err := s.Endpoint(ctx, tenantID, id); err != nil {
		return nil, err
	}
	did, err := s.store.QueueTest(ctx, tenantID, id)
	if err != nil {
		return nil, err
	}
	if err := s.DeliverWebhooks(ctx); err != nil {
		return nil, err
	}
	return s.store.Delivery(ctx, did)
}

// Deliveries lists an endpoint's deliveries.
func (s *Service) Deliveries(ctx context.Context, tenantID, endpointID string, p tollgate.Page) ([]tollgate.WebhookDelivery, int, error) {
	if _, err := s.Endpoint(ctx, tenantID, endpointID); err != nil {
		return nil, 0, err
	}
	return s.store.Deliveries(ctx, tenantID, endpointID, p)
}

var errStatus = errors.New("the endpoint did not answer 2xx")

// errTimeout is an endpoint that did not answer within the delivery timeout.
var errTimeout = errors.New("timed out")
