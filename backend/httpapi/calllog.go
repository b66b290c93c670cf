package httpapi

import (
	"encoding/base64"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"tollgate/backend/tollgate"
)

// maxCallRange bounds one query of the call logs; longer views come from the usage rollups.
const maxCallRange = 31 * 24 * time.Hour

// callFilter reads ?from=&to=&status=&code=&key_prefix=&q=&limit=&cursor= (from/to RFC 3339; status 402 or 4xx; cursor
// a page's next_cursor).
func callFilter(c *gin.Context) (tollgate.CallFilter, error) {
	var p tollgate.Problems
	now := time.Now().UTC()
	f := tollgate.CallFilter{From: now.Add(-24 * time.Hour), To: now.Add(time.Minute), Code: c.Query("code"),
		KeyPrefix: c.Query("key_prefix"), PathContains: strings.TrimSpace(c.Query("q")), Refused: c.Query("refused") == "true"}
	if len(f.PathContains) > 200 {
		p.Add("q", "must be at most 200 characters long")
	}
	for field, dst := range map[string]*time.Time{"from": &f.From, "to": &f.To} {
		if v := c.Query(field); v != "" {
			t, err := time.Parse(time.RFC3339, v)
			if err != nil {
				p.Add(field, "must be a time like 2026-11-22T10:00:00Z")
				continue
			}
			*dst = t
		}
	}
	switch {
	case !f.From.Before(f.To):
		p.Add("from", "must be before to")
	case f.To.Sub(f.From) > maxCallRange:
		p.Add("to", "the range may span at most 31 days")
	case f.From.After(now):
		p.Add("from", "must not be in the future")
	}
	if v := c.Query("status"); v != "" {
		switch {
		case len(v) == 3 && v[1:] == "xx" && v[0] >= '1' && v[0] <= '5':
			f.StatusMin = int(v[0]-'0') * 100
			f.StatusMax = f.StatusMin + 99
		default:
			n, err := strconv.Atoi(v)
			if err != nil || n < 100 || n > 599 {
				p.Add("status", "must be a status such as 402 or a class such as 4xx")
			}
			f.StatusMin, f.StatusMax = n, n
		}
	}
	if v := c.Query("cursor"); v != "" {
		cur, ok := decodeCallCursor(v)
		if !ok {
			p.Add("cursor", "must be a page's next_cursor, as the previous page gave it")
		}
		f.After = cur
	}
	if v := c.Query("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > tollgate.MaxPageLimit {
			p.Add("limit", "must be a whole number from 1 to %d", tollgate.MaxPageLimit)
		}
		f.Limit = n
	}
	if f.Limit == 0 {
		f.Limit = tollgate.DefaultPageLimit
	}
	return f, p.Err()
}

// respondCalls answers with a page of calls; next_cursor, when older calls match, pages back (pass it as ?cursor=).
func (s *Server) respondCalls(c *gin.Context, f tollgate.CallFilter) {
	page, err := s.svc.Calls.ListCalls(c.Request.Context(), currentTenant(c).ID, f)
	if err != nil {
		s.render(c, err)
		return
	}
	var next *string
	if page.Next != nil {
		v := encodeCallCursor(*page.Next)
		next = &v
	}
	c.JSON(http.StatusOK, gin.H{"items": page.Items, "limit": f.Limit, "next_cursor": next})
}

// encodeCallCursor writes a cursor as an opaque token: the call's time in microseconds and its request id.
func encodeCallCursor(cur tollgate.CallCursor) string {
	return base64.RawURLEncoding.EncodeToString([]byte(strconv.FormatInt(cur.Time.UnixMicro(), 10) + ":" + cur.RequestID))
}

func decodeCallCursor(v string) (*tollgate.CallCursor, bool) {
	raw, err := base64.RawURLEncoding.DecodeString(v)
	if err != nil {
		return nil, false
	}
	us, id, ok := strings.Cut(string(raw), ":")
	n, err := strconv.ParseInt(us, 10, 64)
	if !ok || err != nil || n < 0 || !utf8.ValidString(id) || strings.ContainsRune(id, 0) { // PostgreSQL text holds no NUL
		return nil, false
	}
	return &tollgate.CallCursor{Time: time.UnixMicro(n).UTC(), RequestID: id}, true
}

func (s *Server) listAPICalls(c *gin.Context) {
	f, err := callFilter(c)
	if err != nil {
		s.render(c, err)
		return
	}
	a, err := s.providedAPI(c, c.Param("api_id"))
	if err != nil {
		s.render(c, err)
		return
	}
	f.APIID = a.ID
	s.respondCalls(c, f)
}

func (s *Server) listAppCalls(c *gin.Context) {
	f, err := callFilter(c)
	if err != nil {
		s.render(c, err)
		return
	}
	app, err := s.teamApp(c, c.Param("app_id"))
	if err != nil {
		s.render(c, err)
		return
	}
	f.ApplicationID, f.APIID = app.ID, c.Query("api_id")
	s.respondCalls(c, f)
}

// getCall shows one call to those who may see its application's or API's calls.
func (s *Server) getCall(c *gin.Context) {
	at := time.Now()
	if v := c.Query("at"); v != "" {
		t, err := time.Parse(time.RFC3339Nano, v)
		if err != nil {
			s.render(c, invalidField("at", "must be the call's time, as listed"))
			return
		}
		at = t
	}
	calls, err := s.svc.Calls.Calls(c.Request.Context(), currentTenant(c).ID, c.Param("request_id"), at)
	if err != nil {
		s.render(c, err)
		return
	}
	for i := range calls {
		ok, err := s.canSeeCall(c, &calls[i])
		if err != nil {
			s.render(c, err)
			return
		}
		if ok {
			c.JSON(http.StatusOK, calls[i])
			return
		}
	}
	s.render(c, tollgate.NotFound("call"))
}

// canSeeCall: admins see every call; teams see their applications' calls and their APIs' calls.
func (s *Server) canSeeCall(c *gin.Context, call *tollgate.CallRecord) (bool, error) {
	if isAdmin(c) {
		return true, nil
	}
	for _, lookup := range []struct {
		id   *string
		team func(string) (string, error)
	}{
		{call.ApplicationID, func(id string) (string, error) {
			a, err := s.svc.Applications.Application(c.Request.Context(), currentTenant(c).ID, id)
			if err != nil {
				return "", err
			}
			return a.TeamID, nil
		}},
		{call.APIID, func(id string) (string, error) {
			a, err := s.svc.APIs.API(c.Request.Context(), currentTenant(c).ID, id)
			if err != nil {
				return "", err
			}
			return a.TeamID, nil
		}},
	} {
		if lookup.id == nil {
			continue
		}
		team, err := lookup.team(*lookup.id)
		if tollgate.ErrorCode(err) == tollgate.CodeNotFound {
			continue
		}
		if err != nil {
			return false, err
		}
		if ok, err := s.inTeam(c, team); ok || err != nil {
			return ok, err
		}
	}
	return false, nil
}
