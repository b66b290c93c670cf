// Package pgtest gives tests a real, freshly migrated PostgreSQL database of their own.
//
// The server comes from TEST_DATABASE_URL (an admin connection URL; `make test` sets it), defaulting to
// postgres://postgres@127.0.0.1:5432/postgres. Each call creates a database with a unique name and drops it when
// the test (or TestMain) ends, so package runs never see each other's rows.
package pgtest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"strings"

	_ "github.com/jackc/pgx/v5/stdlib" // database/sql driver "pgx"

	"tollgate/backend/postgres"
)

// AdminURL returns the URL of the server tests create their databases on.
func AdminURL() string {
	if u := os.Getenv("TEST_DATABASE_URL"); u != "" {
		return u
	}
	return "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"
}

// CreateDatabase creates an empty database and returns its URL and a function that drops it.
func CreateDatabase(ctx context.Context) (dbURL string, drop func(), err error) {
	admin, err := sql.Open("pgx", AdminURL())
	if err != nil {
		return "", nil, fmt.Errorf("open admin connection: %w", err)
	}
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	name := "tollgate_test_" + hex.EncodeToString(b)
	if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		_ = admin.Close()
		return "", nil, fmt.Errorf("create test database (is PostgreSQL running? TEST_DATABASE_URL=%s): %w", AdminURL(), err)
	}
	u, err := url.Parse(AdminURL())
	if err != nil {
		return "", nil, fmt.Errorf("parse TEST_DATABASE_URL: %w", err)
	}
	u.Path = "/" + name
	drop = func() {
		_, _ = admin.ExecContext(context.Background(), "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
		_ = admin.Close()
	}
	return u.String(), drop, nil
}

// Migrated creates a database, applies every migration and returns its URL and the drop function.
func Migrated(ctx context.Context) (string, func(), error) {
	dbURL, drop, err := CreateDatabase(ctx)
	if err != nil {
		return "", nil, err
	}
	m, err := postgres.NewMigrator(dbURL)
	if err == nil {
		err = m.Up()
		_ = m.Close()
	}
	if err != nil {
		drop()
		return "", nil, err
	}
	return dbURL, drop, nil
}

// Skip reports whether integration tests should be skipped (go test -short).
func Skip() bool {
	for _, a := range os.Args {
		if strings.HasPrefix(a, "-test.short") && !strings.HasSuffix(a, "=false") {
			return true
		}
	}
	return false
}

// Main runs a test package against a fresh, migrated database of its own: it opens it into *db, runs the tests
// and drops it. Use it as TestMain: `func TestMain(m *testing.M) { pgtest.Main(m, &testDB) }`. With -short the
// database is not made and *db stays nil.
func Main(m interface{ Run() int }, db **postgres.DB) {
	if Skip() {
		os.Exit(m.Run())
	}
	url, drop, err := Migrated(context.Background())
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	*db, err = postgres.Open(context.Background(), url)
	if err != nil {
		drop()
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	code := m.Run()
	_ = (*db).Close()
	drop()
	os.Exit(code)
}
