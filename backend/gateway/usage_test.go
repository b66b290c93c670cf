package gateway

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCountersReserveAndDrop(t *testing.T) {
	c := newCounters()
	start := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	ctr := c.get("sub", start, start.AddDate(0, 1, 0))
	for range 3 {
		assert.True(t, ctr.reserve(3))
	}
	assert.False(t, ctr.reserve(3), "the quota holds")
	ctr.add(-1)
	assert.True(t, ctr.reserve(3), "a returned place can be taken again")
	assert.Equal(t, int64(3), ctr.pending.Load())

	// A yearly period started long ago is still current: it is kept.
	yearly := c.get("yearly", start.AddDate(0, -6, 0), start.AddDate(0, 6, 0))
	yearly.add(1)
	yearly.pending.Store(0)
	ctr.pending.Store(0)
	c.drop(start.AddDate(0, 2, 0))
	assert.Len(t, c.m, 1, "the monthly counter is dropped, the yearly one kept")
	assert.Same(t, yearly, c.get("yearly", start.AddDate(0, -6, 0), time.Time{}))
}

// TestLastUsed: a key's latest call is kept, also when a reload gave it a second record, and calls after a take are
// listed again.
func TestLastUsed(t *testing.T) {
	var l lastUsed
	old, reloaded := &keyRec{id: [16]byte{15: 1}}, &keyRec{id: [16]byte{15: 1}}
	t0 := time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)
	l.touch(old, t0)
	l.touch(old, t0.Add(2*time.Second))
	l.touch(reloaded, t0.Add(time.Second))
	m := l.take()
	require.Len(t, m, 1)
	assert.True(t, t0.Add(2*time.Second).Equal(m["00000000-0000-0000-0000-000000000001"]))
	assert.Nil(t, l.take(), "nothing since")
	l.touch(reloaded, t0.Add(3*time.Second))
	assert.True(t, t0.Add(3*time.Second).Equal(l.take()["00000000-0000-0000-0000-000000000001"]))
}

// TestQuotaPeriod: the period remembered on a subscription is always what period(now) says, across a billing
// period that starts and ends inside calendar months.
func TestQuotaPeriod(t *testing.T) {
	g := New(nil, Options{})
	nov := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	sub := &Subscription{ID: "sub", periodStart: nov.AddDate(0, 0, 15), PeriodEnd: nov.AddDate(0, 1, 15)}
	var last *quotaPeriod
	changes := 0
	for at := nov; at.Before(nov.AddDate(0, 3, 0)); at = at.Add(7 * time.Hour) {
		p := g.quota(sub, at)
		start, end := sub.period(at)
		require.True(t, p.start.Equal(start) && p.end.Equal(end), "at %s: %s–%s, want %s–%s", at, p.start, p.end, start, end)
		assert.Same(t, g.counters.get(sub.ID, start, end), p.ctr)
		assert.Equal(t, end.UTC().Format(time.RFC3339), p.hdrReset[0])
		if p != last {
			changes++
			last = p
		}
	}
	assert.Equal(t, 4, changes, "November, the billing period, the rest of December, January")
}
