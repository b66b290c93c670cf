// Package seed fills a database with demo data for trying Tollgate out.
package seed

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"time"

	"tollgate/backend/apikey"
	"tollgate/backend/auth"
	"tollgate/backend/tollgate"
)

// Services are the stores seeding writes through.
type Services struct {
	Tenants       tollgate.TenantService
	Users         tollgate.UserService
	Memberships   tollgate.MembershipService
	Teams         tollgate.TeamService
	APIs          tollgate.APIService
	Plans         tollgate.PlanService
	Applications  tollgate.ApplicationService
	Subscriptions tollgate.SubscriptionService
	Keys          tollgate.KeyService
	// KeyPepper is the server's API key pepper, to store the demo key's digest.
	KeyPepper []byte
	// Gateway, when set, receives a few days of demo traffic (call logs) and the Mobile App's usage this month.
	Gateway tollgate.GatewayStore
	// WeatherUpstream is where the demo Weather API's calls go; GatewayURL is where callers reach the gateway.
	WeatherUpstream, GatewayURL string
}

// Demo logins. They are printed by `tollgate seed --demo` and `make run`; never use them outside a demo.
const (
	DemoTenant        = "acme"
	AdminEmail        = "admin@tollgate.local"
	AdminPassword     = "tollgate-admin-demo"
	OwnerEmail        = "owner@acme.test"
	OwnerPassword     = "tollgate-owner-demo"
	DeveloperEmail    = "dev@acme.test"
	DeveloperPassword = "tollgate-dev-demo"
	BillingEmail      = "billing@acme.test"
	BillingPassword   = "tollgate-billing-demo"
	// ProPriceID is the demo Pro plan's Stripe price: it exists in stripe-mock, which `make run` starts; with a
	// real Stripe account, pick or create the plan's price in the portal instead.
	ProPriceID = "price_demo_pro"
)

// Demo seeds the demo tenant once: a platform admin, the tenant "acme" with an owner, a developer and two teams.
// When the tenant exists already it changes nothing. Either way it prints the logins to out.
func Demo(ctx context.Context, svc Services, publicURL string, out io.Writer) error {
	if _, err := svc.Tenants.TenantBySlug(ctx, DemoTenant); err == nil {
		fmt.Fprintln(out, "Demo data is already there; nothing changed.")
		printLogins(out, publicURL)
		return nil
	} else if tollgate.ErrorCode(err) != tollgate.CodeNotFound {
		return fmt.Errorf("look for demo tenant: %w", err)
	}
	user := func(email, name, password string, platformAdmin bool) (*tollgate.User, error) {
		if u, err := svc.Users.UserByEmail(ctx, email); err == nil {
			return u, nil
		}
		hash, err := auth.HashPassword(password)
		if err != nil {
			return nil, err
		}
		u := &tollgate.User{Email: email, Name: name, PasswordHash: hash, IsPlatformAdmin: platformAdmin}
		if err := svc.Users.CreateUser(ctx, u); err != nil {
			return nil, fmt.Errorf("create %s: %w", email, err)
		}
		return u, nil
	}
	if _, err := user(AdminEmail, "Platform Admin", AdminPassword, true); err != nil {
		return err
	}
	owner, err := user(OwnerEmail, "Olivia Owner", OwnerPassword, false)
	if err != nil {
		return err
	}
	dev, err := user(DeveloperEmail, "Dev Eloper", DeveloperPassword, false)
	if err != nil {
		return err
	}
	billing, err := user(BillingEmail, "Bill Ing", BillingPassword, false)
	if err != nil {
		return err
	}
	t := &tollgate.Tenant{Slug: DemoTenant, Name: "Acme APIs", AllowSignup: true}
	ctx = tollgate.WithActor(ctx, tollgate.Actor{UserID: owner.ID, RequestID: "seed"})
	if err := svc.Tenants.CreateTenant(ctx, t, owner.ID); err != nil {
		return fmt.Errorf("create demo tenant: %w", err)
	}
	if err := svc.Memberships.AddMember(ctx, t.ID, dev.ID, tollgate.RoleDeveloper); err != nil {
		return fmt.Errorf("add demo developer: %w", err)
	}
	if err := svc.Memberships.AddMember(ctx, t.ID, billing.ID, tollgate.RoleBilling); err != nil {
		return fmt.Errorf("add demo billing member: %w", err)
	}
	teams := map[string]*tollgate.Team{}
	for _, tm := range []struct{ name, desc, member string }{
		{"Platform", "Publishes Acme's public APIs.", owner.ID},
		{"Mobile", "Builds the Acme mobile apps; consumes APIs.", dev.ID},
	} {
		team := &tollgate.Team{TenantID: t.ID, Name: tm.name, Description: tm.desc}
		if err := svc.Teams.CreateTeam(ctx, team); err != nil {
			return fmt.Errorf("create team %s: %w", tm.name, err)
		}
		if _, err := svc.Teams.AddTeamMember(ctx, t.ID, team.ID, tm.member); err != nil {
			return fmt.Errorf("add member to %s: %w", tm.name, err)
		}
		teams[tm.name] = team
	}
	demo, err := catalogue(ctx, svc, t.ID, teams["Platform"].ID, teams["Mobile"].ID, dev.ID, owner.ID)
	if err != nil {
		return err
	}
	key := demo.key
	if svc.Gateway != nil {
		if err := traffic(ctx, svc.Gateway, t.ID, demo, time.Now().UTC()); err != nil {
			return fmt.Errorf("seed demo traffic: %w", err)
		}
	}
	fmt.Fprintln(out, "Demo data seeded.")
	printLogins(out, publicURL)
	fmt.Fprintf(out, "  Demo API key:    %s (shown this once; the Mobile App's key for the Weather API)\n", key)
	fmt.Fprintf(out, "  Try it:          curl -H 'Authorization: Bearer %s' '%s/%s/weather/current?city=Lisbon'\n", key, svc.GatewayURL, DemoTenant)
	if u, err := url.Parse(svc.GatewayURL); err == nil && u.Host != "" {
		if port := u.Port(); port != "" {
			u.Host = DemoHost + ":" + port
		} else {
			u.Host = DemoHost
		}
		fmt.Fprintf(out, "  Or on its host:  curl -H 'Authorization: Bearer %s' '%s/weather/current?city=Lisbon'\n", key, u)
	}
	return nil
}

// DemoHost is the Weather API's own host: names under .localhost resolve to the loopback address (curl and browsers
// do it themselves), so the gateway routes by host on a developer's machine without DNS.
const DemoHost = "weather.localhost"

// demoIDs are what the demo catalogue made.
type demoIDs struct {
	key, apiID, mobileApp, mobileSub, partnerApp, partnerSub string
}

// catalogue publishes the Weather API with its plans, subscribes the Mobile App to the free one with a key, and the
// Partner Dashboard to the Partner plan (approved by the owner).
func catalogue(ctx context.Context, svc Services, tenantID, providerTeam, consumerTeam, devID, ownerID string) (demoIDs, error) {
	var ids demoIDs
	api := &tollgate.API{TenantID: tenantID, TeamID: providerTeam, Name: "Weather", Slug: "weather",
		Description: "Current conditions and forecasts for any city.", BasePath: "/weather", Host: DemoHost,
		UpstreamURL: svc.WeatherUpstream, Tags: []string{"weather", "demo"}}
	if api.UpstreamURL == "" {
		api.UpstreamURL = "https://weather.example.com"
	}
	if err := api.Validate(nil); err != nil {
		return ids, err
	}
	if err := svc.APIs.CreateAPI(ctx, api); err != nil {
		return ids, fmt.Errorf("create demo API: %w", err)
	}
	if err := svc.APIs.SetOpenAPI(ctx, tenantID, api.ID, json.RawMessage(weatherOpenAPI)); err != nil {
		return ids, fmt.Errorf("store demo OpenAPI document: %w", err)
	}
	if _, err := svc.APIs.SetLifecycle(ctx, tenantID, api.ID, tollgate.ActionPublish, nil); err != nil {
		return ids, fmt.Errorf("publish demo API: %w", err)
	}
	quota := int64(1000)
	var free, partnerPlan *tollgate.Plan
	for _, p := range []*tollgate.Plan{
		{Name: "Free", Description: "For trying it out.", RateLimitPerSecond: 10, MonthlyQuota: &quota, Approval: tollgate.ApprovalAuto},
		{Name: "Partner", Description: "For partners, after a review.", RateLimitPerSecond: 100, Approval: tollgate.ApprovalManual},
		{Name: "Pro", Description: "Paid monthly through Stripe; starts as soon as the first payment is made.", Paid: true,
			StripePriceID: ProPriceID, RateLimitPerSecond: 100, Approval: tollgate.ApprovalAuto, GraceDays: 3},
		{Name: "Enterprise", Description: "Paid, with two approvers.", Paid: true, RateLimitPerSecond: 1000,
			Approval: tollgate.ApprovalTwoPerson, GraceDays: 3},
	} {
		p.TenantID, p.APIID = tenantID, api.ID
		if err := svc.Plans.CreatePlan(ctx, p); err != nil {
			return ids, fmt.Errorf("create demo plan %s: %w", p.Name, err)
		}
		if free == nil {
			free = p
		}
		if p.Name == "Partner" {
			partnerPlan = p
		}
	}
	devCtx := tollgate.WithActor(ctx, tollgate.Actor{UserID: devID, RequestID: "seed"})
	app := &tollgate.Application{TenantID: tenantID, TeamID: consumerTeam, Name: "Mobile App",
		Description: "The Acme app for iOS and Android."}
	if err := svc.Applications.CreateApplication(devCtx, app); err != nil {
		return ids, fmt.Errorf("create demo application: %w", err)
	}
	sub := &tollgate.Subscription{TenantID: tenantID, ApplicationID: app.ID, PlanID: free.ID, Reason: "Weather on the home screen."}
	if err := svc.Subscriptions.RequestSubscription(devCtx, sub); err != nil {
		return ids, fmt.Errorf("subscribe demo application: %w", err)
	}
	plain, err := apikey.Generate(apikey.ModeLive)
	if err != nil {
		return ids, err
	}
	k := &tollgate.APIKey{TenantID: tenantID, ApplicationID: app.ID, Name: "demo", Prefix: apikey.Prefix(plain), Mode: apikey.ModeLive}
	if err := svc.Keys.CreateKey(devCtx, k, apikey.Digest(svc.KeyPepper, plain)); err != nil {
		return ids, fmt.Errorf("create demo key: %w", err)
	}
	ids.key, ids.apiID, ids.mobileApp, ids.mobileSub = plain, api.ID, app.ID, sub.ID
	partner := &tollgate.Application{TenantID: tenantID, TeamID: consumerTeam, Name: "Partner Dashboard",
		Description: "Weather widgets for partners' sites."}
	if err := svc.Applications.CreateApplication(devCtx, partner); err != nil {
		return ids, fmt.Errorf("create demo application: %w", err)
	}
	psub := &tollgate.Subscription{TenantID: tenantID, ApplicationID: partner.ID, PlanID: partnerPlan.ID, Reason: "Partner widgets."}
	if err := svc.Subscriptions.RequestSubscription(devCtx, psub); err != nil {
		return ids, fmt.Errorf("subscribe demo partner application: %w", err)
	}
	ownerCtx := tollgate.WithActor(ctx, tollgate.Actor{UserID: ownerID, RequestID: "seed"})
	if _, err := svc.Subscriptions.Approve(ownerCtx, tenantID, psub.ID, "Known partner."); err != nil {
		return ids, fmt.Errorf("approve demo partner subscription: %w", err)
	}
	ids.partnerApp, ids.partnerSub = partner.ID, psub.ID
	return ids, nil
}

const weatherOpenAPI = `{"openapi":"3.0.3","info":{"title":"Weather","version":"1.0","description":"Current conditions and forecasts."},
"paths":{"/current":{"get":{"summary":"Current conditions","parameters":[{"name":"city","in":"query","required":true,
"schema":{"type":"string"},"example":"Lisbon"}],"responses":{"200":{"description":"The weather now","content":{"application/json":
{"schema":{"type":"object","properties":{"city":{"type":"string"},"temperature_c":{"type":"number"},"conditions":{"type":"string"}}}}}}}}},
"/forecast":{"get":{"summary":"Forecast for the next days","parameters":[{"name":"city","in":"query","required":true,
"schema":{"type":"string"}},{"name":"days","in":"query","schema":{"type":"integer","minimum":1,"maximum":14}}],
"responses":{"200":{"description":"One entry per day"}}}}}}`

func printLogins(out io.Writer, publicURL string) {
	fmt.Fprintf(out, `
  Portal:          %s/login?tenant=%s
  Platform admin:  %s / %s
  Tenant owner:    %s / %s
  Developer:       %s / %s
  Billing:         %s / %s
`, publicURL, DemoTenant, AdminEmail, AdminPassword, OwnerEmail, OwnerPassword, DeveloperEmail, DeveloperPassword,
		BillingEmail, BillingPassword)
}
