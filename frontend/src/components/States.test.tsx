import { render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import userEvent from '@testing-library/user-event';
import { ApiError } from '../lib/api';
import { EmptyState, ErrorState, LoadingState } from './States';

describe('states', () => {
  it('EmptyState shows its title, text and action', () => {
    render(
      <EmptyState title="No teams yet" action={<button type="button">Create team</button>}>
        Create a team to group members.
      </EmptyState>,
    );
    const state = screen.getByRole('status');
    expect(state).toHaveTextContent('No teams yet');
    expect(state).toHaveTextContent('Create a team to group members.');
    expect(screen.getByRole('button', { name: 'Create team' })).toBeInTheDocument();
  });

  it('LoadingState is announced politely', () => {
    render(<LoadingState />);
    expect(screen.getByRole('status')).toHaveTextContent('Loading…');
  });

  it('ErrorState explains the failure and retries', async () => {
    const onRetry = vi.fn();
    render(
      <ErrorState
        error={new ApiError({ status: 500, code: 'internal', title: 'Internal error', requestId: 'r1' })}
        onRetry={onRetry}
      />,
    );
    expect(screen.getByRole('alert')).toHaveTextContent('Internal error. (Request ID r1)');
    await userEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(onRetry).toHaveBeenCalled();
  });

  it('ErrorState says Not found for a 404 and offers no retry', () => {
    render(<ErrorState error={new ApiError({ status: 404, code: 'not_found', title: 'Not found' })} onRetry={vi.fn()} />);
    expect(screen.getByRole('alert')).toHaveTextContent('Not found');
    expect(screen.queryByRole('button')).not.toBeInTheDocument();
  });
});
