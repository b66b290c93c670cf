// Package seed fills a database with demo data for trying Tollgate out.
package seed

import (
	"context"
	"fmt"
	"io"

	"tollgate/backend/auth"
	"tollgate/backend/tollgate"
)

// Services are the stores seeding writes through.
type Services struct {
	Tenants     tollgate.TenantService
	Users       tollgate.UserService
	Memberships tollgate.MembershipService
	Teams       tollgate.TeamService
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
	t := &tollgate.Tenant{Slug: DemoTenant, Name: "Acme APIs", AllowSignup: true}
	ctx = tollgate.WithActor(ctx, tollgate.Actor{UserID: owner.ID, RequestID: "seed"})
	if err := svc.Tenants.CreateTenant(ctx, t, owner.ID); err != nil {
		return fmt.Errorf("create demo tenant: %w", err)
	}
	if err := svc.Memberships.AddMember(ctx, t.ID, dev.ID, tollgate.RoleDeveloper); err != nil {
		return fmt.Errorf("add demo developer: %w", err)
	}
	teams := []struct{ name, desc, member string }{
		{"Platform", "Publishes Acme's public APIs.", owner.ID},
		{"Mobile", "Builds the Acme mobile apps; consumes APIs.", dev.ID},
	}
	for _, tm := range teams {
		team := &tollgate.Team{TenantID: t.ID, Name: tm.name, Description: tm.desc}
		if err := svc.Teams.CreateTeam(ctx, team); err != nil {
			return fmt.Errorf("create team %s: %w", tm.name, err)
		}
		if _, err := svc.Teams.AddTeamMember(ctx, t.ID, team.ID, tm.member); err != nil {
			return fmt.Errorf("add member to %s: %w", tm.name, err)
		}
	}
	fmt.Fprintln(out, "Demo data seeded.")
	printLogins(out, publicURL)
	return nil
}

func printLogins(out io.Writer, publicURL string) {
	fmt.Fprintf(out, `
  Portal:          %s/login?tenant=%s
  Platform admin:  %s / %s
  Tenant owner:    %s / %s
  Developer:       %s / %s
`, publicURL, DemoTenant, AdminEmail, AdminPassword, OwnerEmail, OwnerPassword, DeveloperEmail, DeveloperPassword)
}
