package httpapi

import (
	"github.com/gin-gonic/gin"
	"github.com/prometheus/client_golang/prometheus"

	"tollgate/backend/tollgate"
)

// routes registers the whole surface. Every /api/v1 route here is documented in openapi.yaml (a test checks both ways).
func (s *Server) routes(e *gin.Engine, gatherer prometheus.Gatherer) {
	e.GET("/healthz", s.healthz)
	e.GET("/readyz", s.readyz)
	e.GET("/metrics", metricsHandler(gatherer))

	// Stripe's webhook deliveries: signed, not signed in.
	e.POST("/webhooks/stripe/:tenant", s.stripeWebhook)

	v1 := e.Group("/api/v1")
	v1.GET("/openapi.json", s.openapi)

	// Public: sign-in, sign-up, invitations.
	v1.POST("/auth/login", s.login)
	v1.POST("/auth/refresh", s.refresh)
	v1.POST("/auth/logout", s.logout)
	v1.GET("/public/config", s.publicConfig)
	v1.GET("/public/tenants/:tenant", s.publicTenant)
	v1.POST("/public/tenants/:tenant/signup", s.signup)
	v1.GET("/invitations/:token", s.getInvitationByToken)
	v1.POST("/invitations/:token/accept", s.acceptInvitation)

	// Signed in.
	me := v1.Group("", s.authenticate)
	me.GET("/me", s.getMe)
	me.PATCH("/me", s.updateMe)
	me.POST("/me/password", s.changePassword)
	me.GET("/tenants", s.listTenants)
	me.POST("/tenants", s.requirePlatformAdmin, s.createTenant)

	// Inside a tenant: members read, owners and admins write.
	t := me.Group("/tenants/:tenant", s.tenantAccess)
	admin := s.requireRole(tollgate.RoleOwner, tollgate.RoleAdmin)
	t.GET("", s.getTenant)
	t.PATCH("", admin, s.updateTenant)

	t.GET("/members", s.listMembers)
	t.PATCH("/members/:user_id", admin, s.updateMember)
	t.DELETE("/members/:user_id", s.removeMember) // admins remove others; anyone may leave

	t.GET("/invitations", admin, s.listInvitations)
	t.POST("/invitations", admin, s.createInvitation)
	t.DELETE("/invitations/:id", admin, s.revokeInvitation)

	t.GET("/teams", s.listTeams)
	t.POST("/teams", admin, s.createTeam)
	t.GET("/teams/:team_id", s.getTeam)
	t.PATCH("/teams/:team_id", admin, s.updateTeam)
	t.DELETE("/teams/:team_id", admin, s.deleteTeam)
	t.GET("/teams/:team_id/members", s.listTeamMembers)
	t.POST("/teams/:team_id/members", admin, s.addTeamMember)
	t.DELETE("/teams/:team_id/members/:user_id", admin, s.removeTeamMember)

	t.GET("/audit", admin, s.listAudit)

	// Catalogue: everyone sees what is visible to them; providers (admins, the owning team) change it.
	t.GET("/apis", s.listAPIs)
	t.POST("/apis", s.createAPI)
	t.GET("/apis/:api_id", s.getAPI)
	t.PATCH("/apis/:api_id", s.updateAPI)
	t.DELETE("/apis/:api_id", s.deleteAPI)
	t.POST("/apis/:api_id/lifecycle", s.apiLifecycle)
	t.GET("/apis/:api_id/openapi", s.getOpenAPI)
	t.PUT("/apis/:api_id/openapi", s.putOpenAPI)
	t.DELETE("/apis/:api_id/openapi", s.deleteOpenAPI)
	t.GET("/apis/:api_id/subscribers", s.listSubscribers)
	t.GET("/apis/:api_id/plans", s.listPlans)
	t.POST("/apis/:api_id/plans", s.createPlan)
	t.PATCH("/apis/:api_id/plans/:plan_id", s.updatePlan)
	t.POST("/apis/:api_id/plans/:plan_id/archive", s.archivePlan)

	// Applications, their subscriptions and keys: the application's team (admins: any).
	t.GET("/applications", s.listApplications)
	t.POST("/applications", s.createApplication)
	t.GET("/applications/:app_id", s.getApplication)
	t.PATCH("/applications/:app_id", s.updateApplication)
	t.DELETE("/applications/:app_id", s.deleteApplication)
	t.GET("/applications/:app_id/subscriptions", s.listAppSubscriptions)
	t.POST("/applications/:app_id/subscriptions", s.subscribe)
	t.GET("/applications/:app_id/keys", s.listKeys)
	t.POST("/applications/:app_id/keys", s.createKey)
	t.PATCH("/applications/:app_id/keys/:key_id", s.renameKey)
	t.POST("/applications/:app_id/keys/:key_id/rotate", s.rotateKey)
	t.POST("/applications/:app_id/keys/:key_id/revoke", s.revokeKey)

	// Subscriptions: admins decide; the application's team reads and cancels.
	t.GET("/subscriptions", s.listSubscriptions)
	t.GET("/subscriptions/:sub_id", s.getSubscription)
	t.GET("/subscriptions/:sub_id/events", s.subscriptionEvents)
	t.POST("/subscriptions/:sub_id/cancel", s.transition(tollgate.EventCancel))
	t.GET("/approvals", admin, s.approvals)
	t.POST("/subscriptions/:sub_id/approve", admin, s.approveSubscription)
	t.POST("/subscriptions/:sub_id/reject", admin, s.transition(tollgate.EventReject))
	t.POST("/subscriptions/:sub_id/suspend", admin, s.transition(tollgate.EventSuspend))
	t.POST("/subscriptions/:sub_id/resume", admin, s.transition(tollgate.EventResume))
	t.POST("/subscriptions/:sub_id/revoke", admin, s.transition(tollgate.EventRevoke))
	t.POST("/subscriptions/:sub_id/change-plan", admin, s.changePlan)

	// Billing: owners connect Stripe; the paying team checks out and manages billing; the billing team reconciles.
	owner := s.requireRole(tollgate.RoleOwner)
	billing := s.requireRole(tollgate.RoleOwner, tollgate.RoleAdmin, tollgate.RoleBilling)
	t.GET("/billing/stripe", billing, s.getStripeSettings)
	t.PUT("/billing/stripe", owner, s.putStripeSettings)
	t.POST("/billing/stripe/test", billing, s.testStripe)
	t.GET("/billing/prices", s.listPrices)
	t.POST("/apis/:api_id/plans/:plan_id/stripe-price", s.createPlanPrice)
	t.POST("/subscriptions/:sub_id/checkout", s.checkout)
	t.POST("/subscriptions/:sub_id/billing-portal", s.billingPortal)
	t.POST("/subscriptions/:sub_id/resync", billing, s.resyncSubscription)
	t.GET("/billing/overview", billing, s.billingOverview)
	t.GET("/billing/reconciliation", billing, s.lastReconciliation)
	t.POST("/billing/reconciliation", billing, s.runReconciliation)
	t.GET("/billing/reconciliation.csv", billing, s.reconciliationCSV)
	t.GET("/billing/events", billing, s.listStripeEvents)
	t.POST("/billing/events/recover", billing, s.recoverStripeEvents)
	t.POST("/billing/events/:event_id/replay", billing, s.replayStripeEvent)

	// Analytics: admins see everything; others their teams' APIs and applications.
	t.GET("/analytics/timeseries", s.analyticsTimeseries)
	t.GET("/analytics/summary", s.analyticsSummary)
	t.GET("/applications/:app_id/usage", s.appUsage)
	t.GET("/billing/usage", billing, s.billingUsage)

	// Call logs: providers see their APIs' calls, teams their applications' calls.
	t.GET("/apis/:api_id/calls", s.listAPICalls)
	t.GET("/applications/:app_id/calls", s.listAppCalls)
	t.GET("/calls/:request_id", s.getCall)

	// The caller's own notifications in this tenant.
	t.GET("/notifications", s.listNotifications)
	t.POST("/notifications/read-all", s.readAllNotifications)
	t.POST("/notifications/:id/read", s.readNotification)
	t.GET("/notification-preferences", s.getPreferences)
	t.PUT("/notification-preferences", s.putPreferences)

	// Outgoing webhooks: admins tenant-wide, teams for their applications' events.
	t.GET("/webhook-endpoints", s.listEndpoints)
	t.POST("/webhook-endpoints", s.createEndpoint)
	t.GET("/webhook-endpoints/:endpoint_id", s.getEndpoint)
	t.PATCH("/webhook-endpoints/:endpoint_id", s.updateEndpoint)
	t.DELETE("/webhook-endpoints/:endpoint_id", s.deleteEndpoint)
	t.POST("/webhook-endpoints/:endpoint_id/test", s.testEndpoint)
	t.GET("/webhook-endpoints/:endpoint_id/deliveries", s.listDeliveries)
}
