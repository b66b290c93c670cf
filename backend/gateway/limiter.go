package gateway

import (
	"context"
	"sync"
	"time"

	"golang.org/x/time/rate"
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
func (l *localLimiter) Allow(_ context.Context, key subKey, perSecond, perMinute int) (Allowance, error) {
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
				return Allowance{RetryAfter: time.Duration((1 - t) / float64(lim.Limit()) * float64(time.Second)), Limit: lim.Burst()}, nil
			}
		}
	}
	a := Allowance{OK: true, Remaining: -1}
	for _, lim := range [2]*rate.Limiter{b.min, b.sec} {
		if lim == nil {
			continue
		}
		if !lim.AllowN(now, 1) {
			return Allowance{RetryAfter: time.Duration(float64(time.Second) / float64(lim.Limit())), Limit: lim.Burst()}, nil
		}
		left := lim.TokensAt(now)
		if rem := int(left); a.Remaining < 0 || rem < a.Remaining {
			a.Limit, a.Remaining = lim.Burst(), rem
			a.Reset = time.Duration((float64(lim.Burst()) - left) / float64(lim.Limit()) * float64(time.Second))
		}
	}
	return a, nil
}
