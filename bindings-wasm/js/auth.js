// Credentials. Secrets live in a module-private WeakMap, not on the object, so they never show
// up in console.log, util.inspect, JSON.stringify or error reports of the object holding them.

const secrets = new WeakMap();
const inspect = Symbol.for('nodejs.util.inspect.custom');

class Credentials {
  constructor(kind, id, secret) {
    if (typeof secret !== 'string' || secret === '') {
      throw new TypeError(`${kind}: the secret must be a non-empty string`);
    }
    if (typeof id !== 'string') throw new TypeError(`${kind}: the id must be a string`);
    /** "digest", "serviceAccount" or "bearer". */
    this.kind = kind;
    /** The public part: API public key or service-account client id (empty for bearer). */
    this.id = id;
    secrets.set(this, secret);
    Object.freeze(this);
  }

  toString() {
    return `${this.kind}(${this.id ? `${this.id}, ` : ''}<redacted>)`;
  }

  [inspect]() {
    return this.toString();
  }
}

/** Programmatic API key pair, answered with HTTP Digest by the core. */
export function digest(publicKey, privateKey) {
  return new Credentials('digest', publicKey, privateKey);
}

/** Service account (OAuth 2 client credentials); the core fetches and refreshes tokens. */
export function serviceAccount(clientId, clientSecret) {
  return new Credentials('serviceAccount', clientId, clientSecret);
}

/** An access token you already hold, sent as `Authorization: Bearer`. */
export function bearer(token) {
  return new Credentials('bearer', '', token);
}

/**
 * No credentials at all, chosen explicitly (a server or an operation that needs none). Without
 * `auth`, a client looks for credentials in the environment (Node) and, finding none, refuses
 * every call that needs them.
 */
export function anonymous() {
  return ANONYMOUS;
}

const ANONYMOUS = Object.freeze({ kind: 'none', id: '', toString: () => 'anonymous()', [inspect]: () => 'anonymous()' });

/** The core's `Credentials` JSON; no `auth` is `"missing"` (the core then reads the environment). */
export function credentialsJson(auth) {
  if (auth === undefined || auth === null) return '"missing"';
  if (auth === ANONYMOUS) return '"none"';
  if (!(auth instanceof Credentials)) {
    throw new TypeError('auth must come from digest(), serviceAccount(), bearer() or anonymous()');
  }
  const secret = secrets.get(auth);
  switch (auth.kind) {
    case 'digest':
      return JSON.stringify({ apiKey: { publicKey: auth.id, privateKey: secret } });
    case 'serviceAccount':
      return JSON.stringify({ serviceAccount: { clientId: auth.id, clientSecret: secret } });
    default:
      return JSON.stringify({ bearer: secret });
  }
}

/**
 * The `MONGODB_ATLAS_*` variables of Node's environment as JSON (undefined where there is no
 * `process`, as in a browser): the core takes from them what the client was not given.
 */
export function environmentJson() {
  const env = globalThis.process?.env;
  if (env == null) return undefined;
  return JSON.stringify(Object.fromEntries(Object.entries(env).filter(([name]) => name.startsWith('MONGODB_ATLAS_'))));
}
