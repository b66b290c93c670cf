package billing

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"errors"
	"fmt"
)

// Sealer encrypts tenants' Stripe secrets at rest with AES-256-GCM under a key derived from the server's encryption
// key. The tenant's id is bound as associated data: a sealed secret copied to another tenant's row does not open.
type Sealer struct{ aead cipher.AEAD }

// NewSealer derives the sealing key from the server's encryption key (TOLLGATE_ENCRYPTION_KEY).
func NewSealer(serverKey []byte) (*Sealer, error) {
	if len(serverKey) < 32 {
		return nil, errors.New("billing: the encryption key must be at least 32 bytes")
	}
	mac := hmac.New(sha256.New, serverKey)
	mac.Write([]byte("tollgate/stripe-secrets/v1"))
	block, err := aes.NewCipher(mac.Sum(nil))
	if err != nil {
		return nil, fmt.Errorf("billing: cipher: %w", err)
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, fmt.Errorf("billing: gcm: %w", err)
	}
	return &Sealer{aead: aead}, nil
}

// Seal encrypts a secret for a tenant: nonce followed by the ciphertext.
func (s *Sealer) Seal(tenantID, secret string) []byte {
	nonce := make([]byte, s.aead.NonceSize(), s.aead.NonceSize()+len(secret)+s.aead.Overhead())
	if _, err := rand.Read(nonce); err != nil {
		panic("billing: no randomness: " + err.Error()) // crypto/rand never fails on supported platforms
	}
	return s.aead.Seal(nonce, nonce, []byte(secret), []byte(tenantID))
}

// Open decrypts a sealed secret of a tenant.
func (s *Sealer) Open(tenantID string, sealed []byte) (string, error) {
	n := s.aead.NonceSize()
	if len(sealed) < n {
		return "", errors.New("billing: sealed secret too short")
	}
	plain, err := s.aead.Open(nil, sealed[:n], sealed[n:], []byte(tenantID))
	if err != nil {
		return "", errors.New("billing: a stored Stripe secret does not open with this server's encryption key")
	}
	return string(plain), nil
}
