package gateway

import (
	"context"
	"fmt"
	"time"

	"github.com/go-redis/redis_rate/v10"
	"github.com/redis/go-redis/v9"
)

// RedisLimiter shares rate limits between gateway nodes through Redis (GCRA, go-redis/redis_rate): one limit for
// all nodes, at the cost of a Redis round trip per limited call.
type RedisLimiter struct {
	lim *redis_rate.Limiter
}

// NewRedisLimiter connects to Redis at url (redis://host:6379/0) and checks the connection.
func NewRedisLimiter(ctx context.Context, url string) (*RedisLimiter, func() error, error) {
	opt, err := redis.ParseURL(url)
	if err != nil {
		return nil, nil, fmt.Errorf("REDIS_URL: %w", err)
	}
	rdb := redis.NewClient(opt)
	pctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if err := rdb.Ping(pctx).Err(); err != nil {
		_ = rdb.Close()
		return nil, nil, fmt.Errorf("connect to Redis: %w", err)
	}
	return &RedisLimiter{lim: redis_rate.NewLimiter(rdb)}, rdb.Close, nil
}

// Allow implements Limiter.
func (l *RedisLimiter) Allow(ctx context.Context, key subKey, perSecond, perMinute int) (Allowance, error) {
	a := Allowance{OK: true, Remaining: -1}
	for _, w := range [2]struct {
		suffix string
		limit  redis_rate.Limit
		on     bool
	}{{":s", redis_rate.PerSecond(perSecond), perSecond > 0}, {":m", redis_rate.PerMinute(perMinute), perMinute > 0}} {
		if !w.on {
			continue
		}
		res, err := l.lim.Allow(ctx, "tollgate:rl:"+key.app+":"+key.api+w.suffix, w.limit)
		if err != nil {
			return Allowance{}, fmt.Errorf("redis rate limit: %w", err)
		}
		if res.Allowed == 0 {
			return Allowance{RetryAfter: res.RetryAfter, Limit: w.limit.Burst}, nil
		}
		if a.Remaining < 0 || res.Remaining < a.Remaining {
			a.Limit, a.Remaining, a.Reset = w.limit.Burst, res.Remaining, res.ResetAfter
		}
	}
	return a, nil
}
