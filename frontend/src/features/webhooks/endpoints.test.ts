import { describe, expect, it } from 'vitest';
import { checkEndpoint, eventsOf, eventsSummary, toggle, type EndpointForm } from './endpoints';

const form = (over: Partial<EndpointForm> = {}): EndpointForm => ({
  url: 'https://hooks.example.com/tollgate',
  description: '',
  choice: 'all',
  events: [],
  teamId: '',
  enabled: true,
  ...over,
});

const creating = { creating: true, teamRequired: false };

describe('webhook endpoint form', () => {
  it('accepts an https URL with every event', () => {
    expect(Object.values(checkEndpoint(form(), creating)).filter(Boolean)).toEqual([]);
  });

  it('wants a full http(s) URL without credentials', () => {
    expect(checkEndpoint(form({ url: ' ' }), creating).url).toBe('Enter the URL Tollgate should post events to.');
    expect(checkEndpoint(form({ url: 'hooks.example.com' }), creating).url).toMatch(/^Enter a full URL/);
    expect(checkEndpoint(form({ url: 'ftp://hooks.example.com' }), creating).url).toMatch(/^Enter a full URL/);
    expect(checkEndpoint(form({ url: 'https://me:pw@hooks.example.com' }), creating).url).toMatch(/credentials/);
    expect(checkEndpoint(form({ url: `https://x.test/${'a'.repeat(2000)}` }), creating).url).toBe('Use at most 2000 characters.');
  });

  it('needs at least one event when not every event, and a team when the caller is no admin', () => {
    expect(checkEndpoint(form({ choice: 'some' }), creating).events).toBe('Choose at least one event, or send every event.');
    expect(checkEndpoint(form(), { creating: true, teamRequired: true }).team_id).toBe('Choose the team whose events this endpoint receives.');
    expect(checkEndpoint(form(), { creating: false, teamRequired: true }).team_id).toBeUndefined();
    expect(checkEndpoint(form({ description: 'x'.repeat(501) }), creating).description).toBe('Use at most 500 characters.');
  });

  it('sends no events for every event, else the chosen ones in the listed order', () => {
    expect(eventsOf({ choice: 'all', events: ['quota.threshold'] })).toEqual([]);
    expect(eventsOf({ choice: 'some', events: ['api.deprecated', 'quota.threshold', 'bogus'] })).toEqual(['quota.threshold', 'api.deprecated']);
    expect(toggle(['a'], 'b', true)).toEqual(['a', 'b']);
    expect(toggle(['a', 'b'], 'a', false)).toEqual(['b']);
    expect(toggle(['a'], 'a', true)).toEqual(['a']);
  });

  it('says which events an endpoint gets', () => {
    expect(eventsSummary([])).toBe('All events');
    expect(eventsSummary(['quota.threshold', 'key.expiring'])).toBe('Quota warnings, API key expiring');
    expect(eventsSummary(['key.rotated'])).toBe('Key rotated');
  });
});
