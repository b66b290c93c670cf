package httpapi_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/stretchr/testify/require"

	"tollgate/backend/alerts"
	"tollgate/backend/analytics"
	"tollgate/backend/billing"
	"tollgate/backend/billing/stripemock"
	"tollgate/backend/config"
	"tollgate/backend/httpapi"
	"tollgate/backend/postgres"
	"tollgate/backend/postgres/pgtest"
	"tollgate/backend/tollgate"
)

var (
	testDB    *postgres.DB
	stripeURL string // stripe-mock, for every Stripe call the billing service makes
)

func TestMain(m *testing.M) { pgtest.Main(stripemock.Wrap(m, &stripeURL), &testDB) }

// newBilling is the billing service on the test database and stripe-mock; no operator-wide Stripe secrets.
func newBilling(cfg *config.Config, apiURL string) *billing.Service {
	sealer, err := billing.NewSealer(bytes.Repeat([]byte("e"), 32))
	if err != nil {
		panic(err)
	}
	return billing.New(billing.Options{APIURL: apiURL, PublicURL: cfg.PublicURL, Sealer: sealer, CallsPerSecond: 1000,
		Log: slog.New(slog.NewTextHandler(io.Discard, nil))}, postgres.NewBillingStore(testDB), postgres.NewPlanService(testDB))
}

// outbox records sent mail.
type outbox struct {
	mu   sync.Mutex
	sent []tollgate.Message
}

func (o *outbox) Send(_ context.Context, m tollgate.Message) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.sent = append(o.sent, m)
	return nil
}

func (o *outbox) last(to string) (tollgate.Message, bool) {
	o.mu.Lock()
	defer o.mu.Unlock()
	for i := len(o.sent) - 1; i >= 0; i-- {
		if o.sent[i].To == to {
			return o.sent[i], true
		}
	}
	return tollgate.Message{}, false
}

func testConfig() *config.Config {
	return &config.Config{Env: "development", PublicURL: "http://portal.test", JWTSecret: bytes.Repeat([]byte("j"), 32),
		APIKeyPepper: bytes.Repeat([]byte("p"), 32), HTTPAddr: ":8080", GatewayAddr: ":8081",
		GatewayURL:     "http://gateway.test",
		AccessTokenTTL: 15 * time.Minute, RefreshTokenTTL: time.Hour, InvitationTTL: 24 * time.Hour,
		MaxBodyBytes: 1 << 20, LoginRateLimit: 100000}
}

// newAlerts is the alert service on the test database; webhooks may go to loopback (the tests' receivers).
func newAlerts(t *testing.T, cfg *config.Config, mailer tollgate.Mailer) *alerts.Service {
	sealer, err := billing.NewSealer(bytes.Repeat([]byte("e"), 32))
	require.NoError(t, err)
	a, err := alerts.New(postgres.NewAlertStore(testDB), alerts.Options{AllowPrivate: true, PublicURL: cfg.PublicURL, Sealer: sealer,
		Mailer: mailer, Timeout: 500 * time.Millisecond, Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	require.NoError(t, err)
	return a
}

// newServer builds the API on the package's test database with real stores.
func newServer(t *testing.T, cfg *config.Config) (*httpapi.Server, *outbox) {
	t.Helper()
	s, box, _ := newServerWithBilling(t, cfg, stripeURL)
	return s, box
}

// newServerWithBilling also returns the billing service, whose background work tests run by hand (ProcessDue).
// Stripe's API is at stripeAPI (stripe-mock, or something in front of it).
func newServerWithBilling(t *testing.T, cfg *config.Config, stripeAPI string) (*httpapi.Server, *outbox, *billing.Service) {
	t.Helper()
	if testing.Short() {
		t.Skip("integration test: needs PostgreSQL")
	}
	box := &outbox{}
	bill := newBilling(cfg, stripeAPI)
	reg := prometheus.NewRegistry()
	s, err := httpapi.New(cfg, httpapi.Services{
		Tenants: postgres.NewTenantService(testDB), Users: postgres.NewUserService(testDB),
		Memberships: postgres.NewMembershipService(testDB), Teams: postgres.NewTeamService(testDB),
		Invitations: postgres.NewInvitationService(testDB), Sessions: postgres.NewSessionService(testDB),
		Audit: postgres.NewAuditService(testDB), Mailer: box,
		APIs: postgres.NewAPIService(testDB), Plans: postgres.NewPlanService(testDB),
		Applications: postgres.NewApplicationService(testDB), Subscriptions: postgres.NewSubscriptionService(testDB),
		Keys: postgres.NewKeyService(testDB), Notifications: postgres.NewNotificationService(testDB),
		UserTeams: postgres.NewApplicationService(testDB), Calls: postgres.NewCallLogService(testDB), Billing: bill,
		Analytics: analytics.New(postgres.NewAnalyticsStore(testDB), analytics.Options{}), Alerts: newAlerts(t, cfg, box),
	}, slog.New(slog.NewTextHandler(io.Discard, nil)),
		func(ctx context.Context) map[string]error { return map[string]error{"database": testDB.Ping(ctx)} }, reg, reg)
	require.NoError(t, err)
	return s, box, bill
}

type response struct {
	Status int
	Header http.Header
	Body   string
}

func (r response) json(t *testing.T) map[string]any {
	t.Helper()
	var m map[string]any
	require.NoError(t, json.Unmarshal([]byte(r.Body), &m), r.Body)
	return m
}

// do sends one request; token may be empty.
func do(s http.Handler, method, path, token, body string, headers ...string) response {
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	req := httptest.NewRequest(method, path, r)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	w := httptest.NewRecorder()
	s.ServeHTTP(w, req)
	return response{Status: w.Code, Header: w.Header(), Body: w.Body.String()}
}
