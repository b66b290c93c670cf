module tollgate/migrations

go 1.26
