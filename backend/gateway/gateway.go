// Package gateway is the data plane: a reverse proxy that decides every call from an in-memory snapshot of keys,
// routes, subscriptions and plans, kept fresh by PostgreSQL notifications, and counts and logs what it does.
//
// Callers reach an API at /<tenant slug>/<API base path>/<rest>; the rest goes to the API's upstream.
package gateway

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"tollgate/backend/apikey"
	"tollgate/backend/tollgate"
)

// Options configure a gateway.
type Options struct {
	PublicURL    string        // the portal, where refusal codes are explained
	Pepper       []byte        // the API key pepper
	MaxStaleness time.Duration // serve from a snapshot this old at most, then answer 503 (0: forever)
	MaxBodyBytes int64         // request bodies larger than this get 413
	FlushEvery   time.Duration // how often counts, last-used times and call logs are written
	ReloadEvery  time.Duration // how often to check for changes missed by notifications (in full every tenth time)
	LogRetention time.Duration // call logs older than this are dropped (by day)
	LogBuffer    int           // call logs waiting to be written; beyond this they are dropped and counted
	Limiter      Limiter       // nil: in memory
	Metrics      *Metrics
	Log          *slog.Logger
	// MemoryLimit is the soft memory limit the gateway sets for its process (runtime/debug.SetMemoryLimit) unless
	// the GOMEMLIMIT environment variable is set: 0 derives it from each snapshot (see limitMemory), < 0 sets none.
	MemoryLimit int64
}

// Gateway serves API calls.
type Gateway struct {
	opt      Options
	store    tollgate.GatewayStore
	snap     atomic.Pointer[snapshot]
	lastSync atomic.Int64 // Unix nanoseconds of the last time the snapshot was known to be current
	lastFree atomic.Int64 // Unix nanoseconds of the last time memory was returned after a reload
	counters *counters
	used     lastUsed
	limiter  Limiter
	logs     *logQueue
	hmacs    sync.Pool
	reqSeq   atomic.Uint64
	node     string
	reload   chan struct{}
	now      func() time.Time
	setLimit bool // the memory limit is the gateway's to set
	setGC    bool // and GOGC too
	startGC  sync.Once
}

// New returns a gateway that has loaded nothing yet: Run loads the snapshot and keeps it fresh.
func New(store tollgate.GatewayStore, opt Options) *Gateway {
	if opt.MaxBodyBytes == 0 {
		opt.MaxBodyBytes = 10 << 20
	}
	if opt.FlushEvery == 0 {
		opt.FlushEvery = time.Second
	}
	if opt.ReloadEvery == 0 {
		opt.ReloadEvery = time.Minute
	}
	if opt.LogRetention == 0 {
		opt.LogRetention = 30 * 24 * time.Hour
	}
	if opt.LogBuffer == 0 {
		opt.LogBuffer = 50000
	}
	if opt.Log == nil {
		opt.Log = slog.Default()
	}
	if opt.Metrics == nil {
		opt.Metrics = NewMetrics(nil)
	}
	g := &Gateway{opt: opt, store: store, counters: newCounters(), limiter: opt.Limiter,
		logs: newLogQueue(opt.LogBuffer), reload: make(chan struct{}, 1), now: time.Now}
	if g.limiter == nil {
		g.limiter = newLocalLimiter()
	}
	g.setLimit = opt.MemoryLimit >= 0 && os.Getenv("GOMEMLIMIT") == ""
	g.setGC = g.setLimit && os.Getenv("GOGC") == ""
	pepper := opt.Pepper
	g.hmacs.New = func() any {
		return &keyMAC{h: hmac.New(sha256.New, pepper), buf: make([]byte, 0, 64), sum: make([]byte, 0, sha256.Size)}
	}
	var b [3]byte
	_, _ = rand.Read(b[:])
	g.node = hex.EncodeToString(b[:])
	return g
}

// Ready reports whether the gateway has a snapshot fresh enough to serve, and how old it is.
func (g *Gateway) Ready() (bool, time.Duration) { return g.readyAt(g.now()) }

func (g *Gateway) readyAt(now time.Time) (bool, time.Duration) {
	last := g.lastSync.Load()
	if last == 0 {
		return false, 0
	}
	age := now.Sub(time.Unix(0, last))
	return g.opt.MaxStaleness == 0 || age <= g.opt.MaxStaleness, age
}

// Reload loads a new snapshot now.
func (g *Gateway) Reload(ctx context.Context) error {
	start := g.now()
	b := newBuilder(start)
	st, err := g.store.LoadGatewayState(ctx, b.addKey)
	if err != nil {
		return err
	}
	s, err := b.finish(st, g.newProxy)
	if err != nil {
		return err
	}
	g.snap.Store(s)
	g.lastSync.Store(start.UnixNano())
	g.limitMemory(s)
	// A reload leaves the old snapshot and the loading garbage behind; hand that memory back to the system now
	// (at most every ten seconds) rather than carrying it as heap headroom.
	if last := g.lastFree.Load(); start.UnixNano()-last > int64(10*time.Second) && g.lastFree.CompareAndSwap(last, start.UnixNano()) {
		go debug.FreeOSMemory()
	}
	g.opt.Metrics.reloads.Inc()
	g.opt.Metrics.reloadSeconds.Observe(g.now().Sub(start).Seconds())
	return nil
}

// memHeadroom is the memory the limit leaves besides snapshots: the runtime and libraries, connections and their
// buffers, calls in flight, queued call logs, and the garbage collector's room to work.
const memHeadroom = 48 << 20

// gcPercent is the GOGC the gateway sets along with the memory limit.
const gcPercent = 200

// limitMemory sets the process's soft memory limit for snapshot s, unless that is not the gateway's to do: room for
// two snapshots (the one serving and the next being loaded) and memHeadroom. Near the limit the garbage collector
// runs more often instead of letting the heap grow to twice what is live, which is what the RSS peaks of reloads
// are made of. A process that holds more (a backlog of call logs, thousands of connections) gets memHeadroom above
// what was live at the last collection, so the collector is never left without room.
//
// With the limit bounding the heap, GOGC need not: unless GOGC is set, it is raised to gcPercent so the heap may use
// the headroom, and the collector, whose work is most of the gateway's own CPU besides the proxying, runs about half
// as often.
func (g *Gateway) limitMemory(s *snapshot) {
	if !g.setLimit {
		return
	}
	limit := g.opt.MemoryLimit
	if limit == 0 {
		live := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
		metrics.Read(live)
		limit = max(2*s.size(), int64(live[0].Value.Uint64())) + memHeadroom
	}
	debug.SetMemoryLimit(limit)
	if g.setGC {
		debug.SetGCPercent(gcPercent)
	}
}

// Load reads the first snapshot and this period's usage counts; call it before serving.
func (g *Gateway) Load(ctx context.Context) error {
	// Garbage from the process's start (package initialisation may allocate tens of MB) sets the heap's first goal:
	// collect it first, so the first snapshot is built in that memory rather than on top of it.
	g.startGC.Do(runtime.GC)
	if err := g.loadUsage(ctx); err != nil {
		return fmt.Errorf("load usage: %w", err)
	}
	return g.Reload(ctx)
}

// Run keeps the snapshot fresh and writes counts and logs until ctx ends; it flushes everything before it returns.
// If Load failed, Run keeps trying, and the gateway answers 503 meanwhile.
func (g *Gateway) Run(ctx context.Context) error {
	if g.snap.Load() == nil {
		go g.retryLoad(ctx)
	}
	var wg sync.WaitGroup
	bg, stopBG := context.WithCancel(context.WithoutCancel(ctx))
	wg.Add(2)
	go func() { defer wg.Done(); g.writeLogs(bg) }()
	go func() { defer wg.Done(); g.flushLoop(bg) }()
	g.syncLoop(ctx)
	// Shutting down: the HTTP server has stopped taking calls; write what is left.
	stopBG()
	wg.Wait()
	fctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	return g.flushAll(fctx)
}

// syncLoop keeps the snapshot fresh: LISTEN for changes (reloading shortly after each burst), reload periodically,
// and after every reconnection.
func (g *Gateway) syncLoop(ctx context.Context) {
	go func() {
		backoff := 100 * time.Millisecond
		for ctx.Err() == nil {
			err := g.store.ListenChanges(ctx, func() {
				backoff = 100 * time.Millisecond
				g.requestReload() // anything may have changed while we were not listening
			}, g.requestReload)
			if ctx.Err() != nil {
				return
			}
			g.opt.Log.Warn("gateway: change feed lost; retrying", "err", err, "in", backoff.String())
			select {
			case <-ctx.Done():
				return
			case <-time.After(backoff):
			}
			backoff = min(backoff*2, 5*time.Second)
		}
	}()
	tick := time.NewTicker(g.opt.ReloadEvery)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-g.reload:
			// Let a burst of changes settle into one reload.
			select {
			case <-ctx.Done():
				return
			case <-time.After(20 * time.Millisecond):
			}
		case <-tick.C:
			if g.current(ctx) {
				continue
			}
		}
		if err := g.Reload(ctx); err != nil && ctx.Err() == nil {
			g.opt.Metrics.reloadErrors.Inc()
			g.opt.Log.Warn("gateway: reload failed; serving the last snapshot", "err", err)
			time.AfterFunc(time.Second, g.requestReload)
		}
	}
}

// current reports whether the snapshot is still current, so the periodic reload can be skipped: the store's state
// version has not moved since the snapshot was read, and the snapshot is younger than fullReloadEvery intervals.
// Then the snapshot is known to be current as of the check.
func (g *Gateway) current(ctx context.Context) bool {
	s := g.snap.Load()
	start := g.now()
	if s == nil || start.Sub(s.loadedAt) >= fullReloadEvery*g.opt.ReloadEvery {
		return false
	}
	v, err := g.store.GatewayStateVersion(ctx)
	if err != nil || v != s.version {
		return false // a failed check is a reload that fails too, and is retried as one
	}
	g.lastSync.Store(start.UnixNano())
	g.opt.Metrics.checks.Inc()
	return true
}

// fullReloadEvery is how many periodic checks may confirm a snapshot before it is reloaded all the same: the net
// under a change that neither notified nor moved the version (an operator who disabled the triggers, say).
const fullReloadEvery = 10

func (g *Gateway) retryLoad(ctx context.Context) {
	for ctx.Err() == nil {
		if err := g.Load(ctx); err == nil {
			return
		}
		select {
		case <-ctx.Done():
		case <-time.After(time.Second):
		}
	}
}

func (g *Gateway) requestReload() {
	select {
	case g.reload <- struct{}{}:
	default:
	}
}

func (g *Gateway) loadUsage(ctx context.Context) error {
	y, m, _ := g.now().UTC().Date()
	totals, err := g.store.LoadUsage(ctx, time.Date(y, m, 1, 0, 0, 0, 0, time.UTC).AddDate(0, -1, 0))
	if err != nil {
		return err
	}
	g.counters.load(totals)
	return nil
}

func (g *Gateway) flushLoop(ctx context.Context) {
	t := time.NewTicker(g.opt.FlushEvery)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			// Not cut short by ctx: a count written but reported as canceled would be put back and written twice.
			fctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
			if err := g.flushAll(fctx); err != nil {
				g.opt.Log.Warn("gateway: flush", "err", err)
			}
			cancel()
		}
	}
}

// flushAll writes pending usage counts and last-used times.
func (g *Gateway) flushAll(ctx context.Context) error {
	start := g.now()
	err := g.counters.flush(ctx, g.store)
	if err != nil {
		g.opt.Metrics.flushErrors.Inc()
	} else {
		g.counters.drop(start.Add(-24 * time.Hour)) // periods over for a day; their counts are in the store
	}
	if used := g.used.take(); len(used) > 0 {
		if terr := g.store.TouchKeys(ctx, used); terr != nil {
			err = errors.Join(err, terr) // last-used times are informational: not retried
		}
	}
	g.opt.Metrics.flushSeconds.Observe(g.now().Sub(start).Seconds())
	return err
}

// requestID returns the caller's X-Request-Id when it looks sane, or a new one.
func (g *Gateway) requestID(r *http.Request) string {
	if id := r.Header.Get("X-Request-Id"); len(id) >= 8 && len(id) <= 64 && safeID(id) {
		return id
	}
	var b [32]byte // node and sequence number in one allocation
	return string(strconv.AppendUint(append(b[:0], g.node...), g.reqSeq.Add(1), 36))
}

func safeID(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.') {
			return false
		}
	}
	return true
}

// keyFrom finds the API key: Authorization: Bearer, X-API-Key, or ?api_key= where the API allows it.
func keyFrom(r *http.Request, rt *route) (string, bool) {
	if h := r.Header.Get("Authorization"); len(h) > 7 && strings.EqualFold(h[:7], "bearer ") {
		return strings.TrimSpace(h[7:]), true
	}
	if h := r.Header.Get("X-API-Key"); h != "" {
		return strings.TrimSpace(h), true
	}
	if rt != nil && rt.AllowQueryKey && r.URL.RawQuery != "" {
		if k := r.URL.Query().Get("api_key"); k != "" {
			return k, true
		}
	}
	return "", false
}

// lookupKey finds a key by its digest and returns its index in the snapshot (-1: unknown) and whether it is well
// formed. Whether a key is well formed (apikey.Valid: alphabet and checksum) depends on the key alone, so a known
// key's answer is kept on its record: it is checked once per snapshot, not on every call.
func (g *Gateway) lookupKey(s *snapshot, key string) (int32, bool) {
	if len(key) > maxKeyLen { // no key is this long: not worth a digest
		return -1, apikey.Valid(key)
	}
	m := g.hmacs.Get().(*keyMAC)
	m.h.Reset()
	m.buf = append(m.buf[:0], key...)
	_, _ = m.h.Write(m.buf)
	m.sum = m.h.Sum(m.sum[:0])
	i, ok := s.keys[[32]byte(m.sum)]
	g.hmacs.Put(m)
	if !ok {
		return -1, apikey.Valid(key)
	}
	r := &s.recs[i]
	switch r.valid.Load() {
	case keyValid:
		return i, true
	case keyMalformed:
		return -1, false
	}
	if !apikey.Valid(key) {
		r.valid.Store(keyMalformed)
		return -1, false
	}
	r.valid.Store(keyValid)
	return i, true
}

// maxKeyLen is more than any key's length (apikey's are 58 characters).
const maxKeyLen = 128

// keyMAC is a pooled HMAC with its scratch buffers, so digesting a key allocates nothing.
type keyMAC struct {
	h        hash.Hash
	buf, sum []byte
}

// splitPath takes the tenant segment off a clean path (see cleanPath).
func splitPath(r *http.Request) (tenant, rest string, ok bool) {
	p := r.URL.Path
	if len(p) < 2 || !cleanPath(r) {
		return "", "", false
	}
	p = p[1:]
	i := strings.IndexByte(p, '/')
	if i < 0 {
		return p, "/", true
	}
	return p[:i], p[i:], true
}

// cleanPath reports whether a path is safe to route: paths with dot segments, doubled or encoded slashes or
// backslashes are refused, as they are how routing is tricked.
func cleanPath(r *http.Request) bool {
	p := r.URL.Path
	if p == "" || p[0] != '/' || strings.Contains(p, "//") || strings.Contains(p, "\\") || strings.ContainsRune(p, 0) {
		return false
	}
	if raw := r.URL.RawPath; raw != "" && (strings.Contains(raw, "%2F") || strings.Contains(raw, "%2f") || strings.Contains(raw, "%5C") || strings.Contains(raw, "%5c")) {
		return false
	}
	for rest := p[1:]; rest != ""; {
		seg := rest
		if i := strings.IndexByte(rest, '/'); i >= 0 {
			seg, rest = rest[:i], rest[i+1:]
		} else {
			rest = ""
		}
		if seg == "." || seg == ".." {
			return false
		}
	}
	return true
}

// hostOf is the request's host name as APIs' hosts are stored: lower case, without port or trailing dot.
func hostOf(r *http.Request) string {
	h := r.Host
	if i := strings.LastIndexByte(h, ':'); i >= 0 && !strings.Contains(h[i:], "]") {
		h = h[:i]
	}
	return strings.ToLower(strings.TrimSuffix(h, "."))
}

func clientIP(r *http.Request) netip.Addr {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	ip, _ := netip.ParseAddr(host)
	return ip.Unmap()
}

// Handler returns the gateway wrapped so the portal's origin may call it from the browser (the try-it panel).
func (g *Gateway) Handler() http.Handler { return cors(g.opt.PublicURL, g) }

// cors lets the portal's origin call the gateway from the browser with a key header.
func cors(origin string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Origin") == origin {
			h := w.Header()
			h.Set("Access-Control-Allow-Origin", origin)
			h.Set("Vary", "Origin")
			h.Set("Access-Control-Expose-Headers", "X-Request-Id, Retry-After, RateLimit-Policy, RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset, "+
				"X-Quota-Limit, X-Quota-Remaining, X-Quota-Reset, Warning, Tollgate-Grace-Ends, Sunset")
			if r.Method == http.MethodOptions && r.Header.Get("Access-Control-Request-Method") != "" {
				h.Set("Access-Control-Allow-Methods", "GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS")
				h.Set("Access-Control-Allow-Headers", "Authorization, X-API-Key, Content-Type")
				h.Set("Access-Control-Max-Age", "600")
				w.WriteHeader(http.StatusNoContent)
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}
