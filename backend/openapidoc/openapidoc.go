// Package openapidoc checks OpenAPI documents that providers upload for their APIs and normalises them to JSON.
package openapidoc

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"sigs.k8s.io/yaml"

	"tollgate/backend/tollgate"
)

// Parse reads an OpenAPI 3 document in JSON or YAML and returns it as JSON. An invalid document gives a validation
// error that lists what is wrong, each with the place in the document (a dotted path).
func Parse(ctx context.Context, raw []byte) (json.RawMessage, error) {
	var p tollgate.Problems
	doc, err := yaml.YAMLToJSON(raw)
	if err != nil {
		p.Add("document", "is neither valid JSON nor valid YAML: %s", strings.TrimPrefix(err.Error(), "yaml: "))
		return nil, invalid(p)
	}
	var top map[string]any
	if err := json.Unmarshal(doc, &top); err != nil || top == nil {
		p.Add("document", "must be an object with openapi, info and paths")
		return nil, invalid(p)
	}
	version, _ := top["openapi"].(string)
	switch {
	case top["swagger"] != nil:
		p.Add("swagger", "Swagger 2.0 documents are not supported; convert the document to OpenAPI 3")
	case version == "":
		p.Add("openapi", "is required and must be a version string such as \"3.0.3\" or \"3.1.0\"")
	case !strings.HasPrefix(version, "3.0.") && !strings.HasPrefix(version, "3.1."):
		p.Add("openapi", "version %q is not supported; use 3.0.x or 3.1.x", version)
	}
	info, _ := top["info"].(map[string]any)
	if info == nil {
		p.Add("info", "is required: an object with title and version")
	} else {
		if s, _ := info["title"].(string); strings.TrimSpace(s) == "" {
			p.Add("info.title", "is required")
		}
		if s, _ := info["version"].(string); strings.TrimSpace(s) == "" {
			p.Add("info.version", "is required and must be a string (quote numbers in YAML: \"1.0\")")
		}
	}
	paths, hasPaths := top["paths"].(map[string]any)
	if !hasPaths && top["paths"] != nil {
		p.Add("paths", "must be an object")
	}
	if !hasPaths && top["paths"] == nil && top["webhooks"] == nil && top["components"] == nil {
		p.Add("paths", "is required")
	}
	for path := range paths {
		if !strings.HasPrefix(path, "/") {
			p.Add("paths."+path, "must start with /")
		}
	}
	if len(p) > 0 {
		return nil, invalid(p)
	}
	if strings.HasPrefix(version, "3.0.") {
		loader := openapi3.NewLoader()
		loader.Context = ctx
		loader.IsExternalRefsAllowed = false
		d, err := loader.LoadFromData(doc)
		if err != nil {
			p.Add("document", "cannot be read: %s", err)
			return nil, invalid(p)
		}
		if err := d.Validate(ctx); err != nil {
			for _, line := range strings.Split(err.Error(), " | ") {
				p.Add("document", "%s", line)
			}
			return nil, invalid(p)
		}
	}
	return doc, nil
}

func invalid(p tollgate.Problems) error {
	err := p.Err().(*tollgate.Error)
	err.Message = fmt.Sprintf("the OpenAPI document is invalid (%d problem%s)", len(p), map[bool]string{true: "s"}[len(p) > 1])
	return err
}
