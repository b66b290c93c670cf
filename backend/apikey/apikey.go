// Package apikey makes and checks API keys: tg_<mode>_<random>_<checksum>.
//
// The random part is 32 bytes of entropy in base62; the checksum is the CRC32 of everything before it, so the
// gateway can reject a mistyped key without a lookup and secret scanners can recognise leaked keys. Keys are stored
// only as HMAC-SHA256 digests under a server pepper.
package apikey

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"errors"
	"hash/crc32"
	"math/big"
	"strings"
	"unsafe"
)

const (
	alphabet    = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	randomLen   = 43 // 62^43 > 2^256
	checksumLen = 6  // 62^6 > 2^32
	// PrefixLen is how much of a key is kept to show it: "tg_live_" and four random characters.
	PrefixLen = 12
)

// Modes of a key.
const (
	ModeLive = "live"
	ModeTest = "test"
)

// Generate returns a new key for mode.
func Generate(mode string) (string, error) {
	if mode != ModeLive && mode != ModeTest {
		return "", errors.New("mode must be live or test")
	}
	var b strings.Builder
	b.WriteString("tg_" + mode + "_")
	max := big.NewInt(int64(len(alphabet)))
	for range randomLen {
		n, err := rand.Int(rand.Reader, max)
		if err != nil {
			return "", err
		}
		b.WriteByte(alphabet[n.Int64()])
	}
	body := b.String()
	return body + "_" + checksum(body), nil
}

func checksum(body string) string {
	var out [checksumLen]byte
	n := crc(body)
	for i := checksumLen - 1; i >= 0; i-- {
		out[i] = alphabet[n%62]
		n /= 62
	}
	return string(out[:])
}

// crc is the CRC32 (IEEE) of s. It reads the string's bytes in place: the gateway checks every key with it.
func crc(s string) uint32 {
	return crc32.Update(0, crc32.IEEETable, unsafe.Slice(unsafe.StringData(s), len(s)))
}

// checksumMatches compares sum with the checksum of body without building a string.
func checksumMatches(body, sum string) bool {
	n := crc(body)
	for i := checksumLen - 1; i >= 0; i-- {
		if sum[i] != alphabet[n%62] {
			return false
		}
		n /= 62
	}
	return true
}

// inAlphabet marks the bytes of alphabet (a table: Valid runs on every gateway call).
var inAlphabet = func() (t [256]bool) {
	for i := range len(alphabet) {
		t[alphabet[i]] = true
	}
	return t
}()

// Valid reports whether s has the shape of a key and its checksum matches. It allocates nothing.
func Valid(s string) bool {
	const liveLen = len("tg_live_") + randomLen + 1 + checksumLen
	if len(s) != liveLen || !strings.HasPrefix(s, "tg_") || (s[3:8] != "live_" && s[3:8] != "test_") {
		return false
	}
	body, sum := s[:len(s)-checksumLen-1], s[len(s)-checksumLen:]
	if s[len(body)] != '_' {
		return false
	}
	for i := 8; i < len(body); i++ {
		if !inAlphabet[body[i]] {
			return false
		}
	}
	return checksumMatches(body, sum)
}

// Mode returns the mode of a valid key.
func Mode(s string) string { return s[3:7] }

// Prefix returns the part of a key that may be shown again.
func Prefix(s string) string { return s[:PrefixLen] }

// Digest returns the HMAC-SHA256 of key under pepper: what is stored and looked up.
func Digest(pepper []byte, key string) []byte {
	m := hmac.New(sha256.New, pepper)
	m.Write([]byte(key))
	return m.Sum(nil)
}
