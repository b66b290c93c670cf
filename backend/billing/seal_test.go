package billing

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSealer(t *testing.T) {
	s, err := NewSealer(bytes.Repeat([]byte{7}, 32))
	require.NoError(t, err)
	sealed := s.Seal("tenant-a", "sk_test_secret")
	assert.NotContains(t, string(sealed), "sk_test_secret")
	assert.NotEqual(t, sealed, s.Seal("tenant-a", "sk_test_secret"), "a fresh nonce each time")
	got, err := s.Open("tenant-a", sealed)
	require.NoError(t, err)
	assert.Equal(t, "sk_test_secret", got)

	_, err = s.Open("tenant-b", sealed)
	assert.Error(t, err, "bound to its tenant")
	other, _ := NewSealer(bytes.Repeat([]byte{8}, 32))
	_, err = other.Open("tenant-a", sealed)
	assert.Error(t, err, "another server key")
	_, err = NewSealer([]byte("short"))
	assert.Error(t, err)
}
