// Preloaded (`node --import`) into @modelcontextprotocol/server-everything, which listens on `process.env.PORT`
// with no host and prints no usable port: binds that listen to 127.0.0.1 (the conformance suite's loopback
// preload) and announces the bound port with the `LISTENING <port>` line the test harness waits for.
import net from 'node:net';
import '../conformance/lib/loopback-preload.mjs';

const listen = net.Server.prototype.listen;

net.Server.prototype.listen = function listenAndAnnounce(...args) {
  this.once('listening', () => {
    const address = this.address();
    if (address && typeof address === 'object') process.stdout.write(`LISTENING ${address.port}\n`);
  });
  return listen.apply(this, args);
};
