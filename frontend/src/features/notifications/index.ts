// The notification centre and preferences, loaded on first use by the router (the bell is part of the layout).
export { NotificationPreferencesPage } from './components/NotificationPreferencesPage';
export { NotificationsPage } from './components/NotificationsPage';
