// Package analytics keeps usage rollups built from the gateway's call logs (per minute, hour and day, with mergeable
// latency histograms) and answers the dashboards from them.
package analytics

import (
	"context"
	"log/slog"
	"math"
	"time"

	"tollgate/backend/gateway"
	"tollgate/backend/postgres"
	"tollgate/backend/tollgate"
)

// Bounds are the latency histogram's bucket bounds in microseconds: bucket 0 holds calls faster than Bounds[0],
// bucket i calls in [Bounds[i-1], Bounds[i]), the last one everything slower. Changing them needs a new rollup table.
var Bounds = []int64{250, 500, 1_000, 2_000, 3_000, 5_000, 7_500, 10_000, 15_000, 20_000, 30_000, 50_000, 75_000, 100_000,
	150_000, 200_000, 300_000, 500_000, 750_000, 1_000_000, 2_000_000, 5_000_000, 10_000_000, 30_000_000}

// Percentile returns the q-quantile (0 < q ≤ 1) of a histogram over Bounds in milliseconds, interpolating inside the
// bucket that holds it; 0 for an empty histogram.
func Percentile(hist []int64, q float64) float64 {
	var total int64
	for _, n := range hist {
		total += n
	}
	if total == 0 {
		return 0
	}
	rank := int64(math.Ceil(q * float64(total)))
	var seen int64
	for i, n := range hist {
		if n == 0 || seen+n < rank {
			seen += n
			continue
		}
		lo, hi := int64(0), Bounds[len(Bounds)-1]
		if i > 0 {
			lo = Bounds[min(i, len(Bounds))-1]
		}
		if i < len(Bounds) {
			hi = Bounds[i]
		}
		v := float64(lo) + float64(hi-lo)*float64(rank-seen)/float64(n)
		return math.Round(v/10) / 100 // µs to ms, two decimals
	}
	return float64(Bounds[len(Bounds)-1]) / 1000
}

// Options configure the rollup job.
type Options struct {
	Interval time.Duration // how often the rollups catch up (default 10 s)
	Delay    time.Duration // how old calls are before they are rolled up, so late log batches are in (default 30 s)
	Log      *slog.Logger
}

// Service answers the dashboards (tollgate.AnalyticsService) and runs the rollup job.
type Service struct {
	store *postgres.AnalyticsStore
	opt   Options
	now   func() time.Time
}

var _ tollgate.AnalyticsService = (*Service)(nil)

// New returns the analytics service.
func New(store *postgres.AnalyticsStore, opt Options) *Service {
	if opt.Interval <= 0 {
		opt.Interval = 10 * time.Second
	}
	if opt.Delay <= 0 {
		opt.Delay = 30 * time.Second
	}
	if opt.Log == nil {
		opt.Log = slog.Default()
	}
	return &Service{store: store, opt: opt, now: func() time.Time { return time.Now().UTC() }}
}

// RollUp brings the rollups up to `until`.
func (s *Service) RollUp(ctx context.Context, until time.Time) (time.Time, error) {
	return s.store.RollUp(ctx, until, Bounds, 24*time.Hour)
}

// Run rolls up every interval and prunes old rollups daily, until ctx ends.
func (s *Service) Run(ctx context.Context) {
	t := time.NewTicker(s.opt.Interval)
	defer t.Stop()
	var pruned time.Time
	for {
		if _, err := s.RollUp(ctx, s.now().Add(-s.opt.Delay)); err != nil && ctx.Err() == nil {
			s.opt.Log.Error("roll up call logs", "err", err)
		}
		if s.now().Sub(pruned) > 24*time.Hour {
			if n, err := s.store.PruneRollups(ctx, s.now()); err != nil && ctx.Err() == nil {
				s.opt.Log.Error("prune rollups", "err", err)
			} else {
				pruned = s.now()
				if n > 0 {
					s.opt.Log.Info("pruned rollups", "rows", n)
				}
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// Limits of a query's range per grain.
var maxRange = map[string]time.Duration{"minute": 48 * time.Hour, "hour": 90 * 24 * time.Hour, "day": 2 * 366 * 24 * time.Hour}

// check validates a query's range and picks its grain: minutes up to 6 hours, hours up to 14 days, else days.
func (s *Service) check(q *tollgate.AnalyticsQuery) error {
	var p tollgate.Problems
	now := s.now()
	switch {
	case q.From.IsZero() || q.To.IsZero():
		p.Add("from", "from and to are both required (RFC 3339 times)")
	case !q.From.Before(q.To):
		p.Add("to", "must be after from")
	case q.To.After(now.Add(time.Minute)):
		p.Add("to", "is in the future")
	case q.To.Sub(q.From) > 90*24*time.Hour && q.Grain != "day":
		p.Add("from", "the range is longer than 90 days; use grain=day for longer ranges")
	}
	if err := p.Err(); err != nil {
		return err
	}
	span := q.To.Sub(q.From)
	if q.Grain == "" {
		switch {
		case span <= 6*time.Hour:
			q.Grain = "minute"
		case span <= 14*24*time.Hour:
			q.Grain = "hour"
		default:
			q.Grain = "day"
		}
	}
	limit, ok := maxRange[q.Grain]
	switch {
	case !ok:
		p.Add("grain", "must be minute, hour or day")
	case span > limit:
		p.Add("grain", "%s buckets cover at most %s; choose a coarser grain or a shorter range", q.Grain, limit)
	}
	return p.Err()
}

func truncate(t time.Time, grain string) time.Time {
	t = t.UTC()
	switch grain {
	case "minute":
		return t.Truncate(time.Minute)
	case "hour":
		return t.Truncate(time.Hour)
	}
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

func next(t time.Time, grain string) time.Time {
	switch grain {
	case "minute":
		return t.Add(time.Minute)
	case "hour":
		return t.Add(time.Hour)
	}
	return t.AddDate(0, 0, 1)
}

func point(r postgres.RollupRow) tollgate.SeriesPoint {
	return tollgate.SeriesPoint{Bucket: r.Bucket.UTC(), Calls: r.Calls, Status1xx: r.S1, Status2xx: r.S2, Status3xx: r.S3,
		Status4xx: r.S4, Status5xx: r.S5, Errors: r.Errors, Refusals: r.Refusals, BytesIn: r.BytesIn, BytesOut: r.BytesOut,
		Billable: r.Billable, P50: Percentile(r.Hist, 0.50), P95: Percentile(r.Hist, 0.95), P99: Percentile(r.Hist, 0.99)}
}

// Timeseries returns traffic per bucket over the range, every bucket present (empty ones as zeros).
func (s *Service) Timeseries(ctx context.Context, tenantID string, q tollgate.AnalyticsQuery) (*tollgate.Series, error) {
	if err := s.check(&q); err != nil {
		return nil, err
	}
	q.From, q.To = truncate(q.From, q.Grain), q.To.UTC()
	rows, err := s.store.Series(ctx, tenantID, q)
	if err != nil {
		return nil, err
	}
	out := &tollgate.Series{From: q.From, To: q.To, Grain: q.Grain, Points: []tollgate.SeriesPoint{}}
	i := 0
	for b := q.From; b.Before(q.To); b = next(b, q.Grain) {
		if i < len(rows) && rows[i].Bucket.Equal(b) {
			out.Points = append(out.Points, point(rows[i]))
			i++
			continue
		}
		out.Points = append(out.Points, tollgate.SeriesPoint{Bucket: b})
	}
	return out, nil
}

// Summary returns the range's totals and breakdowns.
func (s *Service) Summary(ctx context.Context, tenantID string, q tollgate.AnalyticsQuery) (*tollgate.Summary, error) {
	if err := s.check(&q); err != nil {
		return nil, err
	}
	q.From = truncate(q.From, q.Grain)
	t, err := s.store.Totals(ctx, tenantID, q)
	if err != nil {
		return nil, err
	}
	out, err := s.store.Breakdowns(ctx, tenantID, q)
	if err != nil {
		return nil, err
	}
	p := point(t)
	out.Totals = tollgate.Totals{Calls: p.Calls, Errors: p.Errors, Refusals: p.Refusals, P50: p.P50, P95: p.P95, P99: p.P99,
		Billable: p.Billable, BytesIn: p.BytesIn, BytesOut: p.BytesOut}
	if p.Calls > 0 {
		out.Totals.ErrorRate = float64(p.Errors) / float64(p.Calls)
	}
	for i, c := range out.RefusalsByCode {
		out.RefusalsByCode[i].Status = gateway.StatusOf(c.Code)
	}
	return out, nil
}

// AppUsage returns an application's quota use this period.
func (s *Service) AppUsage(ctx context.Context, tenantID, appID string) ([]tollgate.QuotaUsage, error) {
	rows, err := s.store.AppUsage(ctx, tenantID, appID)
	if err != nil {
		return nil, err
	}
	for i := range rows {
		if q := rows[i].Quota; q != nil {
			left := max(*q-rows[i].Used, 0)
			pct := 100.0
			if *q > 0 {
				pct = math.Round(float64(rows[i].Used)*10000/float64(*q)) / 100
			}
			rows[i].Remaining, rows[i].Percent = &left, &pct
		}
	}
	return rows, nil
}

// BillingUsage compares paid subscriptions' counted usage with what was reported to Stripe.
func (s *Service) BillingUsage(ctx context.Context, tenantID string) ([]tollgate.BillableUsage, error) {
	return s.store.BillingUsage(ctx, tenantID)
}
