#!/usr/bin/env node
// Builds the web app (web/ → web/dist) that the API serves at `/`. Its dependencies live in
// web/package.json and are installed (npm ci) when missing or older than web/package-lock.json.
// The build is skipped when web/dist is newer than every source file, so `npm run build` stays
// quick and test files that rebuild the API never rewrite web/dist under a running browser test.
const { existsSync, readdirSync, statSync } = require('node:fs');
const { execSync } = require('node:child_process');
const { join } = require('node:path');

const web = join(__dirname, '..', 'web');
const marker = join(web, 'node_modules', '.package-lock.json');
const lock = join(web, 'package-lock.json');
if (!existsSync(marker) || statSync(marker).mtimeMs < statSync(lock).mtimeMs) {
  process.stdout.write('Installing the web app dependencies (npm ci in web/)…\n');
  execSync('npm ci --no-audit --no-fund', { cwd: web, stdio: 'inherit' });
}

/** Newest modification time under `path` (a file or a directory). */
function newest(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((max, name) => Math.max(max, newest(join(path, name))), stat.mtimeMs);
}

const built = join(web, 'dist', 'index.html');
const sources = ['src', 'index.html', 'package.json', 'package-lock.json', 'vite.config.ts', 'tsconfig.json'];
const force = process.argv.includes('--force');
const upToDate =
  !force &&
  existsSync(built) &&
  statSync(built).mtimeMs >=
    Math.max(
      ...sources
        .map((s) => join(web, s))
        .filter(existsSync)
        .map(newest),
    );
if (upToDate) {
  process.stdout.write('web/dist is up to date.\n');
} else {
  process.stdout.write('Building the web app (web/dist)…\n');
  // Always a production bundle, even when called from jest (NODE_ENV=test would leak into it).
  execSync('npm run build --silent', {
    cwd: web,
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production' },
  });
}
