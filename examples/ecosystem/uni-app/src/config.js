// Your backend (a createCollectHandler from @wxtpl/server-sdk) and your account's priTmplIds.
export const API_BASE = 'https://api.example.com';
export const TEMPLATES = {
  reminder: 'YOUR_REMINDER_PRI_TMPL_ID',
  shipped: 'YOUR_SHIPPED_PRI_TMPL_ID',
  delivered: 'YOUR_DELIVERED_PRI_TMPL_ID',
};
