// The app's copy of the SDK (bundled by Taro) registers the collector; <report-form> runs the
// miniprogram_dist copy. The registration lives on the global `wx`, so both copies share it.
import { createCollector, registerCollector } from '@wxtpl/miniprogram-sdk';
import { API_BASE } from './config';

registerCollector(createCollector({ endpoint: `${API_BASE}/formids` }));

export default function App({ children }) {
  return children;
}
