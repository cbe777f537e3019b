'use strict';
// A proxyless gRPC client: it learns listeners, routes, clusters and endpoints from the control plane
// (bootstrap.json next to this file) and calls e2e.Echo/Hello on xds:///<target> a number of times,
// printing which backend answered. Usage: node client.js [target] [calls] [x-canary header value]
const path = require('path');
const { createRequire } = require('module');

const root = path.resolve(__dirname, '../../..');
const requireFromProtos = createRequire(path.join(root, 'protos', 'package.json'));
process.env.GRPC_XDS_BOOTSTRAP = path.join(__dirname, 'bootstrap.json');
const grpc = requireFromProtos('@grpc/grpc-js');
const protoLoader = requireFromProtos('@grpc/proto-loader');
requireFromProtos('@grpc/grpc-js-xds').register();

const [target = 'echo.default.svc:50051', calls = '20', canary] = process.argv.slice(2);
const definition = protoLoader.loadSync(path.join(root, 'tests', 'XdsControlPlane.EndToEnd.Tests', 'node', 'echo.proto'));
const Echo = grpc.loadPackageDefinition(definition).e2e.Echo;
const client = new Echo(`xds:///${target}`, grpc.credentials.createInsecure());

async function main() {
  const counts = {};
  for (let i = 0; i < Number(calls); i++) {
    const metadata = new grpc.Metadata();
    if (canary) metadata.set('x-canary', canary);
    const reply = await new Promise((resolve) => {
      client.Hello({ name: 'quickstart' }, metadata, { deadline: Date.now() + 5000 }, (err, res) =>
        resolve(err ? `error: ${grpc.status[err.code]} ${err.details}` : res.backend));
    });
    counts[reply] = (counts[reply] ?? 0) + 1;
  }
  console.log(JSON.stringify({ target, calls: Number(calls), byBackend: counts }));
  client.close();
}

main();
