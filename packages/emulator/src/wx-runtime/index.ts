export const WX_RUNTIME_PLACEHOLDER = true;
