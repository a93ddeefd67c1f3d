export const SERVER_SDK_PLACEHOLDER = true;
