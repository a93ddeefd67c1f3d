import { collect } from '../../../lib/wxtpl';

export const POST = collect;
