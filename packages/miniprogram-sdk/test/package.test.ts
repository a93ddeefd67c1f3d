import { checkBuiltPackage } from '@wxtpl/testkit/package-check';

checkBuiltPackage('miniprogram-sdk');
