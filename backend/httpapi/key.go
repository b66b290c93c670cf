package httpapi

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"tollgate/backend/apikey"
	"tollgate/backend/tollgate"
)

// keyResponse is a key as listed; Key (the plaintext) is set only in the answer that created it.
type keyResponse struct {
	tollgate.APIKey
	Status string `json:"status"`
	Key    string `json:"key,omitempty"`
}

func keyOut(k tollgate.APIKey, plaintext string) keyResponse {
	return keyResponse{APIKey: k, Status: k.Status(time.Now()), Key: plaintext}
}

func (s *Server) listKeys(c *gin.Context) {
	p, err := pageOf(c)
	if err != nil {
		s.render(c, err)
		return
	}
	app, err := s.teamApp(c, c.Param("app_id"))
	if err != nil {
		s.render(c, err)
		return
	}
	status := c.DefaultQuery("status", "all")
	if status != "all" && status != tollgate.KeyActive {
		s.render(c, invalidField("status", "must be active or all"))
		return
	}
	keys, total, err := s.svc.Keys.ListKeys(c.Request.Context(), currentTenant(c).ID, app.ID,
		tollgate.KeyFilter{Page: p, ActiveOnly: status == tollgate.KeyActive})
	if err != nil {
		s.render(c, err)
		return
	}
	out := make([]keyResponse, len(keys))
	for i := range keys {
		out[i] = keyOut(keys[i], "")
	}
	c.JSON(http.StatusOK, listOf(out, total, p))
}

type createKeyRequest struct {
	Name       string     `json:"name"`
	Mode       string     `json:"mode"`
	APIIDs     []string   `json:"api_ids"`
	AllowedIPs []string   `json:"allowed_ips"`
	ExpiresAt  *time.Time `json:"expires_at"`
}

// newKey makes a key in mode and fills k's prefix and mode; it returns the plaintext and its digest.
func (s *Server) newKey(k *tollgate.APIKey, mode string) (string, []byte, error) {
	if mode == "" {
		mode = apikey.ModeLive
	}
	plain, err := apikey.Generate(mode)
	if err != nil {
		return "", nil, invalidField("mode", "must be live or test")
	}
	k.Prefix, k.Mode = apikey.Prefix(plain), mode
	return plain, apikey.Digest(s.cfg.APIKeyPepper, plain), nil
}

// createKey makes a key and shows it once. Only its digest is kept.
func (s *Server) createKey(c *gin.Context) {
	var req createKeyRequest
	if err := s.decode(c, &req); err != nil {
		s.render(c, err)
		return
	}
	app, err := s.teamApp(c, c.Param("app_id"))
	if err != nil {
		s.render(c, err)
		return
	}
	k := &tollgate.APIKey{TenantID: currentTenant(c).ID, ApplicationID: app.ID, Name: req.Name, Mode: req.Mode,
		APIIDs: req.APIIDs, AllowedIPs: req.AllowedIPs, ExpiresAt: req.ExpiresAt}
	if err := k.Validate(time.Now()); err != nil {
		s.render(c, err)
		return
	}
	plain, digest, err := s.newKey(k, k.Mode)
	if err != nil {
		s.render(c, err)
		return
	}
	if err := s.svc.Keys.CreateKey(c.Request.Context(), k, digest); err != nil {
		s.render(c, err)
		return
	}
	c.Header("Cache-Control", "no-store")
	c.JSON(http.StatusCreated, keyOut(*k, plain))
}

type rotateKeyRequest struct {
	OverlapSeconds *int `json:"overlap_seconds"`
}

// rotateKey issues a successor and keeps the old key working for the overlap, so callers can switch without downtime.
func (s *Server) rotateKey(c *gin.Context) {
	var req rotateKeyRequest
	if c.Request.ContentLength != 0 {
		if err := s.decode(c, &req); err != nil {
			s.render(c, err)
			return
		}
	}
	overlap := 24 * time.Hour
	if req.OverlapSeconds != nil {
		if *req.OverlapSeconds < 0 || *req.OverlapSeconds > 30*24*3600 {
			s.render(c, invalidField("overlap_seconds", "must be between 0 and 2592000 (30 days)"))
			return
		}
		overlap = time.Duration(*req.OverlapSeconds) * time.Second
	}
	app, err := s.teamApp(c, c.Param("app_id"))
	if err != nil {
		s.render(c, err)
		return
	}
	old, err := s.svc.Keys.Key(c.Request.Context(), currentTenant(c).ID, app.ID, c.Param("key_id"))
	if err != nil {
		s.render(c, err)
		return
	}
	next := &tollgate.APIKey{}
	plain, digest, err := s.newKey(next, old.Mode)
	if err != nil {
		s.render(c, err)
		return
	}
	if err := s.svc.Keys.RotateKey(c.Request.Context(), currentTenant(c).ID, app.ID, old.ID, next, digest, time.Now().Add(overlap)); err != nil {
		s.render(c, err)
		return
	}
	c.Header("Cache-Control", "no-store")
	c.JSON(http.StatusCreated, keyOut(*next, plain))
}

type renameKeyRequest struct {
	Name string `json:"name"`
}

func (s *Server) renameKey(c *gin.Context) {
	var req renameKeyRequest
	if err := s.decode(c, &req); err != nil {
		s.render(c, err)
		return
	}
	app, err := s.teamApp(c, c.Param("app_id"))
	if err != nil {
		s.render(c, err)
		return
	}
	k, err := s.svc.Keys.RenameKey(c.Request.Context(), currentTenant(c).ID, app.ID, c.Param("key_id"), req.Name)
	if err != nil {
		s.render(c, err)
		return
	}
	c.JSON(http.StatusOK, keyOut(*k, ""))
}

func (s *Server) revokeKey(c *gin.Context) {
	app, err := s.teamApp(c, c.Param("app_id"))
	if err != nil {
		s.render(c, err)
		return
	}
	k, err := s.svc.Keys.RevokeKey(c.Request.Context(), currentTenant(c).ID, app.ID, c.Param("key_id"))
	if err != nil {
		s.render(c, err)
		return
	}
	c.JSON(http.StatusOK, keyOut(*k, ""))
}
