// The Prism mock server for a test file: the shared one named by $PRISM_URL (scripts/test and
// test.sh start one for every suite), or one started here with tests/prism/start.sh and
// stopped by stop().
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const prismDir = fileURLToPath(new URL('../../../tests/prism/', import.meta.url));

export function startPrism() {
  if (process.env.PRISM_URL) return { url: process.env.PRISM_URL, stop() {} };
  const out = execFileSync('bash', [`${prismDir}start.sh`], {
    env: { ...process.env, PRISM_VERBOSE: 'warn' },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const vars = Object.fromEntries(
    out
      .split('\n')
      .map((line) => line.match(/^(PRISM_\w+)=(.*)$/))
      .filter(Boolean)
      .map((m) => [m[1], m[2].replace(/^['"]|['"]$/g, '')]),
  );
  if (!vars.PRISM_URL) throw new Error(`start.sh printed no PRISM_URL:\n${out}`);
  return {
    url: vars.PRISM_URL,
    stop() {
      execFileSync('bash', [`${prismDir}stop.sh`], {
        env: { ...process.env, PRISM_PID: vars.PRISM_PID },
        stdio: 'ignore',
      });
    },
  };
}
