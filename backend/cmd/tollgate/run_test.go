package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"tollgate/backend/postgres/pgtest"
)

// syncBuffer is a bytes.Buffer safe for the server's goroutines to write while the test reads.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := ln.Addr().String()
	require.NoError(t, ln.Close())
	return addr
}

func TestVersionAndUsage(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run(context.Background(), []string{"version"}, func(string) string { return "" }, &out))
	assert.Contains(t, out.String(), "tollgate")
	err := run(context.Background(), nil, func(string) string { return "" }, &out)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "usage: tollgate")
	err = run(context.Background(), []string{"serve"}, func(k string) string {
		return map[string]string{"TOLLGATE_ENV": "production", "DATABASE_URL": "postgres://x/y"}[k]
	}, &out)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "production mode needs TOLLGATE_JWT_SECRET, TOLLGATE_API_KEY_PEPPER, TOLLGATE_ENCRYPTION_KEY")
}

// TestIntegrationRunAll starts the real program the way `make run` does: migrate, seed twice, serve both planes,
// then stops it as Ctrl-C would.
func TestIntegrationRunAll(t *testing.T) {
	if testing.Short() {
		t.Skip("integration test: needs PostgreSQL")
	}
	dbURL, drop, err := pgtest.CreateDatabase(context.Background())
	require.NoError(t, err)
	t.Cleanup(drop)
	apiAddr, gwAddr, demoAddr := freeAddr(t), freeAddr(t), freeAddr(t)
	env := map[string]string{"DATABASE_URL": dbURL, "TOLLGATE_DATA_DIR": t.TempDir(), "TOLLGATE_HTTP_ADDR": apiAddr,
		"TOLLGATE_GATEWAY_ADDR": gwAddr, "TOLLGATE_SHUTDOWN_TIMEOUT": "5s", "TOLLGATE_DEMO_UPSTREAM_ADDR": demoAddr,
		"TOLLGATE_GATEWAY_URL": "http://" + gwAddr, "TOLLGATE_ALERT_INTERVAL": "500ms", "TOLLGATE_ROLLUP_INTERVAL": "500ms"}
	getenv := func(k string) string { return env[k] }

	var out bytes.Buffer
	require.NoError(t, run(context.Background(), []string{"migrate", "status"}, getenv, &out))
	assert.Contains(t, out.String(), "pending")
	require.NoError(t, run(context.Background(), []string{"migrate", "up"}, getenv, &out))
	assert.Contains(t, out.String(), "(current)")
	out.Reset()
	require.NoError(t, run(context.Background(), []string{"seed", "--demo"}, getenv, &out))
	assert.Contains(t, out.String(), "owner@acme.test")
	keyRE := regexp.MustCompile(`Demo API key: +(tg_live_[0-9A-Za-z]{43}_[0-9A-Za-z]{6})`)
	m := keyRE.FindStringSubmatch(out.String())
	require.NotNil(t, m, out.String())
	demoKey := m[1]
	assert.Contains(t, out.String(), "curl -H 'Authorization: Bearer "+demoKey+"' 'http://"+gwAddr+"/acme/weather/current?city=Lisbon'")
	demoHost := "weather.localhost" + gwAddr[strings.LastIndexByte(gwAddr, ':'):]
	assert.Contains(t, out.String(), "curl -H 'Authorization: Bearer "+demoKey+"' 'http://"+demoHost+"/weather/current?city=Lisbon'")
	out.Reset()
	require.NoError(t, run(context.Background(), []string{"seed", "--demo"}, getenv, &out))
	assert.Contains(t, out.String(), "already there")
	assert.NotContains(t, out.String(), "tg_live_", "the key is shown once")

	ctx, cancel := context.WithCancel(context.Background())
	logs := &syncBuffer{}
	done := make(chan error, 1)
	go func() { done <- run(ctx, []string{"all"}, getenv, logs) }()
	t.Cleanup(cancel)

	client := &http.Client{Timeout: 2 * time.Second}
	require.Eventually(t, func() bool {
		resp, err := client.Get("http://" + apiAddr + "/healthz")
		if err != nil {
			return false
		}
		resp.Body.Close()
		return resp.StatusCode == 200
	}, 10*time.Second, 50*time.Millisecond, "control plane never became healthy: %s", logs.String())

	resp, err := client.Get("http://" + apiAddr + "/readyz")
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, 200, resp.StatusCode)

	resp, err = client.Post("http://"+apiAddr+"/api/v1/auth/login", "application/json",
		strings.NewReader(`{"email":"owner@acme.test","password":"tollgate-owner-demo"}`))
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, 200, resp.StatusCode, "the demo owner can sign in")

	resp, err = client.Get("http://" + gwAddr + "/acme/weather/current")
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, 401, resp.StatusCode, "the gateway wants a key")
	assert.Equal(t, "application/problem+json", resp.Header.Get("Content-Type"))

	// The demo key calls the demo API through the gateway, as the seed's curl line says.
	req, _ := http.NewRequest("GET", "http://"+gwAddr+"/acme/weather/current?city=Lisbon", nil)
	req.Header.Set("Authorization", "Bearer "+demoKey)
	resp, err = client.Do(req)
	require.NoError(t, err)
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	assert.Equal(t, 200, resp.StatusCode, string(body))
	assert.Contains(t, string(body), `"city":"Lisbon"`)
	assert.Equal(t, "249", resp.Header.Get("X-Quota-Remaining"), "the demo seeds 750 of the Free plan's 1,000 calls")

	// And on the API's own host, as the second line says (curl resolves *.localhost itself; here: the Host header).
	req, _ = http.NewRequest("GET", "http://"+gwAddr+"/weather/current?city=Lisbon", nil)
	req.Host = demoHost
	req.Header.Set("Authorization", "Bearer "+demoKey)
	resp, err = client.Do(req)
	require.NoError(t, err)
	body, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	assert.Equal(t, 200, resp.StatusCode, string(body))
	assert.Contains(t, string(body), `"city":"Lisbon"`)

	// The seeded traffic shows on the dashboards.
	resp, err = client.Post("http://"+apiAddr+"/api/v1/auth/login", "application/json",
		strings.NewReader(`{"email":"dev@acme.test","password":"tollgate-dev-demo"}`))
	require.NoError(t, err)
	var login map[string]any
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&login))
	resp.Body.Close()
	get := func(path string) string {
		req, _ := http.NewRequest("GET", "http://"+apiAddr+path, nil)
		req.Header.Set("Authorization", "Bearer "+login["access_token"].(string))
		resp, err := client.Do(req)
		require.NoError(t, err)
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		require.Equal(t, 200, resp.StatusCode, string(b))
		return string(b)
	}
	require.Eventually(t, func() bool {
		return !strings.Contains(get("/api/v1/tenants/acme/analytics/summary?from="+time.Now().Add(-72*time.Hour).UTC().Format(time.RFC3339)),
			`"calls":0,`)
	}, 20*time.Second, 200*time.Millisecond, "the rollups of the seeded traffic")

	// Pushing the demo key past 80% of its quota warns the developer in the portal.
	for ok := 1; ok < 51; {
		req, _ := http.NewRequest("GET", "http://"+gwAddr+"/acme/weather/current?city=Lisbon", nil)
		req.Header.Set("Authorization", "Bearer "+demoKey)
		resp, err := client.Do(req)
		require.NoError(t, err)
		resp.Body.Close()
		if resp.StatusCode == 200 {
			ok++
		} else {
			require.Equal(t, 429, resp.StatusCode)
			time.Sleep(100 * time.Millisecond) // the Free plan allows 10 calls a second
		}
	}
	require.Eventually(t, func() bool { return strings.Contains(get("/api/v1/tenants/acme/notifications"), "used 80% of its") },
		20*time.Second, 200*time.Millisecond, "the 80%% warning")

	cancel()
	select {
	case err := <-done:
		require.NoError(t, err)
	case <-time.After(10 * time.Second):
		t.Fatal("did not shut down")
	}
	assert.Contains(t, logs.String(), `"msg":"shutting down"`)
	assert.Contains(t, logs.String(), `"msg":"stopped"`)
	assert.NotContains(t, logs.String(), "tollgate-owner-demo", "passwords never reach the log")
}
