/** The bearer token of a signed-in user (what your login endpoint would hand out). */
export declare function sessionToken(openid: string): string;
/** The signed-in user's openid from the request's session; `undefined` when it has none. */
export declare function openidOf(request: Request): string | undefined;
