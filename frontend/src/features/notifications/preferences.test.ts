import { describe, expect, it } from 'vitest';
import type { NotificationPreference } from '../../lib/types';
import { changedKinds, channelState, setChannel, setChoice, toInput } from './preferences';

const pref = (kind: string, portal: boolean, email: boolean): NotificationPreference => ({
  kind,
  label: kind,
  description: '',
  portal,
  email,
});

const saved = [pref('quota.threshold', true, true), pref('subscription.approved', true, false)];

describe('notification preferences', () => {
  it('turns one kind’s channel on or off, leaving the rest', () => {
    const next = setChoice(saved, 'quota.threshold', 'email', false);
    expect(next.map((p) => [p.kind, p.portal, p.email])).toEqual([
      ['quota.threshold', true, false],
      ['subscription.approved', true, false],
    ]);
    expect(saved[0].email).toBe(true);
  });

  it('turns a channel on or off for every kind, and says whether it is on for all, some or none', () => {
    expect(channelState(saved, 'portal')).toBe('all');
    expect(channelState(saved, 'email')).toBe('some');
    expect(channelState(setChannel(saved, 'email', false), 'email')).toBe('none');
    expect(channelState(setChannel(saved, 'email', true), 'email')).toBe('all');
  });

  it('lists the kinds changed since saving', () => {
    expect(changedKinds(saved, saved)).toEqual([]);
    const draft = setChoice(setChoice(saved, 'subscription.approved', 'email', true), 'quota.threshold', 'portal', false);
    expect(changedKinds(saved, draft)).toEqual(['quota.threshold', 'subscription.approved']);
    expect(changedKinds(saved, setChoice(setChoice(saved, 'quota.threshold', 'email', false), 'quota.threshold', 'email', true))).toEqual([]);
  });

  it('sends every kind with both channels, without labels', () => {
    expect(toInput(saved)).toEqual([
      { kind: 'quota.threshold', portal: true, email: true },
      { kind: 'subscription.approved', portal: true, email: false },
    ]);
  });
});
