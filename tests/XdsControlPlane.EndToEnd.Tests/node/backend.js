'use strict';
// gRPC backend for end-to-end tests: serves e2e.Echo on 127.0.0.1, insecure.
//
//   node backend.js --port P --name NAME [--fail-first N]
//
// --port 0 picks a free port. The first N Hello calls fail with UNAVAILABLE
// (default 0). On start prints one line to stdout:
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
  try {
    const args = parseArgs(process.argv.slice(2), ['port', 'name', 'fail-first']);
    if (args.port === undefined || args.name === undefined) {
      throw new Error('--port and --name are required');
    }
    port = parseNonNegativeInt(args.port, '--port');
    if (port > 65535) {
      throw new Error(`--port out of range: ${port}`);
    }
    name = args.name;
    failFirst = parseNonNegativeInt(args['fail-first'] ?? '0', '--fail-first');
  } catch (err) {
    log('usage: node backend.js --port P --name NAME [--fail-first N]:', err.message);
    process.exit(2);
  }

  exitOnBrokenStdout();
  const echo = loadEcho(grpc);
  const server = new grpc.Server();
  let calls = 0;

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
      callback(null, { message: 'hello ' + call.request.name, backend: name });
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

  server.bindAsync(`127.0.0.1:${port}`, grpc.ServerCredentials.createInsecure(), (err, actualPort) => {
    if (err) {
      log('bind failed:', err.message);
      process.exit(1);
    }
    if (stopping) {
      return;
    }
    log(`listening on 127.0.0.1:${actualPort} as ${name}, fail-first ${failFirst}`);
    emit({ event: 'listening', port: actualPort, name });
  });
}

main();
