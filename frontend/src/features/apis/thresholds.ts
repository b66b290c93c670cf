// A plan's alert thresholds as typed in its form: comma-separated percents of the monthly quota.

/** DEFAULT_THRESHOLDS are the percents the server uses when a plan names none. */
export const DEFAULT_THRESHOLDS: readonly number[] = [80, 90, 100];

/** MAX_THRESHOLDS is how many thresholds one plan may have. */
export const MAX_THRESHOLDS = 5;

/**
 * parseThresholds reads "80, 90, 100" (commas or spaces, an optional % after each) into sorted whole percents from 1
 * to 100, each once, at most 5; or says what is wrong. Empty text means no warnings at all.
 */
export function parseThresholds(text: string): { values: number[]; error?: undefined } | { values?: undefined; error: string } {
  const parts = text
    .split(/[,;\s]+/)
    .map((p) => p.trim())
    .filter(Boolean);
  const values: number[] = [];
  for (const part of parts) {
    const m = /^(\d{1,3})%?$/.exec(part);
    const n = m ? Number(m[1]) : NaN;
    if (!Number.isInteger(n) || n < 1 || n > 100) {
      return { error: `“${part}” is not a whole percent from 1 to 100.` };
    }
    if (!values.includes(n)) values.push(n);
  }
  if (values.length > MAX_THRESHOLDS) return { error: `Use at most ${MAX_THRESHOLDS} thresholds.` };
  return { values: values.sort((a, b) => a - b) };
}

/** formatThresholds writes thresholds back as the form shows them: "80, 90, 100". */
export function formatThresholds(values: readonly number[] | null | undefined): string {
  return (values ?? DEFAULT_THRESHOLDS).join(', ');
}
