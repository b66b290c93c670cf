package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestDevelopmentGeneratesSecretsOnce(t *testing.T) {
	dir := t.TempDir()
	e := env(map[string]string{"DATABASE_URL": "postgres://x/y", "TOLLGATE_DATA_DIR": dir})
	c1, err := Load(e)
	require.NoError(t, err)
	assert.Len(t, c1.JWTSecret, 32)
	c2, err := Load(e)
	require.NoError(t, err)
	assert.Equal(t, c1.JWTSecret, c2.JWTSecret, "secrets survive restarts")
	assert.NotEqual(t, c1.JWTSecret, c1.APIKeyPepper)
	st, err := os.Stat(filepath.Join(dir, "secrets.env"))
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), st.Mode().Perm())
	assert.Equal(t, ":8080", c1.HTTPAddr)
	assert.Equal(t, 15*time.Minute, c1.AccessTokenTTL)
}

func TestProductionNamesMissingSecrets(t *testing.T) {
	_, err := Load(env(map[string]string{"TOLLGATE_ENV": "production", "DATABASE_URL": "postgres://x/y",
		"TOLLGATE_JWT_SECRET": strings.Repeat("ab", 32)}))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "TOLLGATE_API_KEY_PEPPER, TOLLGATE_ENCRYPTION_KEY")
	assert.NotContains(t, err.Error(), "TOLLGATE_JWT_SECRET,")
}

func TestInvalidValuesAreNamed(t *testing.T) {
	_, err := Load(env(map[string]string{"TOLLGATE_ENV": "staging", "TOLLGATE_ACCESS_TOKEN_TTL": "soon",
		"TOLLGATE_PUBLIC_URL": "ftp://x", "TOLLGATE_TRUSTED_PROXIES": "10.0.0.0/8, nonsense", "TOLLGATE_DATA_DIR": t.TempDir(), "TOLLGATE_JWT_SECRET": "abc"}))
	require.Error(t, err)
	for _, want := range []string{"TOLLGATE_ENV", "DATABASE_URL", "TOLLGATE_ACCESS_TOKEN_TTL", "TOLLGATE_PUBLIC_URL", "TOLLGATE_JWT_SECRET must", `"nonsense" is not an IP`} {
		assert.Contains(t, err.Error(), want)
	}
}
