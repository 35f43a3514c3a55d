import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Before the browser tests: the web app must be built (the test systems serve web/dist) and
 * Chromium installed. Both scripts do nothing when everything is already in place.
 */
export default function globalSetup(): void {
  const root = join(__dirname, '..', '..');
  execFileSync(process.execPath, [join(root, 'scripts/build-web.js')], { cwd: root, stdio: 'inherit' });
  execFileSync(process.execPath, [join(root, 'scripts/ensure-browser.js')], { cwd: root, stdio: 'inherit' });
  if (!existsSync(join(root, 'web/dist/index.html')))
    throw new Error('web/dist/index.html missing after the build');
}
