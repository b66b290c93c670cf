package postgres_test

import (
	"context"
	"fmt"
	"os"
	"testing"

	"tollgate/backend/postgres"
	"tollgate/backend/postgres/pgtest"
)

var testDB *postgres.DB

func TestMain(m *testing.M) {
	if pgtest.Skip() {
		os.Exit(m.Run())
	}
	ctx := context.Background()
	url, drop, err := pgtest.Migrated(ctx)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	testDB, err = postgres.Open(ctx, url)
	if err != nil {
		drop()
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	code := m.Run()
	_ = testDB.Close()
	drop()
	os.Exit(code)
}

func integration(t *testing.T) {
	t.Helper()
	if testing.Short() {
		t.Skip("integration test: needs PostgreSQL")
	}
}
