package tollgate

import "context"

// Actor is who performs a change. Stores write it to the audit log in the same transaction as the change.
type Actor struct {
	UserID    string // empty for the system (seeding, background jobs) and anonymous callers
	RequestID string
	IP        string
}

type actorKey struct{}

// WithActor returns a context carrying the actor of the changes made with it.
func WithActor(ctx context.Context, a Actor) context.Context {
	return context.WithValue(ctx, actorKey{}, a)
}

// ActorFrom returns the actor stored in ctx, or the zero Actor (the system).
func ActorFrom(ctx context.Context) Actor {
	a, _ := ctx.Value(actorKey{}).(Actor)
	return a
}

// Page selects part of a list: at most Limit items after skipping Offset, optionally matching Query.
type Page struct {
	Limit  int
	Offset int
	Query  string
}

// Limits for Page.
const (
	DefaultPageLimit = 50
	MaxPageLimit     = 200
)
