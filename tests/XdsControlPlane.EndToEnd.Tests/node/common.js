'use strict';
// Shared helpers for backend.js and xds-client.js.
// The npm packages live in protos/node_modules (pinned by protos/package-lock.json);
// they are loaded from there so this folder needs no node_modules of its own.

const path = require('path');
const { createRequire } = require('module');

const PROTOS_PACKAGE_JSON = path.resolve(__dirname, '../../../protos/package.json');
const ECHO_PROTO = path.join(__dirname, 'echo.proto');

// require() that resolves from protos/, so @grpc/grpc-js and @grpc/grpc-js-xds
// resolve to the same grpc-js instance (the xds plugin registers into it).
const protosRequire = createRequire(PROTOS_PACKAGE_JSON);

function loadEcho(grpc) {
  const protoLoader = protosRequire('@grpc/proto-loader');
  const definition = protoLoader.loadSync(ECHO_PROTO, {
    keepCase: true,
    longs: String,
    enums: String,
    defaults: true,
    oneofs: true,
  });
  return grpc.loadPackageDefinition(definition).e2e;
}

// Parses "--key value" pairs. Every option takes exactly one value.
function parseArgs(argv, known) {
  const result = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) {
      throw new Error(`unexpected argument ${JSON.stringify(arg)}`);
    }
    const key = arg.slice(2);
    if (!known.includes(key)) {
      throw new Error(`unknown option --${key} (known: ${known.map((k) => '--' + k).join(' ')})`);
    }
    if (i + 1 >= argv.length) {
      throw new Error(`option --${key} needs a value`);
    }
    result[key] = argv[++i];
  }
  return result;
}

function parseNonNegativeInt(text, what) {
  if (!/^\d+$/.test(String(text))) {
    throw new Error(`${what} must be a non-negative integer, got ${JSON.stringify(text)}`);
  }
  return Number(text);
}

// One JSON object per stdout line. Writes to a pipe are synchronous on Linux.
function emit(obj) {
  process.stdout.write(JSON.stringify(obj) + '\n');
}

function log(...parts) {
  process.stderr.write(`[${path.basename(process.argv[1] || 'node')} ${process.pid}] ${parts.join(' ')}\n`);
}

// Status name for a numeric gRPC code, e.g. 14 -> "UNAVAILABLE".
function statusName(grpc, code) {
  for (const [name, value] of Object.entries(grpc.status)) {
    if (value === code) {
      return name;
    }
  }
  return String(code);
}

// If the parent goes away its end of our stdout pipe closes: leave quietly.
function exitOnBrokenStdout() {
  process.stdout.on('error', (err) => {
    if (err && err.code === 'EPIPE') {
      process.exit(0);
    }
    throw err;
  });
}

module.exports = {
  protosRequire,
  loadEcho,
  parseArgs,
  parseNonNegativeInt,
  emit,
  log,
  statusName,
  exitOnBrokenStdout,
};
