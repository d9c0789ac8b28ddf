/** `scheme://user:password@host` and `Bearer <token>`: the shapes a secret takes inside an error message. */
const URL_CREDENTIALS = /(\/\/)[^\s/@]*:[^\s/@]*@/g;
const BEARER = /\b(Bearer\s+)[\w.~+/-]+=*/gi;

/** `text` with credentials in URLs and bearer tokens masked, for a log line's message. */
export function scrubSecrets(text: string): string {
  return text.replace(URL_CREDENTIALS, '$1[redacted]@').replace(BEARER, '$1[redacted]');
}
