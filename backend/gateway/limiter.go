package gateway

import (
	"context"
	"sync"
	"sync/atomic"
	"time"
)

// Limiter enforces a plan's rate limits for one application and API.
type Limiter interface {
	// Allow takes one call from the budget of key; when the budget is spent it says how long to wait. It also says
	// how many calls are left in the tightest window, for the RateLimit headers.
	Allow(ctx context.Context, key subKey, perSecond, perMinute int) (Allowance, error)
}

// Allowance is a rate limiter's answer.
type Allowance struct {
	OK         bool
	RetryAfter time.Duration
	Limit      int           // the tightest window's limit
	Remaining  int           // calls left in it
	Reset      time.Duration // until it is full again
}

// localLimiter keeps token buckets in memory: exact on one node. A call takes no lock: buckets are found in a
// sync.Map and each window is one word changed with compare-and-swap, so calls of one application never queue
// behind each other.
type localLimiter struct {
	m     sync.Map // subKey → *buckets
	epoch time.Time
}

type buckets struct {
	perSecond, perMinute int
	sec, min             *window
}

func newLocalLimiter() *localLimiter { return &localLimiter{epoch: time.Now()} }

// window is a token bucket of burst tokens refilled one per interval (rate.Limiter's), kept as GCRA does: tat is
// when the bucket will be full again, in nanoseconds on the limiter's monotonic clock, and a call fits while
// tat - now <= (burst-1)·interval.
type window struct {
	burst, interval int64
	tat             atomic.Int64
}

func newWindow(limit int, per time.Duration) *window {
	return &window{burst: int64(limit), interval: max(int64(per)/int64(limit), 1)}
}

// tokens is how many tokens the window holds at now.
func (w *window) tokens(now int64) float64 {
	return float64(w.burst) - float64(max(w.tat.Load()-now, 0))/float64(w.interval)
}

// take takes a token if there is one and returns how many are left.
func (w *window) take(now int64) (float64, bool) {
	for {
		tat := w.tat.Load()
		base := max(tat, now)
		if base-now > (w.burst-1)*w.interval {
			return 0, false
		}
		if w.tat.CompareAndSwap(tat, base+w.interval) {
			return float64(w.burst) - float64(base+w.interval-now)/float64(w.interval), true
		}
	}
}

// buckets returns the buckets of key, made again when the plan's limits change.
func (l *localLimiter) buckets(key subKey, perSecond, perMinute int) *buckets {
	v, ok := l.m.Load(key)
	for {
		if ok {
			if b := v.(*buckets); b.perSecond == perSecond && b.perMinute == perMinute {
				return b
			}
		}
		b := &buckets{perSecond: perSecond, perMinute: perMinute}
		if perSecond > 0 {
			b.sec = newWindow(perSecond, time.Second)
		}
		if perMinute > 0 {
			b.min = newWindow(perMinute, time.Minute)
		}
		if !ok {
			if v, ok = l.m.LoadOrStore(key, b); !ok {
				return b
			}
		} else if l.m.CompareAndSwap(key, v, b) {
			return b
		} else {
			v, ok = l.m.Load(key)
		}
	}
}

// Allow implements Limiter.
func (l *localLimiter) Allow(_ context.Context, key subKey, perSecond, perMinute int) (Allowance, error) {
	b := l.buckets(key, perSecond, perMinute)
	now := int64(time.Since(l.epoch))
	// Check both windows before taking from either, so a refusal by one does not spend the other. Two calls racing
	// between the check and the take may both be refused; neither is let through beyond the limit.
	for _, w := range [2]*window{b.min, b.sec} {
		if w != nil {
			if t := w.tokens(now); t < 1 {
				return Allowance{RetryAfter: time.Duration((1 - t) * float64(w.interval)), Limit: int(w.burst)}, nil
			}
		}
	}
	a := Allowance{OK: true, Remaining: -1}
	for _, w := range [2]*window{b.min, b.sec} {
		if w == nil {
			continue
		}
		left, ok := w.take(now)
		if !ok {
			return Allowance{RetryAfter: time.Duration(w.interval), Limit: int(w.burst)}, nil
		}
		if rem := int(left); a.Remaining < 0 || rem < a.Remaining {
			a.Limit, a.Remaining = int(w.burst), rem
			a.Reset = time.Duration((float64(w.burst) - left) * float64(w.interval))
		}
	}
	return a, nil
}
