import { setTimeout as sleep } from 'node:timers/promises';
import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { Tool, type McpContext } from '../../src/index.js';

/** Tools that call a downstream HTTP service (`FIXTURE_DOWNSTREAM_URL`): each call is the tool span's child. */
@Injectable()
export class FixtureDownstreamTools {
  @Tool({
    name: 'fetch_downstream',
    description: 'GETs the downstream service and returns its body',
    input: z.object({}),
  })
  async fetchDownstream(): Promise<string> {
    const response = await fetch(process.env.FIXTURE_DOWNSTREAM_URL!);
    return `downstream said ${await response.text()}`;
  }

  @Tool({
    name: 'fetch_downstream_later',
    task: 'optional',
    description: 'Waits (so that it becomes a task), then GETs the downstream service',
    input: z.object({ delayMs: z.number().int().min(0).max(5_000).default(500) }),
  })
  async fetchDownstreamLater({ delayMs }: { delayMs: number }, ctx: McpContext): Promise<string> {
    await sleep(delayMs, undefined, { signal: ctx.signal });
    const response = await fetch(process.env.FIXTURE_DOWNSTREAM_URL!);
    return `downstream said ${await response.text()}`;
  }
}
