// Bundles the browser side into ../wwwroot/dist: designer.js/.css,
// live.js/.css and task-form.js, plus the fonts bpmn-js needs under dist/assets. No CDN.
//
//   node esbuild.mjs          production build (minified, with source maps)
//   node esbuild.mjs --dev    unminified
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const here = path.dirname(fileURLToPath(import.meta.url));
const outdir = path.resolve(here, '../wwwroot/dist');
const dev = process.argv.includes('--dev');

await rm(outdir, { recursive: true, force: true });

const result = await esbuild.build({
  absWorkingDir: here,
  entryPoints: {
    designer: 'src/designer/index.js',
    live: 'src/live/index.js',
    'task-form': 'src/task-form/index.js'
  },
  outdir,
  bundle: true,
  format: 'iife',
  platform: 'browser',
  target: ['es2020', 'chrome100', 'firefox100', 'safari15'],
  minify: !dev,
  sourcemap: 'linked',
  legalComments: 'linked',
  charset: 'utf8',
  metafile: true,
  logLevel: 'warning',
  define: { 'process.env.NODE_ENV': dev ? '"development"' : '"production"' },
  loader: {
    '.bpmn': 'text',
    '.woff': 'file',
    '.woff2': 'file',
    '.ttf': 'file',
    '.eot': 'file',
    '.svg': 'file',
    '.png': 'file'
  },
  assetNames: 'assets/[name]-[hash]'
});

const rows = Object.entries(result.metafile.outputs)
  .filter(([file]) => !file.endsWith('.map'))
  .map(
    ([file, { bytes }]) =>
      `${path.relative(outdir, path.resolve(here, file)).padEnd(40)} ${(bytes / 1024).toFixed(1).padStart(8)} KiB`
  );
console.log(
  `ClientApp: bundle written to ${path.relative(process.cwd(), outdir) || '.'}\n  ${rows.join('\n  ')}`
);
