package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"golang.org/x/sync/errgroup"

	"tollgate/backend/alerts"
	"tollgate/backend/analytics"
	"tollgate/backend/billing"
	"tollgate/backend/config"
	"tollgate/backend/demo"
	"tollgate/backend/gateway"
	"tollgate/backend/httpapi"
	"tollgate/backend/mail"
	"tollgate/backend/postgres"
	"tollgate/backend/seed"
	"tollgate/backend/tollgate"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

const usage = `usage: tollgate <command>

commands:
  serve              run the control plane: management API, portal, webhooks (TOLLGATE_HTTP_ADDR)
  gateway            run the gateway (TOLLGATE_GATEWAY_ADDR)
  all                run both in one process
  migrate up|down|status
                     apply all migrations, revert the last one, or show the schema version
  seed --demo        create the demo tenant and logins once
  reconcile --tenant SLUG [--fix] [--csv FILE]
                     compare the tenant's paid subscriptions with Stripe; --fix repairs drift from Stripe's side
  stripe-event --tenant SLUG --subscription ID --type TYPE [--status S] [--final] [--url URL]
                     send a signed test webhook (checkout.session.completed, invoice.paid, invoice.payment_failed,
                     customer.subscription.updated, ...) for a subscription to a running instance (default
                     TOLLGATE_PUBLIC_URL), signed with the tenant's webhook secret
  version            print the version

Configuration comes from environment variables; see README.md.`

// run is the whole program; main only wires it to the process. Tests call it directly.
func run(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	if len(args) == 0 {
		return errors.New(usage)
	}
	switch args[0] {
	case "version":
		fmt.Fprintln(stdout, "tollgate", version)
		return nil
	case "help", "-h", "--help":
		fmt.Fprintln(stdout, usage)
		return nil
	}
	cfg, err := config.Load(getenv)
	if err != nil {
		return err
	}
	log := newLogger(cfg, stdout)
	switch args[0] {
	case "serve":
		return serve(ctx, cfg, log, true, false)
	case "gateway":
		return serve(ctx, cfg, log, false, true)
	case "all":
		return serve(ctx, cfg, log, true, true)
	case "migrate":
		return migrateCmd(cfg, args[1:], stdout)
	case "seed":
		return seedCmd(ctx, cfg, args[1:], stdout)
	case "reconcile":
		return reconcileCmd(ctx, cfg, log, args[1:], stdout)
	case "stripe-event":
		return stripeEventCmd(ctx, cfg, log, args[1:], stdout)
	}
	return fmt.Errorf("unknown command %q\n\n%s", args[0], usage)
}

func newLogger(cfg *config.Config, w io.Writer) *slog.Logger {
	opts := &slog.HandlerOptions{Level: cfg.LogLevel}
	if cfg.LogFormat == "text" {
		return slog.New(slog.NewTextHandler(w, opts))
	}
	return slog.New(slog.NewJSONHandler(w, opts))
}

func migrateCmd(cfg *config.Config, args []string, stdout io.Writer) error {
	if len(args) != 1 {
		return errors.New("usage: tollgate migrate up|down|status")
	}
	m, err := postgres.NewMigrator(cfg.DatabaseURL)
	if err != nil {
		return err
	}
	defer m.Close()
	switch args[0] {
	case "up":
		if err := m.Up(); err != nil {
			return err
		}
	case "down":
		if err := m.Down(); err != nil {
			return err
		}
	case "status":
	default:
		return fmt.Errorf("unknown migrate command %q: use up, down or status", args[0])
	}
	cur, dirty, latest, err := m.Status()
	if err != nil {
		return err
	}
	state := "current"
	switch {
	case dirty:
		state = "DIRTY: a migration failed half-way; fix it by hand, then force the version"
	case cur < latest:
		state = fmt.Sprintf("%d migration(s) pending: run tollgate migrate up", latest-cur)
	}
	fmt.Fprintf(stdout, "schema version %d of %d (%s)\n", cur, latest, state)
	return nil
}

func seedCmd(ctx context.Context, cfg *config.Config, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("seed", flag.ContinueOnError)
	demo := fs.Bool("demo", false, "seed the demo tenant and logins")
	fs.SetOutput(stdout)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if !*demo {
		return errors.New("usage: tollgate seed --demo")
	}
	db, err := postgres.Open(ctx, cfg.DatabaseURL)
	if err != nil {
		return err
	}
	defer db.Close()
	svc := services(db, nil, nil)
	return seed.Demo(ctx, seed.Services{
		Tenants: svc.Tenants, Users: svc.Users, Memberships: svc.Memberships, Teams: svc.Teams, APIs: svc.APIs,
		Plans: svc.Plans, Applications: svc.Applications, Subscriptions: svc.Subscriptions, Keys: svc.Keys,
		KeyPepper: cfg.APIKeyPepper, GatewayURL: cfg.GatewayURL, WeatherUpstream: demoUpstreamURL(cfg),
		Gateway: postgres.NewGatewayStore(db),
	}, cfg.PublicURL, stdout)
}

// serve runs the control plane, the gateway or both until ctx ends, then shuts down gracefully: listeners close,
// in-flight requests finish (up to TOLLGATE_SHUTDOWN_TIMEOUT) and background work flushes.
func serve(ctx context.Context, cfg *config.Config, log *slog.Logger, control, gw bool) error {
	db, err := postgres.Open(ctx, cfg.DatabaseURL)
	if err != nil {
		return err
	}
	defer db.Close()

	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))

	var servers []*http.Server
	var bill *billing.Service
	var jobs []func(context.Context) // the control plane's background work
	if control {
		mailer, err := newMailer(cfg, log)
		if err != nil {
			return err
		}
		bill, err = newBilling(cfg, db, log)
		if err != nil {
			return err
		}
		if err := bill.RegisterMetrics(reg); err != nil {
			return err
		}
		svc := services(db, mailer, bill)
		stats := analytics.New(postgres.NewAnalyticsStore(db), analytics.Options{Interval: cfg.RollupInterval, Delay: cfg.RollupDelay, Log: log})
		notices, err := newAlerts(cfg, db, mailer, reg, log)
		if err != nil {
			return err
		}
		svc.Analytics, svc.Alerts = stats, notices
		jobs = append(jobs, bill.Run, stats.Run, notices.Run)
		api, err := httpapi.New(cfg, svc, log, readiness(db), reg, reg)
		if err != nil {
			return err
		}
		servers = append(servers, newHTTPServer(cfg.HTTPAddr, api, log))
	}
	// The gateway's background work (snapshot, counts, logs) outlives its HTTP server by a little: it stops only
	// after in-flight calls are done, so their counts and logs are flushed too.
	gwCtx, stopGateway := context.WithCancel(context.WithoutCancel(ctx))
	defer stopGateway()
	var gwDone chan error
	if gw {
		metrics := gateway.NewMetrics(reg)
		var limiter gateway.Limiter
		if cfg.RedisURL != "" {
			rl, closeRedis, err := gateway.NewRedisLimiter(ctx, cfg.RedisURL)
			if err != nil {
				return err
			}
			defer closeRedis() //nolint:errcheck // closing at exit
			limiter = rl
			log.Info("gateway: rate limits shared through Redis")
		}
		g := gateway.New(postgres.NewGatewayStore(db), gateway.Options{PublicURL: cfg.PublicURL, Pepper: cfg.APIKeyPepper,
			MaxStaleness: cfg.GatewayMaxStaleness, MaxBodyBytes: cfg.GatewayMaxBody, FlushEvery: cfg.GatewayFlush,
			ReloadEvery: cfg.GatewayReload, LogRetention: cfg.CallLogRetention, Limiter: limiter, Metrics: metrics, Log: log})
		metrics.SnapshotAge(reg, func() float64 { _, age := g.Ready(); return age.Seconds() })
		if err := g.Load(ctx); err != nil {
			log.Warn("gateway: first snapshot failed; answering 503 until it loads", "err", err)
		}
		gwDone = make(chan error, 1)
		go func() { gwDone <- g.Run(gwCtx) }()
		var h http.Handler = g.Handler()
		if !control { // alone, the gateway serves the metrics itself
			metricsHandler, proxy := promhttp.HandlerFor(reg, promhttp.HandlerOpts{}), h
			// A plain comparison, not a ServeMux: the mux's pattern matching and path cleaning cost every call.
			h = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Path == "/metrics" && r.Method == http.MethodGet {
					metricsHandler.ServeHTTP(w, r)
					return
				}
				proxy.ServeHTTP(w, r)
			})
		}
		servers = append(servers, newHTTPServer(cfg.GatewayAddr, h, log))
	}

	if cfg.DemoUpstreamAddr != "" && gw {
		servers = append(servers, newHTTPServer(cfg.DemoUpstreamAddr, demo.Weather(), log))
	}

	g, gctx := errgroup.WithContext(ctx)
	if control {
		g.Go(func() error { janitor(gctx, postgres.NewSessionService(db), log); return nil })
		for _, job := range jobs {
			g.Go(func() error { job(gctx); return nil })
		}
	}
	for _, srv := range servers {
		ln, err := net.Listen("tcp", srv.Addr)
		if err != nil {
			return fmt.Errorf("listen on %s: %w", srv.Addr, err)
		}
		log.Info("listening", "addr", ln.Addr().String(), "url", listenURL(ln.Addr()))
		g.Go(func() error {
			if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
				return fmt.Errorf("serve %s: %w", srv.Addr, err)
			}
			return nil
		})
	}
	g.Go(func() error {
		<-gctx.Done()
		log.Info("shutting down", "timeout", cfg.ShutdownTimeout.String())
		sctx, cancel := context.WithTimeout(context.WithoutCancel(gctx), cfg.ShutdownTimeout)
		defer cancel()
		var errs []error
		for _, srv := range servers {
			if err := srv.Shutdown(sctx); err != nil {
				errs = append(errs, fmt.Errorf("shut down %s: %w", srv.Addr, err))
			}
		}
		if gwDone != nil {
			stopGateway()
			if err := <-gwDone; err != nil {
				errs = append(errs, fmt.Errorf("gateway: final flush: %w", err))
			}
		}
		return errors.Join(errs...)
	})
	err = g.Wait()
	log.Info("stopped")
	return err
}

// demoUpstreamURL is where the demo Weather API sends calls: the built-in demo upstream when it runs.
func demoUpstreamURL(cfg *config.Config) string {
	if cfg.DemoUpstreamAddr == "" {
		return ""
	}
	host, port, err := net.SplitHostPort(cfg.DemoUpstreamAddr)
	if err != nil {
		return ""
	}
	if host == "" || host == "0.0.0.0" || host == "::" {
		host = "127.0.0.1"
	}
	return "http://" + net.JoinHostPort(host, port)
}

// newBilling builds the billing service: Stripe through stripe-go, tenants' secrets sealed with the server's key.
func newBilling(cfg *config.Config, db *postgres.DB, log *slog.Logger) (*billing.Service, error) {
	sealer, err := billing.NewSealer(cfg.EncryptionKey)
	if err != nil {
		return nil, err
	}
	return billing.New(billing.Options{APIURL: cfg.StripeAPIURL, PublicURL: cfg.PublicURL, OperatorSecretKey: cfg.StripeSecretKey,
		OperatorWebhookSecret: cfg.StripeWebhookSecret, Sealer: sealer, Interval: cfg.BillingInterval, Log: log},
		postgres.NewBillingStore(db), postgres.NewPlanService(db)), nil
}

// newAlerts builds the alert service: quota and payment warnings to the portal, email and outgoing webhooks.
func newAlerts(cfg *config.Config, db *postgres.DB, mailer tollgate.Mailer, reg prometheus.Registerer, log *slog.Logger) (*alerts.Service, error) {
	sealer, err := billing.NewSealer(cfg.EncryptionKey)
	if err != nil {
		return nil, err
	}
	return alerts.New(postgres.NewAlertStore(db), alerts.Options{Interval: cfg.AlertInterval, Production: cfg.Production(),
		AllowPrivate: cfg.WebhookAllowPrivate, PublicURL: cfg.PublicURL, Sealer: sealer, Mailer: mailer, Registerer: reg, Log: log})
}

// services wires the PostgreSQL stores (and billing, when given) into the API.
func services(db *postgres.DB, mailer tollgate.Mailer, bill *billing.Service) httpapi.Services {
	apps := postgres.NewApplicationService(db)
	svc := httpapi.Services{
		Tenants: postgres.NewTenantService(db), Users: postgres.NewUserService(db),
		Memberships: postgres.NewMembershipService(db), Teams: postgres.NewTeamService(db),
		Invitations: postgres.NewInvitationService(db), Sessions: postgres.NewSessionService(db),
		Audit: postgres.NewAuditService(db), Mailer: mailer,
		APIs: postgres.NewAPIService(db), Plans: postgres.NewPlanService(db), Applications: apps,
		Subscriptions: postgres.NewSubscriptionService(db), Keys: postgres.NewKeyService(db),
		Notifications: postgres.NewNotificationService(db), UserTeams: apps, Calls: postgres.NewCallLogService(db),
	}
	if bill != nil {
		svc.Billing = bill
	}
	return svc
}

// janitor deletes sessions that ended more than a week ago, hourly, until ctx ends.
func janitor(ctx context.Context, sessions *postgres.SessionService, log *slog.Logger) {
	t := time.NewTicker(time.Hour)
	defer t.Stop()
	for {
		n, err := sessions.PurgeSessions(ctx, time.Now().Add(-7*24*time.Hour))
		if err != nil && ctx.Err() == nil {
			log.Warn("purge sessions", "err", err)
		} else if n > 0 {
			log.Info("purged ended sessions", "count", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

func newHTTPServer(addr string, h http.Handler, log *slog.Logger) *http.Server {
	return &http.Server{Addr: addr, Handler: h, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 60 * time.Second,
		WriteTimeout: 120 * time.Second, IdleTimeout: 120 * time.Second, MaxHeaderBytes: 64 << 10, ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelWarn)}
}

func listenURL(a net.Addr) string {
	host, port, _ := net.SplitHostPort(a.String())
	if host == "" || host == "::" || host == "0.0.0.0" {
		host = "localhost"
	}
	return "http://" + net.JoinHostPort(host, port)
}

func newMailer(cfg *config.Config, log *slog.Logger) (tollgate.Mailer, error) {
	if cfg.SMTPURL == "" {
		if cfg.Production() {
			log.Warn("TOLLGATE_SMTP_URL is not set: invitation emails are not sent; admins share the links by hand")
		}
		return mail.Log{Logger: log}, nil
	}
	return mail.NewSMTP(cfg.SMTPURL, cfg.MailFrom)
}

// readiness checks that the database answers and its schema is at the binary's version.
func readiness(db *postgres.DB) httpapi.Readiness {
	return func(ctx context.Context) map[string]error {
		checks := map[string]error{"database": db.Ping(ctx)}
		if checks["database"] != nil {
			checks["migrations"] = errors.New("unknown: database unreachable")
			return checks
		}
		latest, err := postgres.LatestVersion()
		if err != nil {
			checks["migrations"] = err
			return checks
		}
		checks["migrations"] = nil
		cur, dirty, err := db.SchemaVersion(ctx)
		switch {
		case err != nil && strings.Contains(err.Error(), "does not exist"):
			checks["migrations"] = errors.New("no migrations applied: run tollgate migrate up")
		case err != nil:
			checks["migrations"] = err
		case dirty:
			checks["migrations"] = fmt.Errorf("version %d is dirty: a migration failed half-way", cur)
		case cur != latest:
			checks["migrations"] = fmt.Errorf("schema is at version %d, this binary needs %d: run tollgate migrate up", cur, latest)
		}
		return checks
	}
}
