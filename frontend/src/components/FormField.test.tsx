import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { TextField } from './FormField';

describe('TextField', () => {
  it('links its label, hint and input', () => {
    render(<TextField label="Password" type="password" hint="At least 10 characters." />);
    const input = screen.getByLabelText('Password');
    expect(input).not.toHaveAttribute('aria-invalid');
    expect(input).toHaveAccessibleDescription('At least 10 characters.');
  });

  it('shows the error next to the field and marks the input invalid', () => {
    render(<TextField label="Email" hint="Work address" error="Enter a valid email address." />);
    const input = screen.getByLabelText('Email');
    expect(input).toHaveAttribute('aria-invalid', 'true');
    expect(input).toHaveAccessibleDescription('Enter a valid email address.');
    expect(screen.queryByText('Work address')).not.toBeInTheDocument();
  });
});
