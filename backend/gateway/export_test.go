package gateway_test

import "database/sql"

func testDBRow(query string, args ...any) *sql.Row { return testDB.QueryRowForTests(query, args...) }
