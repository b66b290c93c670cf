package gateway

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"tollgate/backend/apikey"
)

func TestLocalLimiter(t *testing.T) {
	l := newLocalLimiter()
	k := subKey{"app", "api"}
	ok := 0
	var wait time.Duration
	for range 15 {
		a, err := l.Allow(context.Background(), k, 10, 0)
		assert.NoError(t, err)
		if a.OK {
			ok++
			assert.Equal(t, 10, a.Limit)
			assert.Equal(t, 10-ok, a.Remaining)
		} else {
			wait = a.RetryAfter
		}
	}
	assert.Equal(t, 10, ok, "a burst of one second's worth")
	assert.Greater(t, wait, time.Duration(0))
	assert.LessOrEqual(t, wait, time.Second)

	// The minute budget is not spent by calls the second budget refuses, and vice versa.
	k2 := subKey{"app2", "api"}
	ok = 0
	for range 20 {
		if a, _ := l.Allow(context.Background(), k2, 100, 5); a.OK {
			ok++
		}
	}
	assert.Equal(t, 5, ok)

	// Unlimited plans are not limited; changed limits take effect.
	a, _ := l.Allow(context.Background(), subKey{"x", "y"}, 0, 0)
	assert.True(t, a.OK)
	a, _ = l.Allow(context.Background(), k2, 100, 0)
	assert.True(t, a.OK, "new limits make new buckets")
}

func TestLimiterAllocatesNothing(t *testing.T) {
	l := newLocalLimiter()
	k := subKey{"app", "api"}
	assert.Zero(t, testing.AllocsPerRun(1000, func() { _, _ = l.Allow(context.Background(), k, 1_000_000, 0) }))
}

func TestKeyLookupAllocatesNothing(t *testing.T) {
	if raceEnabled {
		t.Skip("allocation counts are meaningless under the race detector")
	}
	g := New(nil, Options{Pepper: []byte("pepper-pepper-pepper-pepper-1234")})
	s := &snapshot{keys: map[[32]byte]int32{}}
	key, err := apikey.Generate(apikey.ModeLive)
	assert.NoError(t, err)
	_, wellFormed := g.lookupKey(s, key)
	assert.True(t, wellFormed)
	assert.Zero(t, testing.AllocsPerRun(1000, func() { g.lookupKey(s, key) }))
}

// TestWindow: a window is rate.Limiter's token bucket: burst tokens, one back per interval, never more than burst.
func TestWindow(t *testing.T) {
	w := newWindow(2, time.Second) // 2 a second: a token every 500 ms
	sec := int64(time.Second)
	for i, want := range []float64{1, 0} {
		left, ok := w.take(0)
		assert.True(t, ok, "call %d", i)
		assert.InDelta(t, want, left, 1e-9)
	}
	_, ok := w.take(0)
	assert.False(t, ok, "the burst is spent")
	assert.InDelta(t, 0.5, w.tokens(sec/4), 1e-9, "half a token after 250 ms")
	_, ok = w.take(sec / 4)
	assert.False(t, ok)
	left, ok := w.take(sec / 2)
	assert.True(t, ok, "a token after 500 ms")
	assert.InDelta(t, 0, left, 1e-9)
	assert.InDelta(t, 2, w.tokens(10*sec), 1e-9, "never more than the burst")
	left, ok = w.take(10 * sec)
	assert.True(t, ok)
	assert.InDelta(t, 1, left, 1e-9)
}
