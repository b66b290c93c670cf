// Package mail sends email through SMTP, or writes it to the log in development when no SMTP server is set.
package mail

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/mail"
	"net/smtp"
	"net/url"
	"strings"
	"time"

	"tollgate/backend/tollgate"
)

// SMTP sends mail through an SMTP server given as smtp://user:password@host:port (STARTTLS when offered).
type SMTP struct {
	addr string
	host string
	auth smtp.Auth
	from string
}

// NewSMTP parses an smtp:// URL and a From address.
func NewSMTP(rawURL, from string) (*SMTP, error) {
	u, err := url.Parse(rawURL)
	if err != nil || u.Scheme != "smtp" || u.Hostname() == "" {
		return nil, fmt.Errorf("TOLLGATE_SMTP_URL must look like smtp://user:password@host:587")
	}
	if _, err := mail.ParseAddress(from); err != nil {
		return nil, fmt.Errorf("TOLLGATE_MAIL_FROM: %w", err)
	}
	port := u.Port()
	if port == "" {
		port = "587"
	}
	s := &SMTP{addr: net.JoinHostPort(u.Hostname(), port), host: u.Hostname(), from: from}
	if u.User != nil {
		pw, _ := u.User.Password()
		s.auth = smtp.PlainAuth("", u.User.Username(), pw, u.Hostname())
	}
	return s, nil
}

// Send delivers one message.
func (s *SMTP) Send(_ context.Context, m tollgate.Message) error {
	from, _ := mail.ParseAddress(s.from)
	var b strings.Builder
	fmt.Fprintf(&b, "From: %s\r\nTo: %s\r\nSubject: %s\r\nDate: %s\r\nMIME-Version: 1.0\r\n", s.from, m.To,
		strings.ReplaceAll(m.Subject, "\n", " "), time.Now().Format(time.RFC1123Z))
	b.WriteString("Content-Type: text/plain; charset=utf-8\r\n\r\n")
	b.WriteString(strings.ReplaceAll(m.Text, "\n", "\r\n"))
	if err := smtp.SendMail(s.addr, s.auth, from.Address, []string{m.To}, []byte(b.String())); err != nil {
		return fmt.Errorf("send mail to %s: %w", m.To, err)
	}
	return nil
}

// Log writes messages to the log instead of sending them: for development without an SMTP server.
type Log struct{ Logger *slog.Logger }

// Send logs the message.
func (l Log) Send(ctx context.Context, m tollgate.Message) error {
	l.Logger.InfoContext(ctx, "email not sent (no SMTP configured)", "to", m.To, "subject", m.Subject)
	return nil
}
