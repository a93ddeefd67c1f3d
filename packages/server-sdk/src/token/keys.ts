/** Store key of an app's access_token. */
export const tokenKey = (appId: string): string => `token:${appId}`;
/** Store key of the lock held by the one process fetching an app's access_token. */
export const tokenLockKey = (appId: string): string => `lock:token:${appId}`;
