// Command loadrun is the Go half of `make bench` (backend/bench/bench.sh starts and stops the processes):
//
//	loadrun upstream -addrfile F                 a tiny upstream: ~100 bytes of JSON on every path
//	loadrun proxy -upstream URL -addrfile F      a bare httputil.ReverseProxy: default Transport, no BufferPool
//	loadrun proxy -tuned …                       the same with a BufferPool and the gateway's Transport settings
//	loadrun freeport                             print a free TCP port on 127.0.0.1
//	loadrun createdb -admin URL -name N          create database N on the admin URL's server; print its URL
//	loadrun dropdb -admin URL -name N            drop it (WITH FORCE)
//	loadrun prepare -db URL -upstream URL        point the demo API at the upstream, give its Free plan paid-like
//	                                             limits that never refuse, add 100,000 keys and 10,000 subscriptions
//	loadrun wait -url URL -pid P                 wait until URL answers 200 (fails if process P exits first)
//	loadrun measure -target name=URL@PID …       alternate wrk runs over the targets; write the figures as JSON
//	loadrun verify -db URL -requests F           after the gateway stopped: were the calls counted and logged?
//	loadrun report -gobench F -load F            the summary: figures and PASS/MISS against the targets
//
// Servers listen on 127.0.0.1:0 and write the address they got to -addrfile, so ports never collide.
package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"os/signal"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // database/sql driver "pgx"

	"tollgate/backend/bench"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: loadrun upstream|proxy|freeport|createdb|dropdb|prepare|wait|measure|verify|report [flags]")
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	cmds := map[string]func(context.Context, []string) error{
		"upstream": upstreamCmd, "proxy": proxyCmd, "freeport": freeportCmd, "createdb": createdbCmd, "dropdb": dropdbCmd,
		"prepare": prepareCmd, "wait": waitCmd, "measure": measureCmd, "verify": verifyCmd, "report": reportCmd,
	}
	cmd, ok := cmds[os.Args[1]]
	if !ok {
		fmt.Fprintf(os.Stderr, "loadrun: unknown command %q\n", os.Args[1])
		os.Exit(2)
	}
	if err := cmd(ctx, os.Args[2:]); err != nil {
		fmt.Fprintf(os.Stderr, "loadrun %s: %v\n", os.Args[1], err)
		os.Exit(1)
	}
}

// UpstreamBody is what the tiny upstream answers: about 100 bytes of JSON.
const UpstreamBody = `{"city":"Lisbon","temperature_c":21.5,"conditions":"sunny","observed_at":"2026-01-01T12:00:00Z"}`

func upstreamCmd(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("upstream", flag.ContinueOnError)
	addrFile := fs.String("addrfile", "", "write the listening address here")
	if err := fs.Parse(args); err != nil {
		return err
	}
	body := []byte(UpstreamBody)
	return serve(ctx, *addrFile, http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		h := w.Header()
		h["Content-Type"] = []string{"application/json"}
		h["Content-Length"] = []string{strconv.Itoa(len(body))}
		_, _ = w.Write(body)
	}))
}

func proxyCmd(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("proxy", flag.ContinueOnError)
	addrFile := fs.String("addrfile", "", "write the listening address here")
	upstream := fs.String("upstream", "", "upstream base URL")
	tuned := fs.Bool("tuned", false, "add a BufferPool and size the Transport's idle pool like the gateway's")
	if err := fs.Parse(args); err != nil {
		return err
	}
	u, err := url.Parse(*upstream)
	if err != nil || u.Host == "" {
		return fmt.Errorf("-upstream %q: not a URL", *upstream)
	}
	// The reference of performance.md: default Transport (2 idle connections per host), no BufferPool.
	p := &httputil.ReverseProxy{Rewrite: func(pr *httputil.ProxyRequest) { pr.SetURL(u); pr.SetXForwarded() }}
	if *tuned {
		// What a lean proxy can do on this machine: the floor under Tollgate's own cost (gateway/serve.go's
		// sharedTransport and bufferPool).
		p.BufferPool = &bufferPool{}
		p.Transport = &http.Transport{MaxIdleConns: 4096, MaxIdleConnsPerHost: 1024, IdleConnTimeout: 90 * time.Second,
			TLSHandshakeTimeout: 10 * time.Second, ExpectContinueTimeout: time.Second, ForceAttemptHTTP2: true}
	}
	return serve(ctx, *addrFile, p)
}

type bufferPool struct{ p sync.Pool }

func (b *bufferPool) Get() []byte {
	if v, ok := b.p.Get().(*[]byte); ok {
		return *v
	}
	return make([]byte, 32*1024)
}
func (b *bufferPool) Put(v []byte) { b.p.Put(&v) }

// serve listens on a free loopback port, writes the address to addrFile and serves until ctx ends.
func serve(ctx context.Context, addrFile string, h http.Handler) error {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second, IdleTimeout: 120 * time.Second}
	if addrFile != "" {
		tmp := addrFile + ".tmp"
		if err := os.WriteFile(tmp, []byte(ln.Addr().String()), 0o644); err != nil {
			return err
		}
		if err := os.Rename(tmp, addrFile); err != nil {
			return err
		}
	}
	go func() {
		<-ctx.Done()
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(sctx)
	}()
	if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

func freeportCmd(context.Context, []string) error {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	defer ln.Close()
	fmt.Println(ln.Addr().(*net.TCPAddr).Port)
	return nil
}

var dbName = regexp.MustCompile(`^[a-z_][a-z0-9_]{0,62}$`)

func dbFlags(name string, args []string) (admin, db string, err error) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	a := fs.String("admin", "", "admin URL of the PostgreSQL server")
	n := fs.String("name", "", "database name")
	if err := fs.Parse(args); err != nil {
		return "", "", err
	}
	if *a == "" || !dbName.MatchString(*n) {
		return "", "", errors.New("need -admin URL and -name of lower-case letters, digits and _")
	}
	return *a, *n, nil
}

func createdbCmd(ctx context.Context, args []string) error {
	admin, name, err := dbFlags("createdb", args)
	if err != nil {
		return err
	}
	db, err := sql.Open("pgx", admin)
	if err != nil {
		return err
	}
	defer db.Close()
	if _, err := db.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		return fmt.Errorf("create database on %s: %w", admin, err)
	}
	u, err := url.Parse(admin)
	if err != nil {
		return err
	}
	u.Path = "/" + name
	fmt.Println(u.String())
	return nil
}

func dropdbCmd(ctx context.Context, args []string) error {
	admin, name, err := dbFlags("dropdb", args)
	if err != nil {
		return err
	}
	db, err := sql.Open("pgx", admin)
	if err != nil {
		return err
	}
	defer db.Close()
	_, err = db.ExecContext(context.WithoutCancel(ctx), "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
	return err
}

func prepareCmd(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("prepare", flag.ContinueOnError)
	dbURL := fs.String("db", "", "database URL (migrated and seeded with seed --demo)")
	upstream := fs.String("upstream", "", "upstream URL for the demo API")
	keys := fs.Int("keys", bench.Default.Keys, "synthetic keys to add")
	subs := fs.Int("subs", bench.Default.Subs, "synthetic subscriptions to add")
	if err := fs.Parse(args); err != nil {
		return err
	}
	db, err := sql.Open("pgx", *dbURL)
	if err != nil {
		return err
	}
	defer db.Close()
	res, err := db.ExecContext(ctx, `UPDATE apis SET upstream_url = $1 WHERE slug = 'weather'`, *upstream)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return fmt.Errorf("demo API 'weather' not found (%d rows): was the database seeded with seed --demo?", n)
	}
	// The Mobile App's plan (Free) becomes paid-like: a quota and a rate limit that are enforced but never reached. The
	// Mobile App holds the demo key; other demo applications subscribe to the API on other plans.
	const mobileSub = `SELECT s.plan_id, s.state FROM subscriptions s JOIN apis a ON a.id = s.api_id
		JOIN applications ap ON ap.id = s.application_id WHERE a.slug = 'weather' AND ap.name = 'Mobile App'`
	res, err = db.ExecContext(ctx, `UPDATE plans SET paid = true, monthly_quota = $1, overage = 'block', rate_limit_per_second = $2
		WHERE id IN (SELECT plan_id FROM (`+mobileSub+`) s)`, bench.Quota, bench.RatePerSecond)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return fmt.Errorf("the demo subscription's plan: %d rows", n)
	}
	// The seed's demo traffic goes: verify then sees only what the gateway counted and logged in the load run.
	if _, err := db.ExecContext(ctx, `DELETE FROM call_logs`); err != nil {
		return err
	}
	if _, err := db.ExecContext(ctx, `DELETE FROM usage_counters`); err != nil {
		return err
	}
	var state string
	if err := db.QueryRowContext(ctx, `SELECT state FROM (`+mobileSub+`) s`).Scan(&state); err != nil {
		return err
	}
	if state != "active" {
		return fmt.Errorf("the demo subscription is %s, not active", state)
	}
	size := bench.Size{Keys: *keys, Subs: *subs, APIs: bench.Default.APIs}
	start := time.Now()
	if err := bench.Seed(ctx, db, size); err != nil {
		return err
	}
	var nKeys, nSubs int
	if err := db.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM api_keys), (SELECT count(*) FROM subscriptions)`).
		Scan(&nKeys, &nSubs); err != nil {
		return err
	}
	fmt.Printf("database: demo API -> %s, plan quota %d, %d rps; %d keys and %d subscriptions in all (synthetic ones written in %s)\n",
		*upstream, bench.Quota, bench.RatePerSecond, nKeys, nSubs, time.Since(start).Round(time.Millisecond))
	return nil
}

func waitCmd(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("wait", flag.ContinueOnError)
	u := fs.String("url", "", "URL that answers 200 when ready")
	pid := fs.Int("pid", 0, "fail if this process exits first")
	timeout := fs.Duration("timeout", 2*time.Minute, "give up after")
	if err := fs.Parse(args); err != nil {
		return err
	}
	start := time.Now()
	client := &http.Client{Timeout: 2 * time.Second}
	for {
		resp, err := client.Get(*u)
		if err == nil {
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				fmt.Printf("%s ready after %s\n", *u, time.Since(start).Round(time.Millisecond))
				return nil
			}
		}
		if *pid > 0 && syscall.Kill(*pid, 0) != nil {
			return fmt.Errorf("process %d exited before %s was ready", *pid, *u)
		}
		if time.Since(start) > *timeout {
			return fmt.Errorf("%s not ready after %s (last error: %v)", *u, *timeout, err)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// target is one thing under load: a URL served by one process.
type target struct {
	Name string `json:"name"`
	URL  string `json:"url"`
	PID  int    `json:"pid"`
}

// result is one wrk run against one target.
type result struct {
	Target     string  `json:"target"`
	Round      int     `json:"round"`
	Requests   int64   `json:"requests"`
	RPS        float64 `json:"rps"`
	P50us      float64 `json:"p50_us"`
	P99us      float64 `json:"p99_us"`
	CPUus      float64 `json:"cpu_us_per_request"`  // the target process's CPU time per request
	UserUS     float64 `json:"user_us_per_request"` // of which in user space (the rest is the kernel's: sockets)
	CPUPercent float64 `json:"cpu_percent"`         // of one core
	RSSMB      float64 `json:"rss_mb"`
	Non2xx     int64   `json:"non_2xx"`
	Errors     int64   `json:"socket_errors"`
}

// loadReport is what measure writes and report reads.
type loadReport struct {
	Config  string             `json:"config"`
	Targets []target           `json:"targets"`
	Results []result           `json:"results"`
	StartMB map[string]float64 `json:"start_rss_mb"` // VmRSS before the first request (the gateway: first snapshot loaded)
	PeakMB  map[string]float64 `json:"peak_rss_mb"`  // VmHWM at the end
	LoadAvg [2]string          `json:"loadavg"`      // /proc/loadavg before and after: others' work skews the figures
	Notes   []string           `json:"notes"`
}

type headerFlags []string

func (h *headerFlags) String() string     { return strings.Join(*h, ", ") }
func (h *headerFlags) Set(v string) error { *h = append(*h, v); return nil }

func measureCmd(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("measure", flag.ContinueOnError)
	var targetSpecs, headers headerFlags
	fs.Var(&targetSpecs, "target", "name=URL@PID (repeat; measured in this order, rotated each round)")
	fs.Var(&headers, "header", "request header for every target (repeat)")
	rounds := fs.Int("rounds", 3, "rounds over all targets")
	duration := fs.String("duration", "10s", "wrk -d")
	warmup := fs.String("warmup", "2s", "wrk -d of the unmeasured warm-up per target")
	conns := fs.Int("conns", 64, "wrk -c")
	threads := fs.Int("threads", 2, "wrk -t")
	clkTck := fs.Float64("clk-tck", 100, "clock ticks per second (getconf CLK_TCK)")
	out := fs.String("out", "", "write the figures here as JSON")
	if err := fs.Parse(args); err != nil {
		return err
	}
	var targets []target
	for _, spec := range targetSpecs {
		name, rest, ok1 := strings.Cut(spec, "=")
		u, pid, ok2 := strings.Cut(rest, "@")
		n, err := strconv.Atoi(pid)
		if !ok1 || !ok2 || err != nil {
			return fmt.Errorf("-target %q: want name=URL@PID", spec)
		}
		targets = append(targets, target{name, u, n})
	}
	if len(targets) == 0 {
		return errors.New("no -target")
	}
	rep := loadReport{Config: fmt.Sprintf("wrk -t%d -c%d -d%s --latency, %d rounds, %d targets alternating; warm-up %s each",
		*threads, *conns, *duration, *rounds, len(targets), *warmup), Targets: targets, PeakMB: map[string]float64{},
		StartMB: map[string]float64{}}
	fmt.Println("load run:", rep.Config)
	rep.LoadAvg[0] = loadAvg()
	fmt.Printf("machine: %d CPUs, load average %s before the run\n", runtime.NumCPU(), rep.LoadAvg[0])
	for _, t := range targets {
		rep.StartMB[t.Name] = rssMB(t.PID, "VmRSS")
	}

	// Every target must answer the request 200 before it is measured: refusals would measure the wrong thing.
	for _, t := range targets {
		resp, body, err := get(t.URL, headers)
		if err != nil {
			return fmt.Errorf("%s: %w", t.Name, err)
		}
		if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), `"city":"Lisbon"`) {
			return fmt.Errorf("%s: %s answers %d: %s", t.Name, t.URL, resp.StatusCode, body)
		}
		var extra []string
		for _, h := range []string{"X-Quota-Limit", "X-Quota-Remaining", "RateLimit-Policy", "X-Request-Id"} {
			if v := resp.Header.Get(h); v != "" {
				extra = append(extra, h+": "+v)
			}
		}
		fmt.Printf("  %-9s %s -> 200, %d bytes %s\n", t.Name, t.URL, len(body), strings.Join(extra, ", "))
	}
	wrkArgs := func(d string) []string {
		a := []string{"-t" + strconv.Itoa(*threads), "-c" + strconv.Itoa(*conns), "-d" + d, "--latency"}
		for _, h := range headers {
			a = append(a, "-H", h)
		}
		return a
	}
	for _, t := range targets {
		if _, err := wrk(ctx, append(wrkArgs(*warmup), t.URL)); err != nil {
			return fmt.Errorf("warm-up %s: %w", t.Name, err)
		}
	}
	fmt.Printf("\n%-9s %5s %11s %9s %9s %10s %7s %8s %s\n", "target", "round", "req/s", "p50", "p99", "CPU/req", "CPU", "RSS", "non-2xx/errors")
	for round := 1; round <= *rounds; round++ {
		for i := range targets {
			t := targets[(i+round-1)%len(targets)]
			cpu0, user0, err := cpuTicks(t.PID)
			if err != nil {
				return fmt.Errorf("%s: %w", t.Name, err)
			}
			w, err := wrk(ctx, append(wrkArgs(*duration), t.URL))
			if err != nil {
				return fmt.Errorf("%s round %d: %w", t.Name, round, err)
			}
			cpu1, user1, err := cpuTicks(t.PID)
			if err != nil {
				return fmt.Errorf("%s: %w", t.Name, err)
			}
			secs := (cpu1 - cpu0) / *clkTck
			r := result{Target: t.Name, Round: round, Requests: w.requests, RPS: w.rps, P50us: w.p50, P99us: w.p99,
				Non2xx: w.non2xx, Errors: w.errors, RSSMB: rssMB(t.PID, "VmRSS")}
			if w.requests > 0 {
				r.CPUus = secs * 1e6 / float64(w.requests)
				r.UserUS = (user1 - user0) / *clkTck * 1e6 / float64(w.requests)
			}
			if w.seconds > 0 {
				r.CPUPercent = secs / w.seconds * 100
			}
			rep.Results = append(rep.Results, r)
			fmt.Printf("%-9s %5d %11.0f %9s %9s %8.1fµs %6.0f%% %6.1fMB %d/%d\n", t.Name, round, r.RPS, us(r.P50us), us(r.P99us),
				r.CPUus, r.CPUPercent, r.RSSMB, r.Non2xx, r.Errors)
			if r.Non2xx > 0 || r.Errors > 0 {
				rep.Notes = append(rep.Notes, fmt.Sprintf("%s round %d: %d non-2xx responses, %d socket errors", t.Name, round, r.Non2xx, r.Errors))
			}
		}
	}
	for _, t := range targets {
		rep.PeakMB[t.Name] = rssMB(t.PID, "VmHWM")
	}
	rep.LoadAvg[1] = loadAvg()
	var sent int64
	for _, r := range rep.Results {
		if r.Target == "tollgate" {
			sent += r.Requests
		}
	}
	fmt.Printf("load average %s after the run; %d requests sent to tollgate in measured rounds\n", rep.LoadAvg[1], sent)
	fmt.Println()
	printLoad(os.Stdout, &rep)
	if *out != "" {
		b, _ := json.MarshalIndent(rep, "", "  ")
		return os.WriteFile(*out, b, 0o644)
	}
	return nil
}

// loadAvg is the 1, 5 and 15 minute load averages.
func loadAvg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], " ")
}

// verifyCmd checks, once the gateway has stopped and flushed, that the load run's calls were counted for the quota
// and logged: the full path was really taken.
func verifyCmd(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("verify", flag.ContinueOnError)
	dbURL := fs.String("db", "", "the load run's database URL")
	if err := fs.Parse(args); err != nil {
		return err
	}
	db, err := sql.Open("pgx", *dbURL)
	if err != nil {
		return err
	}
	defer db.Close()
	var counted, logged, ok int64
	err = db.QueryRowContext(ctx, `SELECT coalesce(sum(u.calls), 0) FROM usage_counters u JOIN subscriptions s ON s.id = u.subscription_id
		JOIN apis a ON a.id = s.api_id WHERE a.slug = 'weather'`).Scan(&counted)
	if err == nil {
		err = db.QueryRowContext(ctx, `SELECT count(*), count(*) FILTER (WHERE code = 'ok') FROM call_logs`).Scan(&logged, &ok)
	}
	if err != nil {
		return err
	}
	fmt.Printf("after the run: %d calls counted against the demo subscription's quota; %d call logs written (%d ok)\n",
		counted, logged, ok)
	rows, err := db.QueryContext(ctx, `SELECT path, count(*) FROM call_logs WHERE code = 'ok' GROUP BY path ORDER BY 2 DESC LIMIT 3`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var path string
		var n int64
		if err := rows.Scan(&path, &n); err != nil {
			return err
		}
		fmt.Printf("  logged path %q: %d\n", path, n)
	}
	if counted == 0 || logged == 0 {
		return errors.New("usage counting or call logging did not happen: the run did not take the full path")
	}
	return rows.Err()
}

func get(u string, headers []string) (*http.Response, []byte, error) {
	req, err := http.NewRequest(http.MethodGet, u, nil)
	if err != nil {
		return nil, nil, err
	}
	for _, h := range headers {
		k, v, _ := strings.Cut(h, ":")
		req.Header.Set(strings.TrimSpace(k), strings.TrimSpace(v))
	}
	resp, err := (&http.Client{Timeout: 10 * time.Second}).Do(req)
	if err != nil {
		return nil, nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	return resp, body, err
}

type wrkResult struct {
	requests               int64
	seconds, rps, p50, p99 float64
	non2xx, errors         int64
}

var (
	wrkTotal  = regexp.MustCompile(`(\d+) requests in ([\d.]+)(us|ms|s|m)`)
	wrkRPS    = regexp.MustCompile(`Requests/sec:\s+([\d.]+)`)
	wrkPct    = regexp.MustCompile(`(?m)^\s+(50|99)(?:\.000)?%\s+([\d.]+)(us|ms|s)`)
	wrkNon2xx = regexp.MustCompile(`Non-2xx or 3xx responses: (\d+)`)
	wrkErrors = regexp.MustCompile(`Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)`)
)

func wrk(ctx context.Context, args []string) (*wrkResult, error) {
	out, err := exec.CommandContext(ctx, "wrk", args...).CombinedOutput()
	if err != nil {
		return nil, fmt.Errorf("wrk %s: %w\n%s", strings.Join(args, " "), err, out)
	}
	s := string(out)
	var w wrkResult
	m := wrkTotal.FindStringSubmatch(s)
	r := wrkRPS.FindStringSubmatch(s)
	if m == nil || r == nil {
		return nil, fmt.Errorf("cannot read wrk's output:\n%s", s)
	}
	w.requests, _ = strconv.ParseInt(m[1], 10, 64)
	w.seconds = unit(m[2], m[3]) / 1e6
	w.rps, _ = strconv.ParseFloat(r[1], 64)
	for _, p := range wrkPct.FindAllStringSubmatch(s, -1) {
		if p[1] == "50" {
			w.p50 = unit(p[2], p[3])
		} else {
			w.p99 = unit(p[2], p[3])
		}
	}
	if m := wrkNon2xx.FindStringSubmatch(s); m != nil {
		w.non2xx, _ = strconv.ParseInt(m[1], 10, 64)
	}
	if m := wrkErrors.FindStringSubmatch(s); m != nil {
		for _, v := range m[1:] {
			n, _ := strconv.ParseInt(v, 10, 64)
			w.errors += n
		}
	}
	return &w, nil
}

// unit converts a wrk figure to microseconds.
func unit(v, u string) float64 {
	f, _ := strconv.ParseFloat(v, 64)
	switch u {
	case "ms":
		return f * 1e3
	case "s":
		return f * 1e6
	case "m":
		return f * 60e6
	}
	return f
}

func us(v float64) string {
	if v >= 1000 {
		return fmt.Sprintf("%.2fms", v/1000)
	}
	return fmt.Sprintf("%.0fµs", v)
}

// cpuTicks is the user plus system CPU time of a process (all its threads) and the user time alone, in clock ticks.
func cpuTicks(pid int) (total, user float64, err error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, 0, err
	}
	s := string(b)
	i := strings.LastIndexByte(s, ')') // the command name may hold spaces and parentheses
	if i < 0 {
		return 0, 0, fmt.Errorf("/proc/%d/stat: unexpected %q", pid, s)
	}
	f := strings.Fields(s[i+1:]) // f[0] is field 3 (state); utime and stime are fields 14 and 15
	if len(f) < 13 {
		return 0, 0, fmt.Errorf("/proc/%d/stat: unexpected %q", pid, s)
	}
	ut, err1 := strconv.ParseFloat(f[11], 64)
	st, err2 := strconv.ParseFloat(f[12], 64)
	if err := errors.Join(err1, err2); err != nil {
		return 0, 0, err
	}
	return ut + st, ut, nil
}

// rssMB reads a memory figure (VmRSS, VmHWM) of a process in MB; 0 when unknown.
func rssMB(pid int, field string) float64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, field+":"); ok {
			kb, _ := strconv.ParseFloat(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 64)
			return kb / 1024
		}
	}
	return 0
}

func median(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	s := slices.Clone(v)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// summary is a target's medians over the rounds.
type summary struct{ rps, p50, p99, cpu, user, rss float64 }

func (rep *loadReport) summary(name string) (summary, bool) {
	var rps, p50, p99, cpu, user, rss []float64
	for _, r := range rep.Results {
		if r.Target == name {
			rps, p50, p99, cpu, rss = append(rps, r.RPS), append(p50, r.P50us), append(p99, r.P99us), append(cpu, r.CPUus), append(rss, r.RSSMB)
			user = append(user, r.UserUS)
		}
	}
	return summary{median(rps), median(p50), median(p99), median(cpu), median(user), median(rss)}, len(rps) > 0
}

// ratio is the median over rounds of a's req/s divided by b's in the same round.
func (rep *loadReport) ratio(a, b string) (float64, []float64) {
	byRound := map[int]map[string]float64{}
	for _, r := range rep.Results {
		if byRound[r.Round] == nil {
			byRound[r.Round] = map[string]float64{}
		}
		byRound[r.Round][r.Target] = r.RPS
	}
	var ratios []float64
	for round := 1; round <= len(byRound); round++ {
		if x, y := byRound[round][a], byRound[round][b]; x > 0 && y > 0 {
			ratios = append(ratios, x/y)
		}
	}
	return median(ratios), ratios
}

func printLoad(w io.Writer, rep *loadReport) {
	fmt.Fprintf(w, "%-9s %11s %9s %9s %10s %10s %9s %9s %9s   (medians of rounds; RSS before traffic, after rounds, peak)\n",
		"target", "req/s", "p50", "p99", "CPU/req", "user/req", "RSS idle", "RSS", "peak RSS")
	for _, t := range rep.Targets {
		s, ok := rep.summary(t.Name)
		if !ok {
			continue
		}
		fmt.Fprintf(w, "%-9s %11.0f %9s %9s %8.1fµs %8.1fµs %7.1fMB %7.1fMB %7.1fMB\n", t.Name, s.rps, us(s.p50), us(s.p99), s.cpu,
			s.user, rep.StartMB[t.Name], s.rss, rep.PeakMB[t.Name])
	}
	for _, t := range rep.Targets {
		if t.Name == "proxy" {
			continue
		}
		if r, all := rep.ratio(t.Name, "proxy"); r > 0 {
			fmt.Fprintf(w, "%s / bare proxy req/s: %.2fx (median of rounds %s)\n", t.Name, r, fmtList(all))
		}
	}
	if tg, ok1 := rep.summary("tollgate"); ok1 {
		if tu, ok2 := rep.summary("tuned"); ok2 {
			fmt.Fprintf(w, "tollgate's own CPU per request over the tuned proxy's: %+.1fµs (%.1fµs vs %.1fµs; in user space %+.1fµs)\n",
				tg.cpu-tu.cpu, tg.cpu, tu.cpu, tg.user-tu.user)
		}
	}
	for _, n := range rep.Notes {
		fmt.Fprintln(w, "note:", n)
	}
}

func fmtList(v []float64) string {
	s := make([]string, len(v))
	for i, x := range v {
		s[i] = fmt.Sprintf("%.2f", x)
	}
	return strings.Join(s, ", ")
}

// goBench is one line of `go test -bench -benchmem` output: the benchmark's name without the GOMAXPROCS suffix and
// its figures by unit (ns/op, B/op, allocs/op and custom metrics).
type goBench struct {
	name    string
	metrics map[string]float64
}

var benchLine = regexp.MustCompile(`^(Benchmark\S+?)(?:-\d+)?\s+\d+\s+(.*)$`)

func readGoBench(path string) ([]goBench, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var out []goBench
	for _, line := range strings.Split(string(b), "\n") {
		m := benchLine.FindStringSubmatch(strings.TrimSpace(line))
		if m == nil {
			continue
		}
		f := strings.Fields(m[2])
		gb := goBench{name: m[1], metrics: map[string]float64{}}
		for i := 0; i+1 < len(f); i += 2 {
			v, err := strconv.ParseFloat(f[i], 64)
			if err == nil {
				gb.metrics[f[i+1]] = v
			}
		}
		out = append(out, gb)
	}
	return out, nil
}

func reportCmd(_ context.Context, args []string) error {
	fs := flag.NewFlagSet("report", flag.ContinueOnError)
	goFile := fs.String("gobench", "", "output of go test -bench -benchmem")
	loadFile := fs.String("load", "", "JSON written by measure")
	if err := fs.Parse(args); err != nil {
		return err
	}
	benches, err := readGoBench(*goFile)
	if err != nil {
		fmt.Fprintf(os.Stderr, "loadrun report: Go benchmarks: %v\n", err)
	}
	find := func(name, unit string) (float64, bool) {
		for _, b := range benches {
			if b.name == name {
				v, ok := b.metrics[unit]
				return v, ok
			}
		}
		return 0, false
	}
	var rep *loadReport
	if b, err := os.ReadFile(*loadFile); err == nil {
		rep = &loadReport{}
		if err := json.Unmarshal(b, rep); err != nil {
			return fmt.Errorf("%s: %w", *loadFile, err)
		}
	} else {
		fmt.Fprintf(os.Stderr, "loadrun report: load run: %v\n", err)
	}

	fmt.Println("\n================ make bench: summary ================")
	fmt.Println("Go benchmarks (one goroutine; 100,000 keys, 10,000 subscriptions, 100 APIs in the tenant):")
	for _, b := range benches {
		var parts []string
		for _, u := range []string{"ns/op", "B/op", "allocs/op"} {
			if v, ok := b.metrics[u]; ok {
				parts = append(parts, fmt.Sprintf("%s %s", num(v), u))
			}
		}
		var extra []string
		for u, v := range b.metrics {
			if u != "ns/op" && u != "B/op" && u != "allocs/op" {
				extra = append(extra, fmt.Sprintf("%s %s", num(v), u))
			}
		}
		slices.Sort(extra)
		fmt.Printf("  %-45s %s\n", b.name, strings.Join(append(parts, extra...), ", "))
	}
	if rep != nil {
		fmt.Printf("\nLoad run (%s; load average %s before, %s after, on %d CPUs):\n", rep.Config, rep.LoadAvg[0], rep.LoadAvg[1],
			runtime.NumCPU())
		printLoad(os.Stdout, rep)
	}

	fmt.Println("\nTargets (measured, not asserted):")
	verdict := func(ok bool) string {
		if ok {
			return "PASS"
		}
		return "MISS"
	}
	line := func(what string, have bool, ok bool, figure string) {
		if !have {
			fmt.Printf("  %-4s %-58s %s\n", "----", what, "not measured")
			return
		}
		fmt.Printf("  %-4s %-58s %s\n", verdict(ok), what, figure)
	}
	var ratio, cpu, peak, start, steady float64
	var haveLoad bool
	if rep != nil {
		ratio, _ = rep.ratio("tollgate", "proxy")
		if s, ok := rep.summary("tollgate"); ok {
			haveLoad, cpu, peak, start, steady = ratio > 0, s.cpu, rep.PeakMB["tollgate"], rep.StartMB["tollgate"], s.rss
		}
	}
	line("Tollgate >= 1.3x the bare proxy's req/s", haveLoad, ratio >= 1.3, fmt.Sprintf("%.2fx", ratio))
	var proxyCPU float64
	if rep != nil {
		if s, ok := rep.summary("proxy"); ok {
			proxyCPU = s.cpu
		}
	}
	var tunedCPU float64
	if rep != nil {
		if s, ok := rep.summary("tuned"); ok {
			tunedCPU = s.cpu
		}
	}
	line("< 60 µs gateway CPU per request", haveLoad, cpu < 60,
		fmt.Sprintf("%.1f µs (bare proxy %.1f µs, tuned proxy %.1f µs)", cpu, proxyCPU, tunedCPU))
	allocs, ok := find("BenchmarkDecide", "allocs/op")
	line("0 allocs in Decide", ok, allocs == 0, fmt.Sprintf("%s allocs/op", num(allocs)))
	line("< 128 MB RSS with 100k keys / 10k subs (gateway, peak)", haveLoad && peak > 0, peak < 128,
		fmt.Sprintf("%.1f MB peak (%.1f MB before traffic, %.1f MB after the rounds)", peak, start, steady))
	reload, ok := find("BenchmarkReloadFromPostgres", "ns/op")
	line("full reload from PostgreSQL < 2 s (100k keys / 10k subs)", ok, reload < 2e9, fmt.Sprintf("%.0f ms", reload/1e6))
	return nil
}

func num(v float64) string {
	if v == float64(int64(v)) {
		return strconv.FormatInt(int64(v), 10)
	}
	if v >= 100 {
		return fmt.Sprintf("%.0f", v)
	}
	return fmt.Sprintf("%.2f", v)
}
