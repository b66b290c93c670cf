// Package gateway is the data plane: the reverse proxy API callers reach with their keys. This first version only
// answers health checks and refuses every call with a problem, because no API can be published yet.
package gateway

import (
	"encoding/json"
	"net/http"
)

// New returns the gateway's handler. publicURL is the portal's address, where refusal codes are explained.
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
	return mux
}
