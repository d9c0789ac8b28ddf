const SECRET_KEY = /pass(word)?|secret|token|authorization|api[-_]?key|cookie|credential|private/i;
const MAX_DEPTH = 6;

/** A copy of `value` with secret-looking keys replaced, for payload logging. */
export function redact(value: unknown, depth = 0): unknown {
  if (depth > MAX_DEPTH) return '[deep]';
  if (Array.isArray(value)) return value.slice(0, 50).map((item) => redact(item, depth + 1));
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [key, SECRET_KEY.test(key) ? '[redacted]' : redact(item, depth + 1)]),
  );
}
