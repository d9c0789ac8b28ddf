import type {
  AuthInfo,
  ClientCapabilities,
  CreateMessageRequestParams,
  CreateMessageResult,
  ElicitRequestURLParams,
  ElicitResult,
  LoggingLevel,
  Root,
  ServerContext,
} from '@modelcontextprotocol/server';
import type { Request } from 'express';
import { principalOf } from '../auth/principal-of.js';
import type { McpPrincipal } from '../auth/principal.js';
import {
  asMissingCapability,
  findAnswer,
  toInputRequest,
  toWireSchema,
  type ElicitFormParams,
  type InputAnswers,
  type InputAsk,
} from './input-ask.js';
import { InputRequiredSignal } from './input-required.signal.js';
import { upstreamAccessTokenOf } from '../oauth-bridge/upstream/upstream-token-access.js';
import { droppedSignalOf } from '../transport/client-dropped.js';
import { roomToSend } from '../transport/web-exchange.js';
import type { TaskBinding } from '../tasks/task-binding.js';

/** `modern` is the 2026-07-28 revision (stateless); `legacy` the 2025 revisions. */
export type McpEra = 'modern' | 'legacy';

export type { ElicitFormParams, InputAsk };

/** How a question takes its answer. */
export interface AskOptions {
  acceptUnasked?: boolean;
}

/** What a handler's context is built from, besides the SDK's own context. */
export interface McpContextSource {
  era: McpEra;
  /** The Express request that carried this message. */
  request?: Request;
  /** Answers to input requests of earlier rounds (2026-07-28 only). */
  answers?: Record<string, unknown>;
  /** Answers to questions no verified state says were asked (2026-07-28 only). */
  unasked?: Record<string, unknown>;
  clientCapabilities?: () => ClientCapabilities | undefined;
  /** Aborted when a shutdown's grace period runs out. */
  shutdown?: AbortSignal;
  /** For a call that may become a task: what its signal, questions and progress go through. */
  task?: TaskBinding;
}

/**
 * What a tool, resource or prompt handler gets as its context. One API over
 * both eras: `elicit`, `sample`, `listRoots` and `ask` are server-to-client
 * requests on a 2025 session and multi-round-trip input requests on
 * 2026-07-28 (there the handler runs again once the client has answered);
 * in a task, they are the task's questions, and the handler waits for the
 * answers.
 */
export class McpContext {
  readonly era: McpEra;
  /** The Express request that carried this message (headers, `user`). */
  readonly request: Request | undefined;
  private readonly answers: Record<string, unknown>;

  constructor(
    private readonly sdk: ServerContext,
    private readonly source: McpContextSource,
  ) {
    this.era = source.era;
    this.request = source.request;
    this.answers = source.answers ?? {};
  }

  private combinedSignal?: AbortSignal;

  /**
   * Aborted when the client cancels the request, when it disconnects (where
   * the era defines that), when the server drops it for not reading its
   * stream, or when a shutdown's grace period runs out.
   */
  get signal(): AbortSignal {
    const { shutdown, request, task } = this.source;
    if (task) return task.signal;
    if (!shutdown && !request) return this.sdk.mcpReq.signal;
    const signals = [this.sdk.mcpReq.signal];
    if (shutdown) signals.push(shutdown);
    if (request) signals.push(droppedSignalOf(request));
    return (this.combinedSignal ??= AbortSignal.any(signals));
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

  /** The authenticated caller, when auth is on. */
  get principal(): McpPrincipal | undefined {
    return principalOf(this.authInfo);
  }

  /**
   * The user's access token at the company's IdP, when they signed in through
   * the OAuth bridge: for calling downstream APIs as them. Refreshed
   * server-side when needed. Never log it, never return it to the client.
   * Throws (`UpstreamTokenUnavailableError`) when there is none.
   */
  upstreamAccessToken(): Promise<string> {
    return upstreamAccessTokenOf(this.request);
  }

  /** What the client declared it can do (elicitation, sampling, roots…). */
  get clientCapabilities(): ClientCapabilities | undefined {
    return this.source.clientCapabilities?.();
  }

  get requestId(): string | number {
    return this.sdk.mcpReq.id;
  }

  /**
   * Sends `notifications/progress` when the client asked for progress; a
   * no-op otherwise. Waits while the client has a backlog to read (see
   * `roomToSend`).
   */
  async reportProgress(progress: number, total?: number, message?: string): Promise<void> {
    if (this.source.task?.isTask) return this.source.task.progress(message ?? progressText(progress, total));
    const progressToken = this.sdk.mcpReq._meta?.progressToken;
    if (progressToken === undefined) return;
    if (this.request) await roomToSend(this.request);
    await this.sdk.mcpReq.notify({
      method: 'notifications/progress',
      params: { progressToken, progress, total, message },
    });
  }

  /** Sends a log message to the client (respecting the level it set); waits while it has a backlog to read. */
  async log(level: LoggingLevel, data: unknown, logger?: string): Promise<void> {
    // A task has no stream to log to (SEP-2663: no notifications/message for tasks).
    if (this.source.task?.isTask) return;
    if (this.request) await roomToSend(this.request);
    await this.sdk.mcpReq.log(level, data, logger);
  }

  /**
   * Asks the user for structured input (form mode); `key` names the question
   * across rounds. `acceptUnasked`: on 2026-07-28, take an answer the client
   * sent before being asked (no state of a round that asked it); only for a
   * question whose answer grants nothing (a name, not a confirmation).
   */
  async elicit(key: string, params: ElicitFormParams, options: AskOptions = {}): Promise<ElicitResult> {
    return (await this.ask({ [key]: { kind: 'elicit', params, ...options } }))[key] as ElicitResult;
  }

  /** Sends the user to a URL (URL mode), e.g. to authorize a third party. */
  async elicitUrl(key: string, params: Omit<ElicitRequestURLParams, 'mode'>): Promise<ElicitResult> {
    return (await this.ask({ [key]: { kind: 'elicitUrl', params } }))[key] as ElicitResult;
  }

  /** Asks the client's model for a completion (sampling). */
  async sample(key: string, params: CreateMessageRequestParams): Promise<CreateMessageResult> {
    return (await this.ask({ [key]: { kind: 'sample', params } }))[key] as CreateMessageResult;
  }

  /** Asks the client for its roots. */
  async listRoots(key: string): Promise<Root[]> {
    return ((await this.ask({ [key]: { kind: 'roots' } }))[key] as { roots: Root[] }).roots;
  }

  /**
   * Asks several questions at once: on 2026-07-28 they travel in one
   * `input_required` round; on a 2025 session they are sent one after another.
   */
  async ask<T extends Record<string, InputAsk>>(asks: T): Promise<InputAnswers<T>> {
    if (this.source.task?.isTask) return this.source.task.ask(asks);
    const answers: Record<string, unknown> = {};
    if (this.era === 'legacy') {
      for (const [key, ask] of Object.entries(asks)) answers[key] = await this.push(key, ask);
      return answers as InputAnswers<T>;
    }
    const missing: Record<string, ReturnType<typeof toInputRequest>> = {};
    for (const [key, ask] of Object.entries(asks)) {
      const answer =
        findAnswer(ask, this.answers, key) ??
        (ask.acceptUnasked ? findAnswer(ask, this.source.unasked ?? {}, key) : undefined);
      if (answer === undefined) missing[key] = toInputRequest(ask);
      else answers[key] = answer;
    }
    if (Object.keys(missing).length > 0) throw new InputRequiredSignal(missing, this.answers);
    return answers as InputAnswers<T>;
  }

  private async push(key: string, ask: InputAsk): Promise<unknown> {
    try {
      return await this.send(ask);
    } catch (error) {
      throw asMissingCapability(key, ask, error);
    }
  }

  private async send(ask: InputAsk): Promise<unknown> {
    const request = this.sdk.mcpReq;
    // Related to the call, so the question travels on the call's own stream (whichever instance
    // holds it), and human-paced: a person may take minutes to answer a form.
    const options = { relatedRequestId: request.id, timeout: HUMAN_TIMEOUT_MS };
    switch (ask.kind) {
      case 'elicit':
        return request.elicitInput(
          { mode: 'form', message: ask.params.message, requestedSchema: toWireSchema(ask.params.requestedSchema) },
          options,
        );
      case 'elicitUrl':
        return request.elicitInput({ mode: 'url', ...ask.params }, options);
      case 'sample':
        return request.requestSampling(ask.params, options);
      case 'roots':
        return request.send({ method: 'roots/list' });
    }
  }
}

const HUMAN_TIMEOUT_MS = 10 * 60_000;

/** A task's status message for progress reported without one. */
const progressText = (progress: number, total?: number): string =>
  total === undefined ? `Progress: ${progress}` : `Progress: ${progress}/${total}`;
