package postgres_test

import (
	"testing"

	"tollgate/backend/postgres"
	"tollgate/backend/postgres/pgtest"
)

var testDB *postgres.DB

func TestMain(m *testing.M) { pgtest.Main(m, &testDB) }

func integration(t *testing.T) {
	t.Helper()
	if testing.Short() {
		t.Skip("integration test: needs PostgreSQL")
	}
}
