#!/usr/bin/env node
// The browser tests drive Debian's Chromium through playwright-core. Installs it (with CJK fonts,
// so screenshots show the Chinese) when it is missing — CI machines are Debian and run as root.
const { existsSync } = require('node:fs');
const { execSync } = require('node:child_process');

const CHROMIUM = '/usr/bin/chromium';
if (!existsSync(CHROMIUM)) {
  process.stdout.write(`${CHROMIUM} missing: installing chromium and fonts-noto-cjk (apt-get)…\n`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execSync('apt-get update', { stdio: 'inherit', env });
  execSync('apt-get install -y --no-install-recommends chromium fonts-noto-cjk', { stdio: 'inherit', env });
  if (!existsSync(CHROMIUM)) {
    process.stderr.write(`apt-get finished but ${CHROMIUM} is still missing\n`);
    process.exit(1);
  }
}
