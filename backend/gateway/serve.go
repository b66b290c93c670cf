package gateway

import (
	"context"
	"errors"
	"io"
	"net"
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

// call is one request on its way through the gateway: the response recorder, the context the proxy hooks find it
// in, what the log needs, and the header values it sets. It is the call's one allocation of its own.
type call struct {
	w            recorder
	ctx          callCtx
	rt           *route
	key          *Key // &keyBuf when the key is known in this tenant
	keyBuf       Key
	sub          *Subscription
	id           string
	upstreamPath string
	upstream     time.Duration
	sent         time.Time
	failure      Code
	hv           [hvCount]string // header values: see vals
}

// Slots of call.hv.
const (
	hvID = iota
	hvKeyPrefix
	hvClientIP
	hvForwardedHost
	hvRateRemaining
	hvRateReset
	hvQuotaLeft
	hvCount
)

// vals returns slot i of the call's header values as a header value. Its capacity is its length, so Header.Add
// on it copies instead of writing into the next slot.
func (c *call) vals(i int) []string { return c.hv[i : i+1 : i+1] }

// callCtx is the request's context carrying the call, like context.WithValue but inside the call's allocation.
type callCtx struct {
	context.Context
	c *call
}

func (x *callCtx) Value(key any) any {
	if _, ok := key.(ctxKey); ok {
		return x.c
	}
	return x.Context.Value(key)
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
	c := &call{id: g.requestID(r)}
	c.w.ResponseWriter = w
	c.hv[hvID] = c.id
	w.Header()["X-Request-Id"] = c.vals(hvID) // canonical keys are set directly in this file: Set would check them
	code := g.serve(c, r, start)
	g.finish(r, c, code, start)
}

func (g *Gateway) serve(c *call, r *http.Request, now time.Time) Code {
	w := &c.w
	s := g.snap.Load()
	if ok, _ := g.readyAt(now); !ok || s == nil {
		g.writeProblem(w, refusal{code: GatewayUnavailable, requestID: c.id, retryAfter: 5 * time.Second})
		return GatewayUnavailable
	}
	var rt *route
	var upstreamPath string
	if s.hosts != nil && cleanPath(r) { // an API's own host first, then /<tenant>/<base path>
		rt, upstreamPath = s.findHostRoute(hostOf(r), r.URL.Path)
	}
	if rt == nil {
		tenant, rest, ok := splitPath(r)
		if !ok {
			g.writeProblem(w, refusal{code: BadRequest, requestID: c.id})
			return BadRequest
		}
		rt, upstreamPath = s.findRoute(tenant, rest)
	}
	var f Facts
	f.Route = routeOf(rt)
	key, present := keyFrom(r, rt)
	f.KeyPresent = present
	if present {
		var i int32
		i, f.KeyWellFormed = g.lookupKey(s, key)
		if i >= 0 {
			s.key(i, &c.keyBuf)
			if rt == nil || c.keyBuf.TenantID == rt.TenantID { // another tenant's key is unknown here
				f.Key = &c.keyBuf
			}
		}
	}
	if f.Key != nil && len(f.Key.AllowedIPs) > 0 {
		f.ClientIP = clientIP(r) // only such keys look at the address
	}
	c.rt, c.key = rt, f.Key
	var qp *quotaPeriod
	if f.Key != nil && rt != nil {
		f.Sub = s.subs[subKey{f.Key.AppID, rt.APIID}]
		if f.Sub != nil {
			qp = g.quota(f.Sub, now)
			f.QuotaUsed = qp.ctr.used.Load()
		}
	}
	c.sub = f.Sub
	v := Decide(&f, now)
	reserved := false
	if v.Code == Allow {
		p := f.Sub.Plan
		// Hold a place in the quota before calling upstream, so concurrent calls cannot pass it.
		if p.Quota >= 0 && p.BlockOverage {
			if !qp.ctr.reserve(p.Quota) {
				f.QuotaUsed = p.Quota
				v = Decide(&f, now)
			} else {
				reserved = true
			}
		}
		if v.Code == Allow && (p.RatePerSecond > 0 || p.RatePerMinute > 0) {
			a, err := g.limiter.Allow(r.Context(), subKey{f.Sub.AppID, rt.APIID}, p.RatePerSecond, p.RatePerMinute)
			switch {
			case err != nil:
				g.opt.Log.Warn("gateway: rate limiter", "err", err) // a broken limiter does not refuse paying callers
			case !a.OK:
				f.RateLimited, f.RetryAfter = true, a.RetryAfter
				v = Decide(&f, now)
			default:
				h := w.Header()
				h["Ratelimit-Limit"] = f.Sub.terms.rateLimitHeader(a.Limit)
				c.hv[hvRateRemaining] = strconv.Itoa(a.Remaining)
				h["Ratelimit-Remaining"] = c.vals(hvRateRemaining)
				c.hv[hvRateReset] = strconv.Itoa(int((a.Reset + time.Second - 1) / time.Second))
				h["Ratelimit-Reset"] = c.vals(hvRateReset)
			}
		}
		if v.Code != Allow && reserved {
			qp.ctr.add(-1)
			reserved = false
		}
	}
	if v.Code != Allow {
		rf := refusal{code: v.Code, requestID: c.id, sub: f.Sub, route: rt}
		switch v.Code {
		case QuotaExhausted:
			rf.quota = &quotaInfo{Limit: f.Sub.Plan.Quota, Used: f.QuotaUsed, ResetsAt: qp.end}
			rf.retryAfter = qp.end.Sub(now)
		case RateLimited:
			rf.retryAfter = f.RetryAfter
		}
		g.writeProblem(w, rf)
		return v.Code
	}

	// Allowed: tell the caller where they stand, then proxy. Values that do not change from call to call were
	// formatted with the snapshot (plan, route) or the quota period.
	h := w.Header()
	pt := f.Sub.terms
	if pt.hdrPolicy != nil {
		h["Ratelimit-Policy"] = pt.hdrPolicy
	}
	if v.QuotaLeft >= 0 {
		h["X-Quota-Limit"] = pt.hdrQuota
		c.hv[hvQuotaLeft] = strconv.FormatInt(v.QuotaLeft, 10)
		h["X-Quota-Remaining"] = c.vals(hvQuotaLeft)
		h["X-Quota-Reset"] = qp.hdrReset
	}
	if v.GraceWarn {
		h.Set("Warning", `299 tollgate "payment past due; access ends at `+f.Sub.GraceEndsAt.UTC().Format(time.RFC3339)+`"`)
		h.Set("Tollgate-Grace-Ends", f.Sub.GraceEndsAt.UTC().Format(time.RFC3339))
	}
	if rt.hdrSunset != nil {
		h["Sunset"] = rt.hdrSunset
	}
	g.used.touch(f.Key.rec, now)

	if r.ContentLength != 0 { // without a body the proxy sends none (ReverseProxy drops it): nothing to limit
		r.Body = http.MaxBytesReader(w, r.Body, g.opt.MaxBodyBytes)
	}
	c.ctx = callCtx{Context: r.Context(), c: c}
	c.hv[hvKeyPrefix] = f.Key.Prefix
	c.upstreamPath = upstreamPath // set on the proxy's own copy of the URL (Rewrite): the log keeps the caller's path
	c.sent = g.now()
	rt.proxy.ServeHTTP(w, r.WithContext(&c.ctx)) // the API's timeout is its transport's: no timer per call

	// Count the call if its response class counts for the plan; give back the reservation otherwise.
	status := w.status
	if c.failure != Allow {
		status = c.failure.Status()
	}
	counts := status >= 100 && status < 600 && pt.counted[status/100]
	switch {
	case reserved && !counts:
		qp.ctr.add(-1)
	case !reserved && counts:
		qp.ctr.add(1)
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
			if c != nil {
				pr.Out.URL.Path, pr.Out.URL.RawPath = c.upstreamPath, ""
			}
			pr.SetURL(upstream)
			// Credentials are for the gateway; identity headers come only from the gateway. The headers are copied
			// into a map sized for what is added below: growing the clone's small map would copy them again. (Keys
			// are canonical, as the server stores them: they are compared and set directly, without Del's and Set's
			// checks.)
			h := make(http.Header, len(pr.Out.Header)+12)
			for k, v := range pr.Out.Header {
				switch {
				case k == "Authorization" || k == "X-Api-Key" || k == "Cookie":
				case len(k) > 11 && (k[:11] == "X-Tollgate-" || k[:11] == "x-tollgate-"):
				default:
					h[k] = v
				}
			}
			pr.Out.Header = h
			if pr.Out.URL.RawQuery != "" && rt.AllowQueryKey {
				q := pr.Out.URL.Query()
				if q.Has("api_key") {
					q.Del("api_key")
					pr.Out.URL.RawQuery = q.Encode()
				}
			}
			if c == nil { // not a call of ServeHTTP
				pr.SetXForwarded()
				return
			}
			// What pr.SetXForwarded sets, with values in the call's slots. ReverseProxy has removed any
			// X-Forwarded-* the caller sent, so there is no earlier X-Forwarded-For to append to.
			c.hv[hvClientIP] = remoteHost(pr.In) // the log reads it from here too
			h["X-Forwarded-For"] = c.vals(hvClientIP)
			c.hv[hvForwardedHost] = pr.In.Host
			h["X-Forwarded-Host"] = c.vals(hvForwardedHost)
			if pr.In.TLS == nil {
				h["X-Forwarded-Proto"] = protoHTTP
			} else {
				h["X-Forwarded-Proto"] = protoHTTPS
			}
			h["X-Request-Id"] = c.vals(hvID)
			// The values are built once per snapshot and shared read-only by every call.
			h["X-Tollgate-Tenant"] = c.rt.hdrTenant
			h["X-Tollgate-Api"] = c.rt.hdrAPI
			h["X-Tollgate-Application"] = c.sub.hdrApp
			h["X-Tollgate-Subscription"] = c.sub.hdrSub
			h["X-Tollgate-Plan"] = c.sub.terms.hdrPlan
			h["X-Tollgate-Key-Prefix"] = c.vals(hvKeyPrefix)
		},
		Transport:  transportFor(rt.timeout),
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
			case errors.Is(err, context.DeadlineExceeded), isTimeout(err):
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

// X-Forwarded-Proto values, shared read-only like the snapshot's.
var protoHTTP, protoHTTPS = []string{"http"}, []string{"https"}

// isTimeout reports whether err is the transport giving up on an upstream (ResponseHeaderTimeout, dialing).
func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

// transportFor returns the transport of the APIs with this timeout: sharedTransport's settings, with the timeout as
// the longest wait for the upstream's response headers (after the request is sent) and for a connection. Once the
// response has started it streams for as long as the upstream sends (server-sent events are not cut off), and no
// call needs a timer of its own. APIs with the same timeout share one transport and its connection pools.
func transportFor(timeout time.Duration) *http.Transport {
	if timeout <= 0 {
		return sharedTransport
	}
	if t, ok := transports.Load(timeout); ok {
		return t.(*http.Transport)
	}
	t := sharedTransport.Clone()
	t.ResponseHeaderTimeout = timeout
	t.DialContext = (&net.Dialer{Timeout: min(timeout, 30*time.Second), KeepAlive: 30 * time.Second}).DialContext
	actual, _ := transports.LoadOrStore(timeout, t)
	return actual.(*http.Transport)
}

// transports holds a transport per API timeout in use (see transportFor); there are as many as distinct timeouts.
var transports sync.Map

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
func (g *Gateway) finish(r *http.Request, c *call, code Code, start time.Time) {
	elapsed := g.now().Sub(start)
	status := c.w.status
	if status == 0 {
		status = http.StatusOK
	}
	g.opt.Metrics.observe(code, elapsed)
	ip := c.hv[hvClientIP] // set when the call was proxied
	if ip == "" {
		ip = remoteHost(r)
	}
	l := tollgate.CallLog{Time: start, RequestID: c.id, Method: r.Method, Path: r.URL.Path, Status: status, Code: code.String(),
		ClientIP: ip, Latency: elapsed, Upstream: c.upstream, BytesOut: c.w.bytes}
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
	if !g.logs.add(&l) {
		g.opt.Metrics.logDrops.Inc() // the writer is behind: drop the log line rather than slow the call
	}
}
