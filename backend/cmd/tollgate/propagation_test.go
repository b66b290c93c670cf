package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"os/exec"
	"regexp"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"tollgate/backend/postgres"
	"tollgate/backend/postgres/pgtest"
	"tollgate/backend/tollgate"
)

// TestMain lets the test binary act as the tollgate binary, so tests can start real gateway processes.
func TestMain(m *testing.M) {
	if os.Getenv("TOLLGATE_TEST_RUN_MAIN") == "1" {
		main()
		return
	}
	os.Exit(m.Run())
}

// startProcess runs `tollgate <args>` as a separate process with env, stopped (SIGTERM) when the test ends.
func startProcess(t *testing.T, env map[string]string, args ...string) *syncBuffer {
	t.Helper()
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), "TOLLGATE_TEST_RUN_MAIN=1")
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	out := &syncBuffer{}
	cmd.Stdout, cmd.Stderr = out, out
	require.NoError(t, cmd.Start())
	t.Cleanup(func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		done := make(chan struct{})
		go func() { _ = cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			_ = cmd.Process.Kill()
		}
	})
	return out
}

// TestIntegrationPropagationAcrossTwoGateways changes state through the stores and measures, on two separate
// gateway processes, how long each change takes to be enforced. It reports the worst case it saw.
func TestIntegrationPropagationAcrossTwoGateways(t *testing.T) {
	if testing.Short() {
		t.Skip("integration test: needs PostgreSQL")
	}
	dbURL, drop, err := pgtest.CreateDatabase(context.Background())
	require.NoError(t, err)
	t.Cleanup(drop)
	demo := freeAddr(t)
	env := map[string]string{"DATABASE_URL": dbURL, "TOLLGATE_DATA_DIR": t.TempDir(), "TOLLGATE_DEMO_UPSTREAM_ADDR": demo,
		"TOLLGATE_LOG_LEVEL": "warn"}
	getenv := func(k string) string { return env[k] }
	var out bytes.Buffer
	require.NoError(t, run(context.Background(), []string{"migrate", "up"}, getenv, &out))
	require.NoError(t, run(context.Background(), []string{"seed", "--demo"}, getenv, &out))
	m := regexp.MustCompile(`Demo API key: +(\S+)`).FindStringSubmatch(out.String())
	require.NotNil(t, m)
	key := m[1]
	secrets, err := os.ReadFile(env["TOLLGATE_DATA_DIR"] + "/secrets.env")
	require.NoError(t, err, "the seed wrote the development secrets; the gateways must share them")
	for _, line := range bytes.Split(secrets, []byte("\n")) {
		if k, v, ok := bytes.Cut(line, []byte("=")); ok && !bytes.HasPrefix(line, []byte("#")) {
			env[string(k)] = string(v)
		}
	}

	// The demo upstream comes from a third process, as in production where upstreams live elsewhere.
	upstreamEnv := map[string]string{"TOLLGATE_GATEWAY_ADDR": freeAddr(t)}
	for k, v := range env {
		upstreamEnv[k] = v
	}
	startProcess(t, upstreamEnv, "gateway")
	var gateways []string
	for range 2 {
		addr := freeAddr(t)
		genv := map[string]string{"TOLLGATE_GATEWAY_ADDR": addr}
		for k, v := range env {
			if k != "TOLLGATE_DEMO_UPSTREAM_ADDR" {
				genv[k] = v
			}
		}
		logs := startProcess(t, genv, "gateway")
		gateways = append(gateways, "http://"+addr)
		require.Eventually(t, func() bool {
			resp, err := http.Get("http://" + addr + "/readyz")
			if err != nil {
				return false
			}
			resp.Body.Close()
			return resp.StatusCode == 200
		}, 15*time.Second, 50*time.Millisecond, "gateway did not start: %s", logs.String())
	}

	call := func(gw string) int {
		req, _ := http.NewRequest("GET", gw+"/acme/weather/current?city=Lisbon", nil)
		req.Header.Set("Authorization", "Bearer "+key)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return 0
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	for _, gw := range gateways {
		require.Equal(t, 200, call(gw))
	}
	resp, err := http.Get(gateways[0] + "/metrics")
	require.NoError(t, err)
	metrics, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	assert.Contains(t, string(metrics), `tollgate_gateway_requests_total{code="ok"}`, "a gateway alone serves its metrics")
	db, err := postgres.Open(context.Background(), dbURL)
	require.NoError(t, err)
	t.Cleanup(func() { _ = db.Close() })
	tenant, err := postgres.NewTenantService(db).TenantBySlug(context.Background(), "acme")
	require.NoError(t, err)
	subs := postgres.NewSubscriptionService(db)
	list, _, err := subs.ListSubscriptions(context.Background(), tenant.ID, tollgate.SubscriptionFilter{})
	require.NoError(t, err)
	var sub tollgate.Subscription
	for _, s := range list {
		if s.ApplicationName == "Mobile App" { // the demo key's application
			sub = s
		}
	}
	require.NotEmpty(t, sub.ID)

	// measure applies a change and waits until both gateways answer want; it returns the slower of the two.
	worst := time.Duration(0)
	measure := func(what string, want int, change func()) {
		t.Helper()
		start := time.Now()
		change()
		var slowest time.Duration
		for _, gw := range gateways {
			require.Eventually(t, func() bool { return call(gw) == want }, 5*time.Second, 2*time.Millisecond, "%s on %s", what, gw)
			slowest = max(slowest, time.Since(start))
		}
		t.Logf("%-28s enforced by both gateways after %v", what, slowest.Round(time.Millisecond))
		worst = max(worst, slowest)
	}
	ctx := context.Background()
	measure("suspension (403)", 403, func() {
		_, err := subs.Apply(ctx, tenant.ID, sub.ID, tollgate.EventSuspend, "test")
		require.NoError(t, err)
	})
	measure("resumption (200)", 200, func() {
		_, err := subs.Apply(ctx, tenant.ID, sub.ID, tollgate.EventResume, "test")
		require.NoError(t, err)
	})
	measure("payment failed, no grace (402)", 402, func() { // the demo Free plan has no grace days
		_, err := subs.Apply(ctx, tenant.ID, sub.ID, tollgate.EventPaymentFailed, "test")
		require.NoError(t, err)
	})
	measure("payment settled (200)", 200, func() {
		_, err := subs.Apply(ctx, tenant.ID, sub.ID, tollgate.EventPaymentSettled, "test")
		require.NoError(t, err)
	})
	plans, err := postgres.NewPlanService(db).ListPlans(ctx, tenant.ID, sub.APIID, false)
	require.NoError(t, err)
	zero := int64(0)
	measure("plan change to no quota (402)", 402, func() {
		_, err := postgres.NewPlanService(db).UpdatePlan(ctx, tenant.ID, plans[0].ID, tollgate.PlanUpdate{MonthlyQuota: ptr(&zero)})
		require.NoError(t, err)
	})
	measure("plan change back (200)", 200, func() {
		_, err := postgres.NewPlanService(db).UpdatePlan(ctx, tenant.ID, plans[0].ID, tollgate.PlanUpdate{MonthlyQuota: ptr[int64](nil)})
		require.NoError(t, err)
	})
	measure("revocation (403)", 403, func() {
		_, err := subs.Apply(ctx, tenant.ID, sub.ID, tollgate.EventRevoke, "test")
		require.NoError(t, err)
	})
	t.Logf("worst case across both gateways: %v", worst.Round(time.Millisecond))
	assert.Less(t, worst, time.Second, "every change is enforced by every gateway within one second")
}

func ptr[T any](v *T) **T { return &v }
