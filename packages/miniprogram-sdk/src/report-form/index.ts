// The component's file, as WeChat loads it. It requires the package's `index.js` (see
// scripts/build-miniprogram.mjs), so the component and the app share one module.
import { defineReportForm } from '../miniprogram.js';

defineReportForm();
