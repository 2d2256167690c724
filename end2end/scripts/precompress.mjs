// Writes brotli (quality 11) and gzip (level 9) copies beside the built
// CSS, JS and wasm, which the server sends as they are to browsers that
// accept them. Compressing this hard once, at build time, costs nothing
// per request. Usage: node precompress.mjs <site pkg dir>
import { readdirSync, readFileSync, writeFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync, constants } from 'node:zlib';

const dir = process.argv[2];
if (!dir) {
  console.error('usage: node precompress.mjs <dir>');
  process.exit(2);
}
for (const name of readdirSync(dir)) {
  if (!/\.(wasm|js|css)$/.test(name)) continue;
  const path = join(dir, name);
  const raw = readFileSync(path);
  const br = brotliCompressSync(raw, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: 11,
      [constants.BROTLI_PARAM_SIZE_HINT]: statSync(path).size,
    },
  });
  const gz = gzipSync(raw, { level: 9 });
  writeFileSync(`${path}.br`, br);
  writeFileSync(`${path}.gz`, gz);
  console.log(`${name}: ${raw.length} bytes, brotli ${br.length}, gzip ${gz.length}`);
}
