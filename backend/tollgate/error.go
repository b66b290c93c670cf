// Package tollgate is the domain: types, validation, error codes and the service interfaces the adapters
// (postgres, httpapi, gateway, stripe) implement or use. It imports no framework and nothing of ours.
package tollgate

import (
	"errors"
	"fmt"
	"time"
)

// Code names a class of failure. Codes are part of the public API: clients match on them.
type Code string

// The error codes of the management API. The HTTP layer maps each to one status.
const (
	CodeBadRequest         Code = "bad_request"
	CodeUnauthorized       Code = "unauthorized"
	CodeInvalidCredentials Code = "invalid_credentials"
	CodeForbidden          Code = "forbidden"
	CodeNotFound           Code = "not_found"
	CodeConflict           Code = "conflict"
	CodePayloadTooLarge    Code = "payload_too_large"
	CodeValidation         Code = "validation_failed"
	CodeRateLimited        Code = "rate_limited"
	CodeUnavailable        Code = "unavailable"
	CodeStripeNotConnected Code = "stripe_not_connected" // the tenant has no Stripe account connected
	CodeStripeError        Code = "stripe_error"         // Stripe refused or could not be reached
	CodeInternal           Code = "internal"
)

// FieldError says what is wrong with one input field.
type FieldError struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

// Error is an application error: a code, a message safe to show to the caller, and optional details.
type Error struct {
	Code       Code
	Message    string
	Fields     []FieldError
	RetryAfter time.Duration
}

func (e *Error) Error() string {
	if len(e.Fields) > 0 {
		return fmt.Sprintf("%s: %s %v", e.Code, e.Message, e.Fields)
	}
	return fmt.Sprintf("%s: %s", e.Code, e.Message)
}

// Errorf returns an application error with a formatted message.
func Errorf(code Code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of an application error anywhere in err's chain, or CodeInternal.
func ErrorCode(err error) Code {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return CodeInternal
}

// Problems collects field errors while validating input.
type Problems []FieldError

// Add records a problem with a field.
func (p *Problems) Add(field, format string, args ...any) {
	*p = append(*p, FieldError{Field: field, Message: fmt.Sprintf(format, args...)})
}

// Err returns nil when nothing was added, or a validation error listing every problem.
func (p Problems) Err() error {
	if len(p) == 0 {
		return nil
	}
	msg := "1 field is invalid"
	if len(p) > 1 {
		msg = fmt.Sprintf("%d fields are invalid", len(p))
	}
	return &Error{Code: CodeValidation, Message: msg, Fields: p}
}

// NotFound returns the error for a missing object. Objects of other tenants are missing too.
func NotFound(what string) *Error { return Errorf(CodeNotFound, "%s not found", what) }

// ErrorMessage returns the caller-safe message of an application error in err's chain, or a generic one.
func ErrorMessage(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return "internal error"
}
