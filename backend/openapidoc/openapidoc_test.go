package openapidoc

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"tollgate/backend/tollgate"
)

const petsYAML = `
openapi: 3.0.3
info: {title: Pets, version: "1.0"}
paths:
  /pets/{id}:
    get:
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses: {"200": {description: a pet}}
`

func TestParseValid(t *testing.T) {
	doc, err := Parse(context.Background(), []byte(petsYAML))
	require.NoError(t, err)
	var m map[string]any
	require.NoError(t, json.Unmarshal(doc, &m))
	assert.Equal(t, "3.0.3", m["openapi"])

	doc31 := `{"openapi":"3.1.0","info":{"title":"T","version":"1"},"paths":{}}`
	_, err = Parse(context.Background(), []byte(doc31))
	assert.NoError(t, err)
}

func TestParseListsProblems(t *testing.T) {
	for name, tc := range map[string]struct {
		doc    string
		fields []string
	}{
		"not a document":    {"]]]: [", []string{"document"}},
		"a list":            {"[1, 2]", []string{"document"}},
		"swagger 2":         {`{"swagger":"2.0","info":{"title":"x","version":"1"},"paths":{}}`, []string{"swagger"}},
		"everything wrong":  {`{"openapi":"2.5","info":{"version":1},"paths":{"pets":{}}}`, []string{"openapi", "info.title", "info.version", "paths.pets"}},
		"no info, no paths": {`{"openapi":"3.0.0"}`, []string{"info", "paths"}},
		"bad operation":     {`{"openapi":"3.0.0","info":{"title":"x","version":"1"},"paths":{"/a/{id}":{"get":{"responses":{"200":{"description":"ok"}}}}}}`, []string{"document"}},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := Parse(context.Background(), []byte(tc.doc))
			var e *tollgate.Error
			require.ErrorAs(t, err, &e)
			assert.Equal(t, tollgate.CodeValidation, e.Code)
			assert.Contains(t, e.Message, "OpenAPI document is invalid")
			var fields []string
			for _, f := range e.Fields {
				fields = append(fields, f.Field)
			}
			assert.ElementsMatch(t, tc.fields, fields, "%v", e.Fields)
		})
	}
}
