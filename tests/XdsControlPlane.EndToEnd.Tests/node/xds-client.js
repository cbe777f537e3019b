'use strict';
// Long-lived proxyless gRPC xDS client for end-to-end tests, driven by JSON lines.
//
//   node xds-client.js --xds-server HOST:PORT --node-id ID --target NAME
//                      [--node-cluster C] [--metadata '{"k":"v"}']
//
// Dials xds:///NAME with @grpc/grpc-js-xds and calls e2e.Echo/Hello on request.
// stdout: one JSON object per line (see README.md). Diagnostics: stderr only.

const {
  protosRequire, loadEcho, parseArgs, parseNonNegativeInt, emit, log, statusName, exitOnBrokenStdout,
} = require('./common');

const MAX_ERRORS = 5;
const DEFAULT_CALL_DEADLINE_MS = 2000;
const DEFAULT_WAIT_TIMEOUT_MS = 10000;
const WAIT_ATTEMPT_DEADLINE_MS = 1000;
const WAIT_PAUSE_MS = 100;

function usageExit(message) {
  log('usage: node xds-client.js --xds-server HOST:PORT --node-id ID --target NAME'
    + ' [--node-cluster C] [--metadata JSON]:', message);
  process.exit(2);
}

let args;
let nodeMetadata;
try {
  args = parseArgs(process.argv.slice(2), ['xds-server', 'node-id', 'target', 'node-cluster', 'metadata']);
  for (const required of ['xds-server', 'node-id', 'target']) {
    if (!args[required]) {
      throw new Error(`--${required} is required`);
    }
  }
  if (args.metadata !== undefined) {
    nodeMetadata = JSON.parse(args.metadata);
    if (typeof nodeMetadata !== 'object' || nodeMetadata === null || Array.isArray(nodeMetadata)) {
      throw new Error('--metadata must be a JSON object');
    }
  }
} catch (err) {
  usageExit(err.message);
}

// The bootstrap must be in the environment before grpc-js-xds reads it (it caches it).
// GRPC_XDS_BOOTSTRAP (a file) would take precedence over the inline config: drop it.
const node = {
  id: args['node-id'],
  locality: { region: 'local', zone: 'a' },
};
if (args['node-cluster'] !== undefined) {
  node.cluster = args['node-cluster'];
}
if (nodeMetadata !== undefined) {
  node.metadata = nodeMetadata;
}
const bootstrap = {
  xds_servers: [{
    server_uri: args['xds-server'],
    channel_creds: [{ type: 'insecure' }],
    server_features: ['xds_v3'],
  }],
  node,
};
if (process.env.GRPC_XDS_BOOTSTRAP !== undefined) {
  log('ignoring GRPC_XDS_BOOTSTRAP from the environment; using the inline bootstrap');
  delete process.env.GRPC_XDS_BOOTSTRAP;
}
process.env.GRPC_XDS_BOOTSTRAP_CONFIG = JSON.stringify(bootstrap);

const grpc = protosRequire('@grpc/grpc-js');
protosRequire('@grpc/grpc-js-xds').register();

exitOnBrokenStdout();
const echo = loadEcho(grpc);
// One client (channel) per target; every channel of the process shares grpc-js-xds's one xDS client.
const clients = new Map();
function clientFor(name) {
  if (!clients.has(name)) {
    clients.set(name, new echo.Echo(`xds:///${name}`, grpc.credentials.createInsecure()));
  }
  return clients.get(name);
}
// Leave idle now so the resolver starts and the ADS stream opens before the first call.
clientFor(args.target).getChannel().getConnectivityState(true);
log(`client for xds:///${args.target}, bootstrap ${process.env.GRPC_XDS_BOOTSTRAP_CONFIG}`);

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function buildMetadata(obj) {
  const metadata = new grpc.Metadata();
  if (obj === undefined || obj === null) {
    return metadata;
  }
  if (typeof obj !== 'object' || Array.isArray(obj)) {
    throw new Error('metadata must be an object of string values');
  }
  for (const [key, value] of Object.entries(obj)) {
    const values = Array.isArray(value) ? value : [value];
    for (const v of values) {
      if (typeof v !== 'string') {
        throw new Error(`metadata value for ${key} must be a string`);
      }
      // Binary headers ("-bin" suffix) are given base64-encoded.
      metadata.add(key, key.toLowerCase().endsWith('-bin') ? Buffer.from(v, 'base64') : v);
    }
  }
  return metadata;
}

// One unary Hello. Resolves to {ok:true, backend} or {ok:false, error:"<CODE> <details>"}.
function hello(target, name, deadlineMs, metadata) {
  return new Promise((resolve) => {
    clientFor(target).Hello({ name }, metadata, { deadline: Date.now() + deadlineMs }, (err, reply) => {
      if (err) {
        // Drop the measured time from deadline messages so repeats dedupe.
        const details = String(err.details)
          .replace(/^Deadline exceeded after [\d.]+s(,\s*)?/, (_m, sep) => (sep ? 'Deadline exceeded: ' : 'Deadline exceeded'));
        resolve({ ok: false, error: `${statusName(grpc, err.code)} ${details}` });
      } else {
        resolve({ ok: true, backend: reply.backend });
      }
    });
  });
}

function optionalInt(value, fallback, what) {
  return value === undefined ? fallback : parseNonNegativeInt(value, what);
}

function targetOf(cmd) {
  return cmd.target === undefined ? args.target : String(cmd.target);
}

async function runCall(cmd) {
  const target = targetOf(cmd);
  const unique = cmd.uniqueNames === true;
  const pauseMs = optionalInt(cmd.pauseMs, 0, 'pauseMs');
  const count = optionalInt(cmd.count, 1, 'count');
  const deadlineMs = optionalInt(cmd.deadlineMs, DEFAULT_CALL_DEADLINE_MS, 'deadlineMs');
  const name = cmd.name === undefined ? 'e2e' : String(cmd.name);
  const metadata = buildMetadata(cmd.metadata);
  const started = Date.now();
  let ok = 0;
  let failed = 0;
  const byBackend = {};
  const errors = [];
  for (let i = 0; i < count; i++) {
    const r = await hello(target, unique ? `${name}-${i}` : name, deadlineMs, metadata.clone());
    if (r.ok) {
      ok++;
      byBackend[r.backend] = (byBackend[r.backend] || 0) + 1;
    } else {
      failed++;
      if (errors.length < MAX_ERRORS && !errors.includes(r.error)) {
        errors.push(r.error);
      }
    }
    if (pauseMs > 0 && i + 1 < count) {
      await sleep(pauseMs);
    }
  }
  emit({ event: 'result', ok, failed, byBackend, errors, elapsedMs: Date.now() - started });
}

async function runWaitOk(cmd) {
  const target = targetOf(cmd);
  const metadata = buildMetadata(cmd.metadata);
  const timeoutMs = optionalInt(cmd.timeoutMs, DEFAULT_WAIT_TIMEOUT_MS, 'timeoutMs');
  const started = Date.now();
  const end = started + timeoutMs;
  let attempts = 0;
  let lastError = '';
  while (true) {
    const remaining = end - Date.now();
    if (remaining <= 0) {
      break;
    }
    attempts++;
    const r = await hello(target, 'wait', Math.min(WAIT_ATTEMPT_DEADLINE_MS, remaining), metadata.clone());
    if (r.ok) {
      emit({ event: 'waitOk', ok: true, attempts, lastError, backend: r.backend, elapsedMs: Date.now() - started });
      return;
    }
    lastError = r.error;
    const pause = Math.min(WAIT_PAUSE_MS, end - Date.now());
    if (pause > 0) {
      await sleep(pause);
    }
  }
  emit({ event: 'waitOk', ok: false, attempts, lastError, elapsedMs: Date.now() - started });
}

let exiting = false;
function shutdown(reason, code = 0) {
  if (exiting) {
    return;
  }
  exiting = true;
  log(`exiting (${reason})`);
  for (const client of clients.values()) {
    try {
      client.close();
    } catch (err) {
      log('close failed:', err.message);
    }
  }
  process.exit(code);
}

async function handleLine(line) {
  let cmd;
  try {
    cmd = JSON.parse(line);
  } catch (err) {
    emit({ event: 'error', message: `not JSON: ${err.message}` });
    return;
  }
  try {
    switch (cmd && cmd.cmd) {
      case 'call':
        await runCall(cmd);
        break;
      case 'waitOk':
        await runWaitOk(cmd);
        break;
      case 'exit':
        shutdown('exit command');
        break;
      default:
        emit({ event: 'error', message: `unknown cmd ${JSON.stringify(cmd && cmd.cmd)}` });
    }
  } catch (err) {
    emit({ event: 'error', message: err.message });
  }
}

// Commands run strictly one after another, in order.
const queue = [];
let busy = false;

async function pump() {
  if (busy) {
    return;
  }
  busy = true;
  while (queue.length > 0 && !exiting) {
    await handleLine(queue.shift());
  }
  busy = false;
}

const readline = require('readline');
const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
rl.on('line', (line) => {
  if (line.trim() === '') {
    return;
  }
  queue.push(line);
  pump();
});
// stdin EOF means the parent is gone (or done): exit at once, even mid-command.
rl.on('close', () => shutdown('stdin closed'));
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));

emit({ event: 'ready' });
