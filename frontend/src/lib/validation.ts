/** Client-side checks that mirror the server's, so people see mistakes before a round trip. */

export type Errors<K extends string = string> = Partial<Record<K, string>>;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function checkEmail(value: string): string | undefined {
  if (value.trim() === '') return 'Enter an email address.';
  if (!EMAIL.test(value.trim())) return 'Enter a valid email address, like name@example.com.';
  return undefined;
}

export function checkRequired(value: string, label: string): string | undefined {
  return value.trim() === '' ? `Enter ${label}.` : undefined;
}

/** checkNewPassword applies the server's rule: at least 10 characters with both letters and digits. */
export function checkNewPassword(value: string): string | undefined {
  if (value.length < 10) return 'Use at least 10 characters.';
  if (!/[A-Za-z]/.test(value) || !/[0-9]/.test(value)) return 'Use both letters and digits.';
  return undefined;
}

export function checkSlug(value: string): string | undefined {
  if (value === '') return undefined;
  if (!/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/.test(value)) {
    return 'Use lowercase letters, digits and dashes, starting and ending with a letter or digit.';
  }
  return undefined;
}

export function hasErrors(errors: Errors): boolean {
  return Object.values(errors).some(Boolean);
}
