'use strict';
// gRPC backend for end-to-end tests: serves e2e.Echo on 127.0.0.1, insecure.
//
//   node backend.js --port P --name NAME [--fail-first N] [--fail-first-attempt 1]
//                   [--delay-ms D] [--hosts 127.0.0.1,127.0.0.2]
//
// --port 0 picks a free port. The first N Hello calls fail with UNAVAILABLE
// (default 0). --fail-first-attempt 1: the first call with each request name
// fails with UNAVAILABLE, a repeat of it succeeds (a retry succeeds whatever
// other callers do meanwhile). --delay-ms: every reply waits D ms. --hosts:
// listen on each of these loopback addresses (same port). On start prints one
// line to stdout:
//   {"event":"listening","port":<port>,"name":"NAME"}
// Exits on SIGTERM/SIGINT or when stdin reaches EOF, so keep stdin a pipe.

const {
  protosRequire, loadEcho, parseArgs, parseNonNegativeInt, emit, log, exitOnBrokenStdout,
} = require('./common');

const grpc = protosRequire('@grpc/grpc-js');

function main() {
  let port;
  let name;
  let failFirst;
  let failFirstAttempt;
  let delayMs;
  let hosts;
  try {
    const args = parseArgs(process.argv.slice(2), ['port', 'name', 'fail-first', 'fail-first-attempt', 'delay-ms', 'hosts']);
    if (args.port === undefined || args.name === undefined) {
      throw new Error('--port and --name are required');
    }
    port = parseNonNegativeInt(args.port, '--port');
    if (port > 65535) {
      throw new Error(`--port out of range: ${port}`);
    }
    name = args.name;
    failFirst = parseNonNegativeInt(args['fail-first'] ?? '0', '--fail-first');
    failFirstAttempt = parseNonNegativeInt(args['fail-first-attempt'] ?? '0', '--fail-first-attempt') > 0;
    delayMs = parseNonNegativeInt(args['delay-ms'] ?? '0', '--delay-ms');
    hosts = (args.hosts ?? '127.0.0.1').split(',');
    if (hosts.some((h) => !/^127\.\d+\.\d+\.\d+$/.test(h))) {
      throw new Error(`--hosts must be loopback addresses: ${args.hosts}`);
    }
  } catch (err) {
    log('usage: node backend.js --port P --name NAME [--fail-first N] [--fail-first-attempt 1] [--delay-ms D] [--hosts A,B]:', err.message);
    process.exit(2);
  }

  exitOnBrokenStdout();
  const echo = loadEcho(grpc);
  const server = new grpc.Server();
  let calls = 0;
  const seen = new Set();

  server.addService(echo.Echo.service, {
    Hello(call, callback) {
      calls++;
      if (calls <= failFirst) {
        callback({
          code: grpc.status.UNAVAILABLE,
          details: `backend ${name} failing call ${calls} of ${failFirst}`,
        });
        return;
      }
      if (failFirstAttempt && !seen.has(call.request.name)) {
        seen.add(call.request.name);
        callback({ code: grpc.status.UNAVAILABLE, details: `backend ${name} failing the first attempt of ${call.request.name}` });
        return;
      }
      const reply = () => callback(null, { message: 'hello ' + call.request.name, backend: name });
      if (delayMs > 0) {
        setTimeout(reply, delayMs);
      } else {
        reply();
      }
    },
  });

  let stopping = false;
  function stop(reason) {
    if (stopping) {
      return;
    }
    stopping = true;
    log(`stopping (${reason}) after ${calls} calls`);
    // Give in-flight calls a moment, then force.
    const force = setTimeout(() => {
      server.forceShutdown();
      process.exit(0);
    }, 1000);
    force.unref();
    server.tryShutdown(() => process.exit(0));
  }

  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  process.stdin.on('end', () => stop('stdin closed'));
  process.stdin.on('close', () => stop('stdin closed'));
  process.stdin.on('error', () => stop('stdin error'));
  process.stdin.resume();

  function bind(index, chosenPort) {
    server.bindAsync(`${hosts[index]}:${chosenPort}`, grpc.ServerCredentials.createInsecure(), (err, actualPort) => {
      if (err) {
        log('bind failed:', err.message);
        process.exit(1);
      }
      if (stopping) {
        return;
      }
      if (index + 1 < hosts.length) {
        bind(index + 1, actualPort);
        return;
      }
      log(`listening on ${hosts.join(',')}:${actualPort} as ${name}, fail-first ${failFirst}`);
      emit({ event: 'listening', port: actualPort, name });
    });
  }

  bind(0, port);
}

main();
