// The notifications page, loaded on first use by the router (the bell is part of the layout).
export { NotificationsPage } from './components/NotificationsPage';
