import {
  inputRequired,
  inputResponse,
  type AuthInfo,
  type CreateMessageRequestParams,
  type CreateMessageResult,
  type ElicitRequestFormParams,
  type ElicitRequestURLParams,
  type ElicitResult,
  type LoggingLevel,
  type ServerContext,
  type StandardSchemaWithJSON,
} from '@modelcontextprotocol/server';
import type { Request } from 'express';
import { InputRequiredSignal } from './input-required.signal.js';

/** `modern` is the 2026-07-28 revision (stateless); `legacy` the 2025 revisions. */
export type McpEra = 'modern' | 'legacy';

export interface ElicitFormParams {
  message: string;
  /** A flat zod object (or the restricted elicitation JSON Schema). */
  requestedSchema:
    ElicitRequestFormParams['requestedSchema'] | StandardSchemaWithJSON;
}

/**
 * What a tool, resource or prompt handler gets as its context. One API over
 * both eras: `elicit` and `sample` are server-to-client requests on a 2025
 * session and multi-round-trip input requests on 2026-07-28.
 */
export class McpContext {
  constructor(
    private readonly sdk: ServerContext,
    readonly era: McpEra,
    /** The Express request that carried this message (headers, principal). */
    readonly request: Request | undefined,
    /** Answers to input requests of earlier rounds (2026-07-28 only). */
    private readonly answers: Record<string, unknown> = {},
  ) {}

  /** Aborted when the client cancels the request or, where the era defines it, disconnects. */
  get signal(): AbortSignal {
    return this.sdk.mcpReq.signal;
  }

  /** The 2025-era session id; undefined on 2026-07-28 requests, which have none. */
  get sessionId(): string | undefined {
    return this.sdk.sessionId;
  }

  get headers(): Request['headers'] {
    return this.request?.headers ?? {};
  }

  get authInfo(): AuthInfo | undefined {
    return this.sdk.http?.authInfo;
  }

  /** The JSON-RPC request id and method, e.g. for correlating logs. */
  get requestId(): string | number {
    return this.sdk.mcpReq.id;
  }

  /** Sends `notifications/progress` when the client asked for progress; a no-op otherwise. */
  async reportProgress(
    progress: number,
    total?: number,
    message?: string,
  ): Promise<void> {
    const progressToken = this.sdk.mcpReq._meta?.progressToken;
    if (progressToken === undefined) return;
    await this.sdk.mcpReq.notify({
      method: 'notifications/progress',
      params: { progressToken, progress, total, message },
    });
  }

  /** Sends a log message to the client (respecting the level it set). */
  async log(
    level: LoggingLevel,
    data: unknown,
    logger?: string,
  ): Promise<void> {
    await this.sdk.mcpReq.log(level, data, logger);
  }

  /**
   * Asks the user for structured input (form mode). `key` names this question
   * so that, on 2026-07-28, the answer can be matched when the call is retried.
   */
  async elicit(key: string, params: ElicitFormParams): Promise<ElicitResult> {
    if (this.era === 'legacy') {
      const requestedSchema = toWireSchema(params.requestedSchema);
      return this.sdk.mcpReq.elicitInput({
        mode: 'form',
        message: params.message,
        requestedSchema,
      });
    }
    const view = inputResponse(this.answers, key);
    if (view.kind === 'elicit')
      return {
        action: view.action,
        content: view.content as ElicitResult['content'],
      };
    throw new InputRequiredSignal(
      key,
      inputRequired.elicit(params),
      this.answers,
    );
  }

  /** Sends the user to a URL (URL mode), e.g. to authorize a third party. */
  async elicitUrl(
    key: string,
    params: Omit<ElicitRequestURLParams, 'mode'>,
  ): Promise<ElicitResult> {
    if (this.era === 'legacy')
      return this.sdk.mcpReq.elicitInput({ mode: 'url', ...params });
    const view = inputResponse(this.answers, key);
    if (view.kind === 'elicit')
      return {
        action: view.action,
        content: view.content as ElicitResult['content'],
      };
    const { elicitationId: _legacyOnly, ...modern } = params;
    throw new InputRequiredSignal(
      key,
      inputRequired.elicitUrl(modern),
      this.answers,
    );
  }

  /** Asks the client's model for a completion (sampling). */
  async sample(
    key: string,
    params: CreateMessageRequestParams,
  ): Promise<CreateMessageResult> {
    if (this.era === 'legacy')
      return (await this.sdk.mcpReq.requestSampling(
        params,
      )) as CreateMessageResult;
    const view = inputResponse(this.answers, key);
    if (view.kind === 'sampling') return view.result as CreateMessageResult;
    throw new InputRequiredSignal(
      key,
      inputRequired.createMessage(params),
      this.answers,
    );
  }
}

/** A Standard Schema (zod) becomes the restricted elicitation JSON Schema, as on the modern path. */
function toWireSchema(
  schema: ElicitFormParams['requestedSchema'],
): ElicitRequestFormParams['requestedSchema'] {
  return '~standard' in schema
    ? (
        inputRequired.elicit({ message: '', requestedSchema: schema })
          .params as ElicitRequestFormParams
      ).requestedSchema
    : schema;
}
