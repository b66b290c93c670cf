package gateway

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
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
