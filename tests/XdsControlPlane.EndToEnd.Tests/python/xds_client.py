#!/usr/bin/python3
"""Long-lived proxyless gRPC xDS client on gRPC C-core (Debian's python3-grpcio), driven by JSON lines.

    /usr/bin/python3 xds_client.py --xds-server HOST:PORT --node-id ID [--target NAME]

Speaks the protocol of ../node/xds-client.js (see README.md): one JSON command per stdin line, one JSON
event per stdout line; diagnostics on stderr only. Calls e2e.Echo/Hello generically (no generated code).
"""

import argparse
import json
import os
import sys
import tempfile
import threading
import time

MAX_ERRORS = 5
DEFAULT_CALL_DEADLINE_MS = 2000
DEFAULT_WAIT_TIMEOUT_MS = 10000
WAIT_ATTEMPT_DEADLINE_MS = 1000
WAIT_PAUSE_MS = 100


def log(*parts):
    sys.stderr.write('[xds_client.py %d] %s\n' % (os.getpid(), ' '.join(str(p) for p in parts)))
    sys.stderr.flush()


def emit(obj):
    sys.stdout.write(json.dumps(obj, separators=(',', ':')) + '\n')
    sys.stdout.flush()


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument('--xds-server', required=True)
    parser.add_argument('--node-id', required=True)
    parser.add_argument('--target', default=None)
    parser.add_argument('--node-cluster', default=None)
    parser.add_argument('--metadata', default=None)
    args = parser.parse_args()
    if args.metadata is not None:
        metadata = json.loads(args.metadata)
        if not isinstance(metadata, dict):
            parser.error('--metadata must be a JSON object')
        args.metadata = metadata
    return args


def write_bootstrap(args):
    """Writes the bootstrap file and points GRPC_XDS_BOOTSTRAP at it (before grpc is imported: C-core reads it once)."""
    node = {'id': args.node_id, 'locality': {'region': 'local', 'zone': 'a'}}
    if args.node_cluster is not None:
        node['cluster'] = args.node_cluster
    if args.metadata is not None:
        node['metadata'] = args.metadata
    bootstrap = {
        'xds_servers': [{
            'server_uri': args.xds_server,
            'channel_creds': [{'type': 'insecure'}],
            'server_features': ['xds_v3'],
        }],
        'node': node,
    }
    handle, path = tempfile.mkstemp(prefix='xds-bootstrap-', suffix='.json')
    with os.fdopen(handle, 'w') as f:
        json.dump(bootstrap, f)
    os.environ.pop('GRPC_XDS_BOOTSTRAP_CONFIG', None)
    os.environ['GRPC_XDS_BOOTSTRAP'] = path
    return path


# --- protobuf for e2e.HelloRequest{name=1} / e2e.HelloReply{message=1, backend=2}, by hand -------------------

def varint(value):
    out = bytearray()
    while True:
        bits = value & 0x7F
        value >>= 7
        if value:
            out.append(bits | 0x80)
        else:
            out.append(bits)
            return bytes(out)


def encode_request(name):
    data = name.encode('utf-8')
    return b'\x0a' + varint(len(data)) + data


def decode_reply(data):
    fields = {}
    i = 0
    while i < len(data):
        key, i = read_varint(data, i)
        number, wire = key >> 3, key & 7
        if wire == 2:
            length, i = read_varint(data, i)
            fields[number] = data[i:i + length].decode('utf-8')
            i += length
        elif wire == 0:
            _, i = read_varint(data, i)
        else:
            raise ValueError('unexpected wire type %d' % wire)
    return {'message': fields.get(1, ''), 'backend': fields.get(2, '')}


def read_varint(data, i):
    result = shift = 0
    while True:
        b = data[i]
        i += 1
        result |= (b & 0x7F) << shift
        if not b & 0x80:
            return result, i
        shift += 7


def main():
    args = parse_args()
    bootstrap = write_bootstrap(args)
    import grpc  # after GRPC_XDS_BOOTSTRAP is set

    channels = {}
    lock = threading.Lock()

    def method(target):
        """The Hello method on xds:///target; one channel per target, all sharing the process's one xDS client."""
        with lock:
            if target not in channels:
                channel = grpc.insecure_channel('xds:///' + target)
                channels[target] = (channel, channel.unary_unary(
                    '/e2e.Echo/Hello', request_serializer=encode_request, response_deserializer=decode_reply))
            return channels[target][1]

    def hello(target, name, deadline_ms, metadata):
        try:
            reply = method(target)(name, timeout=deadline_ms / 1000.0, metadata=metadata)
            return {'ok': True, 'backend': reply['backend']}
        except grpc.RpcError as err:
            details = (err.details() or '').split('\n')[0]
            return {'ok': False, 'error': '%s %s' % (err.code().name, details)}

    def target_of(cmd):
        target = cmd.get('target', args.target)
        if not target:
            raise ValueError('no target: pass --target or "target" in the command')
        return str(target)

    def metadata_of(cmd):
        metadata = cmd.get('metadata') or {}
        if not isinstance(metadata, dict):
            raise ValueError('metadata must be an object of string values')
        pairs = []
        for key, value in metadata.items():
            for v in (value if isinstance(value, list) else [value]):
                if not isinstance(v, str):
                    raise ValueError('metadata value for %s must be a string' % key)
                pairs.append((key.lower(), v))
        return tuple(pairs)

    def run_call(cmd):
        target = target_of(cmd)
        count = int(cmd.get('count', 1))
        deadline_ms = int(cmd.get('deadlineMs', DEFAULT_CALL_DEADLINE_MS))
        name = str(cmd.get('name', 'e2e'))
        unique = bool(cmd.get('uniqueNames', False))
        pause_ms = int(cmd.get('pauseMs', 0))
        metadata = metadata_of(cmd)
        started = time.monotonic()
        ok = failed = 0
        by_backend = {}
        errors = []
        for i in range(count):
            r = hello(target, '%s-%d' % (name, i) if unique else name, deadline_ms, metadata)
            if r['ok']:
                ok += 1
                by_backend[r['backend']] = by_backend.get(r['backend'], 0) + 1
            else:
                failed += 1
                if len(errors) < MAX_ERRORS and r['error'] not in errors:
                    errors.append(r['error'])
            if pause_ms > 0 and i + 1 < count:
                time.sleep(pause_ms / 1000.0)
        emit({'event': 'result', 'ok': ok, 'failed': failed, 'byBackend': by_backend, 'errors': errors,
              'elapsedMs': int((time.monotonic() - started) * 1000)})

    def run_wait_ok(cmd):
        target = target_of(cmd)
        timeout_ms = int(cmd.get('timeoutMs', DEFAULT_WAIT_TIMEOUT_MS))
        metadata = metadata_of(cmd)
        started = time.monotonic()
        end = started + timeout_ms / 1000.0
        attempts = 0
        last_error = ''
        while True:
            remaining = end - time.monotonic()
            if remaining <= 0:
                break
            attempts += 1
            r = hello(target, 'wait', min(WAIT_ATTEMPT_DEADLINE_MS, remaining * 1000), metadata)
            if r['ok']:
                emit({'event': 'waitOk', 'ok': True, 'attempts': attempts, 'lastError': last_error,
                      'backend': r['backend'], 'elapsedMs': int((time.monotonic() - started) * 1000)})
                return
            last_error = r['error']
            time.sleep(max(0.0, min(WAIT_PAUSE_MS / 1000.0, end - time.monotonic())))
        emit({'event': 'waitOk', 'ok': False, 'attempts': attempts, 'lastError': last_error,
              'elapsedMs': int((time.monotonic() - started) * 1000)})

    emit({'event': 'ready', 'grpcVersion': grpc.__version__})
    log('C-core client, grpc %s, bootstrap %s' % (grpc.__version__, bootstrap))
    try:
        for line in sys.stdin:
            line = line.strip()
            if not line:
                continue
            try:
                cmd = json.loads(line)
            except ValueError as err:
                emit({'event': 'error', 'message': 'not JSON: %s' % err})
                continue
            try:
                kind = cmd.get('cmd') if isinstance(cmd, dict) else None
                if kind == 'call':
                    run_call(cmd)
                elif kind == 'waitOk':
                    run_wait_ok(cmd)
                elif kind == 'exit':
                    break
                else:
                    emit({'event': 'error', 'message': 'unknown cmd %s' % json.dumps(kind)})
            except (ValueError, TypeError) as err:
                emit({'event': 'error', 'message': str(err)})
    except BrokenPipeError:
        pass
    finally:
        for channel, _ in channels.values():
            channel.close()
        os.unlink(bootstrap)
    # Leave at once: C-core threads must not keep the process alive.
    os._exit(0)


if __name__ == '__main__':
    main()
