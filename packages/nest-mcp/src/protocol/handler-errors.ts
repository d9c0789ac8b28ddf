/**
 * An error whose message is meant for the client. Any other error a handler
 * throws reaches the client as a generic message, so internals never leak
 * (`clientErrorOf` in errors/client-error.ts decides what a client sees).
 */
export class ToolError extends Error {
  override name = 'ToolError';
}
