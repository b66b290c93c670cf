module tollgate/frontend

go 1.26
