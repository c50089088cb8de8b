import * as echarts from 'echarts';
import type { EChartsOption } from 'echarts';
import type { ScalingReport, SyncReport, ToolLatencyReport } from '../bench-report.js';
import type { SyncSample } from '../sync/sync-process.js';

/** Rate over a sliding window: pages commit 150 conversations at a time, so shorter windows saw-tooth. */
const RATE_WINDOW_MS = 10_000;

/** Renders a chart to an SVG string with ECharts' server-side renderer (no browser, no canvas). */
function renderSvg(option: EChartsOption, width = 900, height = 420): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption({ animation: false, backgroundColor: '#ffffff', ...option });
    return chart.renderToSVGString();
  } finally {
    // Disposing stops ECharts' animation loop, which would otherwise keep the process alive.
    chart.dispose();
  }
}

/** Conversations written per second at each sample, over the trailing window. */
export function syncRateSeries(samples: readonly SyncSample[]): [number, number][] {
  const points: [number, number][] = [];
  let start = 0;
  for (const sample of samples) {
    while (start < samples.length - 1 && samples[start]!.tMs < sample.tMs - RATE_WINDOW_MS) start++;
    const first = samples[start]!;
    const seconds = (sample.tMs - first.tMs) / 1000;
    if (seconds <= 0) continue;
    const rate = (sample.conversationsWritten - first.conversationsWritten) / seconds;
    points.push([Math.round(sample.tMs / 100) / 10, Math.round(rate * 10) / 10]);
  }
  return points;
}

export function syncRateChart(sync: SyncReport): string {
  const rate = syncRateSeries(sync.samples);
  const ceiling = sync.ceilingConversationsPerSecond;
  const span = [rate[0]?.[0] ?? 0, rate.at(-1)?.[0] ?? 0];
  // Reference levels as flat series (not markLines), so the axis always reaches them.
  const level = (name: string, value: number, type: 'dashed' | 'dotted'): Record<string, unknown> => ({
    name,
    type: 'line',
    showSymbol: false,
    lineStyle: { type },
    data: span.map((t) => [t, Math.round(value * 10) / 10]),
  });
  return renderSvg({
    title: {
      text: `Full sync: conversations/s over time (${sync.latencyMs} ms median latency, ${sync.rateLimitPerMinute}/min)`,
      left: 'center',
      textStyle: { fontSize: 14 },
    },
    legend: { bottom: 0, itemGap: 24 },
    grid: { left: 60, right: 30, top: 50, bottom: 70 },
    xAxis: { type: 'value', name: 'seconds', nameLocation: 'middle', nameGap: 28 },
    yAxis: { type: 'value', name: 'conversations/s' },
    series: [
      { name: `written/s (${RATE_WINDOW_MS / 1000} s window)`, type: 'line', showSymbol: false, data: rate },
      ...(ceiling === null
        ? []
        : [
            level('rate-limit ceiling', ceiling, 'dashed'),
            level('target: 0.9 x ceiling', ceiling * 0.9, 'dotted'),
          ]),
    ],
  });
}

export function queryLatencyChart(queries: Record<string, ToolLatencyReport>): string {
  const tools = Object.keys(queries);
  const stat = (key: 'p50Ms' | 'p95Ms' | 'p99Ms'): number[] => tools.map((tool) => queries[tool]![key]);
  return renderSvg(
    {
      title: {
        text: 'Query latency per MCP tool (ms) against its p95 target',
        left: 'center',
        textStyle: { fontSize: 14 },
      },
      legend: { bottom: 0, itemGap: 24 },
      grid: { left: 60, right: 30, top: 50, bottom: 110 },
      xAxis: { type: 'category', data: tools, axisLabel: { rotate: 20, fontSize: 11 } },
      yAxis: { type: 'value', name: 'ms' },
      series: [
        { name: 'p50', type: 'bar', data: stat('p50Ms') },
        { name: 'p95', type: 'bar', data: stat('p95Ms') },
        { name: 'p99', type: 'bar', data: stat('p99Ms') },
        {
          name: 'p95 target',
          type: 'scatter',
          symbol: 'rect',
          symbolSize: [36, 3],
          data: tools.map((tool) => queries[tool]!.targetMs),
        },
      ],
    },
    1000,
    460,
  );
}

export function scalingChart(scaling: ScalingReport): string {
  const tools = Object.keys(scaling.points[0]?.p95Ms ?? {});
  return renderSvg(
    {
      title: {
        text: 'Query p95 (ms, MCP) against conversations stored, log-log',
        left: 'center',
        textStyle: { fontSize: 14 },
      },
      legend: { bottom: 0, itemGap: 24 },
      tooltip: {},
      grid: { left: 60, right: 30, top: 50, bottom: 120 },
      xAxis: { type: 'log', name: 'conversations', nameLocation: 'middle', nameGap: 28 },
      yAxis: { type: 'log', name: 'p95 ms' },
      series: tools.map((tool) => ({
        name: tool,
        type: 'line',
        data: scaling.points.map((point) => [point.conversations, Math.max(point.p95Ms[tool]!, 0.001)]),
      })),
    },
    1000,
    520,
  );
}
