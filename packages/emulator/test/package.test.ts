import { checkBuiltPackage } from '@wxtpl/testkit/package-check';

checkBuiltPackage('emulator');
