// A recorder process for test/store/transactions.test.ts, bundled with esbuild and run by node:
//   node child.mjs <store> pause <n>    records one scan of n threats and stops, mid-transaction, for a SIGKILL
//   node child.mjs <store> record <k>   records k scans and exits
import { writeSync } from 'node:fs';
import { openStore } from '../../src/store/open.js';
import { newScanId } from '../../src/store/scan-id.js';
import { assetRecord, scanRecord, threat } from '../helpers/scan-records.js';

const [target = '', mode = '', count = '0'] = process.argv.slice(2);
const n = Number(count);

function large(threats: number) {
  const assets = Array.from({ length: threats }, (_, i) => assetRecord(`aws_s3_bucket.b${i}`));
  return scanRecord(
    newScanId(),
    new Date().toISOString(),
    Array.from({ length: threats }, (_, i) =>
      threat(`p${process.pid}-${i}`, { message: `a long message for threat ${i} `.repeat(8) }),
    ),
    assets,
  );
}

if (mode === 'pause') {
  const store = await openStore(target, 'create', {
    beforeCommit: () => {
      writeSync(1, 'in-transaction\n');
      // Block without returning to the event loop: nothing can commit before the parent kills us.
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60_000);
    },
  });
  await store.record(large(n));
  await store.close();
} else if (mode === 'record') {
  const store = await openStore(target, 'create');
  for (let i = 0; i < n; i++) await store.record(large(200));
  await store.close();
  writeSync(1, 'recorded\n');
} else {
  throw new Error(`unknown mode ${mode}`);
}
