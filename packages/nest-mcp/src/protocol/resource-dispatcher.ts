import {
  ResourceNotFoundError,
  type ListResourcesRequest,
  type ListResourcesResult,
  type ListResourceTemplatesRequest,
  type ListResourceTemplatesResult,
  type ReadResourceRequest,
  type InputRequiredResult,
  type ReadResourceResult,
} from '@modelcontextprotocol/server';
import type { McpRegistry } from '../registry/mcp.registry.js';
import { listResult } from './list-result.js';
import { createContext, grantedScopes, requestOf, type CallSite } from './call-site.js';
import { rethrowAsProtocolError } from './handler-failure.js';
import { InputRequiredSignal } from './input-required.signal.js';
import type { InputRounds } from './input-rounds.js';
import type { HandlerObserver } from '../observability/handler-observer.js';
import { clip } from '../errors/clip.js';

type ResourceContent = ReadResourceResult['contents'][number];

/** Answers `resources/*` from the registry. */
export class ResourceDispatcher {
  constructor(
    private readonly registry: McpRegistry,
    private readonly rounds: InputRounds,
    private readonly observer: HandlerObserver,
  ) {}

  list(request: ListResourcesRequest, site: Pick<CallSite, 'sdk'>): ListResourcesResult {
    return listResult('resources', this.registry.listResources(request.params?.cursor, grantedScopes(site)));
  }

  listTemplates(request: ListResourceTemplatesRequest, site: Pick<CallSite, 'sdk'>): ListResourceTemplatesResult {
    return listResult(
      'resourceTemplates',
      this.registry.listResourceTemplates(request.params?.cursor, grantedScopes(site)),
    );
  }

  read(request: ReadResourceRequest, site: CallSite): Promise<ReadResourceResult | InputRequiredResult> {
    return this.observer.observe(undefined, requestOf(site), () => this.execute(request, site), {
      kind: 'resource',
      name: request.params.uri,
    });
  }

  private async execute(
    request: ReadResourceRequest,
    site: CallSite,
  ): Promise<ReadResourceResult | InputRequiredResult> {
    const { uri } = request.params;
    const found = this.registry.findResource(uri);
    if (!found) throw new ResourceNotFoundError(clip(uri));
    const round = await this.rounds.open(site.sdk, site.era, { target: uri });
    const ctx = createContext(site, round);
    try {
      if ('resource' in found) {
        const value = await found.resource.handler(uri, ctx);
        return toReadResult(value, uri, found.resource.definition.mimeType);
      }
      const value = await found.template.handler(found.variables, uri, ctx);
      return toReadResult(value, uri, found.template.definition.mimeType);
    } catch (error) {
      if (error instanceof InputRequiredSignal) return round.ask(error);
      return rethrowAsProtocolError(error, `resource ${clip(uri)}`);
    }
  }
}

/**
 * Text, one `{ text | blob }` content, a full result (`{ contents }`: the
 * way to answer several contents), or any other JSON value, an array
 * included, as one JSON document: a client reading `contents[0]` of a list
 * resource gets the whole list, not its first element.
 */
function toReadResult(value: unknown, uri: string, mimeType?: string): ReadResourceResult {
  if (typeof value === 'object' && value !== null && Array.isArray((value as ReadResourceResult).contents)) {
    return value as ReadResourceResult;
  }
  return { contents: [toContent(value, uri, mimeType)] };
}

function toContent(value: unknown, uri: string, mimeType?: string): ResourceContent {
  if (typeof value === 'string') return withMime({ uri, text: value }, mimeType);
  if (typeof value === 'object' && value !== null && !Array.isArray(value) && ('text' in value || 'blob' in value)) {
    return withMime({ uri, ...(value as object) } as ResourceContent, mimeType);
  }
  return withMime({ uri, text: JSON.stringify(value) }, mimeType ?? 'application/json');
}

const withMime = (content: ResourceContent, mimeType?: string): ResourceContent =>
  content.mimeType || !mimeType ? content : { ...content, mimeType };
