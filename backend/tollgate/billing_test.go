package tollgate

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestStripeGoal(t *testing.T) {
	for status, want := range map[string]SubscriptionState{
		"active": StateActive, "trialing": StateActive, "past_due": StatePastDue, "unpaid": StateSuspended,
		"paused": StateSuspended, "canceled": StateCanceled, "incomplete_expired": StateCanceled,
		"incomplete": StatePendingPayment, "something_new": "",
	} {
		assert.Equal(t, want, StripeGoal(status), status)
	}
}

// TestStripeMoves checks every state against every goal: the moves are legal in the state machine and end at the
// goal, or there are none and the reason is one of the documented ones.
func TestStripeMoves(t *testing.T) {
	goals := []SubscriptionState{StateActive, StatePastDue, StateSuspended, StateCanceled, StatePendingPayment}
	for _, cur := range States {
		for _, admin := range []bool{false, true} {
			if admin && cur != StateSuspended {
				continue
			}
			for _, goal := range goals {
				moves := StripeMoves(cur, admin, goal)
				state := cur
				for _, ev := range moves {
					next, err := Transition(state, ev)
					require.NoError(t, err, "%s -> %s via %s", cur, goal, ev)
					state = next
				}
				if len(moves) > 0 {
					assert.Equal(t, goal, state, "%s (admin %v) -> %s", cur, admin, goal)
					continue
				}
				// No move: already there, closed for good, an admin's suspension, a request nobody approved yet, or
				// waiting for a first payment when the subscription is already past it.
				switch {
				case cur == goal, cur.Terminal(), admin && goal != StateCanceled:
				case (cur == StateRequested || cur == StatePendingApproval) && goal != StateCanceled:
				case goal == StatePendingPayment && cur != StateApproved:
				default:
					t.Errorf("%s (admin %v) -> %s: no move", cur, admin, goal)
				}
			}
		}
	}
	assert.Equal(t, []SubscriptionEvent{EventPaymentSettled}, StripeMoves(StateSuspended, false, StateActive))
	assert.Empty(t, StripeMoves(StateSuspended, true, StateActive), "paying does not lift an admin's suspension")
	assert.Equal(t, []SubscriptionEvent{EventCancel}, StripeMoves(StateSuspended, true, StateCanceled))
	assert.Equal(t, []SubscriptionEvent{EventPaymentSettled, EventPaymentFailed}, StripeMoves(StatePendingPayment, false, StatePastDue),
		"a renewal failed before the checkout arrived: the checkout's step is taken too")
	assert.Empty(t, StripeMoves(StateActive, false, StatePendingPayment))
}
