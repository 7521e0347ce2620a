// A Node service's request durations through the OpenTelemetry JS SDK and its OTLP/HTTP protobuf exporter (code
// nobody here wrote): http.server.request.duration in seconds with the semantic-convention feature-flag attributes,
// from two meters (two scopes in one request), exported as the SDK does by default (explicit buckets, cumulative) or,
// with "exponential-delta", as exponential histograms with delta temporality.
// The first export after a warm-up is what a cumulative stream's reference is; then the measured samples follow.
// usage: node otlp-metrics.mjs <controller base url> <explicit-cumulative|exponential-delta> <flag> <treatment count> <control count>
import { metrics } from '@opentelemetry/api';
import { MeterProvider, PeriodicExportingMetricReader, AggregationType, AggregationTemporality } from '@opentelemetry/sdk-metrics';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';

const [baseUrl, mode, flag, treatmentCount, controlCount] = process.argv.slice(2);
const exponential = mode === 'exponential-delta';
const exporter = new OTLPMetricExporter({
  url: `${baseUrl}/v1/metrics`,
  temporalityPreference: exponential ? AggregationTemporality.DELTA : AggregationTemporality.CUMULATIVE,
});
const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 3_600_000 });
const provider = new MeterProvider({
  resource: resourceFromAttributes({ 'service.name': 'node-search', 'service.instance.id': `node-${process.pid}` }),
  readers: [reader],
  views: exponential ? [{ instrumentName: 'http.server.request.duration', aggregation: { type: AggregationType.EXPONENTIAL_HISTOGRAM } }] : [],
});
metrics.setGlobalMeterProvider(provider);

// The semantic convention's advised bounds for this histogram (what @opentelemetry/instrumentation-http uses).
const advice = { explicitBucketBoundaries: [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10] };
const histograms = ['search-api', 'search-worker'].map(scope =>
  provider.getMeter(scope).createHistogram('http.server.request.duration', { unit: 's', advice }));

// Deterministic latencies: treatment spread over 150-300 ms, control over 75-150 ms (log-uniform).
const at = (i, n, low, high) => low * Math.pow(high / low, (i + 0.5) / n);
function record(variant, n, low, high) {
  for (let i = 0; i < n; i++) {
    histograms[i % 2].record(at(i, n, low, high), {
      'http.route': '/search',
      'http.request.method': 'GET',
      'http.response.status_code': 200,
      'feature_flag.key': flag,
      'feature_flag.result.variant': variant,
    });
  }
}

record('treatment', 10, 0.15, 0.3);
record('control', 10, 0.075, 0.15);
await reader.forceFlush();
for (let half = 0; half < 2; half++) {
  record('treatment', Number(treatmentCount) / 2, 0.15, 0.3);
  record('control', Number(controlCount) / 2, 0.075, 0.15);
  await reader.forceFlush();
}
await provider.shutdown();
console.log(JSON.stringify({ exported: true, mode }));
