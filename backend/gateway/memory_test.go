package gateway

import (
	"context"
	"math"
	"reflect"
	"runtime/debug"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"tollgate/backend/bench"
	"tollgate/backend/tollgate"
)

// stateStore serves fixed state to Reload; the gateway writes nothing in these tests.
type stateStore struct {
	tollgate.GatewayStore
	st *tollgate.GatewayState
}

func (s stateStore) LoadGatewayState(_ context.Context, eachKey func(int, *tollgate.GatewayKey) error) (*tollgate.GatewayState, error) {
	for i := range s.st.Keys {
		if err := eachKey(len(s.st.Keys), &s.st.Keys[i]); err != nil {
			return nil, err
		}
	}
	return s.st, nil
}

func TestMemoryLimit(t *testing.T) {
	prev, prevGC := debug.SetMemoryLimit(-1), debug.SetGCPercent(100)
	t.Cleanup(func() { debug.SetMemoryLimit(prev); debug.SetGCPercent(prevGC) })
	st, _, err := bench.State(bench.Size{Keys: 20_000, Subs: 2_000, APIs: 20}, benchPepper)
	require.NoError(t, err)
	gogc := 0
	reload := func(opt Options) int64 {
		t.Helper()
		debug.SetMemoryLimit(math.MaxInt64)
		debug.SetGCPercent(100)
		g := New(stateStore{st: st}, opt)
		require.NoError(t, g.Reload(context.Background()))
		gogc = debug.SetGCPercent(100)
		return debug.SetMemoryLimit(-1)
	}

	t.Setenv("GOMEMLIMIT", "")
	t.Setenv("GOGC", "")
	s, err := buildSnapshot(st, time.Now(), newBenchGatewayOnly().newProxy)
	require.NoError(t, err)
	limit := reload(Options{})
	assert.GreaterOrEqual(t, limit, 2*s.size()+memHeadroom, "room for two snapshots and the headroom")
	assert.Less(t, limit, int64(1<<30), "derived from what is loaded and live")
	assert.Equal(t, gcPercent, gogc, "the limit bounds the heap, GOGC need not")
	assert.Equal(t, int64(300<<20), reload(Options{MemoryLimit: 300 << 20}), "the gateway's option")
	assert.Equal(t, int64(math.MaxInt64), reload(Options{MemoryLimit: -1}), "none")
	assert.Equal(t, 100, gogc, "nor GOGC")

	t.Setenv("GOGC", "100")
	reload(Options{})
	assert.Equal(t, 100, gogc, "the operator's GOGC wins")
	t.Setenv("GOMEMLIMIT", "1GiB")
	assert.Equal(t, int64(math.MaxInt64), reload(Options{}), "the operator's GOMEMLIMIT wins")
	assert.Equal(t, 100, gogc)
}

// TestSnapshotIsCompact: a snapshot's keys are pointer-free, so the garbage collector never scans them, and small;
// they read back as loaded.
func TestSnapshotIsCompact(t *testing.T) {
	for _, typ := range []reflect.Type{reflect.TypeFor[keyRec](), reflect.TypeFor[map[[32]byte]int32]()} {
		assert.False(t, hasPointers(typ), "%s holds pointers", typ)
	}
	st, keys, err := bench.State(bench.Size{Keys: 20_000, Subs: 2_000, APIs: 20}, benchPepper)
	require.NoError(t, err)
	g := newBenchGatewayOnly()
	s, err := buildSnapshot(st, time.Now(), g.newProxy)
	require.NoError(t, err)
	assert.Less(t, s.size(), int64(len(keys))*200, "bytes per key, subscriptions included (an object per key took 450)")
	for i, plain := range keys[:100] {
		idx, ok := g.lookupKey(s, plain)
		require.True(t, ok)
		require.GreaterOrEqual(t, idx, int32(0))
		var k Key
		s.key(idx, &k)
		want := st.Keys[i]
		assert.Equal(t, want.Prefix, k.Prefix)
		assert.Equal(t, want.TenantID, k.TenantID)
		assert.Equal(t, want.ApplicationID, k.AppID)
		assert.True(t, k.ExpiresAt.IsZero() && k.RevokedAt.IsZero())
	}
}

// hasPointers reports whether values of t hold pointers (maps: their keys or elements).
func hasPointers(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Pointer, reflect.String, reflect.Slice, reflect.Interface, reflect.Func, reflect.Chan, reflect.UnsafePointer:
		return true
	case reflect.Map:
		return hasPointers(t.Key()) || hasPointers(t.Elem())
	case reflect.Array:
		return t.Len() > 0 && hasPointers(t.Elem())
	case reflect.Struct:
		for i := range t.NumField() {
			if hasPointers(t.Field(i).Type) {
				return true
			}
		}
	}
	return false
}
