// Preloaded into the conformance suite's process (NODE_OPTIONS=--import). The suite's servers call `listen(0)`
// with no host, which binds every interface; this binds such calls to 127.0.0.1 instead, so nothing the suite
// starts is reachable from outside the machine. Calls that name a host, a path or a handle are left alone.
//
// The suite reads `server.address().port` right after `listen(0)` returns, which works only because a host-less
// listen binds synchronously (a host would go through an asynchronous DNS lookup). So the socket is bound here,
// synchronously, with net's own handle factory, and handed to listen() as a handle.
import net from 'node:net';

const LOOPBACK = '127.0.0.1';
const IPV4 = 4;
const listen = net.Server.prototype.listen;

/** A TCP handle bound to 127.0.0.1:`port`, or undefined when net cannot create one (then the host is passed). */
function loopbackHandle(port) {
  if (typeof net._createServerHandle !== 'function') return undefined;
  const handle = net._createServerHandle(LOOPBACK, Number(port) || 0, IPV4);
  return typeof handle === 'number' ? undefined : handle; // a number is an errno (e.g. EADDRINUSE)
}

net.Server.prototype.listen = function listenOnLoopback(...args) {
  const [first] = args;
  let port;
  let rest;
  if (first === undefined || typeof first === 'function') {
    port = 0; // listen() / listen(callback)
    rest = args.filter((arg) => arg !== undefined);
  } else if (typeof first === 'number' || (typeof first === 'string' && /^\d+$/.test(first))) {
    if (typeof args[1] === 'string') return listen.apply(this, args); // listen(port, host, …)
    port = first;
    rest = args.slice(1);
  } else if (
    first &&
    typeof first === 'object' &&
    'port' in first &&
    first.host === undefined &&
    first.path === undefined
  ) {
    port = first.port;
    rest = [first.backlog, ...args.slice(1)].filter((arg) => arg !== undefined);
  } else {
    return listen.apply(this, args);
  }
  const handle = loopbackHandle(port);
  if (handle) return listen.call(this, handle, ...rest);
  return listen.call(this, port, LOOPBACK, ...rest);
};
