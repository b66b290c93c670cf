import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { CopyOnceDialog } from './CopyOnceDialog';

function setup() {
  const onClose = vi.fn();
  const user = userEvent.setup();
  const writeText = vi.fn(() => Promise.resolve());
  Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
  render(
    <CopyOnceDialog open title="Copy your new API key" label="API key" copyLabel="Copy key" value="tg_live_secret_123"
      warning="You will not see it again." onClose={onClose}>
      <p>Key demo</p>
    </CopyOnceDialog>,
  );
  return { onClose, user, writeText };
}

describe('CopyOnceDialog', () => {
  it('shows the value read-only with the warning', () => {
    setup();
    const dialog = screen.getByRole('dialog', { name: 'Copy your new API key' });
    const field = screen.getByLabelText('API key');
    expect(dialog).toContainElement(field);
    expect(field).toHaveValue('tg_live_secret_123');
    expect(field).toHaveAttribute('readonly');
    expect(field).toHaveAccessibleDescription('You will not see it again.');
  });

  it('copies to the clipboard and then closes with Done', async () => {
    const { onClose, user, writeText } = setup();
    await user.click(screen.getByRole('button', { name: 'Copy key' }));
    expect(writeText).toHaveBeenCalledWith('tg_live_secret_123');
    expect(await screen.findByText('Copied to the clipboard.')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Done' }));
    expect(onClose).toHaveBeenCalledTimes(1);
  });

  it('asks once more before closing when nothing was copied', async () => {
    const { onClose, user } = setup();
    await user.keyboard('{Escape}');
    expect(onClose).not.toHaveBeenCalled();
    expect(screen.getByText(/You have not copied it yet/)).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Close without copying' }));
    expect(onClose).toHaveBeenCalledTimes(1);
  });
});
