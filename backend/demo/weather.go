// Package demo serves a small fake Weather API, the upstream of the demo tenant's API, so `make run` can proxy
// real calls on a machine without internet.
package demo

import (
	"encoding/json"
	"hash/fnv"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Weather returns the demo upstream: /current?city=X and /forecast?city=X&days=N, deterministic per city and day.
func Weather() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /current", func(w http.ResponseWriter, r *http.Request) {
		city, ok := cityOf(w, r)
		if !ok {
			return
		}
		writeJSON(w, http.StatusOK, conditions(city, time.Now().UTC().Truncate(time.Hour)))
	})
	mux.HandleFunc("GET /forecast", func(w http.ResponseWriter, r *http.Request) {
		city, ok := cityOf(w, r)
		if !ok {
			return
		}
		days := 3
		if v := r.URL.Query().Get("days"); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n < 1 || n > 14 {
				writeJSON(w, http.StatusBadRequest, map[string]string{"error": "days must be a number from 1 to 14"})
				return
			}
			days = n
		}
		out := make([]map[string]any, days)
		today := time.Now().UTC().Truncate(24 * time.Hour)
		for i := range out {
			out[i] = conditions(city, today.AddDate(0, 0, i+1))
		}
		writeJSON(w, http.StatusOK, map[string]any{"city": city, "days": out})
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusNotFound, map[string]string{"error": "try /current?city=Lisbon or /forecast?city=Lisbon&days=3"})
	})
	return mux
}

func cityOf(w http.ResponseWriter, r *http.Request) (string, bool) {
	city := strings.TrimSpace(r.URL.Query().Get("city"))
	if city == "" || len(city) > 100 {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "city is required, e.g. ?city=Lisbon"})
		return "", false
	}
	return city, true
}

var skies = []string{"sunny", "partly cloudy", "cloudy", "light rain", "showers", "windy"}

func conditions(city string, at time.Time) map[string]any {
	h := fnv.New32a()
	_, _ = h.Write([]byte(strings.ToLower(city) + at.Format(time.RFC3339)))
	n := h.Sum32()
	return map[string]any{"city": city, "time": at, "temperature_c": float64(int(n%350))/10 - 2, "conditions": skies[n%uint32(len(skies))]}
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
