// Package config loads Tollgate's configuration from the environment, once, into one validated struct.
package config

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// Config is every setting of the process. Each field comes from one environment variable, documented in the README.
type Config struct {
	Env             string // TOLLGATE_ENV: development | production
	DatabaseURL     string // DATABASE_URL
	HTTPAddr        string // TOLLGATE_HTTP_ADDR
	GatewayAddr     string // TOLLGATE_GATEWAY_ADDR
	PublicURL       string // TOLLGATE_PUBLIC_URL
	GatewayURL      string // TOLLGATE_GATEWAY_URL: where API callers (and the portal's try-it panel) reach the gateway
	DataDir         string // TOLLGATE_DATA_DIR
	JWTSecret       []byte // TOLLGATE_JWT_SECRET
	APIKeyPepper    []byte // TOLLGATE_API_KEY_PEPPER
	EncryptionKey   []byte // TOLLGATE_ENCRYPTION_KEY
	AccessTokenTTL  time.Duration
	RefreshTokenTTL time.Duration
	InvitationTTL   time.Duration
	SMTPURL         string // TOLLGATE_SMTP_URL
	MailFrom        string // TOLLGATE_MAIL_FROM
	LogLevel        slog.Level
	LogFormat       string // json | text
	ShutdownTimeout time.Duration
	MaxBodyBytes    int64
	LoginRateLimit  int      // TOLLGATE_LOGIN_RATE_LIMIT: attempts per minute per IP and per account
	TrustedProxies  []string // TOLLGATE_TRUSTED_PROXIES: CIDRs whose X-Forwarded-For is believed

	GatewayMaxStaleness time.Duration // TOLLGATE_GATEWAY_MAX_STALENESS: 0 serves from the last snapshot forever
	GatewayMaxBody      int64         // TOLLGATE_GATEWAY_MAX_BODY_BYTES
	GatewayFlush        time.Duration // TOLLGATE_GATEWAY_FLUSH_INTERVAL
	GatewayReload       time.Duration // TOLLGATE_GATEWAY_RELOAD_INTERVAL
	CallLogRetention    time.Duration // TOLLGATE_CALL_LOG_RETENTION
	DemoUpstreamAddr    string        // TOLLGATE_DEMO_UPSTREAM_ADDR: serve the demo Weather upstream here (make run)
	RedisURL            string        // REDIS_URL: share rate limits between gateway nodes

	StripeAPIURL        string        // TOLLGATE_STRIPE_API_URL: Stripe's API (stripe-mock in tests); "" : https://api.stripe.com
	StripeSecretKey     string        // TOLLGATE_STRIPE_SECRET_KEY: operator-wide default for tenants without their own
	StripeWebhookSecret string        // TOLLGATE_STRIPE_WEBHOOK_SECRET: operator-wide default webhook signing secret
	BillingInterval     time.Duration // TOLLGATE_BILLING_INTERVAL: how often usage is reported and grace checked

	AlertInterval       time.Duration // TOLLGATE_ALERT_INTERVAL: how often alerts are checked and sent
	RollupInterval      time.Duration // TOLLGATE_ROLLUP_INTERVAL: how often call logs are rolled up
	RollupDelay         time.Duration // TOLLGATE_ROLLUP_DELAY: how long after a minute ends it is rolled up
	WebhookAllowPrivate bool          // TOLLGATE_WEBHOOK_ALLOW_PRIVATE: outgoing webhooks may go to private addresses
}

// Production reports whether the process runs in production mode.
func (c *Config) Production() bool { return c.Env == "production" }

// Load reads the configuration from getenv. In development, missing secrets are generated once and kept in
// DataDir/secrets.env so sessions survive restarts; production refuses to start without them and names them.
func Load(getenv func(string) string) (*Config, error) {
	var errs []error
	get := func(key, def string) string {
		if v := strings.TrimSpace(getenv(key)); v != "" {
			return v
		}
		return def
	}
	dur := func(key string, def time.Duration) time.Duration {
		v := get(key, "")
		if v == "" {
			return def
		}
		d, err := time.ParseDuration(v)
		if err != nil || d <= 0 {
			errs = append(errs, fmt.Errorf("%s: %q is not a positive duration like 15m or 720h", key, v))
			return def
		}
		return d
	}
	c := &Config{
		Env:              get("TOLLGATE_ENV", "development"),
		DatabaseURL:      get("DATABASE_URL", ""),
		HTTPAddr:         get("TOLLGATE_HTTP_ADDR", ":8080"),
		GatewayAddr:      get("TOLLGATE_GATEWAY_ADDR", ":8081"),
		PublicURL:        strings.TrimRight(get("TOLLGATE_PUBLIC_URL", "http://localhost:8080"), "/"),
		GatewayURL:       strings.TrimRight(get("TOLLGATE_GATEWAY_URL", "http://localhost:8081"), "/"),
		DemoUpstreamAddr: get("TOLLGATE_DEMO_UPSTREAM_ADDR", ""),
		RedisURL:         get("REDIS_URL", ""),
		DataDir:          get("TOLLGATE_DATA_DIR", ".data"),
		AccessTokenTTL:   dur("TOLLGATE_ACCESS_TOKEN_TTL", 15*time.Minute),
		RefreshTokenTTL:  dur("TOLLGATE_REFRESH_TOKEN_TTL", 30*24*time.Hour),
		InvitationTTL:    dur("TOLLGATE_INVITATION_TTL", 7*24*time.Hour),
		SMTPURL:          get("TOLLGATE_SMTP_URL", ""),
		MailFrom:         get("TOLLGATE_MAIL_FROM", "Tollgate <no-reply@localhost>"),
		LogFormat:        get("TOLLGATE_LOG_FORMAT", "json"),
		ShutdownTimeout:  dur("TOLLGATE_SHUTDOWN_TIMEOUT", 15*time.Second),
		MaxBodyBytes:     1 << 20,
		LoginRateLimit:   10,
	}
	c.GatewayFlush = dur("TOLLGATE_GATEWAY_FLUSH_INTERVAL", time.Second)
	c.GatewayReload = dur("TOLLGATE_GATEWAY_RELOAD_INTERVAL", 30*time.Second)
	c.CallLogRetention = dur("TOLLGATE_CALL_LOG_RETENTION", 30*24*time.Hour)
	c.StripeAPIURL = strings.TrimRight(get("TOLLGATE_STRIPE_API_URL", ""), "/")
	c.StripeSecretKey = get("TOLLGATE_STRIPE_SECRET_KEY", "")
	c.StripeWebhookSecret = get("TOLLGATE_STRIPE_WEBHOOK_SECRET", "")
	c.BillingInterval = dur("TOLLGATE_BILLING_INTERVAL", time.Minute)
	c.AlertInterval = dur("TOLLGATE_ALERT_INTERVAL", 10*time.Second)
	c.RollupInterval = dur("TOLLGATE_ROLLUP_INTERVAL", 10*time.Second)
	c.RollupDelay = dur("TOLLGATE_ROLLUP_DELAY", 30*time.Second)
	switch v := get("TOLLGATE_WEBHOOK_ALLOW_PRIVATE", ""); v {
	case "":
		c.WebhookAllowPrivate = c.Env != "production"
	case "true", "false":
		c.WebhookAllowPrivate = v == "true"
	default:
		errs = append(errs, fmt.Errorf("TOLLGATE_WEBHOOK_ALLOW_PRIVATE: %q must be true or false", v))
	}
	if c.StripeAPIURL != "" {
		if u, err := url.Parse(c.StripeAPIURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			errs = append(errs, fmt.Errorf("TOLLGATE_STRIPE_API_URL: %q must be an http(s) URL", c.StripeAPIURL))
		}
	}
	if c.StripeSecretKey != "" && !strings.HasPrefix(c.StripeSecretKey, "sk_") && !strings.HasPrefix(c.StripeSecretKey, "rk_") {
		errs = append(errs, errors.New("TOLLGATE_STRIPE_SECRET_KEY must be a Stripe secret or restricted key (sk_… or rk_…)"))
	}
	c.GatewayMaxStaleness = 5 * time.Minute
	if v := get("TOLLGATE_GATEWAY_MAX_STALENESS", ""); v == "0" {
		c.GatewayMaxStaleness = 0
	} else if v != "" {
		c.GatewayMaxStaleness = dur("TOLLGATE_GATEWAY_MAX_STALENESS", 5*time.Minute)
	}
	c.GatewayMaxBody = 10 << 20
	if v := get("TOLLGATE_GATEWAY_MAX_BODY_BYTES", ""); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 1 {
			errs = append(errs, fmt.Errorf("TOLLGATE_GATEWAY_MAX_BODY_BYTES: %q must be a positive number of bytes", v))
		}
		c.GatewayMaxBody = n
	}
	if c.Env != "development" && c.Env != "production" {
		errs = append(errs, fmt.Errorf("TOLLGATE_ENV: %q must be development or production", c.Env))
	}
	if c.DatabaseURL == "" {
		errs = append(errs, errors.New("DATABASE_URL is required (postgres://user:pass@host:5432/db)"))
	}
	for k, v := range map[string]string{"TOLLGATE_PUBLIC_URL": c.PublicURL, "TOLLGATE_GATEWAY_URL": c.GatewayURL} {
		if u, err := url.Parse(v); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.Path != "" {
			errs = append(errs, fmt.Errorf("%s: %q must be an absolute http(s) URL without a path", k, v))
		}
	}
	if err := c.LogLevel.UnmarshalText([]byte(get("TOLLGATE_LOG_LEVEL", "info"))); err != nil {
		errs = append(errs, fmt.Errorf("TOLLGATE_LOG_LEVEL: %w", err))
	}
	if c.LogFormat != "json" && c.LogFormat != "text" {
		errs = append(errs, fmt.Errorf("TOLLGATE_LOG_FORMAT: %q must be json or text", c.LogFormat))
	}
	if v := get("TOLLGATE_LOGIN_RATE_LIMIT", ""); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			errs = append(errs, fmt.Errorf("TOLLGATE_LOGIN_RATE_LIMIT: %q must be a positive whole number", v))
		}
		c.LoginRateLimit = n
	}
	if v := get("TOLLGATE_TRUSTED_PROXIES", ""); v != "" {
		for _, p := range strings.Split(v, ",") {
			p = strings.TrimSpace(p)
			if _, _, err := net.ParseCIDR(p); err != nil && net.ParseIP(p) == nil {
				errs = append(errs, fmt.Errorf("TOLLGATE_TRUSTED_PROXIES: %q is not an IP address or CIDR", p))
			}
			c.TrustedProxies = append(c.TrustedProxies, p)
		}
	}
	errs = append(errs, c.loadSecrets(getenv)...)
	if len(errs) > 0 {
		return nil, fmt.Errorf("configuration: %w", errors.Join(errs...))
	}
	return c, nil
}

var secretVars = []string{"TOLLGATE_JWT_SECRET", "TOLLGATE_API_KEY_PEPPER", "TOLLGATE_ENCRYPTION_KEY"}

// loadSecrets fills the three secrets: each is 32 bytes given as 64 hex characters.
func (c *Config) loadSecrets(getenv func(string) string) []error {
	values := map[string]string{}
	for _, k := range secretVars {
		values[k] = strings.TrimSpace(getenv(k))
	}
	var missing []string
	for _, k := range secretVars {
		if values[k] == "" {
			missing = append(missing, k)
		}
	}
	if len(missing) > 0 {
		if c.Production() {
			return []error{fmt.Errorf("production mode needs %s (each 64 hex characters: openssl rand -hex 32)",
				strings.Join(missing, ", "))}
		}
		stored, err := devSecrets(filepath.Join(c.DataDir, "secrets.env"))
		if err != nil {
			return []error{err}
		}
		for _, k := range missing {
			values[k] = stored[k]
		}
	}
	var errs []error
	decode := func(k string) []byte {
		b, err := hex.DecodeString(values[k])
		if err != nil || len(b) < 32 {
			errs = append(errs, fmt.Errorf("%s must be at least 64 hex characters (32 bytes): openssl rand -hex 32", k))
		}
		return b
	}
	c.JWTSecret = decode("TOLLGATE_JWT_SECRET")
	c.APIKeyPepper = decode("TOLLGATE_API_KEY_PEPPER")
	c.EncryptionKey = decode("TOLLGATE_ENCRYPTION_KEY")
	return errs
}

// devSecrets reads the development secrets file, creating it with fresh random values when it is missing or
// incomplete. The file is private to the user (0600).
func devSecrets(path string) (map[string]string, error) {
	out := map[string]string{}
	if b, err := os.ReadFile(path); err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			if k, v, ok := strings.Cut(strings.TrimSpace(line), "="); ok {
				out[k] = v
			}
		}
	} else if !errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("read development secrets: %w", err)
	}
	changed := false
	for _, k := range secretVars {
		if out[k] == "" {
			b := make([]byte, 32)
			if _, err := rand.Read(b); err != nil {
				return nil, fmt.Errorf("generate %s: %w", k, err)
			}
			out[k] = hex.EncodeToString(b)
			changed = true
		}
	}
	if changed {
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			return nil, fmt.Errorf("create data dir: %w", err)
		}
		var sb strings.Builder
		sb.WriteString("# Development secrets generated by tollgate. Never use these in production.\n")
		for _, k := range secretVars {
			fmt.Fprintf(&sb, "%s=%s\n", k, out[k])
		}
		if err := os.WriteFile(path, []byte(sb.String()), 0o600); err != nil {
			return nil, fmt.Errorf("write development secrets: %w", err)
		}
	}
	return out, nil
}
