import { useEffect, useRef, useState, type FormEvent } from 'react';
import { SelectField, TextField } from '../../../components/FormField';
import { loggedCodes } from '../../../lib/codes';
import { fromDateTimeLocal, toDateTimeLocal } from '../../../lib/format';
import { useDebouncedValue } from '../../../lib/hooks';
import type { CallScope } from '../api/calls';
import { checkRange, EMPTY_FILTERS, isFiltered, RANGE_PRESETS, rangeBounds, type CallFilters, type RangeId } from '../filters';

const CLASSES = [
  { value: '2xx', label: '2xx: success' },
  { value: '3xx', label: '3xx: redirects' },
  { value: '4xx', label: '4xx: refused or invalid' },
  { value: '5xx', label: '5xx: failed' },
];

// The statuses the gateway answers itself, and the usual ones of upstreams.
const STATUSES = [200, 201, 204, 301, 302, 304, 400, 401, 402, 403, 404, 409, 410, 413, 422, 429, 499, 500, 502, 503, 504];

/**
 * CallFiltersBar narrows the call log: status or class, decision code, key prefix, path, and a time range (a preset,
 * or a custom range applied with its own button so that half-typed dates are never sent).
 */
export function CallFiltersBar({
  scope,
  filters,
  anchor,
  onChange,
}: {
  scope: CallScope;
  filters: CallFilters;
  /** When the preset ranges end: the page's "now". */
  anchor: Date;
  onChange: (next: CallFilters) => void;
}) {
  const [keyInput, setKeyInput] = useState(filters.keyPrefix);
  const [pathInput, setPathInput] = useState(filters.q);
  const keyPrefix = useDebouncedValue(keyInput.trim());
  const q = useDebouncedValue(pathInput.trim());
  const [customOpen, setCustomOpen] = useState(false);
  const [fromInput, setFromInput] = useState('');
  const [toInput, setToInput] = useState('');
  const [rangeErrors, setRangeErrors] = useState<{ from?: string; to?: string }>({});

  // What this bar last wrote to the URL: a different value there came from outside (the browser's back button).
  const sent = useRef({ keyPrefix: filters.keyPrefix, q: filters.q });
  const [seen, setSeen] = useState({ keyPrefix: filters.keyPrefix, q: filters.q });
  if (seen.keyPrefix !== filters.keyPrefix || seen.q !== filters.q) {
    setSeen({ keyPrefix: filters.keyPrefix, q: filters.q });
    if (filters.keyPrefix !== sent.current.keyPrefix) setKeyInput(filters.keyPrefix);
    if (filters.q !== sent.current.q) setPathInput(filters.q);
    sent.current = { keyPrefix: filters.keyPrefix, q: filters.q };
  }

  // Typed filters reach the URL once typing pauses.
  useEffect(() => {
    if (keyPrefix === filters.keyPrefix && q === filters.q) return;
    sent.current = { keyPrefix, q };
    onChange({ ...filters, keyPrefix, q });
    // Only the typed values trigger this; the other filters are read as they are now.
  }, [keyPrefix, q]);

  const openCustom = () => {
    const { from, to } = rangeBounds(filters, anchor);
    setFromInput(toDateTimeLocal(from));
    setToInput(toDateTimeLocal(to));
    setRangeErrors({});
    setCustomOpen(true);
  };

  const onRange = (value: RangeId) => {
    if (value === 'custom') {
      openCustom();
      return;
    }
    setCustomOpen(false);
    onChange({ ...filters, range: value, from: '', to: '' });
  };

  const applyCustom = (e: FormEvent) => {
    e.preventDefault();
    const from = fromDateTimeLocal(fromInput);
    const to = fromDateTimeLocal(toInput);
    const errors = checkRange(from, to, new Date());
    setRangeErrors(errors);
    if (errors.from || errors.to || !from || !to) return;
    setCustomOpen(false);
    onChange({ ...filters, range: 'custom', from, to });
  };

  const clear = () => {
    setKeyInput('');
    setPathInput('');
    sent.current = { keyPrefix: '', q: '' };
    onChange({ ...EMPTY_FILTERS, range: filters.range, from: filters.from, to: filters.to });
  };

  const statusKnown = filters.status === '' || CLASSES.some((c) => c.value === filters.status) ||
    STATUSES.includes(Number(filters.status));
  const codes = loggedCodes(scope);
  const codeKnown = filters.code === '' || codes.some((c) => c.code === filters.code);

  return (
    <div className="call-filters">
      <div className="toolbar toolbar-fields">
        <SelectField label="Status" value={filters.status} onChange={(e) => onChange({ ...filters, status: e.target.value })}>
          <option value="">Any status</option>
          <optgroup label="Classes">
            {CLASSES.map((c) => (
              <option key={c.value} value={c.value}>
                {c.label}
              </option>
            ))}
          </optgroup>
          <optgroup label="Statuses">
            {!statusKnown && <option value={filters.status}>{filters.status}</option>}
            {STATUSES.map((s) => (
              <option key={s} value={String(s)}>
                {s}
              </option>
            ))}
          </optgroup>
        </SelectField>
        <SelectField label="Decision" value={filters.code} onChange={(e) => onChange({ ...filters, code: e.target.value })}>
          <option value="">Any decision</option>
          {!codeKnown && <option value={filters.code}>{filters.code}</option>}
          {codes.map((c) => (
            <option key={c.code} value={c.code}>
              {c.code} ({c.status ?? 'upstream'})
            </option>
          ))}
        </SelectField>
        <TextField label="Key prefix" value={keyInput} placeholder="tg_live_AbCd" spellCheck={false}
          onChange={(e) => setKeyInput(e.target.value)} />
        <TextField label="Path contains" type="search" value={pathInput} placeholder="/forecast" maxLength={200}
          spellCheck={false} onChange={(e) => setPathInput(e.target.value)} />
        <SelectField label="Time range" value={customOpen ? 'custom' : filters.range}
          onChange={(e) => onRange(e.target.value as RangeId)}>
          {RANGE_PRESETS.map((r) => (
            <option key={r.id} value={r.id}>
              {r.label}
            </option>
          ))}
          <option value="custom">Custom range…</option>
        </SelectField>
        {isFiltered(filters) && (
          <button type="button" className="btn btn-ghost" onClick={clear}>
            Clear filters
          </button>
        )}
      </div>
      {customOpen && (
        <form className="toolbar toolbar-fields call-range" onSubmit={applyCustom} noValidate aria-label="Custom time range">
          <TextField label="From" type="datetime-local" value={fromInput} error={rangeErrors.from}
            onChange={(e) => {
              setFromInput(e.target.value);
              setRangeErrors({});
            }} />
          <TextField label="To" type="datetime-local" value={toInput} error={rangeErrors.to}
            onChange={(e) => {
              setToInput(e.target.value);
              setRangeErrors({});
            }} />
          <button type="submit" className="btn btn-primary">
            Apply range
          </button>
          <button type="button" className="btn btn-ghost" onClick={() => setCustomOpen(false)}>
            Cancel
          </button>
          <p className="muted small call-range-note">One range spans at most 31 days.</p>
        </form>
      )}
    </div>
  );
}
