package gateway

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestRefusesWithProblemAndAllowsThePortal(t *testing.T) {
	h := New("http://portal.test")
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest("GET", "/weather/current", nil))
	assert.Equal(t, 404, w.Code)
	assert.Equal(t, "application/problem+json", w.Header().Get("Content-Type"))
	assert.Contains(t, w.Body.String(), `"code":"no_route"`)
	assert.Contains(t, w.Body.String(), `"type":"http://portal.test/docs/errors/no_route"`)

	pre := httptest.NewRequest(http.MethodOptions, "/weather/current", nil)
	pre.Header.Set("Origin", "http://portal.test")
	pre.Header.Set("Access-Control-Request-Method", "GET")
	w = httptest.NewRecorder()
	h.ServeHTTP(w, pre)
	assert.Equal(t, 204, w.Code)
	assert.Equal(t, "http://portal.test", w.Header().Get("Access-Control-Allow-Origin"))
	assert.Contains(t, w.Header().Get("Access-Control-Allow-Headers"), "X-API-Key")

	other := httptest.NewRequest("GET", "/weather/current", nil)
	other.Header.Set("Origin", "http://evil.test")
	w = httptest.NewRecorder()
	h.ServeHTTP(w, other)
	assert.Empty(t, w.Header().Get("Access-Control-Allow-Origin"))
}
