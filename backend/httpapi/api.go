package httpapi

import (
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"tollgate/backend/openapidoc"
	"tollgate/backend/tollgate"
)

func (s *Server) listAPIs(c *gin.Context) {
	p, err := pageOf(c)
	if err != nil {
		s.render(c, err)
		return
	}
	f := tollgate.APIFilter{Page: p, Tag: strings.ToLower(c.Query("tag")), Lifecycle: tollgate.Lifecycle(c.Query("lifecycle")),
		TeamID: c.Query("team_id")}
	switch f.Lifecycle {
	case "", tollgate.LifecycleDraft, tollgate.LifecyclePublished, tollgate.LifecycleDeprecated, tollgate.LifecycleRetired:
	default:
		s.render(c, invalidField("lifecycle", "must be one of draft, published, deprecated, retired"))
		return
	}
	if !isAdmin(c) {
		teams, err := s.myTeams(c)
		if err != nil {
			s.render(c, err)
			return
		}
		f.VisibleTo = &tollgate.Viewer{UserID: currentUser(c).ID, TeamIDs: teams}
	}
	apis, total, err := s.svc.APIs.ListAPIs(c.Request.Context(), currentTenant(c).ID, f)
	if err != nil {
		s.render(c, err)
		return
	}
	c.JSON(http.StatusOK, listOf(apis, total, p))
}

type apiRequest struct {
	TeamID         *string              `json:"team_id"`
	Name           *string              `json:"name"`
	Slug           *string              `json:"slug"`
	Description    *string              `json:"description"`
	BasePath       *string              `json:"base_path"`
	Host           *string              `json:"host"`
	UpstreamURL    *string              `json:"upstream_url"`
	TimeoutMS      *int                 `json:"timeout_ms"`
	Visibility     *tollgate.Visibility `json:"visibility"`
	VisibleTeamIDs *[]string            `json:"visible_team_ids"`
	Tags           *[]string            `json:"tags"`
	AllowQueryKey  *bool                `json:"allow_query_key"`
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

func (s *Server) createAPI(c *gin.Context) {
	var req apiRequest
	if err := s.decode(c, &req); err != nil {
		s.render(c, err)
		return
	}
	a := &tollgate.API{TenantID: currentTenant(c).ID, TeamID: deref(req.TeamID), Name: deref(req.Name), Slug: deref(req.Slug),
		Description: deref(req.Description), BasePath: deref(req.BasePath), Host: deref(req.Host), UpstreamURL: deref(req.UpstreamURL),
		TimeoutMS: deref(req.TimeoutMS), Visibility: deref(req.Visibility), VisibleTeamIDs: deref(req.VisibleTeamIDs),
		Tags: deref(req.Tags), AllowQueryKey: deref(req.AllowQueryKey)}
	var p tollgate.Problems
	if a.TeamID == "" {
		p.Add("team_id", "is required: the team that provides the API")
	}
	if err := a.Validate(s.self); err != nil {
		p = append(p, err.(*tollgate.Error).Fields...)
	}
	if err := p.Err(); err != nil {
		s.render(c, err)
		return
	}
	if ok, err := s.inTeam(c, a.TeamID); err != nil || !ok {
		s.render(c, orForbidden(err, "only members of the team and tenant admins can publish APIs for it"))
		return
	}
	if err := s.svc.APIs.CreateAPI(c.Request.Context(), a); err != nil {
		s.render(c, err)
		return
	}
	c.JSON(http.StatusCreated, a)
}

func orForbidden(err error, msg string) error {
	if err != nil {
		return err
	}
	return tollgate.Errorf(tollgate.CodeForbidden, "%s", msg)
}

func (s *Server) getAPI(c *gin.Context) {
	a, err := s.visibleAPI(c, c.Param("api_id"))
	if err != nil {
		s.render(c, err)
		return
	}
	c.JSON(http.StatusOK, a)
}

func (s *Server) updateAPI(c *gin.Context) {
	var req apiRequest
	if err := s.decode(c, &req); err != nil {
		s.render(c, err)
		return
	}
	if req.TeamID != nil {
		s.render(c, invalidField("team_id", "cannot be changed; create the API under the other team instead"))
		return
	}
	a, err := s.providedAPI(c, c.Param("api_id"))
	if err != nil {
		s.render(c, err)
		return
	}
	out, err := s.svc.APIs.UpdateAPI(c.Request.Context(), currentTenant(c).ID, a.ID, tollgate.APIUpdate{Name: req.Name,
		Slug: req.Slug, Description: req.Description, BasePath: req.BasePath, Host: req.Host, UpstreamURL: req.UpstreamURL,
		TimeoutMS: req.TimeoutMS, Visibility: req.Visibility, VisibleTeamIDs: req.VisibleTeamIDs, Tags: req.Tags,
		AllowQueryKey: req.AllowQueryKey}, s.self)
	if err != nil {
		s.render(c, err)
		return
	}
	c.JSON(http.StatusOK, out)
}

type lifecycleRequest struct {
	Action   tollgate.LifecycleAction `json:"action"`
	SunsetAt *time.Time               `json:"sunset_at"`
}

func (s *Server) apiLifecycle(c *gin.Context) {
	var req lifecycleRequest
	if err := s.decode(c, &req); err != nil {
		s.render(c, err)
		return
	}
	a, err := s.providedAPI(c, c.Param("api_id"))
	if err != nil {
		s.render(c, err)
		return
	}
	out, err := s.svc.APIs.SetLifecycle(c.Request.Context(), currentTenant(c).ID, a.ID, req.Action, req.SunsetAt)
	if err != nil {
		s.render(c, err)
		return
	}
	c.JSON(http.StatusOK, out)
}

func (s *Server) deleteAPI(c *gin.Context) {
	a, err := s.providedAPI(c, c.Param("api_id"))
	if err != nil {
		s.render(c, err)
		return
	}
	if err := s.svc.APIs.DeleteAPI(c.Request.Context(), currentTenant(c).ID, a.ID); err != nil {
		s.render(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

func (s *Server) getOpenAPI(c *gin.Context) {
	a, err := s.visibleAPI(c, c.Param("api_id"))
	if err != nil {
		s.render(c, err)
		return
	}
	doc, err := s.svc.APIs.OpenAPI(c.Request.Context(), currentTenant(c).ID, a.ID)
	if err != nil {
		s.render(c, err)
		return
	}
	c.Data(http.StatusOK, "application/json", doc)
}

// maxOpenAPIBytes bounds uploaded OpenAPI documents; real-world documents of large APIs reach a few MiB.
const maxOpenAPIBytes = 5 << 20

// putOpenAPI stores an API's OpenAPI document, sent as JSON or YAML, after checking it.
func (s *Server) putOpenAPI(c *gin.Context) {
	switch ct := c.ContentType(); ct {
	case "application/json", "application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml", "":
	default:
		s.render(c, tollgate.Errorf(tollgate.CodeBadRequest, "send the document as application/json or application/yaml, not %s", ct))
		return
	}
	a, err := s.providedAPI(c, c.Param("api_id"))
	if err != nil {
		s.render(c, err)
		return
	}
	raw, err := io.ReadAll(http.MaxBytesReader(c.Writer, c.Request.Body, maxOpenAPIBytes))
	if err != nil {
		s.render(c, decodeError(err))
		return
	}
	if len(strings.TrimSpace(string(raw))) == 0 {
		s.render(c, tollgate.Errorf(tollgate.CodeBadRequest, "the body is empty; send the OpenAPI document"))
		return
	}
	doc, err := openapidoc.Parse(c.Request.Context(), raw)
	if err != nil {
		s.render(c, err)
		return
	}
	if err := s.svc.APIs.SetOpenAPI(c.Request.Context(), currentTenant(c).ID, a.ID, doc); err != nil {
		s.render(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"ok": true})
}

func (s *Server) deleteOpenAPI(c *gin.Context) {
	a, err := s.providedAPI(c, c.Param("api_id"))
	if err != nil {
		s.render(c, err)
		return
	}
	if err := s.svc.APIs.SetOpenAPI(c.Request.Context(), currentTenant(c).ID, a.ID, nil); err != nil {
		s.render(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

// listSubscribers lists an API's subscriptions for its providers.
func (s *Server) listSubscribers(c *gin.Context) {
	a, err := s.providedAPI(c, c.Param("api_id"))
	if err != nil {
		s.render(c, err)
		return
	}
	s.respondSubscriptions(c, tollgate.SubscriptionFilter{APIID: a.ID})
}

// respondSubscriptions answers with a page of subscriptions matching f and the query's page and ?state=.
func (s *Server) respondSubscriptions(c *gin.Context, f tollgate.SubscriptionFilter) {
	p, err := pageOf(c)
	if err == nil && len(f.States) == 0 { // a fixed list (the approvals inbox) is not widened by ?state=
		err = statesOf(c, &f)
	}
	if err != nil {
		s.render(c, err)
		return
	}
	f.Page = p
	subs, total, err := s.svc.Subscriptions.ListSubscriptions(c.Request.Context(), currentTenant(c).ID, f)
	if err != nil {
		s.render(c, err)
		return
	}
	c.JSON(http.StatusOK, listOf(subs, total, p))
}

// statesOf reads ?state=a,b into the filter.
func statesOf(c *gin.Context, f *tollgate.SubscriptionFilter) error {
	v := c.Query("state")
	if v == "" {
		return nil
	}
	for _, st := range strings.Split(v, ",") {
		state := tollgate.SubscriptionState(strings.TrimSpace(st))
		valid := false
		for _, known := range tollgate.States {
			valid = valid || known == state
		}
		if !valid {
			return invalidField("state", "must be a comma-separated list of subscription states")
		}
		f.States = append(f.States, state)
	}
	return nil
}
