package gateway

import (
	"fmt"
	"math"
	"net/http"
	"net/http/httputil"
	"net/netip"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
	"unsafe"

	"github.com/google/uuid"

	"tollgate/backend/tollgate"
)

// snapshot is an immutable view of everything the gateway decides with. A new one replaces the old atomically.
//
// Keys are nearly all of it, so they hold no pointers: a map from digest to an index into one block of fixed-size
// records, whose strings live in shared tables. However many keys there are, they are then a few large objects that
// the garbage collector does not scan, and take 40% of the memory of one object per key.
type snapshot struct {
	keys     map[[32]byte]int32 // digest → index in recs
	recs     []keyRec
	prefixes string              // every key's prefix, end to end
	ids      []string            // tenant and application ids, each once
	scopes   []string            // the API scopes of keys, by range
	nets     []netip.Prefix      // the allowed addresses of keys, by range
	tenants  map[string][]*route // tenant slug → routes, longest base path first
	hosts    map[string][]*route // API host → routes, the same way (nil: no API has a host)
	subs     map[subKey]*Subscription
	loadedAt time.Time
	version  int64 // the store's GatewayStateVersion when the state was read
}

// keyRec is one key of a snapshot, without pointers. Calls change only used and valid.
type keyRec struct {
	id                [16]byte
	used              atomic.Int64 // Unix nanoseconds of the last call not yet flushed; 0: none
	expires, revoked  int64        // Unix microseconds (PostgreSQL's precision); the zero time's value when not set
	tenant, app       uint32       // in snapshot.ids
	prefix            uint32       // offset in snapshot.prefixes
	scope, nets       uint32       // offsets in snapshot.scopes and snapshot.nets
	prefixLen         uint16
	scopeLen, netsLen uint16
	valid             atomic.Uint32 // apikey.Valid's answer for this key, once known (see lookupKey)
}

// keyRec.valid values.
const (
	keyUnchecked = iota
	keyValid
	keyMalformed
)

type subKey struct{ app, api string }

// route is a Route with what proxying it needs.
type route struct {
	Route
	proxy             *httputil.ReverseProxy
	timeout           time.Duration
	hdrTenant, hdrAPI []string // header values, built once and shared read-only by every call (cap == len: an
	hdrSunset         []string // append elsewhere copies them)
}

// planTerms adds to a Plan what calls use: the response classes that count, and its header values, built once.
type planTerms struct {
	Plan
	counted                    [6]bool // by status / 100
	hdrPlan                    []string
	hdrPolicy                  []string // RateLimit-Policy; nil without a rate limit
	hdrQuota                   []string // X-Quota-Limit; nil without a quota
	hdrPerSecond, hdrPerMinute []string // RateLimit-Limit of either window
}

// rateLimitHeader is the RateLimit-Limit value of a limiter's answer: one of the plan's limits, already formatted.
func (pt *planTerms) rateLimitHeader(limit int) []string {
	switch {
	case limit == pt.RatePerSecond && pt.hdrPerSecond != nil:
		return pt.hdrPerSecond
	case limit == pt.RatePerMinute && pt.hdrPerMinute != nil:
		return pt.hdrPerMinute
	}
	return []string{strconv.Itoa(limit)}
}

// builder makes a snapshot: keys one at a time, then the rest of the state.
type builder struct {
	s        *snapshot
	prefixes strings.Builder
	ids      map[string]uint32 // index in s.ids
	intern   map[string]string
}

func newBuilder(now time.Time) *builder {
	return &builder{s: &snapshot{tenants: map[string][]*route{}, loadedAt: now}, ids: map[string]uint32{},
		intern: map[string]string{}}
}

// in keeps one copy of each string: many keys and subscriptions share a tenant, an application, an API.
func (b *builder) in(s string) string {
	if v, ok := b.intern[s]; ok {
		return v
	}
	b.intern[s] = s
	return s
}

// id is the index of a tenant or application id in the snapshot's table.
func (b *builder) id(s string) uint32 {
	if i, ok := b.ids[s]; ok {
		return i
	}
	i := uint32(len(b.s.ids))
	s = b.in(s)
	b.s.ids = append(b.s.ids, s)
	b.ids[s] = i
	return i
}

// addKey copies one loaded key into the snapshot.
func (b *builder) addKey(total int, k *tollgate.GatewayKey) error {
	s := b.s
	if s.keys == nil {
		s.keys = make(map[[32]byte]int32, total)
		s.recs = make([]keyRec, 0, total)
		b.prefixes.Grow(total * 12)
	}
	if len(k.Digest) != 32 {
		return fmt.Errorf("key %s: digest of %d bytes", k.ID, len(k.Digest))
	}
	id, err := uuid.Parse(k.ID)
	if err != nil {
		return fmt.Errorf("key %s: id: %w", k.ID, err)
	}
	if len(s.recs) == math.MaxInt32 || len(k.Prefix) > math.MaxUint16 || len(k.APIIDs) > math.MaxUint16 ||
		len(k.AllowedIPs) > math.MaxUint16 || b.prefixes.Len()+len(k.Prefix) > math.MaxUint32 {
		return fmt.Errorf("key %s: beyond the snapshot's limits", k.ID)
	}
	scope, nets, prefix := len(s.scopes), len(s.nets), b.prefixes.Len()
	for _, api := range k.APIIDs {
		s.scopes = append(s.scopes, b.in(api))
	}
	for _, p := range k.AllowedIPs {
		pfx, err := netip.ParsePrefix(p)
		if err != nil {
			return fmt.Errorf("key %s: allowed IP %q: %w", k.ID, p, err)
		}
		s.nets = append(s.nets, pfx)
	}
	b.prefixes.WriteString(k.Prefix)
	s.keys[[32]byte(k.Digest)] = int32(len(s.recs))
	s.recs = append(s.recs, keyRec{id: id, tenant: b.id(k.TenantID), app: b.id(k.ApplicationID),
		prefix: uint32(prefix), prefixLen: uint16(len(k.Prefix)), scope: uint32(scope), scopeLen: uint16(len(k.APIIDs)),
		nets: uint32(nets), netsLen: uint16(len(k.AllowedIPs)), expires: micros(k.ExpiresAt), revoked: micros(k.RevokedAt)})
	return nil
}

// micros is a time as keyRec keeps it; nil is the zero time.
func micros(t *time.Time) int64 {
	if t == nil {
		return time.Time{}.UnixMicro()
	}
	return t.UnixMicro()
}

// key fills k with the key at index i (its strings and slices are the snapshot's, shared read-only).
func (s *snapshot) key(i int32, k *Key) {
	r := &s.recs[i]
	*k = Key{rec: r, Prefix: s.prefixes[r.prefix : r.prefix+uint32(r.prefixLen)], TenantID: s.ids[r.tenant],
		AppID: s.ids[r.app], ExpiresAt: microTime(r.expires), RevokedAt: microTime(r.revoked)}
	if r.scopeLen > 0 {
		k.APIIDs = s.scopes[r.scope : r.scope+uint32(r.scopeLen) : r.scope+uint32(r.scopeLen)]
	}
	if r.netsLen > 0 {
		k.AllowedIPs = s.nets[r.nets : r.nets+uint32(r.netsLen) : r.nets+uint32(r.netsLen)]
	}
}

var zeroMicros = time.Time{}.UnixMicro()

func microTime(v int64) time.Time {
	if v == zeroMicros {
		return time.Time{}
	}
	return time.UnixMicro(v)
}

// finish adds routes, plans and subscriptions and returns the snapshot.
func (b *builder) finish(st *tollgate.GatewayState, newProxy func(*url.URL, *route) *httputil.ReverseProxy) (*snapshot, error) {
	s := b.s
	s.version = st.Version
	if s.keys == nil {
		s.keys = map[[32]byte]int32{}
	}
	s.prefixes = b.prefixes.String()
	s.subs = make(map[subKey]*Subscription, len(st.Subscriptions))
	for i := range st.Routes {
		r := &st.Routes[i]
		u, err := url.Parse(r.UpstreamURL)
		if err != nil {
			return nil, fmt.Errorf("API %s: upstream: %w", r.APIID, err)
		}
		rt := &route{Route: Route{APIID: b.in(r.APIID), TenantID: b.in(r.TenantID), TenantSlug: r.TenantSlug, BasePath: r.BasePath,
			Name: r.Name, Retired: r.Lifecycle == tollgate.LifecycleRetired, AllowQueryKey: r.AllowQueryKey},
			timeout: time.Duration(r.TimeoutMS) * time.Millisecond, hdrTenant: []string{r.TenantSlug}, hdrAPI: []string{r.APIID}}
		if r.SunsetAt != nil {
			rt.SunsetAt = *r.SunsetAt
		}
		if !rt.SunsetAt.IsZero() {
			rt.hdrSunset = []string{rt.SunsetAt.UTC().Format(http.TimeFormat)}
		}
		rt.proxy = newProxy(u, rt)
		s.tenants[r.TenantSlug] = append(s.tenants[r.TenantSlug], rt)
		if r.Host != "" {
			if s.hosts == nil {
				s.hosts = map[string][]*route{}
			}
			s.hosts[r.Host] = append(s.hosts[r.Host], rt)
		}
	}
	for _, m := range []map[string][]*route{s.tenants, s.hosts} {
		for _, routes := range m {
			sort.Slice(routes, func(i, j int) bool {
				if len(routes[i].BasePath) != len(routes[j].BasePath) {
					return len(routes[i].BasePath) > len(routes[j].BasePath)
				}
				return !routes[i].Retired && routes[j].Retired // a live API wins over a retired one at the same path
			})
		}
	}
	plans := make(map[string]*planTerms, len(st.Plans))
	for i := range st.Plans {
		p := &st.Plans[i]
		pt := &planTerms{Plan: Plan{ID: p.ID, Name: p.Name, Paid: p.Paid, Quota: -1, BlockOverage: p.Overage != "bill",
			RatePerSecond: p.RateLimitPerSecond, RatePerMinute: p.RateLimitPerMinute}, hdrPlan: []string{p.ID}}
		if p.MonthlyQuota != nil {
			pt.Quota = *p.MonthlyQuota
		}
		if pt.Quota >= 0 {
			pt.hdrQuota = []string{strconv.FormatInt(pt.Quota, 10)}
		}
		if pt.RatePerSecond > 0 {
			pt.hdrPolicy = []string{strconv.Itoa(pt.RatePerSecond) + ";w=1"}
			pt.hdrPerSecond = []string{strconv.Itoa(pt.RatePerSecond)}
		} else if pt.RatePerMinute > 0 {
			pt.hdrPolicy = []string{strconv.Itoa(pt.RatePerMinute) + ";w=60"}
		}
		if pt.RatePerMinute > 0 {
			pt.hdrPerMinute = []string{strconv.Itoa(pt.RatePerMinute)}
		}
		for _, c := range p.CountedStatuses {
			if len(c) == 3 && c[0] >= '1' && c[0] <= '5' {
				pt.counted[c[0]-'0'] = true
			}
		}
		plans[p.ID] = pt
	}
	// Subscriptions and their header values are allocated in one block each: ten thousand small objects would be
	// marked by every garbage collection.
	subs := make([]Subscription, len(st.Subscriptions))
	hdrs := make([]string, 2*len(st.Subscriptions))
	for i := range st.Subscriptions {
		sub := &st.Subscriptions[i]
		pt := plans[sub.PlanID]
		if pt == nil {
			return nil, fmt.Errorf("subscription %s: plan %s not loaded", sub.ID, sub.PlanID)
		}
		k := subKey{b.in(sub.ApplicationID), b.in(sub.APIID)}
		// An open subscription wins over closed ones; among closed ones the latest tells why access ended.
		if old, ok := s.subs[k]; ok && (isOpen(old.State) && !isOpen(string(sub.State)) ||
			isOpen(old.State) == isOpen(string(sub.State)) && old.updated.After(sub.UpdatedAt)) {
			continue
		}
		hdrs[2*i], hdrs[2*i+1] = k.app, sub.ID
		gs := &subs[i]
		*gs = Subscription{ID: sub.ID, AppID: k.app, APIID: k.api, State: b.in(string(sub.State)),
			SuspendedByAdmin: sub.SuspendedByAdmin, Plan: &pt.Plan, updated: sub.UpdatedAt, terms: pt, InvoiceURL: sub.InvoiceURL,
			hdrApp: hdrs[2*i : 2*i+1 : 2*i+1], hdrSub: hdrs[2*i+1 : 2*i+2 : 2*i+2]}
		if sub.GraceEndsAt != nil {
			gs.GraceEndsAt = *sub.GraceEndsAt
		}
		if sub.CurrentPeriodStart != nil && sub.CurrentPeriodEnd != nil {
			gs.periodStart, gs.PeriodEnd = *sub.CurrentPeriodStart, *sub.CurrentPeriodEnd
		}
		s.subs[k] = gs
	}
	return s, nil
}

// size estimates the memory a snapshot holds, for the memory limit: its keys (map slots at the map's load,
// records, strings) and a round figure per subscription and route.
func (s *snapshot) size() int64 {
	const slot = 32 + 4 + 1 // digest, index, control byte
	n := int64(len(s.keys))*slot*8/7 + int64(len(s.recs))*int64(unsafe.Sizeof(keyRec{})) + int64(len(s.prefixes)) +
		int64(len(s.scopes))*16 + int64(len(s.nets))*int64(unsafe.Sizeof(netip.Prefix{})) + int64(len(s.ids))*64
	for _, routes := range s.tenants {
		n += int64(len(routes)) * 4096 // the route and its reverse proxy
	}
	return n + int64(len(s.subs))*512
}

func isOpen(state string) bool {
	return state != SubRejected && state != SubRevoked && state != SubCanceled
}

// findRoute returns the API of a tenant whose base path prefixes path at a segment boundary, and the rest of the
// path to send upstream.
func (s *snapshot) findRoute(tenant, path string) (*route, string) {
	return match(s.tenants[tenant], path)
}

// findHostRoute is findRoute for a call to an API's own host (path has no tenant segment).
func (s *snapshot) findHostRoute(host, path string) (*route, string) {
	return match(s.hosts[host], path)
}

// match returns the first of routes whose base path prefixes path at a segment boundary, and the rest of the path.
func match(routes []*route, path string) (*route, string) {
	for _, r := range routes {
		bp := r.BasePath
		if strings.HasPrefix(path, bp) && (len(path) == len(bp) || path[len(bp)] == '/' || bp == "/") {
			rest := path[len(bp):]
			if bp == "/" {
				rest = path
			}
			return r, rest
		}
	}
	return nil, ""
}

// period returns the quota period a subscription is in at now: its billing period, or the calendar month (UTC).
func (sub *Subscription) period(now time.Time) (start, end time.Time) {
	if sub.inBilling(now) {
		return sub.periodStart, sub.PeriodEnd
	}
	y, m, _ := now.UTC().Date()
	start = time.Date(y, m, 1, 0, 0, 0, 0, time.UTC)
	return start, start.AddDate(0, 1, 0)
}

func (sub *Subscription) inBilling(now time.Time) bool {
	return !sub.periodStart.IsZero() && now.Before(sub.PeriodEnd) && !now.Before(sub.periodStart)
}

// quotaPeriod is a subscription's current quota period with its counter, remembered on the subscription so that a
// call finds both without computing the period or taking the counters' lock.
type quotaPeriod struct {
	start, end time.Time
	billing    bool // the subscription's billing period, not a calendar month
	ctr        *counter
	hdrReset   []string // X-Quota-Reset
}

// holds reports whether p is still what sub.period(now) would return.
func (p *quotaPeriod) holds(sub *Subscription, now time.Time) bool {
	if now.Before(p.start) || !now.Before(p.end) {
		return false
	}
	return p.billing || !sub.inBilling(now) // a month stands in only while no billing period covers now
}

// quota returns the subscription's current quota period.
func (g *Gateway) quota(sub *Subscription, now time.Time) *quotaPeriod {
	if p := sub.quota.Load(); p != nil && p.holds(sub, now) {
		return p
	}
	start, end := sub.period(now)
	p := &quotaPeriod{start: start, end: end, billing: sub.inBilling(now), ctr: g.counters.get(sub.ID, start, end),
		hdrReset: []string{end.UTC().Format(time.RFC3339)}}
	sub.quota.Store(p)
	return p
}
