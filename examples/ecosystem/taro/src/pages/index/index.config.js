export default {
  navigationBarTitleText: 'wxtpl + Taro',
  // Taro resolves an npm component by its path in the package: name miniprogram_dist.
  usingComponents: {
    'report-form': '@wxtpl/miniprogram-sdk/miniprogram_dist/report-form/index',
  },
};
