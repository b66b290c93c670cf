import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { OpenApiDocs } from './OpenApiDocs';

const doc = {
  openapi: '3.1.0',
  info: { title: 'Weather', version: '1.0.0', description: 'Forecasts.\n\nFree for everyone.' },
  paths: {
    '/forecast': {
      get: {
        summary: 'Get a forecast',
        parameters: [{ name: 'city', in: 'query', required: true, schema: { type: 'string' }, description: 'City name' }],
        responses: {
          '200': {
            description: 'OK',
            content: {
              'application/json': {
                schema: { type: 'object', properties: { temperature: { type: 'number', description: 'Celsius' } } },
              },
            },
          },
        },
      },
    },
  },
};

describe('OpenApiDocs', () => {
  it('renders operations with their parameters and responses', async () => {
    const onTry = vi.fn();
    render(<OpenApiDocs doc={doc} onTry={onTry} />);
    expect(screen.getByRole('heading', { name: /Weather/ })).toHaveTextContent('version 1.0.0');
    expect(screen.getByText('Free for everyone.')).toBeInTheDocument();
    const op = screen.getByText('Get a forecast').closest('details')!;
    expect(within(op).getByText('GET')).toBeInTheDocument();
    await userEvent.click(within(op).getByText('/forecast'));
    const params = within(op).getByRole('table', { name: 'Parameters' });
    const row = within(params).getAllByRole('row')[1];
    expect(row).toHaveTextContent(/city\s*required/);
    expect(within(row).getAllByRole('cell').map((c) => c.textContent)).toEqual(['city required', 'query', 'string', 'City name']);
    expect(within(op).getByText('temperature')).toBeInTheDocument();
    expect(within(op).getByText('Celsius')).toBeInTheDocument();
    await userEvent.click(within(op).getByRole('button', { name: 'Try GET /forecast' }));
    expect(onTry).toHaveBeenCalledWith(expect.objectContaining({ method: 'GET', path: '/forecast' }));
  });

  it('says so readably when the document cannot be shown', () => {
    render(<OpenApiDocs doc={{ swagger: undefined }} />);
    expect(screen.getByRole('status')).toHaveTextContent('These docs cannot be shown');
  });
});
