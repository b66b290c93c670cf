// Package gateway is the data plane: the reverse proxy API callers reach with their keys. This first version only
// answers health checks and refuses every call with a problem, because no API can be published yet.
package gateway

import (
	"encoding/json"
	"net/http"
)

// New returns the gateway's handler. publicURL is the portal's address, where refusal codes are explained; the
// portal's try-it panel may call the gateway from there (CORS).
func New(publicURL string) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"status":"ok"}`))
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		body, _ := json.Marshal(map[string]any{
			"type":     publicURL + "/docs/errors/no_route",
			"title":    "No route",
			"status":   http.StatusNotFound,
			"detail":   "No published API matches " + r.URL.Path + ".",
			"instance": r.Header.Get("X-Request-Id"),
			"code":     "no_route",
		})
		w.Header().Set("Content-Type", "application/problem+json")
		w.WriteHeader(http.StatusNotFound)
		_, _ = w.Write(body)
	})
	return cors(publicURL, mux)
}

// cors lets the portal's origin call the gateway from the browser with a key header.
func cors(origin string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Origin") == origin {
			h := w.Header()
			h.Set("Access-Control-Allow-Origin", origin)
			h.Set("Vary", "Origin")
			h.Set("Access-Control-Expose-Headers", "X-Request-Id, Retry-After, RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset")
			if r.Method == http.MethodOptions && r.Header.Get("Access-Control-Request-Method") != "" {
				h.Set("Access-Control-Allow-Methods", "GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS")
				h.Set("Access-Control-Allow-Headers", "Authorization, X-API-Key, Content-Type")
				h.Set("Access-Control-Max-Age", "600")
				w.WriteHeader(http.StatusNoContent)
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}
