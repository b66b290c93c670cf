package seed

import (
	"context"
	"math"
	"math/rand/v2"
	"time"

	"tollgate/backend/tollgate"
)

// MobileUsage is the Mobile App's seeded usage this month: 75% of the Free plan's 1,000 calls, so about fifty more
// calls cross the 80% warning.
const MobileUsage = 750

// traffic writes three days of realistic calls to the Weather API ending now (busier by day, a few errors and
// refusals), and sets the Mobile App's usage this month.
func traffic(ctx context.Context, gw tollgate.GatewayStore, tenantID string, ids demoIDs, now time.Time) error {
	start := now.Add(-72 * time.Hour).Truncate(time.Minute)
	if err := gw.PrepareCallLogs(ctx, start.Add(-24*time.Hour), now.Add(48*time.Hour), start.Add(-30*24*time.Hour)); err != nil {
		return err
	}
	r := rand.New(rand.NewPCG(uint64(now.Unix()), 7))
	paths := []string{"/current", "/current", "/current", "/forecast"}
	cities := []string{"Lisbon", "Paris", "Berlin", "Madrid", "Oslo", "Rome"}
	var logs []tollgate.CallLog
	mobile := 0
	for at := start; at.Before(now.Add(-2 * time.Minute)); at = at.Add(time.Minute) {
		hour := float64(at.Hour()) + float64(at.Minute())/60
		busy := 0.35 + 0.65*math.Max(0, math.Sin((hour-6)/24*2*math.Pi)) // quiet at night, busiest mid-afternoon
		n := int(6*busy) + r.IntN(3)
		for range n {
			l := tollgate.CallLog{Time: at.Add(time.Duration(r.IntN(60_000)) * time.Millisecond), RequestID: "seed", TenantID: tenantID,
				APIID: ids.apiID, ApplicationID: ids.partnerApp, SubscriptionID: ids.partnerSub, KeyPrefix: "tg_live_demo",
				Method: "GET", Path: "/acme/weather" + paths[r.IntN(len(paths))] + "?city=" + cities[r.IntN(len(cities))],
				Code: "ok", Status: 200, ClientIP: "203.0.113.7"}
			if r.IntN(10) == 0 && mobile < MobileUsage {
				l.ApplicationID, l.SubscriptionID, l.ClientIP = ids.mobileApp, ids.mobileSub, "198.51.100.23"
				mobile++
			}
			switch p := r.Float64(); {
			case p < 0.008:
				l.Status, l.Code = 502, "upstream_unavailable"
			case p < 0.02:
				l.Status = 500
			case p < 0.035:
				l.Status, l.Code = 429, "rate_limited"
			case p < 0.045:
				l.Status, l.Code, l.APIID, l.ApplicationID, l.SubscriptionID = 401, "invalid_api_key", "", "", ""
			case p < 0.06:
				l.Status = 404
			}
			l.Upstream = time.Duration(8_000+r.ExpFloat64()*25_000) * time.Microsecond
			l.Latency = l.Upstream + time.Duration(150+r.IntN(400))*time.Microsecond
			if l.Code != "ok" && l.Code != "upstream_unavailable" {
				l.Upstream, l.Latency = 0, time.Duration(80+r.IntN(200))*time.Microsecond
			}
			l.BytesOut = int64(90 + r.IntN(400))
			logs = append(logs, l)
		}
	}
	for len(logs) > 0 {
		n := min(len(logs), 5000)
		if err := gw.WriteCallLogs(ctx, logs[:n]); err != nil {
			return err
		}
		logs = logs[n:]
	}
	month := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.UTC)
	_, err := gw.AddUsage(ctx, []tollgate.UsageDelta{{SubscriptionID: ids.mobileSub, PeriodStart: month, Calls: MobileUsage}})
	return err
}
