package gateway

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httputil"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"tollgate/backend/tollgate"
)

type ctxKey struct{}

// call is what a request carries through the proxy, for the response hooks and the log.
type call struct {
	rt       *route
	key      *Key
	sub      *Subscription
	id       string
	upstream time.Duration
	sent     time.Time
	failure  Code
}

// ServeHTTP decides a call and proxies it or refuses it.
func (g *Gateway) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := g.now()
	// Health checks are answered before anything is counted or logged.
	switch r.URL.Path {
	case "/healthz":
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"status":"ok"}`))
		return
	case "/readyz":
		ok, age := g.Ready()
		w.Header().Set("Content-Type", "application/json")
		status := http.StatusOK
		if !ok {
			status = http.StatusServiceUnavailable
		}
		w.WriteHeader(status)
		_, _ = io.WriteString(w, `{"status":"`+map[bool]string{true: "ok", false: "unavailable"}[ok]+`","snapshot_age_seconds":`+
			strconv.FormatFloat(age.Seconds(), 'f', 3, 64)+`}`)
		return
	}
	id := g.requestID(r)
	w.Header().Set("X-Request-Id", id)
	rw := &recorder{ResponseWriter: w}
	c := &call{id: id}
	code := g.serve(rw, r, c, start)
	g.finish(r, rw, c, code, start)
}

func (g *Gateway) serve(w *recorder, r *http.Request, c *call, now time.Time) Code {
	s := g.snap.Load()
	if ok, _ := g.Ready(); !ok || s == nil {
		g.writeProblem(w, refusal{code: GatewayUnavailable, requestID: c.id, retryAfter: 5 * time.Second})
		return GatewayUnavailable
	}
	tenant, rest, ok := splitPath(r)
	if !ok {
		g.writeProblem(w, refusal{code: BadRequest, requestID: c.id})
		return BadRequest
	}
	rt, upstreamPath := s.findRoute(tenant, rest)
	var f Facts
	f.ClientIP = clientIP(r)
	f.Route = routeOf(rt)
	key, present := keyFrom(r, rt)
	f.KeyPresent = present
	if present {
		f.Key, f.KeyWellFormed = g.lookupKey(s, key)
		if f.Key != nil && rt != nil && f.Key.TenantID != rt.TenantID {
			f.Key = nil // another tenant's key is unknown here
		}
	}
	c.rt, c.key = rt, f.Key
	var ctr *counter
	var periodEnd time.Time
	if f.Key != nil && rt != nil {
		f.Sub = s.subs[subKey{f.Key.AppID, rt.APIID}]
		if f.Sub != nil {
			var start time.Time
			start, periodEnd = f.Sub.period(now)
			ctr = g.counters.get(f.Sub.ID, start, periodEnd)
			f.QuotaUsed = ctr.used.Load()
		}
	}
	c.sub = f.Sub
	v := Decide(&f, now)
	reserved := false
	if v.Code == Allow {
		p := f.Sub.Plan
		// Hold a place in the quota before calling upstream, so concurrent calls cannot pass it.
		if p.Quota >= 0 && p.BlockOverage {
			if !ctr.reserve(p.Quota) {
				f.QuotaUsed = p.Quota
				v = Decide(&f, now)
			} else {
				reserved = true
			}
		}
		if v.Code == Allow && (p.RatePerSecond > 0 || p.RatePerMinute > 0) {
			a, err := g.limiter.Allow(r.Context(), subKey{f.Key.AppID, rt.APIID}, p.RatePerSecond, p.RatePerMinute)
			switch {
			case err != nil:
				g.opt.Log.Warn("gateway: rate limiter", "err", err) // a broken limiter does not refuse paying callers
			case !a.OK:
				f.RateLimited, f.RetryAfter = true, a.RetryAfter
				v = Decide(&f, now)
			default:
				h := w.Header()
				h.Set("RateLimit-Limit", strconv.Itoa(a.Limit))
				h.Set("RateLimit-Remaining", strconv.Itoa(a.Remaining))
				h.Set("RateLimit-Reset", strconv.Itoa(int((a.Reset+time.Second-1)/time.Second)))
			}
		}
		if v.Code != Allow && reserved {
			ctr.add(-1)
			reserved = false
		}
	}
	if v.Code != Allow {
		rf := refusal{code: v.Code, requestID: c.id, sub: f.Sub, route: rt}
		switch v.Code {
		case QuotaExhausted:
			rf.quota = &quotaInfo{Limit: f.Sub.Plan.Quota, Used: f.QuotaUsed, ResetsAt: periodEnd}
			rf.retryAfter = periodEnd.Sub(now)
		case RateLimited:
			rf.retryAfter = f.RetryAfter
		}
		g.writeProblem(w, rf)
		return v.Code
	}

	// Allowed: tell the caller where they stand, then proxy.
	h := w.Header()
	p := f.Sub.Plan
	if p.RatePerSecond > 0 {
		h.Set("RateLimit-Policy", strconv.Itoa(p.RatePerSecond)+";w=1")
	} else if p.RatePerMinute > 0 {
		h.Set("RateLimit-Policy", strconv.Itoa(p.RatePerMinute)+";w=60")
	}
	if v.QuotaLeft >= 0 {
		h.Set("X-Quota-Limit", strconv.FormatInt(p.Quota, 10))
		h.Set("X-Quota-Remaining", strconv.FormatInt(v.QuotaLeft, 10))
		h.Set("X-Quota-Reset", periodEnd.UTC().Format(time.RFC3339))
	}
	if v.GraceWarn {
		h.Set("Warning", `299 tollgate "payment past due; access ends at `+f.Sub.GraceEndsAt.UTC().Format(time.RFC3339)+`"`)
		h.Set("Tollgate-Grace-Ends", f.Sub.GraceEndsAt.UTC().Format(time.RFC3339))
	}
	if !rt.SunsetAt.IsZero() {
		h.Set("Sunset", rt.SunsetAt.UTC().Format(http.TimeFormat))
	}
	g.used.touch(f.Key.ID, now)

	r.Body = http.MaxBytesReader(w, r.Body, g.opt.MaxBodyBytes)
	ctx := context.WithValue(r.Context(), ctxKey{}, c)
	if rt.timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, rt.timeout)
		defer cancel()
	}
	out := r.WithContext(ctx)
	u := *r.URL // WithContext shares the URL: change a copy, the call log keeps the caller's path
	u.Path, u.RawPath = upstreamPath, ""
	out.URL = &u
	c.sent = g.now()
	rt.proxy.ServeHTTP(w, out)

	// Count the call if its response class counts for the plan; give back the reservation otherwise.
	status := w.status
	if c.failure != Allow {
		status = c.failure.Status()
	}
	counts := status >= 100 && status < 600 && f.Sub.terms.counted[status/100]
	switch {
	case reserved && !counts:
		ctr.add(-1)
	case !reserved && counts:
		ctr.add(1)
	}
	return c.failure
}

// remoteHost is the caller's address as the connection gave it, without the port (no parsing, no allocation).
func remoteHost(r *http.Request) string {
	a := r.RemoteAddr
	if i := strings.LastIndexByte(a, ':'); i > 0 {
		a = a[:i]
	}
	return strings.TrimSuffix(strings.TrimPrefix(a, "["), "]")
}

func routeOf(rt *route) *Route {
	if rt == nil {
		return nil
	}
	return &rt.Route
}

// newProxy makes the reverse proxy of one API. Every proxy shares the transport and the buffer pool.
func (g *Gateway) newProxy(upstream *url.URL, rt *route) *httputil.ReverseProxy {
	return &httputil.ReverseProxy{
		Rewrite: func(pr *httputil.ProxyRequest) {
			c, _ := pr.In.Context().Value(ctxKey{}).(*call)
			pr.SetURL(upstream)
			pr.SetXForwarded()
			h := pr.Out.Header
			// Credentials are for the gateway; identity headers come only from the gateway.
			h.Del("Authorization")
			h.Del("X-API-Key")
			h.Del("Cookie")
			for k := range h {
				if len(k) > 11 && (k[:11] == "X-Tollgate-" || k[:11] == "x-tollgate-") {
					delete(h, k)
				}
			}
			if c != nil {
				h.Set("X-Request-Id", c.id)
				// The values are built once per snapshot and shared read-only by every call.
				h["X-Tollgate-Tenant"] = c.rt.hdrTenant
				h["X-Tollgate-Api"] = c.rt.hdrAPI
				h["X-Tollgate-Application"] = c.sub.hdrApp
				h["X-Tollgate-Subscription"] = c.sub.hdrSub
				h["X-Tollgate-Plan"] = c.sub.terms.hdrPlan
				h.Set("X-Tollgate-Key-Prefix", c.key.Prefix)
			}
			if pr.Out.URL.RawQuery != "" && rt.AllowQueryKey {
				q := pr.Out.URL.Query()
				if q.Has("api_key") {
					q.Del("api_key")
					pr.Out.URL.RawQuery = q.Encode()
				}
			}
		},
		Transport:  sharedTransport,
		BufferPool: bufferPool{},
		ModifyResponse: func(resp *http.Response) error {
			if c, ok := resp.Request.Context().Value(ctxKey{}).(*call); ok {
				c.upstream = time.Since(c.sent)
			}
			return nil
		},
		ErrorHandler: func(w http.ResponseWriter, r *http.Request, err error) {
			c, _ := r.Context().Value(ctxKey{}).(*call)
			code := UpstreamUnavailable
			var maxErr *http.MaxBytesError
			switch {
			case errors.As(err, &maxErr):
				code = PayloadTooLarge
			case errors.Is(err, context.DeadlineExceeded):
				code = UpstreamTimeout
			case errors.Is(err, context.Canceled):
				code = ClientClosed
			}
			if c != nil {
				c.failure = code
				c.upstream = time.Since(c.sent)
			}
			if code == ClientClosed {
				w.WriteHeader(code.Status()) // nobody is listening
				return
			}
			id := ""
			if c != nil {
				id = c.id
			}
			g.writeProblem(w, refusal{code: code, requestID: id})
		},
	}
}

// sharedTransport keeps enough idle connections per upstream for sustained load (the default of 2 forces new ones).
var sharedTransport = &http.Transport{
	Proxy:                 nil,
	MaxIdleConns:          4096,
	MaxIdleConnsPerHost:   1024,
	IdleConnTimeout:       90 * time.Second,
	TLSHandshakeTimeout:   10 * time.Second,
	ExpectContinueTimeout: time.Second,
	ForceAttemptHTTP2:     true,
}

// bufferPool reuses the 32 KiB copy buffers of httputil.ReverseProxy: without it every response allocates one.
type bufferPool struct{}

var buffers = sync.Pool{New: func() any { b := make([]byte, 32*1024); return &b }}

func (bufferPool) Get() []byte  { return *(buffers.Get().(*[]byte)) }
func (bufferPool) Put(b []byte) { buffers.Put(&b) }

// recorder remembers the status and size of a response.
type recorder struct {
	http.ResponseWriter
	status int
	bytes  int64
}

func (r *recorder) WriteHeader(code int) {
	if r.status == 0 {
		r.status = code
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *recorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	n, err := r.ResponseWriter.Write(b)
	r.bytes += int64(n)
	return n, err
}

// Flush lets server-sent events through at once.
func (r *recorder) Flush() {
	if f, ok := r.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// Unwrap lets http.ResponseController reach the connection.
func (r *recorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

// finish records the call in the metrics and the log queue.
func (g *Gateway) finish(r *http.Request, w *recorder, c *call, code Code, start time.Time) {
	elapsed := g.now().Sub(start)
	status := w.status
	if status == 0 {
		status = http.StatusOK
	}
	g.opt.Metrics.observe(code, elapsed)
	l := tollgate.CallLog{Time: start, RequestID: c.id, Method: r.Method, Path: r.URL.Path, Status: status, Code: code.String(),
		ClientIP: remoteHost(r), Latency: elapsed, Upstream: c.upstream, BytesOut: w.bytes}
	if r.ContentLength > 0 {
		l.BytesIn = r.ContentLength
	}
	if c.rt != nil {
		l.TenantID, l.APIID = c.rt.TenantID, c.rt.APIID
	}
	if c.key != nil {
		l.ApplicationID, l.KeyPrefix = c.key.AppID, c.key.Prefix
		if l.TenantID == "" {
			l.TenantID = c.key.TenantID
		}
	}
	if c.sub != nil {
		l.SubscriptionID = c.sub.ID
	}
	select {
	case g.logs <- l:
	default:
		g.opt.Metrics.logDrops.Inc() // the writer is behind: drop the log line rather than slow the call
	}
}

// writeLogs writes call logs in batches with COPY, creating the day partitions they need.
func (g *Gateway) writeLogs(ctx context.Context) {
	batch := make([]tollgate.CallLog, 0, 1000)
	prepared := time.Time{}
	write := func(wctx context.Context) {
		if len(batch) == 0 {
			return
		}
		now := g.now()
		if now.Sub(prepared) > time.Hour {
			if err := g.store.PrepareCallLogs(wctx, now.Add(-24*time.Hour), now.Add(48*time.Hour), now.Add(-g.opt.LogRetention)); err != nil {
				g.opt.Log.Warn("gateway: prepare call log partitions", "err", err)
			} else {
				prepared = now
			}
		}
		if err := g.store.WriteCallLogs(wctx, batch); err != nil {
			g.opt.Metrics.logDrops.Add(float64(len(batch)))
			g.opt.Log.Warn("gateway: write call logs; dropped", "err", err, "count", len(batch))
		}
		batch = batch[:0]
	}
	t := time.NewTicker(g.opt.FlushEvery)
	defer t.Stop()
	for {
		select {
		case l := <-g.logs:
			batch = append(batch, l)
			if len(batch) == cap(batch) {
				write(ctx)
			}
		case <-t.C:
			write(ctx)
		case <-ctx.Done():
			// Drain what is queued, then write it with a fresh deadline.
			for {
				select {
				case l := <-g.logs:
					batch = append(batch, l)
					continue
				default:
				}
				break
			}
			wctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			write(wctx)
			cancel()
			return
		}
	}
}
