package tollgate

import (
	"net/mail"
	"regexp"
	"strings"
	"unicode"
)

var slugRE = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)

// NormalizeEmail trims and lower-cases an email address; addresses are compared in this form.
func NormalizeEmail(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// CheckEmail adds a problem when s is not a plain email address.
func CheckEmail(p *Problems, field, s string) {
	if s == "" {
		p.Add(field, "is required")
		return
	}
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s || len(s) > 254 || !strings.Contains(s[strings.LastIndex(s, "@"):], ".") {
		p.Add(field, "must be a valid email address like name@example.com")
	}
}

// CheckSlug adds a problem when s is not a lowercase slug of min..max characters.
func CheckSlug(p *Problems, field, s string, min, max int) {
	switch {
	case s == "":
		p.Add(field, "is required")
	case len(s) < min || len(s) > max:
		p.Add(field, "must be %d to %d characters long", min, max)
	case !slugRE.MatchString(s):
		p.Add(field, "may contain only lowercase letters, digits and hyphens, and must start with a letter or digit")
	}
}

// CheckName adds a problem when a display name is empty or longer than max characters.
func CheckName(p *Problems, field, s string, max int) {
	s = strings.TrimSpace(s)
	switch {
	case s == "":
		p.Add(field, "is required")
	case len([]rune(s)) > max:
		p.Add(field, "must be at most %d characters long", max)
	}
}

// MinPasswordLength is the shortest password accepted.
const MinPasswordLength = 10

// CheckPassword adds a problem when a new password is weak: too short, too long, or made of one kind of character.
func CheckPassword(p *Problems, field, pw string) {
	if len(pw) < MinPasswordLength {
		p.Add(field, "must be at least %d characters long", MinPasswordLength)
		return
	}
	if len(pw) > 256 {
		p.Add(field, "must be at most 256 characters long")
		return
	}
	var letters, others bool
	for _, r := range pw {
		if unicode.IsLetter(r) {
			letters = true
		} else {
			others = true
		}
	}
	if !letters || !others {
		p.Add(field, "must mix letters with digits or symbols")
	}
}

// Slugify turns a display name into a slug: lowercase ASCII letters and digits joined by single hyphens.
func Slugify(name string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(name) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	s := strings.TrimSuffix(b.String(), "-")
	if len(s) > 63 {
		s = strings.TrimSuffix(s[:63], "-")
	}
	return s
}
