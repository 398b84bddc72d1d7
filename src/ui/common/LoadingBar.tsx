/** The dataset download (MNIST): a labelled progress bar and "MNIST: 3.1 of 11.2 MB". */
import { useId } from 'react';
import type { LoadingState } from '../workspace/useTrainer';

const mb = (n: number) => (n / 1e6).toFixed(1);

export function loadingText({ what, loaded, total }: LoadingState): string {
  return total > 0 ? `${what}: ${mb(Math.min(loaded, total))} of ${mb(total)} MB` : `${what}: ${mb(loaded)} MB`;
}

export function LoadingBar({ loading }: { loading: LoadingState }) {
  const id = useId();
  return (
    <div className="loading-bar">
      <label htmlFor={id}>Loading {loading.what}</label>
      {/* No value while the size is unknown: an indeterminate bar. */}
      <progress id={id} max={loading.total > 0 ? loading.total : undefined} value={loading.total > 0 ? Math.min(loading.loaded, loading.total) : undefined} />
      <span className="loading-text">{loadingText(loading)}</span>
    </div>
  );
}
