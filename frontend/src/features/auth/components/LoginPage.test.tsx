import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeAll, describe, expect, it } from 'vitest';
import { api } from '../../../lib/api';
import { sessionStore } from '../../../lib/session';
import { json, problem, stubFetch } from '../../../test/fetch';
import { renderWithProviders } from '../../../test/render';
import { LoginPage } from './LoginPage';

const user = { id: 'u1', email: 'owner@acme.test', name: 'Olivia', is_platform_admin: false, created_at: '' };

describe('LoginPage', () => {
  beforeAll(async () => {
    // No refresh cookie: the session starts anonymous.
    stubFetch({ 'POST /auth/refresh': () => problem(401, 'unauthorized', 'Unauthorized') });
    await sessionStore.restore();
  });

  it('shows what is missing next to each field without calling the server', async () => {
    const { calls } = stubFetch({});
    renderWithProviders(<LoginPage />, { route: '/login', path: '/login' });
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(screen.getByLabelText('Email')).toHaveAccessibleDescription('Enter an email address.');
    expect(screen.getByLabelText('Password')).toHaveAccessibleDescription('Enter your password.');
    await userEvent.type(screen.getByLabelText('Email'), 'not-an-email');
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(screen.getByLabelText('Email')).toHaveAccessibleDescription(
      'Enter a valid email address, like name@example.com.',
    );
    expect(calls).toHaveLength(0);
  });

  it('shows a readable error for wrong credentials', async () => {
    stubFetch({
      'POST /auth/login': () =>
        problem(401, 'invalid_credentials', 'Invalid credentials', 'The email or password is incorrect.'),
    });
    renderWithProviders(<LoginPage />, { route: '/login', path: '/login' });
    await userEvent.type(screen.getByLabelText('Email'), 'owner@acme.test');
    await userEvent.type(screen.getByLabelText('Password'), 'wrong-password');
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('The email or password is incorrect.');
  });

  it('names the tenant and links to its sign-up page', async () => {
    stubFetch({ 'GET /public/tenants/acme': () => json(200, { slug: 'acme', name: 'Acme APIs', allow_signup: true }) });
    renderWithProviders(<LoginPage />, { route: '/login?tenant=acme', path: '/login' });
    expect(await screen.findByRole('heading', { name: 'Sign in to Acme APIs' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Create an account' })).toHaveAttribute('href', '/t/acme/signup');
  });

  it('signs in and goes where the user was going', async () => {
    stubFetch({ 'POST /auth/login': () => json(200, { access_token: 'A', token_type: 'Bearer', expires_in: 900, user }) });
    renderWithProviders(<LoginPage />, { route: '/login?next=%2Ft%2Facme%2Fteams', path: '/login' });
    await userEvent.type(screen.getByLabelText('Email'), 'owner@acme.test');
    await userEvent.type(screen.getByLabelText('Password'), 'tollgate-owner-demo');
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByText('Elsewhere')).toBeInTheDocument();
  });

  it('opens a tenant of the user when they are not a member of the one in the link', async () => {
    // The test before signed in; start signed out.
    stubFetch({ 'POST /auth/logout': () => json(204, null) });
    await api.logout();
    stubFetch({
      'GET /public/tenants/globex': () => json(200, { slug: 'globex', name: 'Globex', allow_signup: false }),
      'POST /auth/login': () => json(200, { access_token: 'A', token_type: 'Bearer', expires_in: 900, user }),
      'GET /me': () =>
        json(200, { ...user, memberships: [{ tenant: { id: 't1', slug: 'acme', name: 'Acme APIs' }, role: 'owner' }] }),
    });
    renderWithProviders(<LoginPage />, { route: '/login?tenant=globex', path: '/login' });
    expect(await screen.findByRole('heading', { name: 'Sign in to Globex' })).toBeInTheDocument();
    await userEvent.type(screen.getByLabelText('Email'), 'owner@acme.test');
    await userEvent.type(screen.getByLabelText('Password'), 'tollgate-owner-demo');
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByText('You are not a member of Globex, so Acme APIs was opened instead.')).toBeInTheDocument();
    expect(screen.getByText('Elsewhere')).toBeInTheDocument();
  });
});
