package gateway

import (
	"net/http/httputil"
	"net/url"
	"time"

	"tollgate/backend/tollgate"
)

// buildSnapshot turns state collected in memory into a snapshot (the gateway streams keys instead); newProxy makes the reverse proxy of one upstream.
func buildSnapshot(st *tollgate.GatewayState, now time.Time, newProxy func(*url.URL, *route) *httputil.ReverseProxy) (*snapshot, error) {
	b := newBuilder(now)
	for i := range st.Keys {
		if err := b.addKey(len(st.Keys), &st.Keys[i]); err != nil {
			return nil, err
		}
	}
	return b.finish(st, newProxy)
}
