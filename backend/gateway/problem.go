package gateway

import (
	"encoding/json"
	"net/http"
	"strconv"
	"time"
)

var titles = map[Code]string{
	MissingAPIKey: "API key required", InvalidAPIKey: "Invalid API key", APIKeyRevoked: "API key revoked",
	APIKeyExpired: "API key expired", IPNotAllowed: "Address not allowed", NoRoute: "No such API", APIRetired: "API retired",
	KeyScopeDenied: "Key not valid for this API", NotSubscribed: "Not subscribed",
	SubscriptionPendingApproval: "Subscription pending approval", SubscriptionRejected: "Subscription rejected",
	SubscriptionRevoked: "Subscription revoked", SubscriptionSuspended: "Subscription suspended",
	PaymentRequired: "Payment required", PaymentOverdue: "Payment overdue", SubscriptionCanceled: "Subscription canceled",
	QuotaExhausted: "Quota exhausted", RateLimited: "Too many requests", UpstreamUnavailable: "Upstream unavailable",
	UpstreamTimeout: "Upstream timed out", ClientClosed: "Client closed the request", GatewayUnavailable: "Gateway unavailable",
	BadRequest: "Bad request", PayloadTooLarge: "Payload too large",
}

var details = map[Code]string{
	MissingAPIKey:               "Send your API key in the Authorization header (Bearer <key>) or the X-API-Key header.",
	InvalidAPIKey:               "This API key is not valid. Check that you copied it whole; keys look like tg_live_… and are shown once when created.",
	APIKeyRevoked:               "This API key was revoked. Create a new key in the portal.",
	APIKeyExpired:               "This API key has expired. Create a new key, or rotate it before it expires next time.",
	IPNotAllowed:                "This API key may not be used from your address. Use a key that allows it (create one in the portal with your address in its allowed list).",
	NoRoute:                     "No API is published at this path. Check the URL: /<tenant>/<API base path>/…",
	APIRetired:                  "This API has been retired and no longer answers.",
	KeyScopeDenied:              "This API key is limited to other APIs. Use a key whose scope includes this API (create one in the portal).",
	NotSubscribed:               "Your application does not subscribe to this API. Subscribe to one of its plans in the portal.",
	SubscriptionPendingApproval: "Your subscription is waiting for the provider's approval. You will be notified of the decision.",
	SubscriptionRejected:        "The provider rejected your subscription request. See the portal for the reason.",
	SubscriptionRevoked:         "The provider revoked your subscription.",
	SubscriptionSuspended:       "The provider suspended your subscription. See the portal for the reason.",
	PaymentRequired:             "This plan is paid: complete the checkout to start using the API.",
	PaymentOverdue:              "Your payment is overdue and the grace period has ended. Pay the open invoice to restore access.",
	SubscriptionCanceled:        "Your subscription was canceled. Subscribe again to use the API.",
	QuotaExhausted:              "Your plan's quota for this period is used up. Upgrade your plan, or wait until the quota resets.",
	RateLimited:                 "You are sending requests faster than your plan allows. Wait and retry.",
	UpstreamUnavailable:         "The API's server could not be reached or did not answer properly.",
	UpstreamTimeout:             "The API's server did not answer in time.",
	GatewayUnavailable:          "The gateway cannot confirm your access right now. Retry shortly.",
	BadRequest:                  "The request path is not allowed (encoded slashes, dot segments or invalid characters).",
	PayloadTooLarge:             "The request body is larger than the gateway accepts.",
}

type quotaInfo struct {
	Limit    int64     `json:"limit"`
	Used     int64     `json:"used"`
	ResetsAt time.Time `json:"resets_at"`
}

type problem struct {
	Type           string     `json:"type"`
	Title          string     `json:"title"`
	Status         int        `json:"status"`
	Detail         string     `json:"detail"`
	Instance       string     `json:"instance"`
	Code           string     `json:"code"`
	SubscriptionID string     `json:"subscription_id,omitempty"`
	PaymentURL     string     `json:"payment_url,omitempty"`
	InvoiceURL     string     `json:"invoice_url,omitempty"`
	UpgradeURL     string     `json:"upgrade_url,omitempty"`
	Quota          *quotaInfo `json:"quota,omitempty"`
	GraceEndsAt    *time.Time `json:"grace_ends_at,omitempty"`
	RetryAfter     int        `json:"retry_after,omitempty"`
}

// refusal holds what a refusal body says besides its code.
type refusal struct {
	code       Code
	requestID  string
	sub        *Subscription
	route      *route
	quota      *quotaInfo
	retryAfter time.Duration
}

// writeProblem answers a refusal as application/problem+json, with the links and figures that fix it.
func (g *Gateway) writeProblem(w http.ResponseWriter, rf refusal) {
	p := problem{Type: g.opt.PublicURL + "/docs/errors/" + rf.code.String(), Title: titles[rf.code], Status: rf.code.Status(),
		Detail: details[rf.code], Instance: rf.requestID, Code: rf.code.String(), Quota: rf.quota}
	if rf.sub != nil {
		p.SubscriptionID = rf.sub.ID
		if rf.route != nil {
			base := g.opt.PublicURL + "/t/" + rf.route.TenantSlug
			switch rf.code {
			case PaymentRequired, PaymentOverdue, SubscriptionCanceled:
				p.PaymentURL = base + "/subscriptions/" + rf.sub.ID
				p.InvoiceURL = rf.sub.InvoiceURL
			case QuotaExhausted:
				p.UpgradeURL = base + "/catalogue/" + rf.route.APIID
			}
		}
		if rf.code == PaymentOverdue && !rf.sub.GraceEndsAt.IsZero() {
			t := rf.sub.GraceEndsAt
			p.GraceEndsAt = &t
		}
	}
	h := w.Header()
	if rf.retryAfter > 0 {
		secs := int((rf.retryAfter + time.Second - 1) / time.Second)
		p.RetryAfter = secs
		h.Set("Retry-After", strconv.Itoa(secs))
	}
	if rf.code.Status() == http.StatusUnauthorized {
		h.Set("WWW-Authenticate", `Bearer realm="tollgate"`)
	}
	h.Set("Content-Type", "application/problem+json")
	h.Set("Cache-Control", "no-store")
	body, _ := json.Marshal(p)
	w.WriteHeader(rf.code.Status())
	_, _ = w.Write(body)
}
