import { useState, type FormEvent } from 'react';
import { fromDateTimeLocal, toDateTimeLocal } from '../lib/format';
import { checkRange, RANGE_PRESETS, rangeBounds, type RangeId, type TimeRange } from '../lib/timeRange';
import { SelectField, TextField } from './FormField';

/**
 * RangePicker chooses a time range: a preset, or a custom range applied with its own button so that half-typed dates
 * are never sent. The caller keeps the range, in the URL.
 */
export function RangePicker({
  value,
  anchor,
  onChange,
}: {
  value: TimeRange;
  /** When the preset ranges end: the page's "now", to start a custom range from the one shown. */
  anchor: Date;
  onChange: (next: TimeRange) => void;
}) {
  const [customOpen, setCustomOpen] = useState(false);
  const [fromInput, setFromInput] = useState('');
  const [toInput, setToInput] = useState('');
  const [errors, setErrors] = useState<{ from?: string; to?: string }>({});

  const onRange = (id: RangeId) => {
    if (id === 'custom') {
      const { from, to } = rangeBounds(value, anchor);
      setFromInput(toDateTimeLocal(from));
      setToInput(toDateTimeLocal(to));
      setErrors({});
      setCustomOpen(true);
      return;
    }
    setCustomOpen(false);
    onChange({ range: id, from: '', to: '' });
  };

  const apply = (e: FormEvent) => {
    e.preventDefault();
    const from = fromDateTimeLocal(fromInput);
    const to = fromDateTimeLocal(toInput);
    const found = checkRange(from, to, new Date());
    setErrors(found);
    if (found.from || found.to || !from || !to) return;
    setCustomOpen(false);
    onChange({ range: 'custom', from, to });
  };

  return (
    <>
      <SelectField label="Time range" value={customOpen ? 'custom' : value.range} onChange={(e) => onRange(e.target.value as RangeId)}>
        {RANGE_PRESETS.map((r) => (
          <option key={r.id} value={r.id}>
            {r.label}
          </option>
        ))}
        <option value="custom">{value.range === 'custom' ? 'Custom range' : 'Custom range…'}</option>
      </SelectField>
      {customOpen && (
        <form className="toolbar toolbar-fields range-form" onSubmit={apply} noValidate aria-label="Custom time range">
          <TextField label="From" type="datetime-local" value={fromInput} error={errors.from}
            onChange={(e) => {
              setFromInput(e.target.value);
              setErrors({});
            }} />
          <TextField label="To" type="datetime-local" value={toInput} error={errors.to}
            onChange={(e) => {
              setToInput(e.target.value);
              setErrors({});
            }} />
          <button type="submit" className="btn btn-primary">
            Apply range
          </button>
          <button type="button" className="btn btn-ghost" onClick={() => setCustomOpen(false)}>
            Cancel
          </button>
          <p className="muted small range-note">A range spans at most two years.</p>
        </form>
      )}
    </>
  );
}
