import { Registry, type Metric, type OpenMetricsContentType } from 'prom-client';

/**
 * Whether a scraper's `Accept` prefers OpenMetrics to Prometheus text, as
 * Prometheus does by default (OpenMetrics is the format that carries
 * exemplars); any version counts, and a missing header means text.
 */
export function prefersOpenMetrics(accept: string | undefined): boolean {
  let openMetrics = 0;
  let text = 0;
  for (const range of accept?.split(',') ?? []) {
    const [type, ...params] = range.split(';').map((part) => part.trim().toLowerCase());
    const q = Number(params.find((param) => param.startsWith('q='))?.slice(2) ?? 1);
    if (!(q >= 0)) continue;
    if (type === 'application/openmetrics-text') openMetrics = Math.max(openMetrics, q);
    else if (type === 'text/plain') text = Math.max(text, q);
  }
  return openMetrics > 0 && openMetrics >= text;
}

/**
 * `registry`'s metrics as OpenMetrics text, leaving the registry as it was.
 * prom-client's own OpenMetrics rendering renames every counter in place
 * (strips `_total` off the metric object), which breaks every later
 * Prometheus-text scrape; so it renders a throwaway registry of the same
 * metric objects, with each counter behind a view that carries the family
 * name. No metric is copied: observations are made once, read by both formats.
 */
export function renderOpenMetrics(registry: Registry): Promise<string> {
  const view = new Registry<OpenMetricsContentType>();
  view.setContentType(Registry.OPENMETRICS_CONTENT_TYPE);
  for (const metric of registry.getMetricsAsArray() as unknown as Metric[]) {
    view.registerMetric(isCounter(metric) ? counterFamily(metric) : metric);
  }
  return view.metrics();
}

const isCounter = (metric: Metric): boolean => (metric as { type?: string }).type === 'counter';

/** A counter as its OpenMetrics family (`mcp_requests` for `mcp_requests_total`), values read from the counter itself. */
function counterFamily(counter: Metric): Metric {
  const name = (counter as unknown as { name: string }).name.replace(/_total$/, '');
  const family = {
    name,
    type: 'counter',
    get: async () => ({ ...(await counter.get()), name }),
  };
  return family as unknown as Metric;
}
