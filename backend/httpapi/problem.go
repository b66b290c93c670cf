package httpapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"tollgate/backend/tollgate"
)

// statusOf maps each error code to its one HTTP status.
var statusOf = map[tollgate.Code]int{
	tollgate.CodeBadRequest:         http.StatusBadRequest,
	tollgate.CodeUnauthorized:       http.StatusUnauthorized,
	tollgate.CodeInvalidCredentials: http.StatusUnauthorized,
	tollgate.CodeForbidden:          http.StatusForbidden,
	tollgate.CodeNotFound:           http.StatusNotFound,
	tollgate.CodeConflict:           http.StatusConflict,
	tollgate.CodePayloadTooLarge:    http.StatusRequestEntityTooLarge,
	tollgate.CodeValidation:         http.StatusUnprocessableEntity,
	tollgate.CodeRateLimited:        http.StatusTooManyRequests,
	tollgate.CodeUnavailable:        http.StatusServiceUnavailable,
	tollgate.CodeStripeNotConnected: http.StatusConflict,
	tollgate.CodeStripeError:        http.StatusBadGateway,
	tollgate.CodeInternal:           http.StatusInternalServerError,
}

var titleOf = map[tollgate.Code]string{
	tollgate.CodeBadRequest:         "Bad request",
	tollgate.CodeUnauthorized:       "Authentication required",
	tollgate.CodeInvalidCredentials: "Invalid credentials",
	tollgate.CodeForbidden:          "Forbidden",
	tollgate.CodeNotFound:           "Not found",
	tollgate.CodeConflict:           "Conflict",
	tollgate.CodePayloadTooLarge:    "Payload too large",
	tollgate.CodeValidation:         "Validation failed",
	tollgate.CodeRateLimited:        "Too many requests",
	tollgate.CodeUnavailable:        "Service unavailable",
	tollgate.CodeStripeNotConnected: "Stripe is not connected",
	tollgate.CodeStripeError:        "Stripe error",
	tollgate.CodeInternal:           "Internal error",
}

// Problem is an RFC 9457 problem details body.
type Problem struct {
	Type     string                `json:"type"`
	Title    string                `json:"title"`
	Status   int                   `json:"status"`
	Detail   string                `json:"detail"`
	Instance string                `json:"instance"`
	Code     tollgate.Code         `json:"code"`
	Errors   []tollgate.FieldError `json:"errors,omitempty"`
}

// render writes err as application/problem+json. Application errors show their message; anything else is logged
// with the request id and shown as "internal error".
func (s *Server) render(c *gin.Context, err error) {
	var appErr *tollgate.Error
	var sqlErr interface{ SQLState() string } // a PostgreSQL error (pgconn.PgError), without importing the driver
	switch {
	case errors.As(err, &appErr):
	case errors.As(err, &sqlErr) && (sqlErr.SQLState() == "22021" || sqlErr.SQLState() == "22P05"):
		// Text PostgreSQL cannot store (a NUL byte, invalid UTF-8) is the caller's mistake, whichever field it came in.
		appErr = tollgate.Errorf(tollgate.CodeValidation, "the request contains a character that cannot be stored (such as a NUL byte)")
	default:
		s.log.ErrorContext(c.Request.Context(), "request failed", "err", err, "request_id", requestID(c),
			"method", c.Request.Method, "path", c.FullPath())
		appErr = &tollgate.Error{Code: tollgate.CodeInternal,
			Message: "Something went wrong on our side. Try again; if it keeps failing, report the request id " + requestID(c) + "."}
	}
	status, ok := statusOf[appErr.Code]
	if !ok {
		status = http.StatusInternalServerError
	}
	if appErr.RetryAfter > 0 {
		c.Header("Retry-After", strconv.Itoa(int(math.Ceil(appErr.RetryAfter.Seconds()))))
	}
	if status == http.StatusUnauthorized {
		c.Header("WWW-Authenticate", `Bearer realm="tollgate"`)
	}
	p := Problem{
		Type:     s.cfg.PublicURL + "/docs/errors/" + string(appErr.Code),
		Title:    titleOf[appErr.Code],
		Status:   status,
		Detail:   sentence(appErr.Message),
		Instance: requestID(c),
		Code:     appErr.Code,
		Errors:   appErr.Fields,
	}
	body, _ := json.Marshal(p)
	c.Abort()
	c.Data(status, "application/problem+json", body)
}

// sentence capitalises the first letter and ends with a full stop: detail is read by people. A message that starts
// with an email address or an identifier keeps its first word as it is.
func sentence(s string) string {
	if s == "" {
		return s
	}
	if first, _, _ := strings.Cut(s, " "); !strings.ContainsAny(first, "@_/.") {
		s = strings.ToUpper(s[:1]) + s[1:]
	}
	if !strings.HasSuffix(s, ".") && !strings.HasSuffix(s, "?") && !strings.HasSuffix(s, "!") {
		s += "."
	}
	return s
}

// decode reads a JSON body into dst: one object, no unknown fields, at most the configured size.
func (s *Server) decode(c *gin.Context, dst any) error {
	if ct := c.ContentType(); ct != "" && ct != "application/json" {
		return tollgate.Errorf(tollgate.CodeBadRequest, "send the body as application/json, not %s", ct)
	}
	body := http.MaxBytesReader(c.Writer, c.Request.Body, s.cfg.MaxBodyBytes)
	dec := json.NewDecoder(body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		return decodeError(err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		var maxErr *http.MaxBytesError
		if errors.As(err, &maxErr) {
			return decodeError(err)
		}
		return tollgate.Errorf(tollgate.CodeBadRequest, "the body must hold a single JSON object")
	}
	return nil
}

// decodeTwice decodes the body into dst (strictly, as decode does) and also into raw, so a handler can tell a
// field sent as null from a field not sent.
func (s *Server) decodeTwice(c *gin.Context, dst any, raw *map[string]any) error {
	body, err := io.ReadAll(http.MaxBytesReader(c.Writer, c.Request.Body, s.cfg.MaxBodyBytes))
	if err != nil {
		return decodeError(err)
	}
	c.Request.Body = io.NopCloser(bytes.NewReader(body))
	if err := s.decode(c, dst); err != nil {
		return err
	}
	return json.Unmarshal(body, raw)
}

func decodeError(err error) error {
	var (
		maxErr    *http.MaxBytesError
		syntaxErr *json.SyntaxError
		typeErr   *json.UnmarshalTypeError
	)
	switch {
	case errors.As(err, &maxErr):
		return &tollgate.Error{Code: tollgate.CodePayloadTooLarge, Message: fmt.Sprintf("the body is larger than %d bytes", maxErr.Limit)}
	case errors.Is(err, io.EOF):
		return tollgate.Errorf(tollgate.CodeBadRequest, "the body is empty; send a JSON object")
	case errors.As(err, &syntaxErr):
		return tollgate.Errorf(tollgate.CodeBadRequest, "the body is not valid JSON (error at byte %d)", syntaxErr.Offset)
	case errors.Is(err, io.ErrUnexpectedEOF):
		return tollgate.Errorf(tollgate.CodeBadRequest, "the body is not valid JSON (it ends too early)")
	case errors.As(err, &typeErr):
		field := typeErr.Field
		if field == "" {
			return tollgate.Errorf(tollgate.CodeBadRequest, "the body must be a JSON object")
		}
		return &tollgate.Error{Code: tollgate.CodeBadRequest, Message: fmt.Sprintf("field %s has the wrong type", field),
			Fields: []tollgate.FieldError{{Field: field, Message: "must be a " + jsonType(typeErr.Type.Kind().String())}}}
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		field := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return &tollgate.Error{Code: tollgate.CodeBadRequest, Message: fmt.Sprintf("unknown field %s", field),
			Fields: []tollgate.FieldError{{Field: field, Message: "is not a known field"}}}
	}
	return tollgate.Errorf(tollgate.CodeBadRequest, "the body could not be read")
}

func jsonType(kind string) string {
	switch kind {
	case "string":
		return "string"
	case "bool":
		return "boolean"
	case "int", "int64", "int32", "uint", "uint64", "float64":
		return "number"
	case "slice":
		return "array"
	}
	return "object"
}

// pageOf reads limit, offset and q from the query string.
func pageOf(c *gin.Context) (tollgate.Page, error) {
	var p tollgate.Problems
	out := tollgate.Page{Limit: tollgate.DefaultPageLimit, Query: strings.TrimSpace(c.Query("q"))}
	if v := c.Query("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > tollgate.MaxPageLimit {
			p.Add("limit", "must be a whole number from 1 to %d", tollgate.MaxPageLimit)
		}
		out.Limit = n
	}
	if v := c.Query("offset"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			p.Add("offset", "must be a whole number, 0 or more")
		}
		out.Offset = n
	}
	if len(out.Query) > 200 {
		p.Add("q", "must be at most 200 characters long")
	}
	return out, p.Err()
}

// listBody is the shape of every list response.
type listBody[T any] struct {
	Items  []T `json:"items"`
	Total  int `json:"total"`
	Limit  int `json:"limit"`
	Offset int `json:"offset"`
}

func listOf[T any](items []T, total int, p tollgate.Page) listBody[T] {
	if items == nil {
		items = []T{}
	}
	return listBody[T]{Items: items, Total: total, Limit: p.Limit, Offset: p.Offset}
}
