import { fromJsonSchema, type StandardSchemaV1 } from '@modelcontextprotocol/server';
import { z } from 'zod';
import { InvalidSchemaError } from '../errors/declaration.errors.js';
import { clip, MESSAGE_CHARS } from '../errors/clip.js';
import type { JsonSchemaObject } from '../decorators/tool.decorator.js';

export type ValidationOutcome = { ok: true; value: Record<string, unknown> } | { ok: false; message: string };

/** An object schema compiled once at registration: its wire form and its validator. */
export interface CompiledObjectSchema {
  /** JSON Schema 2020-12, as advertised to clients. */
  readonly json: Record<string, unknown>;
  validate(value: unknown): ValidationOutcome | Promise<ValidationOutcome>;
}

const isZodSchema = (schema: unknown): schema is z.ZodType =>
  typeof schema === 'object' && schema !== null && '_zod' in schema;

export const EMPTY_OBJECT_SCHEMA: CompiledObjectSchema = {
  json: { type: 'object', properties: {} },
  validate: (value) =>
    value === undefined || (typeof value === 'object' && value !== null && !Array.isArray(value))
      ? { ok: true, value: (value ?? {}) as Record<string, unknown> }
      : { ok: false, message: 'arguments must be an object' },
};

/**
 * Compiles a zod schema or a raw JSON Schema whose root must be an object.
 * Throws `InvalidSchemaError` naming `source` when it is not.
 */
export function compileObjectSchema(
  schema: z.ZodType | JsonSchemaObject,
  kind: string,
  source: string,
  io: 'input' | 'output' = 'input',
): CompiledObjectSchema {
  const json = toJsonSchema(schema, kind, source, io);
  if (json.type !== 'object') {
    throw new InvalidSchemaError(kind, source, 'the root must be an object schema');
  }
  const standard: StandardSchemaV1 = isZodSchema(schema) ? schema : fromJsonSchema(schema as never);
  return {
    json,
    validate: (value) => settle(standard['~standard'].validate(value)),
  };
}

function toJsonSchema(
  schema: z.ZodType | JsonSchemaObject,
  kind: string,
  source: string,
  io: 'input' | 'output',
): Record<string, unknown> {
  if (!isZodSchema(schema)) {
    if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) {
      throw new InvalidSchemaError(kind, source, 'expected a zod schema or a JSON Schema object');
    }
    return schema;
  }
  try {
    const { $schema: _dialect, ...json } = z.toJSONSchema(schema, {
      target: 'draft-2020-12',
      io,
    }) as Record<string, unknown>;
    return json;
  } catch (error) {
    throw new InvalidSchemaError(kind, source, (error as Error).message);
  }
}

function settle(
  result: StandardSchemaV1.Result<unknown> | Promise<StandardSchemaV1.Result<unknown>>,
): ValidationOutcome | Promise<ValidationOutcome> {
  return result instanceof Promise ? result.then(toOutcome) : toOutcome(result);
}

function toOutcome(result: StandardSchemaV1.Result<unknown>): ValidationOutcome {
  if (!result.issues) return { ok: true, value: result.value as Record<string, unknown> };
  const message = result.issues
    .map((issue) => {
      const path = (issue.path ?? []).map((segment) => (typeof segment === 'object' ? segment.key : segment)).join('.');
      return path ? `${path}: ${issue.message}` : issue.message;
    })
    .join('; ');
  // Issues name the client's keys and may be many: the message is clipped like any quoted input.
  return { ok: false, message: clip(message, MESSAGE_CHARS) };
}
