package httpapi

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"sigs.k8s.io/yaml"

	"tollgate/backend/config"
)

// openapiTestServer builds a server with no services: enough to list its routes and serve the document.
func openapiTestServer(t *testing.T) *Server {
	t.Helper()
	cfg := &config.Config{
		PublicURL:      "http://localhost:8080",
		JWTSecret:      []byte(strings.Repeat("k", 32)),
		MaxBodyBytes:   1 << 20,
		LoginRateLimit: 10,
		AccessTokenTTL: 15 * time.Minute,
	}
	reg := prometheus.NewRegistry()
	ready := func(context.Context) map[string]error { return map[string]error{} }
	s, err := New(cfg, Services{}, slog.New(slog.NewTextHandler(io.Discard, nil)), ready, reg, reg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return s
}

// loadOpenAPI parses the embedded document the way the server serves it: YAML → JSON → generic map.
func loadOpenAPI(t *testing.T) map[string]any {
	t.Helper()
	b, err := yaml.YAMLToJSON(openapiYAML)
	if err != nil {
		t.Fatalf("openapi.yaml does not parse: %v", err)
	}
	var doc map[string]any
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatalf("openapi.yaml is not a JSON object: %v", err)
	}
	return doc
}

var openapiMethods = []string{"get", "put", "post", "delete", "options", "head", "patch", "trace"}

type openapiOp struct {
	method, path, fullPath string // method upper-case; path as documented; fullPath with its server's URL
	op                     map[string]any
	pathItem               map[string]any
}

// openapiOperations lists every operation with the full path it is served at: the path-level server URL when the
// path item has one, otherwise the document's first server URL.
func openapiOperations(t *testing.T, doc map[string]any) []openapiOp {
	t.Helper()
	base := serverURL(t, doc, "document")
	paths, ok := doc["paths"].(map[string]any)
	if !ok || len(paths) == 0 {
		t.Fatal("the document has no paths")
	}
	var ops []openapiOp
	for p, v := range paths {
		item, ok := v.(map[string]any)
		if !ok {
			t.Errorf("path %s is not an object", p)
			continue
		}
		prefix := base
		if _, ok := item["servers"]; ok {
			prefix = serverURL(t, item, "path "+p)
		}
		for _, m := range openapiMethods {
			op, ok := item[m].(map[string]any)
			if !ok {
				continue
			}
			ops = append(ops, openapiOp{method: strings.ToUpper(m), path: p, fullPath: strings.TrimRight(prefix, "/") + p,
				op: op, pathItem: item})
		}
	}
	sort.Slice(ops, func(i, j int) bool { return ops[i].fullPath+ops[i].method < ops[j].fullPath+ops[j].method })
	return ops
}

func serverURL(t *testing.T, node map[string]any, where string) string {
	t.Helper()
	servers, _ := node["servers"].([]any)
	if len(servers) == 0 {
		t.Fatalf("%s: no servers", where)
	}
	s, _ := servers[0].(map[string]any)
	u, _ := s["url"].(string)
	if u == "" {
		t.Fatalf("%s: the first server has no url", where)
	}
	return u
}

var ginParam = regexp.MustCompile(`[:*]([A-Za-z0-9_]+)`)

// TestOpenAPIMatchesRoutes checks both ways that the document and the router agree on every /api/v1 route.
func TestOpenAPIMatchesRoutes(t *testing.T) {
	s := openapiTestServer(t)
	doc := loadOpenAPI(t)

	if base := serverURL(t, doc, "document"); base != "/api/v1" {
		t.Errorf("the document's server url is %q, want /api/v1", base)
	}

	registered := map[string]bool{}
	for _, r := range s.Routes() {
		registered[r.Method+" "+ginParam.ReplaceAllString(r.Path, "{$1}")] = true
	}
	documented := map[string]bool{}
	for _, o := range openapiOperations(t, doc) {
		documented[o.method+" "+o.fullPath] = true
	}

	var apiRoutes int
	for route := range registered {
		if !strings.Contains(route, " /api/v1/") {
			continue
		}
		apiRoutes++
		if !documented[route] {
			t.Errorf("route %s is registered but not documented in openapi.yaml", route)
		}
	}
	if apiRoutes == 0 {
		t.Fatal("no /api/v1 routes are registered")
	}
	for route := range documented {
		if !registered[route] {
			t.Errorf("operation %s is documented in openapi.yaml but not registered", route)
		}
	}
}

// TestOpenAPIDocument checks the document's own consistency: version, operations, parameters and references.
func TestOpenAPIDocument(t *testing.T) {
	doc := loadOpenAPI(t)

	if v, _ := doc["openapi"].(string); !strings.HasPrefix(v, "3.0.") {
		t.Errorf("openapi is %q, want 3.0.x", v)
	}
	if info, _ := doc["info"].(map[string]any); info["title"] == nil || info["version"] == nil {
		t.Error("info needs a title and a version")
	}
	schemes, _ := jsonPointer(doc, "#/components/securitySchemes/bearerAuth")
	if sch, _ := schemes.(map[string]any); sch["type"] != "http" || sch["scheme"] != "bearer" || sch["bearerFormat"] != "JWT" {
		t.Errorf("components.securitySchemes.bearerAuth must be an http bearer JWT scheme, is %v", schemes)
	}
	if sec, _ := doc["security"].([]any); len(sec) == 0 {
		t.Error("the document needs a global security requirement")
	}

	ids := map[string]string{}
	for _, o := range openapiOperations(t, doc) {
		name := o.method + " " + o.fullPath
		id, _ := o.op["operationId"].(string)
		switch {
		case id == "":
			t.Errorf("%s has no operationId", name)
		case ids[id] != "":
			t.Errorf("%s and %s share the operationId %q", ids[id], name, id)
		default:
			ids[id] = name
		}
		if summary, _ := o.op["summary"].(string); strings.TrimSpace(summary) == "" {
			t.Errorf("%s has no summary", name)
		}
		if desc, _ := o.op["description"].(string); !strings.Contains(desc, "Access:") {
			t.Errorf("%s: its description must say who may call it (**Access:** ...)", name)
		}
		responses, _ := o.op["responses"].(map[string]any)
		if len(responses) == 0 {
			t.Errorf("%s has no responses", name)
		}
		checkErrorResponses(t, doc, name, responses)
		checkPathParameters(t, doc, name, o)
		checkRequestBody(t, doc, name, o.op)
	}

	var refs int
	walkRefs(doc, "#", func(where, ref string) {
		refs++
		if _, err := jsonPointer(doc, ref); err != nil {
			t.Errorf("%s: $ref %q does not resolve: %v", where, ref, err)
		}
	})
	if refs == 0 {
		t.Error("the document has no $ref at all")
	}

	for _, name := range []string{"Problem", "User", "Me", "TokenResponse", "Tenant", "Member", "Invitation",
		"CreatedInvitation", "Team", "TeamMember", "AuditEntry", "ListMeta", "API", "Plan", "Application",
		"Subscription", "Approval", "SubscriptionEvent", "APIKey", "CreatedAPIKey", "Notification", "PublicConfig",
		"CallRecord", "CallList", "GatewayCode", "StatusClass"} {
		if _, err := jsonPointer(doc, "#/components/schemas/"+name); err != nil {
			t.Errorf("components.schemas.%s is missing", name)
		}
	}
}

// checkErrorResponses requires every 4xx/5xx response of the API to be a problem+json Problem.
func checkErrorResponses(t *testing.T, doc map[string]any, name string, responses map[string]any) {
	t.Helper()
	if !strings.Contains(name, " /api/v1/") {
		return
	}
	for status, r := range responses {
		if !strings.HasPrefix(status, "4") && !strings.HasPrefix(status, "5") {
			continue
		}
		resp := resolve(t, doc, r)
		content, _ := resp["content"].(map[string]any)
		media, _ := content["application/problem+json"].(map[string]any)
		schema, _ := media["schema"].(map[string]any)
		if schema["$ref"] != "#/components/schemas/Problem" {
			t.Errorf("%s: response %s must be application/problem+json with the Problem schema", name, status)
		}
	}
}

// checkPathParameters requires each {param} in the path to be declared as a required path parameter, and no more.
func checkPathParameters(t *testing.T, doc map[string]any, name string, o openapiOp) {
	t.Helper()
	declared := map[string]bool{}
	for _, list := range []any{o.pathItem["parameters"], o.op["parameters"]} {
		params, _ := list.([]any)
		for _, p := range params {
			param := resolve(t, doc, p)
			if param["in"] != "path" {
				continue
			}
			n, _ := param["name"].(string)
			if param["required"] != true {
				t.Errorf("%s: path parameter %s must be required", name, n)
			}
			declared[n] = true
		}
	}
	inPath := map[string]bool{}
	for _, m := range regexp.MustCompile(`\{([^}]+)\}`).FindAllStringSubmatch(o.path, -1) {
		inPath[m[1]] = true
		if !declared[m[1]] {
			t.Errorf("%s: path parameter %s is not declared", name, m[1])
		}
	}
	for n := range declared {
		if !inPath[n] {
			t.Errorf("%s: declares path parameter %s that is not in the path", name, n)
		}
	}
}

// documentBodies are the operations whose body is a document to store, not a request object: the server reads it
// as JSON or YAML, keeps every field and checks it itself, so it is documented as both and is open to any field.
var documentBodies = map[string]bool{
	"PUT /api/v1/tenants/{tenant}/apis/{api_id}/openapi": true,
}

// checkRequestBody requires JSON request bodies to be objects that reject unknown fields, as the server does.
func checkRequestBody(t *testing.T, doc map[string]any, name string, op map[string]any) {
	t.Helper()
	rb, ok := op["requestBody"]
	if !ok {
		return
	}
	body := resolve(t, doc, rb)
	content, _ := body["content"].(map[string]any)
	if documentBodies[name] {
		for _, media := range []string{"application/json", "application/yaml"} {
			if m, _ := content[media].(map[string]any); m["schema"] == nil {
				t.Errorf("%s: the document body must be documented as %s with a schema", name, media)
			}
		}
		return
	}
	media, ok := content["application/json"].(map[string]any)
	if !ok || len(content) != 1 {
		t.Errorf("%s: the request body must be application/json only", name)
		return
	}
	schema := resolve(t, doc, media["schema"])
	if schema["type"] != "object" || schema["additionalProperties"] != false {
		t.Errorf("%s: the request body schema must be an object with additionalProperties: false", name)
	}
}

// resolve follows a $ref (if any) to the object it names.
func resolve(t *testing.T, doc map[string]any, v any) map[string]any {
	t.Helper()
	m, _ := v.(map[string]any)
	for i := 0; i < 10 && m != nil; i++ {
		ref, ok := m["$ref"].(string)
		if !ok {
			return m
		}
		target, err := jsonPointer(doc, ref)
		if err != nil {
			t.Errorf("$ref %q does not resolve: %v", ref, err)
			return nil
		}
		m, _ = target.(map[string]any)
	}
	return m
}

// walkRefs calls fn for every $ref in the tree.
func walkRefs(node any, where string, fn func(where, ref string)) {
	switch n := node.(type) {
	case map[string]any:
		for k, v := range n {
			if k == "$ref" {
				ref, _ := v.(string)
				fn(where, ref)
				continue
			}
			walkRefs(v, where+"/"+k, fn)
		}
	case []any:
		for i, v := range n {
			walkRefs(v, fmt.Sprintf("%s/%d", where, i), fn)
		}
	}
}

// jsonPointer resolves a local reference like #/components/schemas/User (RFC 6901).
func jsonPointer(doc map[string]any, ref string) (any, error) {
	if !strings.HasPrefix(ref, "#/") {
		return nil, fmt.Errorf("only local references (#/...) are allowed")
	}
	var cur any = doc
	for _, tok := range strings.Split(ref[2:], "/") {
		tok = strings.ReplaceAll(strings.ReplaceAll(tok, "~1", "/"), "~0", "~")
		m, ok := cur.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("%q is not inside an object", tok)
		}
		if cur, ok = m[tok]; !ok {
			return nil, fmt.Errorf("%q not found", tok)
		}
	}
	return cur, nil
}

// TestOpenAPIServed checks that the document is served as JSON at /api/v1/openapi.json.
func TestOpenAPIServed(t *testing.T) {
	s := openapiTestServer(t)
	w := httptest.NewRecorder()
	s.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/api/v1/openapi.json", nil))
	if w.Code != http.StatusOK {
		t.Fatalf("GET /api/v1/openapi.json: status %d, body %s", w.Code, w.Body)
	}
	if ct := w.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("Content-Type is %q, want application/json", ct)
	}
	var doc map[string]any
	if err := json.Unmarshal(w.Body.Bytes(), &doc); err != nil {
		t.Fatalf("the served document is not JSON: %v", err)
	}
	if v, _ := doc["openapi"].(string); !strings.HasPrefix(v, "3.0.") {
		t.Errorf("served openapi is %q, want 3.0.x", v)
	}
}
