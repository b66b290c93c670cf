package gateway

import (
	"context"
	"sync"
	"sync/atomic"
	"time"

	"github.com/google/uuid"

	"tollgate/backend/tollgate"
)

// counters count calls per subscription and quota period in memory. used is the gateway's best knowledge of the
// period's total (every node's flushed calls plus this node's); pending is what this node has not flushed yet.
// Flushing moves pending to PostgreSQL with one statement and learns the new total, so nodes converge within one
// flush interval.
type counters struct {
	mu sync.RWMutex
	m  map[counterKey]*counter
}

type counterKey struct {
	sub    string
	period int64 // period start, Unix seconds
}

type counter struct {
	used    atomic.Int64
	pending atomic.Int64
	end     atomic.Int64 // Unix seconds when the period ends (the latest known)
}

func newCounters() *counters { return &counters{m: map[counterKey]*counter{}} }

// get returns the counter of a subscription's period, which ends at end (zero: not known yet).
func (c *counters) get(sub string, period, end time.Time) *counter {
	k := counterKey{sub, period.Unix()}
	c.mu.RLock()
	ctr := c.m[k]
	c.mu.RUnlock()
	if ctr == nil {
		c.mu.Lock()
		if ctr = c.m[k]; ctr == nil {
			ctr = &counter{}
			// Until a call says when the period ends, assume the longest billing period: a year.
			ctr.end.Store(period.AddDate(1, 0, 0).Unix())
			c.m[k] = ctr
		}
		c.mu.Unlock()
	}
	if !end.IsZero() && ctr.end.Load() != end.Unix() {
		ctr.end.Store(end.Unix())
	}
	return ctr
}

// reserve counts one call if the period has room under quota, and reports whether it did.
func (ctr *counter) reserve(quota int64) bool {
	for {
		n := ctr.used.Load()
		if n >= quota {
			return false
		}
		if ctr.used.CompareAndSwap(n, n+1) {
			ctr.pending.Add(1)
			return true
		}
	}
}

// add counts n calls (n may be -1 to give back a reservation for a response that does not count).
func (ctr *counter) add(n int64) {
	ctr.used.Add(n)
	ctr.pending.Add(n)
}

// load sets the totals known from the store (at start).
func (c *counters) load(totals []tollgate.UsageTotal) {
	for _, t := range totals {
		ctr := c.get(t.SubscriptionID, t.PeriodStart, time.Time{})
		ctr.used.Store(t.Calls + ctr.pending.Load())
	}
}

// flush writes pending counts to the store. A failed write puts them back, so nothing is lost or counted twice.
func (c *counters) flush(ctx context.Context, store tollgate.GatewayStore) error {
	type taken struct {
		key counterKey
		ctr *counter
		n   int64
	}
	var batch []taken
	c.mu.RLock()
	for k, ctr := range c.m {
		if n := ctr.pending.Swap(0); n != 0 {
			batch = append(batch, taken{k, ctr, n})
		}
	}
	c.mu.RUnlock()
	if len(batch) == 0 {
		return nil
	}
	deltas := make([]tollgate.UsageDelta, len(batch))
	for i, t := range batch {
		deltas[i] = tollgate.UsageDelta{SubscriptionID: t.key.sub, PeriodStart: time.Unix(t.key.period, 0).UTC(), Calls: t.n}
	}
	totals, err := store.AddUsage(ctx, deltas)
	if err != nil {
		for _, t := range batch {
			t.ctr.pending.Add(t.n)
		}
		return err
	}
	// The store's totals include other gateways' calls; add what this node counted since the flush began.
	for _, t := range totals {
		ctr := c.get(t.SubscriptionID, t.PeriodStart, time.Time{})
		ctr.used.Store(t.Calls + ctr.pending.Load())
	}
	return nil
}

// drop forgets counters of periods that ended before cutoff and have nothing left to flush.
func (c *counters) drop(cutoff time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for k, ctr := range c.m {
		if ctr.end.Load() < cutoff.Unix() && ctr.pending.Load() == 0 {
			delete(c.m, k)
		}
	}
}

// lastUsed remembers when keys were used, for a batched update. A call stores its time in the key's record; only
// the first call since the last take adds the record to the list, so calls do not queue on a lock.
type lastUsed struct {
	mu   sync.Mutex
	recs []*keyRec
}

func (l *lastUsed) touch(r *keyRec, t time.Time) {
	if r.used.Swap(t.UnixNano()) == 0 { // not listed yet
		l.mu.Lock()
		l.recs = append(l.recs, r)
		l.mu.Unlock()
	}
}

// take returns the times noted since the last take, by key id.
func (l *lastUsed) take() map[string]time.Time {
	l.mu.Lock()
	recs := l.recs
	l.recs = nil
	l.mu.Unlock()
	if len(recs) == 0 {
		return nil
	}
	out := make(map[string]time.Time, len(recs))
	for _, r := range recs {
		// Clearing the time unlists the record: a call after this lists it again, one before is read here.
		t := time.Unix(0, r.used.Swap(0))
		id := uuid.UUID(r.id).String()
		if old, ok := out[id]; !ok || t.After(old) { // a key loaded again by a reload has two records
			out[id] = t
		}
	}
	return out
}
