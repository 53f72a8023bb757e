// httpbin (PyPI) on 127.0.0.1 for the Digest test: from $HTTPBIN_PYTHON, else the venv test.sh
// installs it into (outside the repo), else a python3 that has it (scripts/test installs it there).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { homedir } from 'node:os';

const hasHttpbin = (python) => spawnSync(python, ['-c', 'import httpbin.core'], { stdio: 'ignore' }).status === 0;

function findPython() {
  if (process.env.HTTPBIN_PYTHON) return process.env.HTTPBIN_PYTHON;
  const venv = `${homedir()}/.cache/atlas-admin/httpbin-venv/bin/python`;
  if (existsSync(venv) && hasHttpbin(venv)) return venv;
  if (hasHttpbin('python3')) return 'python3';
  throw new Error('httpbin is not installed: run bindings-wasm/test.sh (it installs httpbin in a venv)');
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

function listening(port) {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

export async function startHttpbin() {
  const python = findPython();
  const port = await freePort();
  const child = spawn(python, ['-m', 'httpbin.core', '--host', '127.0.0.1', '--port', String(port)], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => {
    stderr = (stderr + d).slice(-4000);
  });
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (await listening(port)) {
      return { url: `http://127.0.0.1:${port}`, stop: () => child.kill('SIGTERM') };
    }
    if (child.exitCode !== null) throw new Error(`httpbin exited with ${child.exitCode}: ${stderr}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGTERM');
  throw new Error(`httpbin did not listen on 127.0.0.1:${port} within 60 s: ${stderr}`);
}
