package postgres_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"tollgate/backend/postgres"
	"tollgate/backend/postgres/pgtest"
)

// TestIntegrationMigrationsUpDownUp applies every migration, reverts them all, and applies them again, checking the
// schema each time: down migrations must really undo their up migrations.
func TestIntegrationMigrationsUpDownUp(t *testing.T) {
	integration(t)
	ctx := context.Background()
	url, drop, err := pgtest.CreateDatabase(ctx)
	require.NoError(t, err)
	t.Cleanup(drop)
	m, err := postgres.NewMigrator(url)
	require.NoError(t, err)
	t.Cleanup(func() { _ = m.Close() })
	db, err := postgres.Open(ctx, url)
	require.NoError(t, err)
	t.Cleanup(func() { _ = db.Close() })

	latest, err := postgres.LatestVersion()
	require.NoError(t, err)
	require.NoError(t, m.Up())
	cur, dirty, _, err := m.Status()
	require.NoError(t, err)
	assert.Equal(t, latest, cur)
	assert.False(t, dirty)
	tables := tableNames(t, db)
	assert.Contains(t, tables, "tenants")
	assert.Contains(t, tables, "audit_log")

	require.NoError(t, m.DownAll())
	assert.Equal(t, []string{"schema_migrations"}, tableNames(t, db), "down leaves nothing but the version table")

	require.NoError(t, m.Up())
	assert.Equal(t, tables, tableNames(t, db))
	require.NoError(t, m.Up(), "up again is a no-op")
}

func tableNames(t *testing.T, db *postgres.DB) []string {
	t.Helper()
	names, err := db.TableNames(context.Background())
	require.NoError(t, err)
	return names
}
