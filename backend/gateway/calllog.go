package gateway

import (
	"context"
	"sync"
	"time"

	"tollgate/backend/tollgate"
)

// logBatch is how many call logs wake the writer before its next tick: large batches make COPY cheap per row, and
// bound what waits in memory at a steady rate.
const logBatch = 4096

// logQueue holds call logs until the writer takes them. A call appends under a mutex, which costs far less than a
// channel send (no copy through a ring of LogBuffer slots kept for ever, no wake-up of the writer per call); the
// writer swaps the slice for an empty one and writes what it took.
type logQueue struct {
	mu      sync.Mutex
	pending []tollgate.CallLog
	writing int // taken by the writer and not written yet: they count against max too
	max     int
	full    chan struct{} // a batch is waiting
}

func newLogQueue(max int) *logQueue {
	return &logQueue{max: max, full: make(chan struct{}, 1)}
}

// add queues a copy of l; it reports false, dropping l, when max logs are waiting already.
func (q *logQueue) add(l *tollgate.CallLog) bool {
	q.mu.Lock()
	n := len(q.pending)
	if n+q.writing >= q.max {
		q.mu.Unlock()
		return false
	}
	q.pending = append(q.pending, *l)
	q.mu.Unlock()
	if n+1 == logBatch {
		select {
		case q.full <- struct{}{}:
		default:
		}
	}
	return true
}

// take returns what is queued and queues into spare (emptied) from now on. Call done once the logs are written.
func (q *logQueue) take(spare []tollgate.CallLog) []tollgate.CallLog {
	q.mu.Lock()
	batch := q.pending
	q.pending = spare[:0]
	q.writing = len(batch)
	q.mu.Unlock()
	return batch
}

func (q *logQueue) done() {
	q.mu.Lock()
	q.writing = 0
	q.mu.Unlock()
}

// writeLogs writes call logs in batches with COPY, creating the day partitions they need, until ctx ends; then it
// writes what is queued. A write is not cut short by ctx (its logs would be lost), only by a timeout of its own.
func (g *Gateway) writeLogs(ctx context.Context) {
	var spare []tollgate.CallLog
	prepared := time.Time{}
	write := func() {
		batch := g.logs.take(spare)
		defer g.logs.done()
		if len(batch) > 0 {
			wctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
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
			cancel()
		}
		clear(batch) // let the strings go
		if cap(batch) > 4*logBatch {
			batch = nil // a backlog's block is not kept for ever
		}
		spare = batch
	}
	t := time.NewTicker(g.opt.FlushEvery)
	defer t.Stop()
	for {
		select {
		case <-g.logs.full:
			write()
		case <-t.C:
			write()
		case <-ctx.Done():
			write() // the HTTP server has stopped: nothing more will be queued
			return
		}
	}
}
