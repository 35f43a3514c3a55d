#!/usr/bin/env node
// `npm start`: install if needed, build, and start the whole system (API + worker in one process)
// with the Yantai 2020 demo data on an empty database. Every variable can be overridden.
const { execSync, spawn } = require('node:child_process');
const { join } = require('node:path');

const root = join(__dirname, '..');
execSync('node scripts/ensure-deps.js', { cwd: root, stdio: 'inherit' });
process.stdout.write('Building…\n');
execSync('npm run build --silent', { cwd: root, stdio: 'inherit' });

const env = {
  CE_DEMO: 'true',
  CE_BOOTSTRAP_ADMIN_PASSWORD: 'admin-demo-2020',
  CE_CLOCK: '2020-09-01T09:00:00+08:00',
  CE_CLOCK_CONTROL: 'true',
  ...process.env,
};
const child = spawn(process.execPath, [join(root, 'dist/apps/api/src/main.js')], {
  cwd: root,
  env,
  stdio: 'inherit',
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
