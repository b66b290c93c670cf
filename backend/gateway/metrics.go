package gateway

import (
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// Metrics are the gateway's Prometheus metrics.
type Metrics struct {
	requests      *prometheus.CounterVec
	latency       *prometheus.HistogramVec
	reloads       prometheus.Counter
	checks        prometheus.Counter
	reloadErrors  prometheus.Counter
	reloadSeconds prometheus.Histogram
	flushSeconds  prometheus.Histogram
	flushErrors   prometheus.Counter
	logDrops      prometheus.Counter
	byCode        []prometheus.Counter
	latByCode     []prometheus.Observer
}

// NewMetrics registers the gateway's metrics with reg (nil: not registered, for tests).
func NewMetrics(reg prometheus.Registerer) *Metrics {
	m := &Metrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "tollgate_gateway_requests_total",
			Help: "Gateway calls by decision code."}, []string{"code"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "tollgate_gateway_request_duration_seconds",
			Help: "Gateway call latency by decision code.", Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10}},
			[]string{"code"}),
		reloads: prometheus.NewCounter(prometheus.CounterOpts{Name: "tollgate_gateway_snapshot_reloads_total", Help: "Snapshot reloads."}),
		checks: prometheus.NewCounter(prometheus.CounterOpts{Name: "tollgate_gateway_snapshot_checks_total",
			Help: "Periodic checks that found the snapshot current (no reload needed)."}),
		reloadErrors:  prometheus.NewCounter(prometheus.CounterOpts{Name: "tollgate_gateway_snapshot_reload_errors_total", Help: "Failed snapshot reloads."}),
		reloadSeconds: prometheus.NewHistogram(prometheus.HistogramOpts{Name: "tollgate_gateway_snapshot_reload_seconds", Help: "Time to load a snapshot."}),
		flushSeconds:  prometheus.NewHistogram(prometheus.HistogramOpts{Name: "tollgate_gateway_flush_seconds", Help: "Time to flush usage counts."}),
		flushErrors:   prometheus.NewCounter(prometheus.CounterOpts{Name: "tollgate_gateway_flush_errors_total", Help: "Failed usage flushes (counts are kept and retried)."}),
		logDrops:      prometheus.NewCounter(prometheus.CounterOpts{Name: "tollgate_gateway_call_logs_dropped_total", Help: "Call logs dropped because the writer fell behind or failed."}),
	}
	for c := Allow; c <= PayloadTooLarge; c++ {
		m.byCode = append(m.byCode, m.requests.WithLabelValues(c.String()))
		m.latByCode = append(m.latByCode, m.latency.WithLabelValues(c.String()))
	}
	if reg != nil {
		reg.MustRegister(m.requests, m.latency, m.reloads, m.checks, m.reloadErrors, m.reloadSeconds, m.flushSeconds, m.flushErrors, m.logDrops)
	}
	return m
}

func (m *Metrics) observe(c Code, d time.Duration) {
	m.byCode[c].Inc()
	m.latByCode[c].Observe(d.Seconds())
}

// SnapshotAge registers a gauge of the snapshot's age, read from age at scrape time.
func (m *Metrics) SnapshotAge(reg prometheus.Registerer, age func() float64) {
	reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "tollgate_gateway_snapshot_age_seconds",
		Help: "Seconds since the gateway's snapshot was last known to be current."}, age))
}
