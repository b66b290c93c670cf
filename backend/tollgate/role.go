package tollgate

// Role is a member's role in a tenant.
type Role string

// The roles, from most to least powerful. Billing and developer are peers with different duties.
const (
	RoleOwner     Role = "owner"
	RoleAdmin     Role = "admin"
	RoleBilling   Role = "billing"
	RoleDeveloper Role = "developer"
)

// Valid reports whether r is a known role.
func (r Role) Valid() bool {
	switch r {
	case RoleOwner, RoleAdmin, RoleBilling, RoleDeveloper:
		return true
	}
	return false
}

// CanAdminister reports whether the role manages the tenant: its settings, members, teams and audit log.
func (r Role) CanAdminister() bool { return r == RoleOwner || r == RoleAdmin }

// CanGrant reports whether a member with role r may give or take away role target.
// Only owners make or unmake owners; admins manage every other role.
func (r Role) CanGrant(target Role) bool {
	if target == RoleOwner {
		return r == RoleOwner
	}
	return r.CanAdminister()
}
