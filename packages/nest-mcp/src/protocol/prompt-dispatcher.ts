import {
  ProtocolError,
  type CompleteRequest,
  type CompleteResult,
  type GetPromptRequest,
  type GetPromptResult,
  type InputRequiredResult,
  type ListPromptsRequest,
  type ListPromptsResult,
  type PromptMessage,
} from '@modelcontextprotocol/server';
import type { CompleteFn } from '../decorators/index.js';
import type { McpRegistry } from '../registry/mcp.registry.js';
import { listResult } from './list-result.js';
import { createContext, grantedScopes, requestOf, type CallSite } from './call-site.js';
import { rethrowAsProtocolError } from './handler-failure.js';
import { InputRequiredSignal } from './input-required.signal.js';
import type { InputRounds } from './input-rounds.js';
import type { HandlerObserver } from '../observability/handler-observer.js';
import { clip } from '../errors/clip.js';
import { JsonRpcCode } from '../errors/json-rpc-codes.js';

const MAX_COMPLETIONS = 100;

/** Answers `prompts/*` and `completion/complete` from the registry. */
export class PromptDispatcher {
  constructor(
    private readonly registry: McpRegistry,
    private readonly rounds: InputRounds,
    private readonly observer: HandlerObserver,
  ) {}

  list(request: ListPromptsRequest, site: Pick<CallSite, 'sdk'>): ListPromptsResult {
    return listResult('prompts', this.registry.listPrompts(request.params?.cursor, grantedScopes(site)));
  }

  get(request: GetPromptRequest, site: CallSite): Promise<GetPromptResult | InputRequiredResult> {
    return this.observer.observe(undefined, requestOf(site), () => this.execute(request, site), {
      kind: 'prompt',
      name: request.params.name,
    });
  }

  private async execute(request: GetPromptRequest, site: CallSite): Promise<GetPromptResult | InputRequiredResult> {
    const { name, arguments: rawArgs } = request.params;
    const prompt = this.registry.getPrompt(name);
    if (!prompt) throw new ProtocolError(JsonRpcCode.InvalidParams, `Unknown prompt: ${clip(name)}`);
    const validation = await prompt.args.validate(rawArgs ?? {});
    if (!validation.ok) {
      throw new ProtocolError(JsonRpcCode.InvalidParams, `Invalid arguments for prompt ${name}: ${validation.message}`);
    }
    const round = await this.rounds.open(site.sdk, site.era, { target: name, arguments: rawArgs });
    try {
      const value = await prompt.handler(validation.value, createContext(site, round));
      return toPromptResult(value, prompt.definition.description);
    } catch (error) {
      if (error instanceof InputRequiredSignal) return round.ask(error);
      return rethrowAsProtocolError(error, `prompt ${name}`);
    }
  }

  async complete(request: CompleteRequest): Promise<CompleteResult> {
    const { ref, argument, context } = request.params;
    const complete = this.completerFor(ref, argument.name);
    if (!complete) return { completion: { values: [], hasMore: false } };
    const values = await complete(argument.value, { arguments: context?.arguments });
    return {
      completion: {
        values: values.slice(0, MAX_COMPLETIONS),
        total: values.length,
        hasMore: values.length > MAX_COMPLETIONS,
      },
    };
  }

  private completerFor(ref: CompleteRequest['params']['ref'], argument: string): CompleteFn | undefined {
    if (ref.type === 'ref/prompt') {
      const prompt = this.registry.getPrompt(ref.name);
      if (!prompt) throw new ProtocolError(JsonRpcCode.InvalidParams, `Unknown prompt: ${clip(ref.name)}`);
      return prompt.complete[argument];
    }
    const template = this.registry.findTemplateByUriTemplate(ref.uri);
    if (!template) {
      throw new ProtocolError(JsonRpcCode.InvalidParams, `Unknown resource template: ${clip(ref.uri)}`);
    }
    return template.complete[argument];
  }
}

/** A string is one user message; an array is the messages; a full result passes through. */
function toPromptResult(value: unknown, description?: string): GetPromptResult {
  const withDescription = (messages: PromptMessage[]): GetPromptResult =>
    description ? { description, messages } : { messages };
  if (typeof value === 'string') return withDescription([{ role: 'user', content: { type: 'text', text: value } }]);
  if (Array.isArray(value)) return withDescription(value as PromptMessage[]);
  return value as GetPromptResult;
}
