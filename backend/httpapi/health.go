package httpapi

import (
	"context"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"tollgate/backend/tollgate"
	"tollgate/frontend"
)

func (s *Server) healthz(c *gin.Context) { c.JSON(http.StatusOK, gin.H{"status": "ok"}) }

// readyz answers 200 only when every check passes, naming each check's state.
func (s *Server) readyz(c *gin.Context) {
	ctx, cancel := context.WithTimeout(c.Request.Context(), 2*time.Second)
	defer cancel()
	checks := map[string]string{}
	status, overall := http.StatusOK, "ok"
	for name, err := range s.ready(ctx) {
		if err != nil {
			checks[name] = err.Error()
			status, overall = http.StatusServiceUnavailable, "unavailable"
		} else {
			checks[name] = "ok"
		}
	}
	c.JSON(status, gin.H{"status": overall, "checks": checks})
}

func metricsHandler(g prometheus.Gatherer) gin.HandlerFunc {
	h := promhttp.HandlerFor(g, promhttp.HandlerOpts{})
	return func(c *gin.Context) { h.ServeHTTP(c.Writer, c.Request) }
}

// contentSecurityPolicy allows only the portal's own scripts, styles and API, and the gateway for the try-it panel.
func contentSecurityPolicy(gatewayURL string) string {
	return "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
		"connect-src 'self' " + gatewayURL + "; font-src 'self' data:; object-src 'none'; base-uri 'self'; " +
		"frame-ancestors 'none'; form-action 'self'"
}

// publicConfig tells the portal what it needs before anyone signs in.
func (s *Server) publicConfig(c *gin.Context) {
	c.JSON(http.StatusOK, gin.H{"gateway_url": s.cfg.GatewayURL, "public_url": s.cfg.PublicURL})
}

// noRoute serves the portal: a built file when one matches, otherwise index.html (the SPA routes itself).
// Unknown API paths get a problem instead.
func (s *Server) noRoute(c *gin.Context) {
	p := c.Request.URL.Path
	if strings.HasPrefix(p, "/api/") || strings.HasPrefix(p, "/webhooks/") {
		s.render(c, tollgate.Errorf(tollgate.CodeNotFound, "there is no %s %s", c.Request.Method, p))
		return
	}
	if c.Request.Method != http.MethodGet && c.Request.Method != http.MethodHead {
		s.render(c, tollgate.Errorf(tollgate.CodeNotFound, "there is no %s %s", c.Request.Method, p))
		return
	}
	dist := frontend.Dist()
	h := c.Writer.Header()
	h.Set("Content-Security-Policy", s.csp)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "same-origin")
	name := strings.TrimPrefix(path.Clean(p), "/")
	if name != "" && name != "index.html" {
		if st, err := fs.Stat(dist, name); err == nil && !st.IsDir() {
			if strings.HasPrefix(name, "assets/") { // Vite fingerprints these
				h.Set("Cache-Control", "public, max-age=31536000, immutable")
			}
			c.FileFromFS(name, http.FS(dist))
			return
		}
	}
	index, err := fs.ReadFile(dist, "index.html")
	if err != nil {
		c.Data(http.StatusOK, "text/html; charset=utf-8", []byte(
			"<!doctype html><title>Tollgate</title><p>The portal has not been built. Run <code>make build</code>.</p>"))
		return
	}
	h.Set("Cache-Control", "no-cache")
	c.Data(http.StatusOK, "text/html; charset=utf-8", index)
}
