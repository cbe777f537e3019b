// Decodes resources with @grpc/grpc-js-xds's own resource types, the way its xDS client validates what it
// receives, and prints every resource it would NACK. Input: a JSON file [{typeUrl, name, base64}].
// Run: node validate-proxyless.js resources.json   (needs protos/node_modules from `dotnet build`)
'use strict';
const path = require('path');
const fs = require('fs');
const root = path.join(__dirname, '../../../protos/node_modules/@grpc/grpc-js-xds');
// Registers the HTTP filters and load balancers the client knows, exactly as an application does.
require(root).register();
const xds = path.join(root, 'build/src/xds-resource-type');
const types = {
  'type.googleapis.com/envoy.config.listener.v3.Listener': require(path.join(xds, 'listener-resource-type')).ListenerResourceType,
  'type.googleapis.com/envoy.config.route.v3.RouteConfiguration': require(path.join(xds, 'route-config-resource-type')).RouteConfigurationResourceType,
  'type.googleapis.com/envoy.config.cluster.v3.Cluster': require(path.join(xds, 'cluster-resource-type')).ClusterResourceType,
  'type.googleapis.com/envoy.config.endpoint.v3.ClusterLoadAssignment': require(path.join(xds, 'endpoint-resource-type')).EndpointResourceType,
};
const context = { bootstrap: { certificateProviders: {}, servers: [], node: {} }, server: {} };
let failures = 0;
for (const resource of JSON.parse(fs.readFileSync(process.argv[2], 'utf8'))) {
  const type = types[resource.typeUrl];
  if (!type) { continue; }
  let result;
  try {
    result = type.get().decode(context, { type_url: resource.typeUrl, value: Buffer.from(resource.base64, 'base64') });
  } catch (e) {
    result = { error: `threw ${e.message}` };
  }
  if (result.error) {
    failures++;
    console.log(`NACK ${resource.name}: ${result.error}`);
  }
}
console.log(`${failures} resource(s) would be NACKed`);
process.exitCode = failures === 0 ? 0 : 1;
