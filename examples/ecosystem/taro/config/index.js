// The least Taro needs to build for WeChat (`taro build --type weapp`).
module.exports = () => ({
  projectName: 'wxtpl-example-taro',
  designWidth: 750,
  deviceRatio: { 640: 2.34 / 2, 750: 1, 828: 1.81 / 2 },
  sourceRoot: 'src',
  outputRoot: 'dist',
  framework: 'react',
  compiler: 'webpack5',
  mini: {},
});
