export { tokenKey, tokenLockKey } from './keys.js';
export { AccessTokenOwner, type AccessTokenOwnerOptions } from './owner.js';
export type {
  StoredToken,
  TokenProvider,
  TokenProviderRequest,
  TokenProviderResult,
} from './types.js';
