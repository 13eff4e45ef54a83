// An answer without any CORS header, for the test servers that play hosted endpoints a browser cannot call
// (tests/gallery/cors): whatever the server or its libraries set (oidc-provider adds its own CORS headers) is
// dropped, and a preflight is refused as such servers refuse it.
const CORS_HEADER = /^access-control-/i;

/** Strips CORS headers from `res`; answers an OPTIONS request itself (405) and returns true then. */
export function withoutCors(req, res) {
  const setHeader = res.setHeader;
  res.setHeader = function setHeaderWithoutCors(name, value) {
    return CORS_HEADER.test(String(name)) ? this : setHeader.call(this, name, value);
  };
  const writeHead = res.writeHead;
  res.writeHead = function writeHeadWithoutCors(status, ...rest) {
    for (const name of res.getHeaderNames()) if (CORS_HEADER.test(name)) res.removeHeader(name);
    const headers = rest.find((arg) => arg && typeof arg === 'object');
    if (headers) for (const name of Object.keys(headers)) if (CORS_HEADER.test(name)) delete headers[name];
    return writeHead.call(this, status, ...rest);
  };
  if (req.method !== 'OPTIONS') return false;
  res.writeHead(405, { allow: 'GET, POST' }).end();
  return true;
}
