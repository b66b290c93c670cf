// Package stripemock runs stripe-mock (Stripe's own API mock) for tests: the binary make test installs into .bin/, on
// free loopback ports, stopped by its process when the tests end.
package stripemock

import (
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// Server is a running stripe-mock.
type Server struct {
	URL string // its HTTP address, for stripe.BackendConfig.URL
	cmd *exec.Cmd
}

// Binary finds stripe-mock: $STRIPE_MOCK_BIN, else .bin/stripe-mock at the repository root (where go.work is), else PATH.
func Binary() (string, error) {
	if p := os.Getenv("STRIPE_MOCK_BIN"); p != "" {
		return p, nil
	}
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.work")); err == nil {
			p := filepath.Join(dir, ".bin", "stripe-mock")
			if _, err := os.Stat(p); err == nil {
				return p, nil
			}
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			break
		}
		dir = parent
	}
	if p, err := exec.LookPath("stripe-mock"); err == nil {
		return p, nil
	}
	return "", errors.New("stripe-mock not found: run backend/scripts/ensure-tools.sh (make test does) or set STRIPE_MOCK_BIN")
}

func freePort() (string, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer l.Close()
	return l.Addr().String(), nil
}

// Start runs stripe-mock on loopback (both of its listeners, or HTTPS would bind every interface) and waits until it
// answers.
func Start() (*Server, error) {
	bin, err := Binary()
	if err != nil {
		return nil, err
	}
	httpAddr, err := freePort()
	if err != nil {
		return nil, err
	}
	httpsAddr, err := freePort()
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(bin, "-http-addr", httpAddr, "-https-addr", httpsAddr)
	cmd.Stdout, cmd.Stderr = nil, nil
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start stripe-mock: %w", err)
	}
	s := &Server{URL: "http://" + httpAddr, cmd: cmd}
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if c, err := net.DialTimeout("tcp", httpAddr, time.Second); err == nil {
			_ = c.Close()
			return s, nil
		}
	}
	s.Stop()
	return nil, errors.New("stripe-mock did not start listening within 20s")
}

// Stop ends the process.
func (s *Server) Stop() {
	_ = s.cmd.Process.Kill()
	_ = s.cmd.Wait()
}

type runner struct {
	m   interface{ Run() int }
	url *string
}

// Wrap returns m with stripe-mock running around its tests, its URL in *url: compose it with pgtest.Main,
// `pgtest.Main(stripemock.Wrap(m, &stripeURL), &testDB)`.
func Wrap(m interface{ Run() int }, url *string) interface{ Run() int } { return runner{m, url} }

func (r runner) Run() int {
	for _, a := range os.Args {
		if strings.HasPrefix(a, "-test.short") && !strings.HasSuffix(a, "=false") {
			return r.m.Run() // unit tests only: no Stripe calls
		}
	}
	s, err := Start()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer s.Stop()
	*r.url = s.URL
	return r.m.Run()
}
