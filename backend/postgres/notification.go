package postgres

import (
	"context"
	"time"

	"gorm.io/gorm"

	"tollgate/backend/tollgate"
)

// NotificationService stores in-portal notifications.
type NotificationService struct{ db *DB }

// NewNotificationService returns the notification store.
func NewNotificationService(db *DB) *NotificationService { return &NotificationService{db: db} }

var _ tollgate.NotificationService = (*NotificationService)(nil)

// notify writes one notification per user, in the caller's transaction.
func notify(tx *gorm.DB, now time.Time, tenantID string, userIDs []string, kind, title, body, link string) error {
	for _, u := range userIDs {
		err := tx.Exec(`INSERT INTO notifications (id, tenant_id, user_id, kind, title, body, link, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, newID(), tenantID, u, kind, title, body, link, now).Error
		if err != nil {
			return translate(err, "notification")
		}
	}
	return nil
}

// ListNotifications lists a member's notifications in a tenant, newest first, with the unread count.
func (s *NotificationService) ListNotifications(ctx context.Context, tenantID, userID string, unreadOnly bool, kind string, p tollgate.Page) ([]tollgate.Notification, int, int, error) {
	where, args := `tenant_id = ? AND user_id = ?`, []any{tenantID, userID}
	var unread int64
	if err := s.db.conn(ctx).Raw(`SELECT count(*) FROM notifications WHERE `+where+` AND read_at IS NULL`, args...).Scan(&unread).Error; err != nil {
		return nil, 0, 0, translate(err, "notifications")
	}
	if unreadOnly {
		where += ` AND read_at IS NULL`
	}
	if kind != "" {
		where, args = where+` AND kind = ?`, append(args, kind)
	}
	out := []tollgate.Notification{}
	total, err := list(s.db.conn(ctx), `SELECT id, tenant_id, user_id, kind, title, body, link, read_at, created_at`,
		`notifications`, where, args, `created_at DESC, id`, p, &out)
	if err != nil {
		return nil, 0, 0, translate(err, "notifications")
	}
	return out, total, int(unread), nil
}

// MarkRead marks one of the member's notifications read.
func (s *NotificationService) MarkRead(ctx context.Context, tenantID, userID, id string) error {
	if !isUUID(id) {
		return tollgate.NotFound("notification")
	}
	res := s.db.conn(ctx).Exec(`UPDATE notifications SET read_at = coalesce(read_at, ?) WHERE tenant_id = ? AND user_id = ? AND id = ?`,
		s.db.Now(), tenantID, userID, id)
	if res.Error != nil {
		return translate(res.Error, "notification")
	}
	if res.RowsAffected == 0 {
		return tollgate.NotFound("notification")
	}
	return nil
}

// MarkAllRead marks every notification of the member in the tenant read.
func (s *NotificationService) MarkAllRead(ctx context.Context, tenantID, userID string) error {
	err := s.db.conn(ctx).Exec(`UPDATE notifications SET read_at = ? WHERE tenant_id = ? AND user_id = ? AND read_at IS NULL`,
		s.db.Now(), tenantID, userID).Error
	return translate(err, "notifications")
}
