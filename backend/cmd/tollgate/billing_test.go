package main

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"tollgate/backend/billing/stripemock"
	"tollgate/backend/postgres/pgtest"
)

// TestIntegrationStripeCommands plays the README's demo: the demo developer subscribes to the paid Pro plan,
// `tollgate stripe-event` plays Stripe's webhooks against the running binary, and `tollgate reconcile` finds and
// repairs drift, writing a CSV.
func TestIntegrationStripeCommands(t *testing.T) {
	if testing.Short() {
		t.Skip("integration test: needs PostgreSQL and stripe-mock")
	}
	mock, err := stripemock.Start()
	require.NoError(t, err)
	t.Cleanup(mock.Stop)
	dbURL, drop, err := pgtest.CreateDatabase(context.Background())
	require.NoError(t, err)
	t.Cleanup(drop)
	apiAddr, gwAddr := freeAddr(t), freeAddr(t)
	env := map[string]string{"DATABASE_URL": dbURL, "TOLLGATE_DATA_DIR": t.TempDir(), "TOLLGATE_HTTP_ADDR": apiAddr,
		"TOLLGATE_GATEWAY_ADDR": gwAddr, "TOLLGATE_SHUTDOWN_TIMEOUT": "5s", "TOLLGATE_PUBLIC_URL": "http://" + apiAddr,
		"TOLLGATE_STRIPE_API_URL": mock.URL, "TOLLGATE_STRIPE_SECRET_KEY": "sk_test_tollgatedemo",
		"TOLLGATE_STRIPE_WEBHOOK_SECRET": "whsec_tollgate_demo_secret"}
	getenv := func(k string) string { return env[k] }
	var out strings.Builder
	require.NoError(t, run(context.Background(), []string{"migrate", "up"}, getenv, &out))
	require.NoError(t, run(context.Background(), []string{"seed", "--demo"}, getenv, &out))

	ctx, cancel := context.WithCancel(context.Background())
	logs := &syncBuffer{}
	done := make(chan error, 1)
	go func() { done <- run(ctx, []string{"all"}, getenv, logs) }()
	t.Cleanup(func() { cancel(); <-done })
	client := &http.Client{Timeout: 5 * time.Second}
	require.Eventually(t, func() bool {
		resp, err := client.Get("http://" + apiAddr + "/readyz")
		if err != nil {
			return false
		}
		resp.Body.Close()
		return resp.StatusCode == 200
	}, 10*time.Second, 50*time.Millisecond, "never ready: %s", logs.String())

	call := func(method, path, token, body string) map[string]any {
		req, err := http.NewRequest(method, "http://"+apiAddr+path, strings.NewReader(body))
		require.NoError(t, err)
		req.Header.Set("Content-Type", "application/json")
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		resp, err := client.Do(req)
		require.NoError(t, err)
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		require.Less(t, resp.StatusCode, 300, "%s %s: %s", method, path, b)
		var m map[string]any
		require.NoError(t, json.Unmarshal(b, &m))
		return m
	}
	token := call("POST", "/api/v1/auth/login", "", `{"email":"dev@acme.test","password":"tollgate-dev-demo"}`)["access_token"].(string)
	T := "/api/v1/tenants/acme"
	var teamID, planID string
	for _, a := range call("GET", T+"/applications", token, "")["items"].([]any) {
		if a.(map[string]any)["name"] == "Mobile App" {
			teamID = a.(map[string]any)["team_id"].(string)
		}
	}
	appID := call("POST", T+"/applications", token, `{"name":"Mobile App Pro","team_id":"`+teamID+`"}`)["id"].(string)
	apis := call("GET", T+"/apis", token, "")["items"].([]any)
	for _, p := range call("GET", T+"/apis/"+apis[0].(map[string]any)["id"].(string)+"/plans", token, "")["items"].([]any) {
		if p.(map[string]any)["name"] == "Pro" {
			planID = p.(map[string]any)["id"].(string)
		}
	}
	require.NotEmpty(t, planID)
	sub := call("POST", T+"/applications/"+appID+"/subscriptions", token, `{"plan_id":"`+planID+`","reason":"demo"}`)
	require.Equal(t, "pending_payment", sub["state"])
	subID := sub["id"].(string)
	assert.Contains(t, call("POST", T+"/subscriptions/"+subID+"/checkout", token, "")["url"], "https://checkout.stripe.com/")

	state := func() string { return call("GET", T+"/subscriptions/"+subID, token, "")["state"].(string) }
	event := func(typ string, extra ...string) {
		// Stripe's event times have whole seconds; two events of the same second are settled by asking Stripe
		// (stripe-mock: always active), so each event here gets a second of its own.
		time.Sleep(time.Until(time.Now().Truncate(time.Second).Add(time.Second)))
		out.Reset()
		require.NoError(t, run(context.Background(), append([]string{"stripe-event", "--tenant", "acme", "--subscription", subID,
			"--type", typ}, extra...), getenv, &out), out.String())
		assert.Contains(t, out.String(), "200 OK")
	}
	event("checkout.session.completed")
	require.Eventually(t, func() bool { return state() == "active" }, 10*time.Second, 50*time.Millisecond, "%s", logs)
	event("invoice.payment_failed")
	require.Eventually(t, func() bool { return state() == "past_due" }, 10*time.Second, 50*time.Millisecond)

	// stripe-mock says the Stripe subscription is active: reconciliation sees the drift, --fix repairs it.
	csvPath := filepath.Join(t.TempDir(), "run.csv")
	out.Reset()
	require.NoError(t, run(context.Background(), []string{"reconcile", "--tenant", "acme", "--csv", csvPath}, getenv, &out))
	assert.Contains(t, out.String(), "drift=[state")
	assert.Contains(t, out.String(), "drifted 1, fixed 0")
	b, err := os.ReadFile(csvPath)
	require.NoError(t, err)
	assert.Contains(t, string(b), subID)
	assert.Equal(t, "past_due", state())
	out.Reset()
	require.NoError(t, run(context.Background(), []string{"reconcile", "--tenant", "acme", "--fix"}, getenv, &out))
	assert.Contains(t, out.String(), "fixed 1")
	assert.Equal(t, "active", state())

	out.Reset()
	err = run(context.Background(), []string{"stripe-event", "--tenant", "acme", "--subscription", subID, "--type", "nope.nope"}, getenv, &out)
	assert.ErrorContains(t, err, "unknown event type")
	err = run(context.Background(), []string{"reconcile"}, getenv, &out)
	assert.ErrorContains(t, err, "usage: tollgate reconcile")
}
