/** How much of a client's input an error message or a log line quotes. */
export const QUOTED_INPUT_CHARS = 200;
/** How long a whole message (which may quote input: a validator's, a guard's, the SDK's) may be. */
export const MESSAGE_CHARS = 500;

/**
 * Client input as an error message or a log line quotes it: its two ends,
 * marked as cut, so a megabyte-long name is never sent back or logged whole
 * (and a message that quotes input keeps its explanation on either side).
 */
export function clip(text: string, max = QUOTED_INPUT_CHARS): string {
  if (text.length <= max) return text;
  const half = Math.floor(max / 2);
  return `${text.slice(0, half)}…${text.slice(-half)}`;
}

/** A JSON value with each string in it clipped: an error's `data` may quote input too. */
export function clipStrings(value: unknown, max = MESSAGE_CHARS): unknown {
  if (typeof value === 'string') return clip(value, max);
  if (Array.isArray(value)) return value.map((item) => clipStrings(item, max));
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, clipStrings(item, max)]));
}

/** Whether `clipStrings` would change anything (most errors are short: they pass as they are). */
export function hasLongStrings(value: unknown, max = MESSAGE_CHARS): boolean {
  if (typeof value === 'string') return value.length > max;
  if (typeof value !== 'object' || value === null) return false;
  return Object.values(value).some((item) => hasLongStrings(item, max));
}
