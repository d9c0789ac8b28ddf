/**
 * Every JSON-RPC error code this package sends, by name: no other file writes
 * a code as a number (`json-rpc-codes.spec.ts` keeps it so). Which code a
 * client sees for which error is decided in one place, `client-error.ts`.
 *
 * The 2026-07-28 spec (basic/index, "Error Codes") partitions JSON-RPC's
 * server-error range: -32000..-32019 is legacy (no new codes; new
 * implementations SHOULD NOT use it), -32020..-32099 is the spec's own (MUST
 * NOT emit a code it does not define), and codes for purposes of an
 * implementation's own SHOULD lie outside -32768..-32000. So the codes that
 * are ours mirror the HTTP status of the same refusal (401, 403, 413, 429,
 * 503): outside every reserved range, and one number per kind of refusal
 * whether it leaves as an HTTP status or inside a JSON-RPC answer.
 *
 * Spec codes the SDK emits itself: -32021 MissingRequiredClientCapability
 * (this package throws the SDK's own error class for it, for the tasks
 * extension, `tasks/tasks-extension.ts`), -32022 UnsupportedProtocolVersion (2026-07-28
 * schema), -32042 URL elicitation required (2025-11-25 only). -32020
 * HeaderMismatch the SDK emits too, for the standard headers; this package
 * sends it for `Mcp-Param-*` headers, which the SDK checks only behind `McpServer`.
 * -32002 (resource not found, 2025-11-25 and earlier) is never sent: the
 * 2026-07-28 spec replaced it with -32602 and the SDK sends -32602 in both eras.
 */
export const JsonRpcCode = {
  /** JSON-RPC 2.0 (section 5.1): the body is not JSON. */
  ParseError: -32700,
  /** JSON-RPC 2.0: not a valid request (nested too deep, a request id already in flight, a missing session header). */
  InvalidRequest: -32600,
  /** JSON-RPC 2.0; 2026-07-28 streamable HTTP: an unknown method, with HTTP 404 (the SDK answers it). */
  MethodNotFound: -32601,
  /**
   * JSON-RPC 2.0: bad arguments, an unknown tool, prompt or cursor; also "not
   * found" (2026-07-28 changelog, minor change 6: a resource not found is -32602, no longer -32002).
   */
  InvalidParams: -32602,
  /** JSON-RPC 2.0: a failure of the server's own; the message says nothing of it. */
  InternalError: -32603,
  /**
   * 2026-07-28 schema `HEADER_MISMATCH` (SEP-2243), with HTTP 400: a header
   * that mirrors the body (here an `Mcp-Param-*` one) is missing, malformed or
   * disagrees with it. The spec's own range (-32020..-32099), where it alone defines codes.
   */
  HeaderMismatch: -32020,
  /**
   * 2025-era session not found (HTTP 404): the SDK's own Streamable HTTP
   * transport answers it with this code on paths this package does not own
   * (a closed session), so ours is the same. Legacy sub-range, grandfathered
   * by the 2026-07-28 spec; clients act on the 404, not on the code.
   */
  SessionNotFound: -32001,
  /** Ours (HTTP 401): no credentials, or credentials refused. */
  Unauthorized: 401,
  /** Ours (HTTP 403): a guard's refusal, a missing scope (step-up), a Host or Origin not allowed. */
  Forbidden: 403,
  /** Ours (HTTP 413): a request body or a session's handshake over its size limit. */
  PayloadTooLarge: 413,
  /** Ours (HTTP 429): over a rate limit, or a caller's bound on calls in flight or open streams. */
  TooManyRequests: 429,
  /** Ours (HTTP 503): the shared store cannot be reached, or the server is shutting down. */
  ServiceUnavailable: 503,
} as const;

export type JsonRpcCode = (typeof JsonRpcCode)[keyof typeof JsonRpcCode];
