import { UriTemplate, type PromptArgument } from '@modelcontextprotocol/server';
import { z } from 'zod';
import {
  InvalidNameError,
  InvalidSchemaError,
  InvalidUriError,
  InvalidUriTemplateError,
  McpDeclarationError,
} from '../errors/declaration.errors.js';
import { MCP_NAME_PATTERN } from '../mcp.constants.js';
import { headerParamsOf, type HeaderParam } from './header-params.js';
import { compileObjectSchema, EMPTY_OBJECT_SCHEMA } from './object-schema.js';
import type {
  PromptEntry,
  PromptSpec,
  ResourceEntry,
  ResourceSpec,
  ResourceTemplateEntry,
  ResourceTemplateSpec,
  ToolEntry,
  ToolSpec,
} from './registry.types.js';

/** Everything a tool needs per call is computed here, once. */
export function compileTool(spec: ToolSpec): ToolEntry {
  const source = spec.source ?? `tool "${spec.name}"`;
  assertName('tool', spec.name, source);
  const input = spec.input ? compileObjectSchema(spec.input, 'input', source) : EMPTY_OBJECT_SCHEMA;
  const output = spec.output ? compileObjectSchema(spec.output, 'output', source, 'output') : undefined;
  return {
    source,
    requiredScopes: spec.requiredScopes,
    input,
    headerParams: compileHeaderParams(input.json, source),
    output,
    handler: spec.handler,
    task: compileTaskSupport(spec, source),
    definition: withoutUndefined({
      name: spec.name,
      title: spec.title,
      description: spec.description,
      inputSchema: input.json as never,
      outputSchema: output?.json as never,
      annotations: spec.annotations,
      execution: spec.task ? { taskSupport: spec.task } : undefined,
      icons: spec.icons,
      _meta: spec._meta,
    }),
  };
}

function compileTaskSupport(spec: ToolSpec, source: string): ToolEntry['task'] {
  const { task, taskAfterMs = 0 } = spec;
  if (task === undefined) {
    if (spec.taskAfterMs !== undefined)
      throw new McpDeclarationError(`${source} sets taskAfterMs but is no task (task: 'optional' | 'required')`);
    return undefined;
  }
  if (task !== 'optional' && task !== 'required') {
    throw new McpDeclarationError(
      `${source} declares task: ${JSON.stringify(task)}; expected 'optional' or 'required'`,
    );
  }
  if (!Number.isInteger(taskAfterMs) || taskAfterMs < 0) {
    throw new McpDeclarationError(
      `${source} declares taskAfterMs: ${String(taskAfterMs)}; expected a whole number of ms, 0 or more`,
    );
  }
  return { support: task, afterMs: taskAfterMs };
}

function compileHeaderParams(inputSchema: Record<string, unknown>, source: string): readonly HeaderParam[] {
  try {
    return headerParamsOf(inputSchema);
  } catch (error) {
    throw new InvalidSchemaError('input', source, (error as Error).message);
  }
}

export function compileResource(spec: ResourceSpec): ResourceEntry {
  const source = spec.source ?? `resource "${spec.name}"`;
  if (!URL.canParse(spec.uri)) throw new InvalidUriError(spec.uri, source);
  return {
    source,
    requiredScopes: spec.requiredScopes,
    handler: spec.handler,
    definition: withoutUndefined({
      uri: spec.uri,
      name: spec.name,
      title: spec.title,
      description: spec.description,
      mimeType: spec.mimeType,
      size: spec.size,
      icons: spec.icons,
      _meta: spec._meta,
    }),
  };
}

export function compileResourceTemplate(spec: ResourceTemplateSpec): ResourceTemplateEntry {
  const source = spec.source ?? `resource template "${spec.name}"`;
  const template = parseTemplate(spec.uriTemplate, source);
  for (const variable of Object.keys(spec.complete ?? {})) {
    if (!template.variableNames.includes(variable)) {
      throw new InvalidUriTemplateError(spec.uriTemplate, source, `completion for unknown variable "${variable}"`);
    }
  }
  return {
    source,
    requiredScopes: spec.requiredScopes,
    template,
    complete: spec.complete ?? {},
    handler: spec.handler,
    definition: withoutUndefined({
      uriTemplate: spec.uriTemplate,
      name: spec.name,
      title: spec.title,
      description: spec.description,
      mimeType: spec.mimeType,
      icons: spec.icons,
      _meta: spec._meta,
    }),
  };
}

export function compilePrompt(spec: PromptSpec): PromptEntry {
  const source = spec.source ?? `prompt "${spec.name}"`;
  assertName('prompt', spec.name, source);
  const args = spec.args ? compileObjectSchema(spec.args, 'arguments', source) : EMPTY_OBJECT_SCHEMA;
  for (const [argument, field] of Object.entries(spec.args?.shape ?? {})) {
    if (!takesStrings(field as z.ZodType)) {
      throw new InvalidSchemaError(
        'arguments',
        source,
        `argument "${argument}" cannot take a string, and prompt arguments are strings (use z.string(), z.enum() or z.coerce)`,
      );
    }
  }
  for (const argument of Object.keys(spec.complete ?? {})) {
    if (!spec.args?.shape[argument]) {
      throw new InvalidSchemaError('arguments', source, `completion for unknown argument "${argument}"`);
    }
  }
  return {
    source,
    requiredScopes: spec.requiredScopes,
    args,
    complete: spec.complete ?? {},
    handler: spec.handler,
    definition: withoutUndefined({
      name: spec.name,
      title: spec.title,
      description: spec.description,
      arguments: spec.args ? promptArguments(spec.args) : undefined,
      icons: spec.icons,
      _meta: spec._meta,
    }),
  };
}

function promptArguments(schema: z.ZodObject): PromptArgument[] {
  return Object.entries(schema.shape).map(([name, field]) =>
    withoutUndefined({
      name,
      description: (field as z.ZodType).description,
      required: !(field as z.ZodType).safeParse(undefined).success,
    }),
  );
}

function parseTemplate(uriTemplate: string, source: string): UriTemplate {
  if (!UriTemplate.isTemplate(uriTemplate)) {
    throw new InvalidUriTemplateError(uriTemplate, source, 'it has no {variable} expression');
  }
  if (!balancedBraces(uriTemplate)) {
    throw new InvalidUriTemplateError(uriTemplate, source, 'unbalanced braces');
  }
  try {
    return new UriTemplate(uriTemplate);
  } catch (error) {
    throw new InvalidUriTemplateError(uriTemplate, source, (error as Error).message);
  }
}

function balancedBraces(template: string): boolean {
  let open = false;
  for (const char of template) {
    if (char === '{') {
      if (open) return false;
      open = true;
    } else if (char === '}') {
      if (!open) return false;
      open = false;
    }
  }
  return !open;
}

function assertName(kind: string, name: string, source: string): void {
  if (!MCP_NAME_PATTERN.test(name)) throw new InvalidNameError(kind, name, source);
}

/** Wire objects carry no `undefined` keys, so the JSON and the cached object agree. */
function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** Whether a prompt argument's schema accepts what every prompt argument is on the wire: a string. */
function takesStrings(field: z.ZodType): boolean {
  return coerces(field) || allowsString(z.toJSONSchema(field, { io: 'input', unrepresentable: 'any' }));
}

/** A coercing schema (`z.coerce.number()`), also inside `optional`, `default` or a pipe. */
function coerces(field: z.ZodType): boolean {
  const def = field._zod.def as { coerce?: boolean; innerType?: z.ZodType; in?: z.ZodType };
  return (
    def.coerce === true ||
    (def.innerType !== undefined && coerces(def.innerType)) ||
    (def.in !== undefined && coerces(def.in))
  );
}

function allowsString(schema: Record<string, unknown>): boolean {
  const { type, anyOf, oneOf } = schema as { type?: unknown; anyOf?: object[]; oneOf?: object[] };
  if (type === 'string' || (Array.isArray(type) && type.includes('string'))) return true;
  const alternatives = anyOf ?? oneOf;
  if (alternatives) return alternatives.some((alternative) => allowsString(alternative as Record<string, unknown>));
  // No type and no alternatives: anything goes (`z.any()`, `z.unknown()`).
  return type === undefined && !('const' in schema) && !('enum' in schema) && !('allOf' in schema);
}
