package postgres

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"regexp"
	"strconv"

	"github.com/golang-migrate/migrate/v4"
	pgxmigrate "github.com/golang-migrate/migrate/v4/database/pgx/v5"
	"github.com/golang-migrate/migrate/v4/source/iofs"
	_ "github.com/jackc/pgx/v5/stdlib" // the database/sql driver named "pgx"

	"tollgate/migrations"
)

// Migrator applies the embedded SQL migrations.
type Migrator struct {
	m *migrate.Migrate
}

// NewMigrator connects to the database at url for migrating. Close it when done.
func NewMigrator(url string) (*Migrator, error) {
	src, err := iofs.New(migrations.FS, ".")
	if err != nil {
		return nil, fmt.Errorf("read migrations: %w", err)
	}
	sqlDB, err := sql.Open("pgx", url)
	if err != nil {
		return nil, fmt.Errorf("open database: %w", err)
	}
	drv, err := pgxmigrate.WithInstance(sqlDB, &pgxmigrate.Config{})
	if err != nil {
		_ = sqlDB.Close()
		return nil, fmt.Errorf("connect for migrations: %w", err)
	}
	m, err := migrate.NewWithInstance("iofs", src, "pgx5", drv)
	if err != nil {
		return nil, fmt.Errorf("prepare migrations: %w", err)
	}
	return &Migrator{m: m}, nil
}

// Close releases the migrator's connection.
func (mg *Migrator) Close() error {
	srcErr, dbErr := mg.m.Close()
	return errors.Join(srcErr, dbErr)
}

// Up applies every migration not applied yet.
func (mg *Migrator) Up() error {
	if err := mg.m.Up(); err != nil && !errors.Is(err, migrate.ErrNoChange) {
		return fmt.Errorf("migrate up: %w", err)
	}
	return nil
}

// Down reverts the last applied migration only; reverting everything is too dangerous for one command.
func (mg *Migrator) Down() error {
	if err := mg.m.Steps(-1); err != nil && !errors.Is(err, migrate.ErrNoChange) {
		return fmt.Errorf("migrate down: %w", err)
	}
	return nil
}

// DownAll reverts every migration. Tests use it.
func (mg *Migrator) DownAll() error {
	if err := mg.m.Down(); err != nil && !errors.Is(err, migrate.ErrNoChange) {
		return fmt.Errorf("migrate down: %w", err)
	}
	return nil
}

// Status says which version the database is at, whether a migration failed half-way, and the newest version known.
func (mg *Migrator) Status() (current uint, dirty bool, latest uint, err error) {
	latest, err = LatestVersion()
	if err != nil {
		return 0, false, 0, err
	}
	current, dirty, err = mg.m.Version()
	if errors.Is(err, migrate.ErrNilVersion) {
		return 0, false, latest, nil
	}
	if err != nil {
		return 0, false, 0, fmt.Errorf("read migration version: %w", err)
	}
	return current, dirty, latest, nil
}

var migrationName = regexp.MustCompile(`^(\d+)_.*\.up\.sql$`)

// LatestVersion returns the highest migration version embedded in the binary.
func LatestVersion() (uint, error) {
	entries, err := fs.ReadDir(migrations.FS, ".")
	if err != nil {
		return 0, fmt.Errorf("read migrations: %w", err)
	}
	var latest uint
	for _, e := range entries {
		if m := migrationName.FindStringSubmatch(e.Name()); m != nil {
			v, err := strconv.ParseUint(m[1], 10, 32)
			if err != nil {
				return 0, fmt.Errorf("migration %s: %w", e.Name(), err)
			}
			latest = max(latest, uint(v))
		}
	}
	return latest, nil
}

// SchemaVersion reads the applied migration version through the store's pool (for readiness checks).
func (db *DB) SchemaVersion(ctx context.Context) (version uint, dirty bool, err error) {
	row := db.conn(ctx).Raw(`SELECT version, dirty FROM schema_migrations LIMIT 1`).Row()
	if err := row.Scan(&version, &dirty); err != nil {
		return 0, false, fmt.Errorf("read schema version: %w", err)
	}
	return version, dirty, nil
}

// TableNames lists the tables of the public schema, sorted (tests and diagnostics use it).
func (db *DB) TableNames(ctx context.Context) ([]string, error) {
	var names []string
	err := db.conn(ctx).Raw(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name`).
		Scan(&names).Error
	if err != nil {
		return nil, fmt.Errorf("list tables: %w", err)
	}
	return names, nil
}
