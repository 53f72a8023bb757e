// atlas-admin for JavaScript: the MongoDB Atlas Administration API v2 through a WebAssembly core.
export { AtlasClient } from './client.js';
export { bearer, digest, serviceAccount } from './auth.js';
export {
  AtlasError,
  ApiError,
  AuthError,
  BuildError,
  DecodeError,
  TransportError,
  VersionGoneError,
} from './errors.js';
export { buildRequest, chosenVersion, operations, parseResponse, toCurl } from './sansio.js';
