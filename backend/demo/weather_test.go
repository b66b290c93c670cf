package demo

import (
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestWeather(t *testing.T) {
	h := Weather()
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest("GET", "/current?city=Lisbon", nil))
	assert.Equal(t, 200, w.Code)
	assert.Contains(t, w.Body.String(), `"city":"Lisbon"`)
	w = httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest("GET", "/forecast?city=Porto&days=2", nil))
	assert.Equal(t, 200, w.Code)
	w = httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest("GET", "/current", nil))
	assert.Equal(t, 400, w.Code)
}
