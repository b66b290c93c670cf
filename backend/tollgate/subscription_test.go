package tollgate

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestTransitionTable checks every state against every event: the legal moves are listed here in full, and every
// other pair must be refused with a conflict that names the current state.
func TestTransitionTable(t *testing.T) {
	legal := map[string]SubscriptionState{
		"requested submit_auto":           StateApproved,
		"requested submit_review":         StatePendingApproval,
		"requested cancel":                StateCanceled,
		"pending_approval approve":        StateApproved,
		"pending_approval reject":         StateRejected,
		"pending_approval revoke":         StateRevoked,
		"pending_approval cancel":         StateCanceled,
		"approved activate":               StateActive,
		"approved require_payment":        StatePendingPayment,
		"approved revoke":                 StateRevoked,
		"approved cancel":                 StateCanceled,
		"pending_payment payment_settled": StateActive,
		"pending_payment revoke":          StateRevoked,
		"pending_payment cancel":          StateCanceled,
		"active payment_failed":           StatePastDue,
		"active payment_overdue":          StateSuspended,
		"active suspend":                  StateSuspended,
		"active revoke":                   StateRevoked,
		"active cancel":                   StateCanceled,
		"past_due payment_settled":        StateActive,
		"past_due payment_overdue":        StateSuspended,
		"past_due suspend":                StateSuspended,
		"past_due revoke":                 StateRevoked,
		"past_due cancel":                 StateCanceled,
		"suspended payment_settled":       StateActive,
		"suspended resume":                StateActive,
		"suspended revoke":                StateRevoked,
		"suspended cancel":                StateCanceled,
	}
	events := []SubscriptionEvent{EventSubmitAuto, EventSubmitForReview, EventApprove, EventReject, EventActivateFree,
		EventRequirePayment, EventPaymentSettled, EventPaymentFailed, EventPaymentOverdue, EventSuspend, EventResume,
		EventRevoke, EventCancel}
	seen := 0
	for _, from := range States {
		for _, ev := range events {
			key := fmt.Sprintf("%s %s", from, ev)
			got, err := Transition(from, ev)
			if want, ok := legal[key]; ok {
				seen++
				assert.NoError(t, err, key)
				assert.Equal(t, want, got, key)
				continue
			}
			assert.Equal(t, CodeConflict, ErrorCode(err), key)
			assert.Equal(t, from, got, key)
			assert.Contains(t, err.Error(), humanState(from), "the refusal names the current state: %s", key)
		}
	}
	assert.Equal(t, len(legal), seen, "every legal move was exercised")
	for _, s := range []SubscriptionState{StateRejected, StateRevoked, StateCanceled} {
		assert.True(t, s.Terminal())
	}
	_, err := Transition(StateActive, "explode")
	assert.Equal(t, CodeBadRequest, ErrorCode(err))
}
