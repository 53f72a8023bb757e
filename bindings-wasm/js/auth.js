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

/** [kind, id, secret] for the core; `undefined` means no Authorization header at all. */
export function credentialParts(auth) {
  if (auth === undefined || auth === null) return ['none', '', ''];
  if (!(auth instanceof Credentials)) {
    throw new TypeError('auth must come from digest(), serviceAccount() or bearer()');
  }
  return [auth.kind, auth.id, secrets.get(auth)];
}
