package httpapi

import (
	_ "embed"
	"net/http"
	"sync"

	"github.com/gin-gonic/gin"
	"sigs.k8s.io/yaml"
)

//go:embed openapi.yaml
var openapiYAML []byte

var openapiJSON = sync.OnceValues(func() ([]byte, error) { return yaml.YAMLToJSON(openapiYAML) })

// openapi serves the management API's OpenAPI 3 document as JSON.
func (s *Server) openapi(c *gin.Context) {
	b, err := openapiJSON()
	if err != nil {
		s.render(c, err)
		return
	}
	c.Data(http.StatusOK, "application/json", b)
}
