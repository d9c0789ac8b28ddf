import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'vitest';

/** A span as an OTLP/HTTP JSON export carries it, its attributes flattened. */
export interface ReceivedSpan {
  service: string;
  /** The exporting process's id (the SDK's resource): which instance a span came from. */
  pid: number;
  scope: string;
  name: string;
  kind: number;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  attributes: Record<string, unknown>;
  links: { traceId: string; spanId: string }[];
  status?: { code?: number };
}

/** OTLP span kinds. */
export const SpanKindCode = { internal: 1, server: 2, client: 3, consumer: 5 } as const;

interface OtlpValue {
  stringValue?: string;
  intValue?: string | number;
  boolValue?: boolean;
  doubleValue?: number;
}
interface OtlpExport {
  resourceSpans?: {
    resource?: { attributes?: { key: string; value: OtlpValue }[] };
    scopeSpans?: {
      scope?: { name?: string };
      spans?: (Omit<ReceivedSpan, 'attributes' | 'service' | 'scope' | 'links'> & {
        attributes?: { key: string; value: OtlpValue }[];
        links?: { traceId: string; spanId: string }[];
      })[];
    }[];
  }[];
}

const valueOf = (value: OtlpValue): unknown =>
  value.stringValue ?? (value.intValue !== undefined ? Number(value.intValue) : (value.boolValue ?? value.doubleValue));
const flatten = (attributes: { key: string; value: OtlpValue }[] = []) =>
  Object.fromEntries(attributes.map(({ key, value }) => [key, valueOf(value)]));

/** An OTLP/HTTP collector on 127.0.0.1 that keeps what `/v1/traces` receives (JSON: `http/json`). */
export class OtlpReceiver {
  readonly spans: ReceivedSpan[] = [];
  /** Requests that were not a JSON trace export (a protobuf one would land here). */
  readonly rejected: string[] = [];
  private server?: Server;

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        try {
          if (req.url !== '/v1/traces') throw new Error(`unexpected path ${req.url}`);
          this.receive(JSON.parse(Buffer.concat(chunks).toString('utf8')) as OtlpExport);
          res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
        } catch (error) {
          this.rejected.push(`${req.url} ${req.headers['content-type']}: ${(error as Error).message}`);
          res.writeHead(400).end();
        }
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await new Promise((resolve) => this.server?.close(resolve));
  }

  /** The first span that matches, once it has arrived (exports are batched). */
  async span(matches: (span: ReceivedSpan) => boolean, timeout = 5_000): Promise<ReceivedSpan> {
    await expect.poll(() => this.spans.some(matches), { timeout }).toBe(true);
    return this.spans.find(matches)!;
  }

  private receive(body: OtlpExport): void {
    for (const resourceSpans of body.resourceSpans ?? []) {
      const resource = flatten(resourceSpans.resource?.attributes);
      const service = String(resource['service.name']);
      const pid = Number(resource['process.pid']);
      for (const scopeSpans of resourceSpans.scopeSpans ?? []) {
        for (const span of scopeSpans.spans ?? []) {
          this.spans.push({
            ...span,
            service,
            pid,
            scope: scopeSpans.scope?.name ?? '',
            parentSpanId: span.parentSpanId || undefined,
            attributes: flatten(span.attributes),
            links: span.links ?? [],
          });
        }
      }
    }
  }
}
