// Minifies the page's JavaScript into dist/ (wasm/CMakeLists.txt, target `dist`): the sources in web/ and
// emscripten's console.js stays as written; only the copies that are served are minified
// (docs/PERFORMANCE.md "Transfer size, round 2": 13 KB of the gzip total).
//   node scripts/minify.mjs TERSER_DIR OUT_DIR FILE...
// TERSER_DIR is terser's package folder (node_modules/terser, from package-lock.json).
// Every file is compressed and its local names shortened. console.js also has its top-level names
// shortened: it is emscripten's classic script, and the one global the other scripts share with it is
// `Module` (web/shell.js and web/sw.js create it; console.js fills it), which keeps its name. The other
// files keep their top-level names (shell.js defines window.zcShell, and so on); sw.js imports console.js
// into its own global scope, where its long names cannot meet console.js's short ones.
import { createRequire } from 'node:module';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const [terserDir, outDir, ...files] = process.argv.slice(2);
if (!terserDir || !outDir || files.length === 0) {
  console.error('usage: node scripts/minify.mjs TERSER_DIR OUT_DIR FILE...');
  process.exit(2);
}
const { minify } = createRequire(import.meta.url)(path.resolve(terserDir));

for (const file of files) {
  const name = path.basename(file);
  const topLevel = name === 'console.js';
  const options = {
    compress: { passes: 2, toplevel: topLevel },
    mangle: { toplevel: topLevel, reserved: ['Module'] },
    format: { comments: false },
  };
  const result = await minify(readFileSync(file, 'utf8'), options);
  writeFileSync(path.join(outDir, name), result.code);
}
