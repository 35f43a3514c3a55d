import { type ChildProcess, execSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');

/** Builds the system once per test file that starts it as a real process (incremental, quick when fresh). */
export function buildOnce(): void {
  if (process.env.CE_TEST_SKIP_BUILD === 'true' && existsSync(join(root, 'dist/apps/api/src/main.js')))
    return;
  execSync('npm run build --silent', { cwd: root, stdio: 'inherit' });
}

export interface SystemProcess {
  readonly child: ChildProcess;
  readonly url: string;
  output(): string;
  /** Resolves when the process has exited. */
  readonly exited: Promise<number | null>;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/** Starts `dist/apps/<app>/src/main.js` and waits until it listens. */
export async function startSystemProcess(
  env: Record<string, string>,
  app: 'api' | 'worker' = 'api',
  timeoutMs = 60_000,
): Promise<SystemProcess> {
  const child = spawn(process.execPath, [join(root, `dist/apps/${app}/src/main.js`)], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', PORT: '0', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no "listening" line within ${timeoutMs} ms:\n${output}`)),
      timeoutMs,
    );
    const check = () => {
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`process exited with ${code} before listening:\n${output}`));
    });
  });
  return {
    child,
    url,
    output: () => output,
    exited,
    async kill(signal: NodeJS.Signals = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}
