/** The map key of one user of one app. */
export function userKey(appId: string, openid: string): string {
  return `${appId}\u0000${openid}`;
}
