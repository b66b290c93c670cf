// Package httpapi serves the management API under /api/v1, the portal, health checks and metrics with Gin.
// Handlers call the domain's services; they never see the database.
package httpapi

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/prometheus/client_golang/prometheus"

	"tollgate/backend/auth"
	"tollgate/backend/config"
	"tollgate/backend/tollgate"
)

// Services are the domain services the API uses.
type Services struct {
	Tenants     tollgate.TenantService
	Users       tollgate.UserService
	Memberships tollgate.MembershipService
	Teams       tollgate.TeamService
	Invitations tollgate.InvitationService
	Sessions    tollgate.SessionService
	Audit       tollgate.AuditService
	Mailer      tollgate.Mailer

	APIs          tollgate.APIService
	Plans         tollgate.PlanService
	Applications  tollgate.ApplicationService
	Subscriptions tollgate.SubscriptionService
	Keys          tollgate.KeyService
	Notifications tollgate.NotificationService
	UserTeams     tollgate.UserTeams
	Calls         tollgate.CallLogService
	Billing       tollgate.BillingService
	Analytics     tollgate.AnalyticsService
	Alerts        tollgate.AlertService
}

// Readiness reports whether the process can serve: the database answers and its schema is current.
type Readiness func(ctx context.Context) map[string]error

// Server is the management API and portal.
type Server struct {
	cfg     *config.Config
	svc     Services
	log     *slog.Logger
	tokens  *auth.Issuer
	ready   Readiness
	limiter *loginLimiter
	metrics *httpMetrics
	engine  *gin.Engine
	self    tollgate.SelfHosts // Tollgate's own addresses: upstreams may not point here
	csp     string
}

// New builds the server. reg receives the HTTP metrics.
func New(cfg *config.Config, svc Services, log *slog.Logger, ready Readiness, reg prometheus.Registerer, gatherer prometheus.Gatherer) (*Server, error) {
	issuer, err := auth.NewIssuer(cfg.JWTSecret, cfg.PublicURL, cfg.AccessTokenTTL)
	if err != nil {
		return nil, err
	}
	m, err := newHTTPMetrics(reg)
	if err != nil {
		return nil, err
	}
	s := &Server{cfg: cfg, svc: svc, log: log, tokens: issuer, ready: ready, metrics: m,
		limiter: newLoginLimiter(cfg.LoginRateLimit, time.Minute), self: selfHosts(cfg),
		csp: contentSecurityPolicy(cfg.GatewayURL)}
	gin.SetMode(gin.ReleaseMode)
	e := gin.New()
	e.HandleMethodNotAllowed = true
	e.RedirectTrailingSlash = false // an API answers the path it was given, not a redirect
	// X-Forwarded-For is believed only from configured proxies; otherwise the client IP is the peer's address.
	if err := e.SetTrustedProxies(cfg.TrustedProxies); err != nil {
		return nil, err
	}
	e.Use(s.requestContext, s.recover)
	s.routes(e, gatherer)
	e.NoRoute(s.noRoute)
	e.NoMethod(func(c *gin.Context) {
		s.render(c, tollgate.Errorf(tollgate.CodeNotFound, "%s is not allowed on %s", c.Request.Method, c.Request.URL.Path))
	})
	s.engine = e
	return s, nil
}

// ServeHTTP makes the server an http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.engine.ServeHTTP(w, r) }

// Routes lists every registered method and path (tests compare them with the OpenAPI document).
func (s *Server) Routes() gin.RoutesInfo { return s.engine.Routes() }

// selfHosts lists the addresses Tollgate serves on, so an API's upstream cannot loop back through the gateway.
func selfHosts(cfg *config.Config) tollgate.SelfHosts {
	hosts := tollgate.SelfHosts{cfg.HTTPAddr, cfg.GatewayAddr}
	for _, raw := range []string{cfg.PublicURL, cfg.GatewayURL} {
		if u, err := url.Parse(raw); err == nil && u.Host != "" {
			port := u.Port()
			if port == "" {
				port = map[string]string{"http": "80", "https": "443"}[u.Scheme]
			}
			hosts = append(hosts, net.JoinHostPort(u.Hostname(), port))
		}
	}
	return hosts
}

var requestIDRE = regexp.MustCompile(`^[A-Za-z0-9._-]{8,64}$`)

const ctxRequestID = "request_id"

func requestID(c *gin.Context) string { return c.GetString(ctxRequestID) }

// requestContext gives every request an id (the caller's X-Request-Id when it looks sane), puts the actor in the
// context for the audit log, logs the request and counts it in the metrics.
func (s *Server) requestContext(c *gin.Context) {
	start := time.Now()
	id := c.GetHeader("X-Request-Id")
	if !requestIDRE.MatchString(id) {
		var b [12]byte
		_, _ = rand.Read(b[:])
		id = hex.EncodeToString(b[:])
	}
	c.Set(ctxRequestID, id)
	c.Header("X-Request-Id", id)
	c.Request = c.Request.WithContext(tollgate.WithActor(c.Request.Context(), tollgate.Actor{RequestID: id, IP: c.ClientIP()}))
	c.Next()

	route := c.FullPath()
	if route == "" {
		route = "unmatched"
	}
	status := c.Writer.Status()
	elapsed := time.Since(start)
	s.metrics.requests.WithLabelValues(c.Request.Method, route, strconv.Itoa(status)).Inc()
	s.metrics.duration.WithLabelValues(c.Request.Method, route).Observe(elapsed.Seconds())
	if route == "/healthz" || route == "/readyz" || route == "/metrics" {
		return
	}
	level := slog.LevelInfo
	if status >= 500 {
		level = slog.LevelError
	}
	attrs := []any{"request_id", id, "method", c.Request.Method, "route", route, "status", status,
		"duration_ms", float64(elapsed.Microseconds()) / 1000, "ip", c.ClientIP()}
	if u := currentUser(c); u != nil {
		attrs = append(attrs, "user_id", u.ID)
	}
	s.log.Log(c.Request.Context(), level, "http request", attrs...)
}

// recover turns a panic into a logged 500 problem instead of a dropped connection.
func (s *Server) recover(c *gin.Context) {
	defer func() {
		if r := recover(); r != nil {
			if r == http.ErrAbortHandler {
				panic(r)
			}
			s.log.ErrorContext(c.Request.Context(), "panic", "panic", r, "request_id", requestID(c))
			s.render(c, tollgate.Errorf(tollgate.CodeInternal, "internal error (request id %s)", requestID(c)))
		}
	}()
	c.Next()
}

type httpMetrics struct {
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
}

func newHTTPMetrics(reg prometheus.Registerer) (*httpMetrics, error) {
	m := &httpMetrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "tollgate_http_requests_total", Help: "Management API and portal requests by method, route and status.",
		}, []string{"method", "route", "status"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "tollgate_http_request_duration_seconds", Help: "Management API and portal request latency.",
			Buckets: prometheus.DefBuckets,
		}, []string{"method", "route"}),
	}
	for _, c := range []prometheus.Collector{m.requests, m.duration} {
		if err := reg.Register(c); err != nil {
			return nil, err
		}
	}
	return m, nil
}
