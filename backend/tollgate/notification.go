package tollgate

import (
	"context"
	"time"
)

// Notification is a message to one member in the portal.
type Notification struct {
	ID        string     `json:"id"`
	TenantID  string     `json:"-"`
	UserID    string     `json:"-"`
	Kind      string     `json:"kind"`
	Title     string     `json:"title"`
	Body      string     `json:"body"`
	Link      string     `json:"link"`
	ReadAt    *time.Time `json:"read_at"`
	CreatedAt time.Time  `json:"created_at"`
}

// NotificationService stores and reads notifications.
type NotificationService interface {
	// ListNotifications lists the member's notifications, newest first: unread ones only, of one kind ("" : any).
	ListNotifications(ctx context.Context, tenantID, userID string, unreadOnly bool, kind string, p Page) (items []Notification, total, unread int, err error)
	MarkRead(ctx context.Context, tenantID, userID, id string) error
	MarkAllRead(ctx context.Context, tenantID, userID string) error
}
