// What docs/*.md take as given: the reader's own values and the objects built as the server SDK's
// README builds them. Only placeholders belong here, never wxtpl API (see ../check.ts).

declare const openid: string;

declare const client: import('@wxtpl/server-sdk').WeChatClient;
declare const pool: import('@wxtpl/server-sdk').CreditPool;
declare const notifier: import('@wxtpl/server-sdk').Notifier;

/** The app's own token server (中控服务器), asked for the current access_token. */
declare const tokenServer: { current(invalidToken?: string): Promise<string> };
