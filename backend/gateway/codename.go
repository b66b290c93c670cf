package gateway

// StatusOf returns the HTTP status of a decision code by its name (200 for ok, 0 when unknown).
func StatusOf(name string) int {
	for i, n := range codeNames {
		if n == name {
			return codeStatus[i]
		}
	}
	return 0
}
