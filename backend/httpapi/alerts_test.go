package httpapi_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"tollgate/backend/alerts"
	"tollgate/backend/billing"
	"tollgate/backend/mail"
	"tollgate/backend/postgres"
	"tollgate/backend/tollgate"
)

// smtpBox is a real SMTP server on loopback that keeps what it receives.
type smtpBox struct {
	mu   sync.Mutex
	mail []string // "to\nmessage"
	addr string
}

type smtpSession struct {
	box *smtpBox
	to  []string
}

func (s *smtpSession) Reset()                                    { s.to = nil }
func (s *smtpSession) Logout() error                             { return nil }
func (s *smtpSession) Mail(string, *smtp.MailOptions) error      { return nil }
func (s *smtpSession) Rcpt(to string, _ *smtp.RcptOptions) error { s.to = append(s.to, to); return nil }
func (s *smtpSession) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	s.box.mu.Lock()
	defer s.box.mu.Unlock()
	for _, to := range s.to {
		s.box.mail = append(s.box.mail, to+"\n"+string(b))
	}
	return nil
}

func newSMTPBox(t *testing.T) *smtpBox {
	box := &smtpBox{}
	srv := smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) { return &smtpSession{box: box}, nil }))
	srv.Domain, srv.AllowInsecureAuth = "localhost", true
	srv.ErrorLog = nil
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	box.addr = ln.Addr().String()
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { _ = srv.Close() })
	return box
}

func (b *smtpBox) to(addr string) []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	var out []string
	for _, m := range b.mail {
		if strings.HasPrefix(m, addr+"\n") {
			out = append(out, m)
		}
	}
	return out
}

// hookReceiver records deliveries; it answers 500 to the first `fail` of them.
type hookReceiver struct {
	mu   sync.Mutex
	fail int
	got  []*http.Request
	body [][]byte
	srv  *httptest.Server
}

func newHookReceiver(t *testing.T, fail int) *hookReceiver {
	h := &hookReceiver{fail: fail}
	h.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		h.mu.Lock()
		defer h.mu.Unlock()
		h.got, h.body = append(h.got, r), append(h.body, b)
		if len(h.got) <= h.fail {
			w.WriteHeader(500)
		}
	}))
	t.Cleanup(h.srv.Close)
	return h
}

func (h *hookReceiver) count() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.got)
}

// TestQuotaAlerts: the 80% warning fires exactly once under concurrent checks and reaches the portal, a real SMTP
// server and a signed webhook (retried after a 500); 100% fires once more (90% silently), for the admins too; a member
// who turned email off gets none.
func TestQuotaAlerts(t *testing.T) {
	cfg := testConfig()
	s, _ := newServer(t, cfg)
	w := newWorld(t, s)
	T := "/api/v1/tenants/" + w.vars["acme"]
	ctx := context.Background()

	r := do(s, "PATCH", T+"/apis/"+w.vars["apiA"]+"/plans/"+w.vars["planA"], w.tokens["owner"], `{"monthly_quota":20}`)
	require.Equal(t, 200, r.Status, r.Body)
	assert.Equal(t, []any{80.0, 90.0, 100.0}, r.json(t)["alert_thresholds"])
	hook := newHookReceiver(t, 1)
	r = do(s, "POST", T+"/webhook-endpoints", w.tokens["dev"], `{"url":"`+hook.srv.URL+`/hook","events":["quota.threshold"],"team_id":"`+w.vars["teamA"]+`"}`)
	require.Equal(t, 201, r.Status, r.Body)
	secret := r.json(t)["secret"].(string)
	endpointID := r.json(t)["endpoint"].(map[string]any)["id"].(string)
	assert.True(t, strings.HasPrefix(secret, "tgwh_"))
	r = do(s, "GET", T+"/webhook-endpoints/"+endpointID, w.tokens["dev"], "")
	assert.NotContains(t, r.Body, secret, "the secret is shown once")

	box := newSMTPBox(t)
	mailer, err := mail.NewSMTP("smtp://"+box.addr, "Tollgate <alerts@tollgate.test>")
	require.NoError(t, err)
	sealer, err := billing.NewSealer(bytes.Repeat([]byte("e"), 32))
	require.NoError(t, err)
	svc, err := alerts.New(postgres.NewAlertStore(testDB), alerts.Options{AllowPrivate: true, PublicURL: cfg.PublicURL,
		Sealer: sealer, Mailer: mailer, Timeout: time.Second, Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	require.NoError(t, err)

	setUsed := func(n int) {
		require.NoError(t, testDB.QueryRowForTests(`INSERT INTO usage_counters (subscription_id, period_start, calls)
			VALUES ($1, date_trunc('month', now(), 'UTC'), $2) ON CONFLICT (subscription_id, period_start) DO UPDATE SET calls = $2
			RETURNING calls`, w.vars["subA"], n).Scan(new(int)))
	}
	checkConcurrently := func() {
		var wg sync.WaitGroup
		for range 8 {
			wg.Add(1)
			go func() { defer wg.Done(); assert.NoError(t, svc.Check(ctx)) }()
		}
		wg.Wait()
	}
	count := func(query string, args ...any) (n int) {
		require.NoError(t, testDB.QueryRowForTests(query, args...).Scan(&n))
		return n
	}

	setUsed(15) // 75%: nothing
	checkConcurrently()
	assert.Zero(t, count(`SELECT count(*) FROM alerts WHERE subject_id = $1`, w.vars["subA"]))
	setUsed(17) // 85%
	checkConcurrently()
	checkConcurrently()
	assert.Equal(t, 1, count(`SELECT count(*) FROM alerts WHERE subject_id = $1`, w.vars["subA"]))
	assert.Equal(t, 1, count(`SELECT count(*) FROM notifications WHERE user_id = $1 AND kind = 'quota.threshold'`, w.users["dev"].ID))
	r = do(s, "GET", T+"/notifications?unread=true&kind=quota.threshold", w.tokens["dev"], "")
	assert.Contains(t, r.Body, "used 80% of its")
	assert.Contains(t, r.Body, `"link":"/subscriptions/`+w.vars["subA"]+`"`, "portal links are the tenant's paths")
	r = do(s, "GET", T+"/notifications?kind=key.expiring", w.tokens["dev"], "")
	assert.Contains(t, r.Body, `"total":0`)
	assert.Zero(t, count(`SELECT count(*) FROM notifications WHERE user_id = $1 AND kind = 'quota.threshold'`, w.users["owner"].ID),
		"80% is for the developers")

	require.NoError(t, svc.SendEmails(ctx))
	got := box.to(w.users["dev"].Email)
	require.Len(t, got, 1)
	assert.Contains(t, got[0], "used 80% of its")
	assert.Contains(t, got[0], "17 of the 20 calls")
	assert.Contains(t, got[0], "http://portal.test/t/"+w.vars["acme"]+"/subscriptions/"+w.vars["subA"], "emails link into the tenant")

	// The webhook: the first attempt gets a 500 and is retried; the second is delivered, signed.
	require.NoError(t, svc.DeliverWebhooks(ctx))
	require.Equal(t, 1, hook.count())
	r = do(s, "GET", T+"/webhook-endpoints/"+endpointID+"/deliveries", w.tokens["dev"], "")
	assert.Contains(t, r.Body, `"status":"retrying"`)
	assert.Contains(t, r.Body, `"response_status":500`)
	require.NoError(t, testDB.QueryRowForTests(`UPDATE webhook_deliveries SET next_attempt_at = now() WHERE endpoint_id = $1 RETURNING id`,
		endpointID).Scan(new(string)))
	require.NoError(t, svc.DeliverWebhooks(ctx))
	require.Equal(t, 2, hook.count())
	sig := hook.got[1].Header.Get("Tollgate-Signature")
	ts := strings.TrimPrefix(strings.Split(sig, ",")[0], "t=")
	at, err := time.Parse(time.RFC3339, time.Unix(int64(mustAtoi(t, ts)), 0).UTC().Format(time.RFC3339))
	require.NoError(t, err)
	assert.Equal(t, alerts.Sign(secret, at, hook.body[1]), sig, "signed with the endpoint's secret over t.body")
	var payload map[string]any
	require.NoError(t, json.Unmarshal(hook.body[1], &payload))
	assert.Equal(t, "quota.threshold", payload["type"])
	r = do(s, "GET", T+"/webhook-endpoints/"+endpointID+"/deliveries", w.tokens["dev"], "")
	assert.Contains(t, r.Body, `"status":"delivered"`)

	// The developer turns quota email off; 100% fires once (90% silently), to the admins as well.
	r = do(s, "PUT", T+"/notification-preferences", w.tokens["dev"], `{"items":[{"kind":"quota.threshold","portal":true,"email":false}]}`)
	require.Equal(t, 200, r.Status, r.Body)
	assert.Contains(t, r.Body, `"kind":"quota.threshold","label":"Quota warnings","description":`)
	r = do(s, "PUT", T+"/notification-preferences", w.tokens["dev"], `{"items":[{"kind":"nope","portal":true,"email":false}]}`)
	assert.Equal(t, 422, r.Status, r.Body)
	setUsed(20)
	checkConcurrently()
	assert.Equal(t, 3, count(`SELECT count(*) FROM alerts WHERE subject_id = $1`, w.vars["subA"]), "80, 90 and 100")
	assert.Equal(t, 2, count(`SELECT count(*) FROM notifications WHERE user_id = $1 AND kind = 'quota.threshold'`, w.users["dev"].ID),
		"80% and 100%, not 90%")
	assert.Equal(t, 1, count(`SELECT count(*) FROM notifications WHERE user_id = $1 AND kind = 'quota.threshold'`, w.users["owner"].ID))
	require.NoError(t, svc.SendEmails(ctx))
	assert.Len(t, box.to(w.users["dev"].Email), 1, "email turned off")
	assert.Len(t, box.to(w.users["owner"].Email), 1)
}

func mustAtoi(t *testing.T, s string) int {
	n, err := strconv.Atoi(s)
	require.NoError(t, err)
	return n
}

// TestWebhookEndpoints: SSRF refusals, team scoping, a hanging endpoint that never holds up the others, the test
// button, and key-expiry alerts.
func TestWebhookEndpoints(t *testing.T) {
	cfg := testConfig()
	s, _ := newServer(t, cfg)
	w := newWorld(t, s)
	T := "/api/v1/tenants/" + w.vars["acme"]
	ctx := context.Background()

	sealer, err := billing.NewSealer(bytes.Repeat([]byte("e"), 32))
	require.NoError(t, err)
	strict, err := alerts.New(postgres.NewAlertStore(testDB), alerts.Options{Production: true, Sealer: sealer,
		Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	require.NoError(t, err)
	tenant, err := postgres.NewTenantService(testDB).TenantBySlug(ctx, w.vars["acme"])
	require.NoError(t, err)
	for raw, want := range map[string]string{
		"http://example.com/hook":        "must use https",
		"https://127.0.0.1/hook":         "loopback or private",
		"https://10.1.2.3/hook":          "loopback or private",
		"https://[::1]/hook":             "loopback or private",
		"https://169.254.169.254/latest": "loopback or private",
		"https://user:pw@example.com/x":  "credentials",
		"ftp://example.com/x":            "http(s) URL",
	} {
		_, _, err := strict.CreateEndpoint(ctx, tenant.ID, tollgate.WebhookEndpointInput{URL: &raw})
		require.Error(t, err, raw)
		assert.Equal(t, tollgate.CodeValidation, tollgate.ErrorCode(err), raw)
		assert.Contains(t, err.Error(), want, raw)
	}

	// Scoping: a developer registers for their own team only and sees only their teams' endpoints.
	r := do(s, "POST", T+"/webhook-endpoints", w.tokens["dev"], `{"url":"https://example.com/x"}`)
	assert.Equal(t, 422, r.Status, r.Body)
	assert.Contains(t, r.Body, "team_id")
	r = do(s, "POST", T+"/webhook-endpoints", w.tokens["owner"], `{"url":"https://example.com/tenant-wide"}`)
	require.Equal(t, 201, r.Status, r.Body)
	adminEndpoint := r.json(t)["endpoint"].(map[string]any)["id"].(string)
	r = do(s, "GET", T+"/webhook-endpoints", w.tokens["dev"], "")
	assert.NotContains(t, r.Body, adminEndpoint)
	r = do(s, "GET", T+"/webhook-endpoints/"+adminEndpoint, w.tokens["dev"], "")
	assert.Equal(t, 404, r.Status)
	r = do(s, "POST", T+"/webhook-endpoints", w.tokens["owner"], `{"url":"https://example.com/x","events":["nope"]}`)
	assert.Equal(t, 422, r.Status, r.Body)
	r = do(s, "DELETE", T+"/webhook-endpoints/"+adminEndpoint, w.tokens["owner"], "")
	assert.Equal(t, 204, r.Status, r.Body)

	// A hanging endpoint and a quick one: the quick one is delivered, the hanging one times out and is retried.
	hang := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { time.Sleep(3 * time.Second) }))
	t.Cleanup(hang.Close)
	quick := newHookReceiver(t, 0)
	var ids []string
	for _, u := range []string{hang.URL, quick.srv.URL} {
		r := do(s, "POST", T+"/webhook-endpoints", w.tokens["dev"], `{"url":"`+u+`","team_id":"`+w.vars["teamA"]+`"}`)
		require.Equal(t, 201, r.Status, r.Body)
		ids = append(ids, r.json(t)["endpoint"].(map[string]any)["id"].(string))
	}
	r = do(s, "POST", T+"/webhook-endpoints/"+ids[1]+"/test", w.tokens["dev"], "")
	require.Equal(t, 200, r.Status, r.Body)
	assert.Equal(t, "delivered", r.json(t)["status"])
	assert.Equal(t, 1, quick.count())

	// A key that expires in three days: warned once, seven days ahead, to its team (portal and webhooks).
	expires := time.Now().Add(72 * time.Hour).UTC().Format(time.RFC3339)
	r = do(s, "POST", T+"/applications/"+w.vars["appA"]+"/keys", w.tokens["dev"], `{"name":"short-lived","expires_at":"`+expires+`"}`)
	require.Equal(t, 201, r.Status, r.Body)
	svc := newAlerts(t, cfg, &outbox{})
	require.NoError(t, svc.Check(ctx))
	require.NoError(t, svc.Check(ctx))
	var n int
	require.NoError(t, testDB.QueryRowForTests(`SELECT count(*) FROM alerts WHERE kind = 'key.expiring' AND tenant_id = $1`, tenant.ID).Scan(&n))
	assert.Equal(t, 1, n)
	r = do(s, "GET", T+"/notifications", w.tokens["dev"], "")
	assert.Contains(t, r.Body, `short-lived`)
	require.NoError(t, svc.DeliverWebhooks(ctx))
	assert.Equal(t, 2, quick.count(), "the quick endpoint got the key alert although the other one hangs")
	r = do(s, "GET", T+"/webhook-endpoints/"+ids[0]+"/deliveries", w.tokens["dev"], "")
	assert.Contains(t, r.Body, `"status":"retrying"`)
	assert.Contains(t, r.Body, "timed out: no answer within 500ms", "the same words whichever limit noticed first")
}
