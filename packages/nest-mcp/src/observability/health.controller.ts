import { Controller, Get, HttpCode, ServiceUnavailableException } from '@nestjs/common';
import { McpLifecycle } from '../lifecycle/mcp-lifecycle.service.js';
import { ReadinessChecks } from './readiness-checks.service.js';

/** Kubernetes-style probes: liveness is the process; readiness is "send me traffic". */
@Controller('health')
export class HealthController {
  constructor(
    private readonly lifecycle: McpLifecycle,
    private readonly checks: ReadinessChecks,
  ) {}

  @Get('live')
  @HttpCode(200)
  live() {
    return { status: 'ok' };
  }

  @Get('ready')
  async ready() {
    if (this.lifecycle.isDraining) throw new ServiceUnavailableException({ status: 'draining' });
    const failing = await this.checks.failing();
    if (failing.length > 0) throw new ServiceUnavailableException({ status: 'unavailable', failing });
    return { status: 'ready' };
  }
}
