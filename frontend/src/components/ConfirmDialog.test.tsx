import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../lib/api';
import { ConfirmDialog } from './ConfirmDialog';

function setup(onConfirm: () => Promise<unknown> | void) {
  const onClose = vi.fn();
  render(
    <ConfirmDialog open title="Delete team?" confirmLabel="Delete team" onConfirm={onConfirm} onClose={onClose}>
      <p>Delete platform?</p>
    </ConfirmDialog>,
  );
  return { onClose, user: userEvent.setup() };
}

describe('ConfirmDialog', () => {
  it('is an alert dialog named by its title that describes the action', () => {
    setup(vi.fn());
    const dialog = screen.getByRole('alertdialog', { name: 'Delete team?' });
    expect(dialog).toHaveAttribute('aria-modal', 'true');
    expect(dialog).toHaveAccessibleDescription('Delete platform?');
  });

  it('does nothing but close on Cancel', async () => {
    const onConfirm = vi.fn();
    const { onClose, user } = setup(onConfirm);
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(onConfirm).not.toHaveBeenCalled();
    expect(onClose).toHaveBeenCalledTimes(1);
  });

  it('closes on Escape', async () => {
    const { onClose, user } = setup(vi.fn());
    await user.keyboard('{Escape}');
    expect(onClose).toHaveBeenCalled();
  });

  it('runs the action and closes when it succeeds', async () => {
    const onConfirm = vi.fn(() => Promise.resolve());
    const { onClose, user } = setup(onConfirm);
    await user.click(screen.getByRole('button', { name: 'Delete team' }));
    expect(onConfirm).toHaveBeenCalledTimes(1);
    expect(onClose).toHaveBeenCalledTimes(1);
  });

  it('stays open and shows a readable error when the action fails', async () => {
    const onConfirm = vi.fn(() =>
      Promise.reject(new ApiError({ status: 409, code: 'conflict', title: 'Conflict', detail: 'The tenant must keep an owner' })),
    );
    const { onClose, user } = setup(onConfirm);
    await user.click(screen.getByRole('button', { name: 'Delete team' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('The tenant must keep an owner.');
    expect(onClose).not.toHaveBeenCalled();
    expect(screen.getByRole('button', { name: 'Delete team' })).toBeEnabled();
  });
});
