// The component's file, as WeChat loads it (`miniprogram_dist/report-form/index.js`). It requires
// the package's `index.js` (see scripts/build-miniprogram.mjs), so the component and the app share
// one module. It sits outside `report-form/` so that folder never imports the entry that imports it.
import { defineReportForm } from './miniprogram.js';

defineReportForm();
