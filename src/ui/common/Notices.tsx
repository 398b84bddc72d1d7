/** Notices as dismissable alerts: corrections, the CPU fallback, halted runs and worker errors. */
import type { Notice } from './useNotices';

interface Props {
  notices: Notice[];
  onDismiss(id: number): void;
}

export function Notices({ notices, onDismiss }: Props) {
  if (notices.length === 0) return null;
  return (
    <div className="notices">
      {notices.map((n) => (
        <div key={n.id} role="alert" className={`notice notice-${n.tone}`}>
          <div className="notice-body">
            <p>{n.text}</p>
            {n.items.length > 0 && (
              <ul>
                {n.items.map((item, i) => (
                  <li key={i}>{item}</li>
                ))}
              </ul>
            )}
          </div>
          <button type="button" className="button-quiet" onClick={() => onDismiss(n.id)}>
            Dismiss
          </button>
        </div>
      ))}
    </div>
  );
}
