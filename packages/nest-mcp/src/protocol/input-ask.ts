import {
  inputRequired,
  inputResponse,
  MissingRequiredClientCapabilityError,
  SdkError,
  SdkErrorCode,
  type ClientCapabilities,
  type CreateMessageRequestParams,
  type CreateMessageResult,
  type ElicitRequestFormParams,
  type ElicitRequestURLParams,
  type ElicitResult,
  type InputRequest,
  type Root,
  type StandardSchemaWithJSON,
} from '@modelcontextprotocol/server';

export interface ElicitFormParams {
  message: string;
  /** A flat zod object (or the restricted elicitation JSON Schema). */
  requestedSchema: ElicitRequestFormParams['requestedSchema'] | StandardSchemaWithJSON;
}

/**
 * One question for the client: a form, a URL to visit, a model completion, or
 * its roots. `acceptUnasked` (2026-07-28): an answer the client sent before
 * the question was asked counts (see `McpContext.elicit`).
 */
export type InputAsk = (
  | { kind: 'elicit'; params: ElicitFormParams }
  | { kind: 'elicitUrl'; params: Omit<ElicitRequestURLParams, 'mode'> }
  | { kind: 'sample'; params: CreateMessageRequestParams }
  | { kind: 'roots' }
) & { acceptUnasked?: boolean };

export type InputAnswer<A extends InputAsk> = A extends { kind: 'sample' }
  ? CreateMessageResult
  : A extends { kind: 'roots' }
    ? { roots: Root[] }
    : ElicitResult;

export type InputAnswers<T extends Record<string, InputAsk>> = {
  [K in keyof T]: InputAnswer<T[K]>;
};

/** The 2026-07-28 embedded request for an ask. */
export function toInputRequest(ask: InputAsk): InputRequest {
  switch (ask.kind) {
    case 'elicit':
      return inputRequired.elicit(ask.params);
    case 'elicitUrl': {
      const { elicitationId: _legacyOnly, ...params } = ask.params;
      return inputRequired.elicitUrl(params);
    }
    case 'sample':
      return inputRequired.createMessage(ask.params);
    case 'roots':
      return inputRequired.listRoots();
  }
}

/** The answer to `ask` among a retried request's responses, if it is there and of the right kind. */
export function findAnswer(ask: InputAsk, responses: Record<string, unknown>, key: string): unknown {
  const view = inputResponse(responses, key);
  if (ask.kind === 'sample') return view.kind === 'sampling' ? view.result : undefined;
  if (ask.kind === 'roots') return view.kind === 'roots' ? { roots: view.roots } : undefined;
  return view.kind === 'elicit' ? { action: view.action, content: view.content } : undefined;
}

/** A Standard Schema (zod) becomes the restricted elicitation JSON Schema, as on the modern path. */
export function toWireSchema(schema: ElicitFormParams['requestedSchema']): ElicitRequestFormParams['requestedSchema'] {
  if (!('~standard' in schema)) return schema;
  const request = inputRequired.elicit({
    message: '',
    requestedSchema: schema,
  });
  return (request.params as ElicitRequestFormParams).requestedSchema;
}

/** The client capabilities an ask needs (the SDK's rule for 2026-07-28 input requests). */
function requiredCapabilities(ask: InputAsk): ClientCapabilities {
  switch (ask.kind) {
    case 'elicit':
      return { elicitation: { form: {} } };
    case 'elicitUrl':
      return { elicitation: { url: {} } };
    case 'sample':
      return ask.params.tools || ask.params.toolChoice ? { sampling: { tools: {} } } : { sampling: {} };
    case 'roots':
      return { roots: {} };
  }
}

/**
 * A 2025-era question the client has not declared it can answer gets the
 * answer the 2026-07-28 SDK gives the same question (MissingRequiredClientCapability), naming what is
 * missing, rather than the SDK's plain error (which a tool would report as an
 * `isError` result). Any other error is left as it is.
 */
export function asMissingCapability(key: string, ask: InputAsk, error: unknown): unknown {
  if (!(error instanceof SdkError) || error.code !== SdkErrorCode.CapabilityNotSupported) return error;
  return new MissingRequiredClientCapabilityError(
    { requiredCapabilities: requiredCapabilities(ask) },
    `Cannot request input '${key}' (${toInputRequest(ask).method}): the client's capabilities do not declare the required capability`,
  );
}
