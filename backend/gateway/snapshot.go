package gateway

import (
	"fmt"
	"net/http/httputil"
	"net/netip"
	"net/url"
	"sort"
	"strings"
	"time"

	"tollgate/backend/tollgate"
)

// snapshot is an immutable view of everything the gateway decides with. A new one replaces the old atomically.
type snapshot struct {
	keys     map[[32]byte]*Key
	tenants  map[string][]*route // tenant slug → routes, longest base path first
	subs     map[subKey]*Subscription
	loadedAt time.Time
}

type subKey struct{ app, api string }

// route is a Route with what proxying it needs.
type route struct {
	Route
	proxy             *httputil.ReverseProxy
	timeout           time.Duration
	hdrTenant, hdrAPI []string // identity header values, built once
}

// plan adds the response classes that count to a Plan.
type planTerms struct {
	Plan
	counted [6]bool // by status / 100
	hdrPlan []string
}

// builder makes a snapshot: keys one at a time, then the rest of the state.
type builder struct {
	s      *snapshot
	keys   []Key // every key, in one allocation
	intern map[string]string
}

func newBuilder(now time.Time) *builder {
	return &builder{s: &snapshot{tenants: map[string][]*route{}, loadedAt: now}, intern: map[string]string{}}
}

// in keeps one copy of each id string: many keys share a tenant and an application.
func (b *builder) in(s string) string {
	if v, ok := b.intern[s]; ok {
		return v
	}
	b.intern[s] = s
	return s
}

// addKey copies one loaded key into the snapshot.
func (b *builder) addKey(total int, k *tollgate.GatewayKey) error {
	if b.s.keys == nil {
		b.s.keys = make(map[[32]byte]*Key, total)
		b.keys = make([]Key, 0, total)
	}
	if len(k.Digest) != 32 {
		return fmt.Errorf("key %s: digest of %d bytes", k.ID, len(k.Digest))
	}
	if len(b.keys) == cap(b.keys) { // more keys than counted: never move the block the map points into
		b.keys = make([]Key, 0, max(total/8, 64))
	}
	b.keys = append(b.keys, Key{ID: k.ID, Prefix: k.Prefix, TenantID: b.in(k.TenantID), AppID: b.in(k.ApplicationID), APIIDs: k.APIIDs})
	key := &b.keys[len(b.keys)-1]
	for _, p := range k.AllowedIPs {
		pfx, err := netip.ParsePrefix(p)
		if err != nil {
			return fmt.Errorf("key %s: allowed IP %q: %w", k.ID, p, err)
		}
		key.AllowedIPs = append(key.AllowedIPs, pfx)
	}
	if k.ExpiresAt != nil {
		key.ExpiresAt = *k.ExpiresAt
	}
	if k.RevokedAt != nil {
		key.RevokedAt = *k.RevokedAt
	}
	b.s.keys[[32]byte(k.Digest)] = key
	return nil
}

// finish adds routes, plans and subscriptions and returns the snapshot.
func (b *builder) finish(st *tollgate.GatewayState, newProxy func(*url.URL, *route) *httputil.ReverseProxy) (*snapshot, error) {
	s := b.s
	if s.keys == nil {
		s.keys = map[[32]byte]*Key{}
	}
	s.subs = make(map[subKey]*Subscription, len(st.Subscriptions))
	for i := range st.Routes {
		r := &st.Routes[i]
		u, err := url.Parse(r.UpstreamURL)
		if err != nil {
			return nil, fmt.Errorf("API %s: upstream: %w", r.APIID, err)
		}
		rt := &route{Route: Route{APIID: r.APIID, TenantID: r.TenantID, TenantSlug: r.TenantSlug, BasePath: r.BasePath,
			Name: r.Name, Retired: r.Lifecycle == tollgate.LifecycleRetired, AllowQueryKey: r.AllowQueryKey},
			timeout: time.Duration(r.TimeoutMS) * time.Millisecond, hdrTenant: []string{r.TenantSlug}, hdrAPI: []string{r.APIID}}
		if r.SunsetAt != nil {
			rt.SunsetAt = *r.SunsetAt
		}
		rt.proxy = newProxy(u, rt)
		s.tenants[r.TenantSlug] = append(s.tenants[r.TenantSlug], rt)
	}
	for _, routes := range s.tenants {
		sort.Slice(routes, func(i, j int) bool {
			if len(routes[i].BasePath) != len(routes[j].BasePath) {
				return len(routes[i].BasePath) > len(routes[j].BasePath)
			}
			return !routes[i].Retired && routes[j].Retired // a live API wins over a retired one at the same path
		})
	}
	plans := make(map[string]*planTerms, len(st.Plans))
	for i := range st.Plans {
		p := &st.Plans[i]
		pt := &planTerms{Plan: Plan{ID: p.ID, Name: p.Name, Paid: p.Paid, Quota: -1, BlockOverage: p.Overage != "bill",
			RatePerSecond: p.RateLimitPerSecond, RatePerMinute: p.RateLimitPerMinute}, hdrPlan: []string{p.ID}}
		if p.MonthlyQuota != nil {
			pt.Quota = *p.MonthlyQuota
		}
		for _, c := range p.CountedStatuses {
			if len(c) == 3 && c[0] >= '1' && c[0] <= '5' {
				pt.counted[c[0]-'0'] = true
			}
		}
		plans[p.ID] = pt
	}
	for i := range st.Subscriptions {
		sub := &st.Subscriptions[i]
		pt := plans[sub.PlanID]
		if pt == nil {
			return nil, fmt.Errorf("subscription %s: plan %s not loaded", sub.ID, sub.PlanID)
		}
		k := subKey{sub.ApplicationID, sub.APIID}
		// An open subscription wins over closed ones; among closed ones the latest tells why access ended.
		if old, ok := s.subs[k]; ok && (isOpen(old.State) && !isOpen(string(sub.State)) ||
			isOpen(old.State) == isOpen(string(sub.State)) && old.updated.After(sub.UpdatedAt)) {
			continue
		}
		gs := &Subscription{ID: sub.ID, AppID: sub.ApplicationID, APIID: sub.APIID, State: string(sub.State),
			SuspendedByAdmin: sub.SuspendedByAdmin, Plan: &pt.Plan, updated: sub.UpdatedAt, terms: pt,
			hdrApp: []string{sub.ApplicationID}, hdrSub: []string{sub.ID}}
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

func isOpen(state string) bool {
	return state != SubRejected && state != SubRevoked && state != SubCanceled
}

// findRoute returns the API of a tenant whose base path prefixes path at a segment boundary, and the rest of the
// path to send upstream.
func (s *snapshot) findRoute(tenant, path string) (*route, string) {
	for _, r := range s.tenants[tenant] {
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
	if !sub.periodStart.IsZero() && now.Before(sub.PeriodEnd) && !now.Before(sub.periodStart) {
		return sub.periodStart, sub.PeriodEnd
	}
	y, m, _ := now.UTC().Date()
	start = time.Date(y, m, 1, 0, 0, 0, 0, time.UTC)
	return start, start.AddDate(0, 1, 0)
}
