// Evaluates a phase flag through the OpenFeature server SDK and its OFREP provider (clients nobody here wrote) for
// targeting keys 1..count, then exercises the bulk endpoint's ETag and the protocol's errors, and prints what the
// client saw as one JSON document.
// usage: node ofrep.mjs <controller base url> <flag> <count>
import { OpenFeature } from '@openfeature/server-sdk';
import { OFREPProvider } from '@openfeature/ofrep-provider';
import { OFREPApi } from '@openfeature/ofrep-core';

const [baseUrl, flag, count] = process.argv.slice(2);
await OpenFeature.setProviderAndWait(new OFREPProvider({ baseUrl }));
const client = OpenFeature.getClient('replyx-rollout-test');

const variants = {};
const reasons = {};
let metadata = null;
for (let i = 1; i <= Number(count); i++) {
  const details = await client.getBooleanDetails(flag, false, { targetingKey: String(i) });
  if (details.errorCode) {
    throw new Error(`key ${i}: ${details.errorCode} ${details.errorMessage}`);
  }
  variants[String(i)] = details.variant;
  reasons[details.reason] = (reasons[details.reason] ?? 0) + 1;
  metadata ??= details.flagMetadata;
}

const missing = await client.getBooleanDetails('replyx.no-such-flag', false, { targetingKey: '1' });
const noKey = await client.getBooleanDetails(flag, false, {});

const api = new OFREPApi(baseUrl);
const first = await api.postBulkEvaluateFlags({ context: { targetingKey: '1' } });
const etag = first.httpResponse.headers.get('ETag');
const again = await api.postBulkEvaluateFlags({ context: { targetingKey: '1' } }, { headers: { 'If-None-Match': etag } });
const other = await api.postBulkEvaluateFlags({ context: { targetingKey: '2' } }, { headers: { 'If-None-Match': etag } });

console.log(JSON.stringify({
  variants,
  reasons,
  metadata,
  missing: { errorCode: missing.errorCode, value: missing.value },
  noKey: { errorCode: noKey.errorCode, value: noKey.value },
  bulk: { status: first.httpStatus, etag, flags: first.value.flags.map(f => `${f.key}=${f.variant}`), again: again.httpStatus, otherKey: other.httpStatus },
}));
await OpenFeature.close();
