// atlas-admin for JavaScript: the MongoDB Atlas Administration API v2 through a WebAssembly core.
export { AtlasClient } from './client.js';
export { anonymous, bearer, digest, serviceAccount } from './auth.js';
export {
  AtlasError,
  ApiError,
  AuthError,
  BadRequest,
  BuildError,
  Conflict,
  DecodeError,
  ERROR_CLASSES,
  Forbidden,
  NotFound,
  RateLimited,
  ServerError,
  TransportError,
  Unauthorized,
  VersionGone,
  WaitError,
} from './errors.js';
export { buildRequest, chosenVersion, contractFields, operations, parseResponse, toCurl } from './sansio.js';
