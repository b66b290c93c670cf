package gateway

import (
	"context"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// Limiter enforces a plan's rate limits for one application and API.
type Limiter interface {
	// Allow takes one call from the budget of key; when the budget is spent it says how long to wait.
	Allow(ctx context.Context, key subKey, perSecond, perMinute int) (ok bool, retryAfter time.Duration, err error)
}

// localLimiter keeps token buckets in memory: exact on one node.
type localLimiter struct {
	mu sync.Mutex
	m  map[subKey]*buckets
}

type buckets struct {
	perSecond, perMinute int
	sec, min             *rate.Limiter
}

func newLocalLimiter() *localLimiter { return &localLimiter{m: map[subKey]*buckets{}} }

// Allow implements Limiter. A bucket is made again when the plan's limits change.
func (l *localLimiter) Allow(_ context.Context, key subKey, perSecond, perMinute int) (bool, time.Duration, error) {
	now := time.Now()
	l.mu.Lock()
	b := l.m[key]
	if b == nil || b.perSecond != perSecond || b.perMinute != perMinute {
		b = &buckets{perSecond: perSecond, perMinute: perMinute}
		if perSecond > 0 {
			b.sec = rate.NewLimiter(rate.Limit(perSecond), perSecond)
		}
		if perMinute > 0 {
			b.min = rate.NewLimiter(rate.Every(time.Minute/time.Duration(perMinute)), perMinute)
		}
		l.m[key] = b
	}
	l.mu.Unlock()
	// Check both buckets before taking from either, so a refusal by one does not spend the other. Two calls racing
	// between the check and the take may both be refused; neither is let through beyond the limit.
	for _, lim := range [2]*rate.Limiter{b.min, b.sec} {
		if lim != nil {
			if t := lim.TokensAt(now); t < 1 {
				return false, time.Duration((1 - t) / float64(lim.Limit()) * float64(time.Second)), nil
			}
		}
	}
	for _, lim := range [2]*rate.Limiter{b.min, b.sec} {
		if lim != nil && !lim.AllowN(now, 1) {
			return false, time.Duration(float64(time.Second) / float64(lim.Limit())), nil
		}
	}
	return true, 0, nil
}
