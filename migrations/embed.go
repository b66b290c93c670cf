// Package migrations holds Tollgate's versioned SQL migrations (NNNN_name.up.sql / .down.sql), embedded so the
// binary can apply them. It is a module of its own because //go:embed cannot reach a parent folder.
package migrations

import "embed"

// FS holds every migration file.
//
//go:embed *.sql
var FS embed.FS
