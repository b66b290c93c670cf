import { describe, expect, it } from 'vitest';
import { checkApi } from './ApiFormDialog';

const form = {
  team_id: 't',
  name: 'Weather',
  slug: '',
  description: '',
  base_path: '/weather',
  host: '',
  upstream_url: 'https://weather.internal',
  timeout_ms: '30000',
  visibility: 'public' as const,
  visible_team_ids: [],
  tags: '',
  allow_query_key: false,
};

describe('checkApi', () => {
  it('accepts an API without a host or with a host name', () => {
    expect(checkApi(form, true).host).toBeUndefined();
    expect(checkApi({ ...form, host: 'weather.example.com' }, true).host).toBeUndefined();
  });

  it('asks for the host name alone', () => {
    for (const host of ['https://weather.example.com', 'weather.example.com:8443', 'weather.example.com/v1', 'a b']) {
      expect(checkApi({ ...form, host }, true).host).toMatch(/host name alone/);
    }
  });
});
