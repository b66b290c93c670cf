package tollgate

import (
	"context"
	"encoding/json"
	"net"
	"net/url"
	"regexp"
	"strings"
	"time"
)

// Lifecycle is where an API stands: draft → published → deprecated → retired.
type Lifecycle string

// The lifecycle stages.
const (
	LifecycleDraft      Lifecycle = "draft"
	LifecyclePublished  Lifecycle = "published"
	LifecycleDeprecated Lifecycle = "deprecated"
	LifecycleRetired    Lifecycle = "retired"
)

// LifecycleAction moves an API along its lifecycle.
type LifecycleAction string

// The lifecycle actions.
const (
	ActionPublish   LifecycleAction = "publish"
	ActionDeprecate LifecycleAction = "deprecate"
	ActionRetire    LifecycleAction = "retire"
)

// NextLifecycle returns the stage action leads to from stage from, or a conflict naming the current stage.
func NextLifecycle(from Lifecycle, action LifecycleAction) (Lifecycle, error) {
	switch {
	case action == ActionPublish && from == LifecycleDraft:
		return LifecyclePublished, nil
	case action == ActionDeprecate && from == LifecyclePublished:
		return LifecycleDeprecated, nil
	case action == ActionRetire && from == LifecycleDeprecated:
		return LifecycleRetired, nil
	case action != ActionPublish && action != ActionDeprecate && action != ActionRetire:
		return from, &Error{Code: CodeValidation, Message: "unknown lifecycle action",
			Fields: []FieldError{{Field: "action", Message: "must be one of publish, deprecate, retire"}}}
	}
	return from, Errorf(CodeConflict, "cannot %s an API that is %s (the lifecycle is draft → published → deprecated → retired)", action, from)
}

// Visibility says who may see an API in the catalogue.
type Visibility string

// Visibilities.
const (
	VisibilityPublic  Visibility = "public"  // every member of the tenant
	VisibilityPrivate Visibility = "private" // the owning team and the teams chosen
)

// API is a published upstream service.
type API struct {
	ID          string `json:"id"`
	TenantID    string `json:"-"`
	TeamID      string `json:"team_id"`
	TeamName    string `json:"team_name"`
	Slug        string `json:"slug"`
	Name        string `json:"name"`
	Description string `json:"description"`
	BasePath    string `json:"base_path"`
	// Host, when set, is a host name the gateway also routes this API by: calls with that Host header reach it by
	// base path alone, without the tenant segment. A host belongs to one tenant.
	Host           string     `json:"host"`
	UpstreamURL    string     `json:"upstream_url"`
	TimeoutMS      int        `json:"timeout_ms"`
	Visibility     Visibility `json:"visibility"`
	VisibleTeamIDs []string   `json:"visible_team_ids"`
	Lifecycle      Lifecycle  `json:"lifecycle"`
	SunsetAt       *time.Time `json:"sunset_at"`
	Tags           []string   `json:"tags"`
	HasOpenAPI     bool       `json:"has_openapi"`
	// AllowQueryKey lets callers send their key as ?api_key=; off by default because URLs end up in logs.
	AllowQueryKey bool      `json:"allow_query_key"`
	CreatedAt     time.Time `json:"created_at"`
	UpdatedAt     time.Time `json:"updated_at"`
}

// basePathRE is what the database accepts as a base path.
var basePathRE = regexp.MustCompile(`^/[A-Za-z0-9._~/-]*$`)

// SelfHosts are the host:port pairs Tollgate itself serves; an upstream there would loop through the gateway.
type SelfHosts []string

// Validate checks an API before it is stored. self lists Tollgate's own addresses.
func (a *API) Validate(self SelfHosts) error {
	var p Problems
	a.Name, a.Description = strings.TrimSpace(a.Name), strings.TrimSpace(a.Description)
	if a.Slug == "" {
		a.Slug = Slugify(a.Name)
	}
	CheckName(&p, "name", a.Name, 200)
	if a.Name != "" {
		CheckSlug(&p, "slug", a.Slug, 1, 63)
	}
	if len(a.Description) > 5000 {
		p.Add("description", "must be at most 5000 characters long")
	}
	a.BasePath = strings.TrimRight(strings.TrimSpace(a.BasePath), "/")
	switch {
	case a.BasePath == "":
		p.Add("base_path", "is required, e.g. /weather")
	case !strings.HasPrefix(a.BasePath, "/"):
		p.Add("base_path", "must start with /")
	case len(a.BasePath) > 200:
		p.Add("base_path", "must be at most 200 characters long")
	case !basePathRE.MatchString(a.BasePath) || strings.Contains(a.BasePath, "//") || strings.Contains(a.BasePath, ".."):
		p.Add("base_path", "may contain only letters, digits and - . _ ~ / (no //, .., query or fragment)")
	}
	a.Host = checkHost(&p, a.Host, self)
	checkUpstream(&p, a.UpstreamURL, self)
	if a.TimeoutMS == 0 {
		a.TimeoutMS = 30000
	}
	if a.TimeoutMS < 100 || a.TimeoutMS > 300000 {
		p.Add("timeout_ms", "must be between 100 and 300000 (5 minutes)")
	}
	if a.Visibility == "" {
		a.Visibility = VisibilityPublic
	}
	if a.Visibility != VisibilityPublic && a.Visibility != VisibilityPrivate {
		p.Add("visibility", "must be public or private")
	}
	if len(a.Tags) > 20 {
		p.Add("tags", "at most 20 tags")
	}
	for i, t := range a.Tags {
		a.Tags[i] = strings.ToLower(strings.TrimSpace(t))
		if a.Tags[i] == "" || len(a.Tags[i]) > 40 {
			p.Add("tags", "each tag must be 1 to 40 characters long")
			break
		}
	}
	if a.Tags == nil {
		a.Tags = []string{}
	}
	if a.VisibleTeamIDs == nil {
		a.VisibleTeamIDs = []string{}
	}
	return p.Err()
}

func checkUpstream(p *Problems, raw string, self SelfHosts) {
	u, err := url.Parse(strings.TrimSpace(raw))
	switch {
	case raw == "":
		p.Add("upstream_url", "is required, e.g. https://api.internal.example.com")
		return
	case err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "":
		p.Add("upstream_url", "must be an absolute http:// or https:// URL")
		return
	case u.User != nil:
		p.Add("upstream_url", "must not contain credentials; the gateway passes the caller's identity in headers")
		return
	case u.RawQuery != "" || u.Fragment != "":
		p.Add("upstream_url", "must not have a query or fragment")
		return
	}
	port := u.Port()
	if port == "" {
		port = map[string]string{"http": "80", "https": "443"}[u.Scheme]
	}
	host := strings.ToLower(u.Hostname())
	for _, s := range self {
		sh, sp, err := net.SplitHostPort(s)
		if err != nil || sp != port {
			continue
		}
		sh = strings.ToLower(sh)
		if sh == host || ((sh == "" || sh == "0.0.0.0" || sh == "::") && isLocalHost(host)) || (isLocalHost(sh) && isLocalHost(host)) {
			p.Add("upstream_url", "points at Tollgate itself (%s); requests would loop through the gateway", s)
			return
		}
	}
}

// hostRE is a DNS name of at least two labels, lower case (what the database accepts).
var hostRE = regexp.MustCompile(`^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+$`)

// checkHost normalises an API's host (trimmed, lower case, without a trailing dot) and checks it: a DNS name, not an
// address, not one of Tollgate's own hosts (every call there would be taken from the other tenants).
func checkHost(p *Problems, h string, self SelfHosts) string {
	h = strings.TrimSuffix(strings.ToLower(strings.TrimSpace(h)), ".")
	switch {
	case h == "":
		return ""
	case strings.ContainsAny(h, ":/"):
		p.Add("host", "must be a host name alone, without scheme, port or path, e.g. weather.example.com")
	case len(h) > 253 || !hostRE.MatchString(h) || net.ParseIP(h) != nil:
		p.Add("host", "must be a DNS name such as weather.example.com (letters, digits, hyphens; at least two labels)")
	default:
		for _, s := range self {
			if sh, _, err := net.SplitHostPort(s); err == nil && strings.EqualFold(sh, h) {
				p.Add("host", "is Tollgate's own host; choose a host of your own that points at the gateway")
				break
			}
		}
	}
	return h
}

func isLocalHost(h string) bool {
	if h == "localhost" || h == "" {
		return true
	}
	ip := net.ParseIP(h)
	return ip != nil && (ip.IsLoopback() || ip.IsUnspecified())
}

// APIUpdate changes some of an API's fields; nil fields stay as they are.
type APIUpdate struct {
	Name           *string
	Slug           *string
	Description    *string
	BasePath       *string
	Host           *string
	UpstreamURL    *string
	TimeoutMS      *int
	Visibility     *Visibility
	VisibleTeamIDs *[]string
	Tags           *[]string
	AllowQueryKey  *bool
}

// APIFilter selects APIs.
type APIFilter struct {
	Page
	Tag       string
	Lifecycle Lifecycle
	TeamID    string
	VisibleTo *Viewer // nil: every API of the tenant
}

// Viewer is who looks at the catalogue: a member and their teams.
type Viewer struct {
	UserID  string
	TeamIDs []string
}

// APIService stores APIs and their OpenAPI documents.
type APIService interface {
	CreateAPI(ctx context.Context, a *API) error
	API(ctx context.Context, tenantID, id string) (*API, error)
	ListAPIs(ctx context.Context, tenantID string, f APIFilter) ([]API, int, error)
	UpdateAPI(ctx context.Context, tenantID, id string, upd APIUpdate, self SelfHosts) (*API, error)
	SetLifecycle(ctx context.Context, tenantID, id string, action LifecycleAction, sunsetAt *time.Time) (*API, error)
	DeleteAPI(ctx context.Context, tenantID, id string) error
	OpenAPI(ctx context.Context, tenantID, id string) (json.RawMessage, error)
	SetOpenAPI(ctx context.Context, tenantID, id string, doc json.RawMessage) error
}
