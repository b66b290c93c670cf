package analytics_test

import (
	"context"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"tollgate/backend/analytics"
	"tollgate/backend/postgres"
	"tollgate/backend/postgres/pgtest"
	"tollgate/backend/tollgate"
)

var testDB *postgres.DB

func TestMain(m *testing.M) { pgtest.Main(m, &testDB) }

func TestPercentile(t *testing.T) {
	hist := make([]int64, len(analytics.Bounds)+1)
	assert.Zero(t, analytics.Percentile(hist, 0.5))
	hist[2] = 100 // 100 calls between 0.5 and 1 ms
	assert.InDelta(t, 0.75, analytics.Percentile(hist, 0.5), 0.01)
	assert.InDelta(t, 1.0, analytics.Percentile(hist, 1), 0.01)
	hist[len(hist)-1] = 100 // and 100 slower than 30 s
	assert.InDelta(t, 30000, analytics.Percentile(hist, 0.99), 0.01)
}

type world struct {
	tenant                 *tollgate.Tenant
	apiA, apiB             string
	appA, appB, subA, subB string
	planA                  string
}

func newWorld(t *testing.T) *world {
	ctx := context.Background()
	users, tenants, teams := postgres.NewUserService(testDB), postgres.NewTenantService(testDB), postgres.NewTeamService(testDB)
	apis, plans, apps, subs := postgres.NewAPIService(testDB), postgres.NewPlanService(testDB), postgres.NewApplicationService(testDB),
		postgres.NewSubscriptionService(testDB)
	owner := &tollgate.User{Email: "o" + time.Now().Format("150405.000000") + "@example.com", Name: "O", PasswordHash: "x"}
	require.NoError(t, users.CreateUser(ctx, owner))
	ctx = tollgate.WithActor(ctx, tollgate.Actor{UserID: owner.ID})
	w := &world{tenant: &tollgate.Tenant{Slug: "t" + time.Now().Format("150405000000"), Name: "T"}}
	require.NoError(t, tenants.CreateTenant(ctx, w.tenant, owner.ID))
	team := &tollgate.Team{TenantID: w.tenant.ID, Name: "Team"}
	require.NoError(t, teams.CreateTeam(ctx, team))
	var ids []string
	for i, base := range []string{"/a", "/b"} {
		api := &tollgate.API{TenantID: w.tenant.ID, TeamID: team.ID, Name: "API " + base, BasePath: base, UpstreamURL: "https://x.example.com"}
		require.NoError(t, api.Validate(nil))
		require.NoError(t, apis.CreateAPI(ctx, api))
		_, err := apis.SetLifecycle(ctx, w.tenant.ID, api.ID, tollgate.ActionPublish, nil)
		require.NoError(t, err)
		plan := &tollgate.Plan{TenantID: w.tenant.ID, APIID: api.ID, Name: "Free"}
		require.NoError(t, plans.CreatePlan(ctx, plan))
		app := &tollgate.Application{TenantID: w.tenant.ID, TeamID: team.ID, Name: "App " + string(rune('A'+i))}
		require.NoError(t, apps.CreateApplication(ctx, app))
		sub := &tollgate.Subscription{TenantID: w.tenant.ID, ApplicationID: app.ID, PlanID: plan.ID, Reason: "x"}
		require.NoError(t, subs.RequestSubscription(ctx, sub))
		ids = append(ids, api.ID, app.ID, sub.ID, plan.ID)
	}
	w.apiA, w.appA, w.subA, w.planA, w.apiB, w.appB, w.subB = ids[0], ids[1], ids[2], ids[3], ids[4], ids[5], ids[6]
	return w
}

// TestRollupsMatchRawLogs: random traffic around minute, hour and day boundaries, rolled up in several runs, gives
// per bucket exactly what a direct count over the raw logs gives, at every grain.
func TestRollupsMatchRawLogs(t *testing.T) {
	if testing.Short() {
		t.Skip("integration test: needs PostgreSQL")
	}
	ctx := context.Background()
	w := newWorld(t)
	gw := postgres.NewGatewayStore(testDB)
	// Two days ending 10 minutes ago, crossing midnight UTC.
	end := time.Now().UTC().Add(-10 * time.Minute).Truncate(time.Minute)
	start := end.Add(-48 * time.Hour)
	require.NoError(t, gw.PrepareCallLogs(ctx, start.Add(-24*time.Hour), end.Add(24*time.Hour), start.Add(-48*time.Hour)))
	r := rand.New(rand.NewPCG(1, 2))
	codes := []struct {
		code   string
		status int
	}{{"ok", 200}, {"ok", 201}, {"ok", 304}, {"ok", 404}, {"ok", 503}, {"quota_exhausted", 402}, {"rate_limited", 429}, {"invalid_api_key", 401}}
	var logs []tollgate.CallLog
	for i := range 3000 {
		var at time.Time
		if i%3 == 0 { // a third right at boundaries: the last and first second of minutes, hours and midnight
			b := end.Truncate(time.Hour).Add(-time.Duration(r.IntN(40)) * time.Hour)
			at = b.Add(time.Duration(r.IntN(2000)-1000) * time.Millisecond)
		} else {
			at = start.Add(time.Duration(r.Int64N(int64(end.Sub(start)))))
		}
		if !at.Before(end) || at.Before(start) {
			continue
		}
		c := codes[r.IntN(len(codes))]
		l := tollgate.CallLog{Time: at, RequestID: "r", TenantID: w.tenant.ID, Method: "GET", Path: "/x", Code: c.code, Status: c.status,
			Latency: time.Duration(r.IntN(400_000)) * time.Microsecond, BytesIn: int64(r.IntN(100)), BytesOut: int64(r.IntN(5000))}
		if c.code != "invalid_api_key" {
			if r.IntN(2) == 0 {
				l.APIID, l.ApplicationID, l.SubscriptionID = w.apiA, w.appA, w.subA
			} else {
				l.APIID, l.ApplicationID, l.SubscriptionID = w.apiB, w.appB, w.subB
			}
		}
		logs = append(logs, l)
	}
	require.NoError(t, gw.WriteCallLogs(ctx, logs))

	svc := analytics.New(postgres.NewAnalyticsStore(testDB), analytics.Options{})
	// Several runs, as the job would make them: half-way, then to the end (and once more: nothing changes).
	for _, until := range []time.Time{start.Add(17*time.Hour + 30*time.Minute), end, end} {
		_, err := svc.RollUp(ctx, until)
		require.NoError(t, err)
	}

	for _, grain := range []string{"minute", "hour", "day"} {
		var mismatches int
		require.NoError(t, testDB.QueryRowForTests(`
			WITH raw AS (
				SELECT date_trunc($2, ts, 'UTC') AS bucket, api_id, code, count(*) AS calls, count(*) FILTER (WHERE status >= 500) AS errors,
					sum(bytes_out) AS bytes_out, sum(latency_us) AS lat, count(*) FILTER (WHERE code = 'ok' AND status < 400) AS billable
				FROM call_logs WHERE tenant_id = $1 GROUP BY 1, 2, 3),
			rolled AS (
				SELECT bucket, api_id, code, sum(calls) AS calls, sum(errors) AS errors, sum(bytes_out) AS bytes_out,
					sum(latency_sum_us) AS lat, sum(billable) AS billable
				FROM usage_rollups WHERE tenant_id = $1 AND grain = $2 GROUP BY 1, 2, 3)
			SELECT count(*) FROM raw FULL JOIN rolled ON raw.bucket = rolled.bucket AND raw.code = rolled.code
				AND COALESCE(raw.api_id::text, '') = COALESCE(rolled.api_id::text, '')
			WHERE raw.calls IS DISTINCT FROM rolled.calls OR raw.errors IS DISTINCT FROM rolled.errors
				OR raw.bytes_out IS DISTINCT FROM rolled.bytes_out OR raw.lat IS DISTINCT FROM rolled.lat
				OR raw.billable IS DISTINCT FROM rolled.billable`, w.tenant.ID, grain).Scan(&mismatches))
		assert.Zero(t, mismatches, "%s rollups differ from the raw logs", grain)
	}
	var histTotal, calls int64
	require.NoError(t, testDB.QueryRowForTests(`SELECT (SELECT sum(x) FROM usage_rollups, unnest(latency_hist) x WHERE tenant_id = $1 AND grain = 'hour'),
		(SELECT count(*) FROM call_logs WHERE tenant_id = $1)`, w.tenant.ID).Scan(&histTotal, &calls))
	assert.Equal(t, calls, histTotal, "every call is in a latency bucket")

	// The dashboards: totals over the whole range equal the raw count; a filter narrows it; the series has every bucket.
	q := tollgate.AnalyticsQuery{From: start, To: end}
	sum, err := svc.Summary(ctx, w.tenant.ID, q)
	require.NoError(t, err)
	assert.Equal(t, calls, sum.Totals.Calls)
	assert.Equal(t, "hour", func() string { s, _ := svc.Timeseries(ctx, w.tenant.ID, q); return s.Grain }())
	series, err := svc.Timeseries(ctx, w.tenant.ID, q)
	require.NoError(t, err)
	assert.Len(t, series.Points, 49, "48 hours, not aligned to the hour: 49 buckets")
	var fromSeries int64
	for _, p := range series.Points {
		fromSeries += p.Calls
		assert.Equal(t, p.Calls, p.Status1xx+p.Status2xx+p.Status3xx+p.Status4xx+p.Status5xx)
	}
	assert.Equal(t, calls, fromSeries)
	var rawA int64
	require.NoError(t, testDB.QueryRowForTests(`SELECT count(*) FROM call_logs WHERE tenant_id = $1 AND api_id = $2`, w.tenant.ID, w.apiA).Scan(&rawA))
	onlyA, err := svc.Summary(ctx, w.tenant.ID, tollgate.AnalyticsQuery{From: start, To: end, APIID: w.apiA})
	require.NoError(t, err)
	assert.Equal(t, rawA, onlyA.Totals.Calls)
	require.NotEmpty(t, onlyA.RefusalsByCode)
	for _, c := range onlyA.RefusalsByCode {
		assert.Contains(t, []int{402, 429}, c.Status, c.Code)
	}
	assert.Greater(t, sum.Totals.P99, sum.Totals.P50)
	none, err := svc.Summary(ctx, w.tenant.ID, tollgate.AnalyticsQuery{From: start, To: end, TeamIDs: []string{}})
	require.NoError(t, err)
	assert.Zero(t, none.Totals.Calls, "a member of no team sees nothing")

	for _, bad := range []tollgate.AnalyticsQuery{
		{From: end, To: start}, {From: start, To: time.Now().Add(time.Hour)}, {From: end.AddDate(0, 0, -100), To: end},
		{From: start.Add(-time.Hour), To: end, Grain: "minute"}, {From: start, To: end, Grain: "week"}, {},
	} {
		_, err := svc.Timeseries(ctx, w.tenant.ID, bad)
		assert.Equal(t, tollgate.CodeValidation, tollgate.ErrorCode(err), "%+v: %v", bad, err)
	}
}
