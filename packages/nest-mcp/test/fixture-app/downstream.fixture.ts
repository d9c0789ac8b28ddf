import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { Tool } from '../../src/index.js';

/** A tool that calls a downstream HTTP service (`FIXTURE_DOWNSTREAM_URL`): its call is the tool span's child. */
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
}
