package httpapi_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"tollgate/backend/analytics"
	"tollgate/backend/postgres"
	"tollgate/backend/tollgate"
)

// TestAnalyticsAPI: the dashboards' endpoints answer from the rollups, scoped to what the caller may see, and refuse
// bad ranges and other tenants' objects.
func TestAnalyticsAPI(t *testing.T) {
	s, _ := newServer(t, testConfig())
	w := newWorld(t, s)
	T := "/api/v1/tenants/" + w.vars["acme"]
	ctx := context.Background()
	acme, err := postgres.NewTenantService(testDB).TenantBySlug(ctx, w.vars["acme"])
	require.NoError(t, err)

	gw := postgres.NewGatewayStore(testDB)
	now := time.Now().UTC()
	require.NoError(t, gw.PrepareCallLogs(ctx, now.Add(-48*time.Hour), now.Add(24*time.Hour), now.Add(-72*time.Hour)))
	var logs []tollgate.CallLog
	for i := range 30 {
		code, status := "ok", 200
		switch {
		case i%10 == 0:
			code, status = "quota_exhausted", 402
		case i%7 == 0:
			status = 503
		}
		logs = append(logs, tollgate.CallLog{Time: now.Add(-time.Duration(i+5) * time.Minute), RequestID: "r", TenantID: acme.ID,
			APIID: w.vars["apiA"], ApplicationID: w.vars["appA"], SubscriptionID: w.vars["subA"], Method: "GET", Path: "/x",
			Code: code, Status: status, Latency: time.Duration(i) * time.Millisecond})
	}
	require.NoError(t, gw.WriteCallLogs(ctx, logs))
	_, err = analytics.New(postgres.NewAnalyticsStore(testDB), analytics.Options{}).RollUp(ctx, now)
	require.NoError(t, err)

	r := do(s, "GET", T+"/analytics/summary", w.tokens["dev"], "")
	require.Equal(t, 200, r.Status, r.Body)
	totals := r.json(t)["totals"].(map[string]any)
	assert.EqualValues(t, 30, totals["calls"])
	assert.EqualValues(t, 3, totals["refusals"])
	assert.Contains(t, r.Body, `"code":"quota_exhausted","status":402,"calls":3`)
	r = do(s, "GET", T+"/analytics/timeseries?from="+now.Add(-time.Hour).Format(time.RFC3339), w.tokens["owner"], "")
	require.Equal(t, 200, r.Status, r.Body)
	assert.Equal(t, "minute", r.json(t)["grain"])
	assert.Len(t, r.json(t)["points"], 61)

	// The billing member sees everything; a member of another tenant nothing here.
	r = do(s, "GET", T+"/analytics/summary", w.tokens["billing"], "")
	assert.EqualValues(t, 30, r.json(t)["totals"].(map[string]any)["calls"])

	for _, c := range []struct {
		query  string
		status int
		want   string
	}{
		{"?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z", 422, `"field":"to"`},
		{"?to=" + now.Add(24*time.Hour).Format(time.RFC3339), 422, "in the future"},
		{"?from=" + now.AddDate(0, 0, -120).Format(time.RFC3339), 422, "90 days"},
		{"?from=yesterday", 422, `"field":"from"`},
		{"?grain=week", 422, `"field":"grain"`},
		{"?api_id=" + w.vars["apiB"], 404, "not found"},
		{"?application_id=" + w.vars["appB"], 404, "not found"},
	} {
		r := do(s, "GET", T+"/analytics/timeseries"+c.query, w.tokens["owner"], "")
		assert.Equal(t, c.status, r.Status, "%s: %s", c.query, r.Body)
		assert.Contains(t, r.Body, c.want, c.query)
	}
	r = do(s, "GET", "/api/v1/tenants/"+w.vars["other"]+"/analytics/summary", w.tokens["dev"], "")
	assert.Equal(t, 404, r.Status)

	// The developer's quota view.
	r = do(s, "PATCH", T+"/apis/"+w.vars["apiA"]+"/plans/"+w.vars["planA"], w.tokens["owner"], `{"monthly_quota":100}`)
	require.Equal(t, 200, r.Status, r.Body)
	require.NoError(t, testDB.QueryRowForTests(`INSERT INTO usage_counters (subscription_id, period_start, calls)
		VALUES ($1, date_trunc('month', now(), 'UTC'), 85) RETURNING calls`, w.vars["subA"]).Scan(new(int)))
	r = do(s, "GET", T+"/applications/"+w.vars["appA"]+"/usage", w.tokens["dev"], "")
	require.Equal(t, 200, r.Status, r.Body)
	item := r.json(t)["items"].([]any)[0].(map[string]any)
	assert.EqualValues(t, 85, item["used"])
	assert.EqualValues(t, 15, item["remaining"])
	assert.EqualValues(t, 85, item["percent"])
	assert.NotEmpty(t, item["period_end"])
	assert.Equal(t, []any{80.0, 90.0, 100.0}, item["alert_thresholds"])
	r = do(s, "GET", T+"/applications/"+w.vars["appA"]+"/calls?refused=true", w.tokens["dev"], "")
	require.Equal(t, 200, r.Status, r.Body)
	assert.Contains(t, r.Body, "quota_exhausted")
	assert.NotContains(t, r.Body, `"code":"ok"`)
	r = do(s, "GET", T+"/billing/usage", w.tokens["billing"], "")
	assert.Equal(t, 200, r.Status, r.Body)
	r = do(s, "GET", T+"/billing/usage", w.tokens["dev"], "")
	assert.Equal(t, 403, r.Status, r.Body)
}
