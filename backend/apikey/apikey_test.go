package apikey

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestGenerateAndValidate(t *testing.T) {
	k, err := Generate(ModeLive)
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(k, "tg_live_"))
	assert.Len(t, k, 8+43+1+6)
	assert.True(t, Valid(k))
	assert.Equal(t, "live", Mode(k))
	assert.Equal(t, k[:12], Prefix(k))

	test, _ := Generate(ModeTest)
	assert.True(t, Valid(test))
	assert.Equal(t, "test", Mode(test))
	other, _ := Generate(ModeLive)
	assert.NotEqual(t, k, other)

	_, err = Generate("prod")
	assert.Error(t, err)

	// One changed character anywhere is caught by the checksum or the shape check.
	for i := 8; i < len(k); i++ {
		if k[i] == '_' {
			continue
		}
		c := byte('a')
		if k[i] == 'a' {
			c = 'b'
		}
		typo := k[:i] + string(c) + k[i+1:]
		assert.False(t, Valid(typo), "typo at %d", i)
	}
	for _, bad := range []string{"", "tg_live_", "tg_prod_" + k[8:], k + "x", strings.Replace(k, "_", "-", 1), "Bearer " + k} {
		assert.False(t, Valid(bad), bad)
	}
}

func TestDigest(t *testing.T) {
	a := Digest([]byte("pepper-1"), "tg_live_x")
	assert.Len(t, a, 32)
	assert.Equal(t, a, Digest([]byte("pepper-1"), "tg_live_x"))
	assert.False(t, bytes.Equal(a, Digest([]byte("pepper-2"), "tg_live_x")), "the pepper matters")
}

func TestValidAllocatesNothing(t *testing.T) {
	k, _ := Generate(ModeLive)
	assert.Zero(t, testing.AllocsPerRun(100, func() { Valid(k) }))
}

// FuzzValid: no input makes Valid panic, and whatever it accepts has the key's shape.
func FuzzValid(f *testing.F) {
	k, _ := Generate(ModeLive)
	f.Add(k)
	f.Add("tg_test_" + k[8:])
	f.Add("")
	f.Add("tg_live_\x00")
	f.Fuzz(func(t *testing.T, s string) {
		if Valid(s) {
			if len(s) != len(k) || !strings.HasPrefix(s, "tg_") || Mode(s) != "live" && Mode(s) != "test" {
				t.Fatalf("accepted %q", s)
			}
		}
	})
}
