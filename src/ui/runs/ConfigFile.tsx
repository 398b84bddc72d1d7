/**
 * Sharing a run: export the config as JSON, import one (validated, never trusted), copy the link
 * (the URL hash holds the whole config).
 */
import { type ChangeEvent, memo, useEffect, useRef, useState } from 'react';
import { configFileProblem, configFromJSON, configToJSON, type RunConfig, type Validated } from '../../engine/config';
import { downloadFile } from '../common/download';

const MAX_FILE_BYTES = 1_000_000;
const CONFIRM_MS = 2500;

interface Props {
  config: RunConfig;
  onImport(result: Validated, fileName: string): void;
  /** A file that could not be used at all; nothing was changed. */
  onBrokenFile(message: string): void;
  onCopyFailed(url: string): void;
}

/** Clipboard API first; the selection-based copy where the API is unavailable or refused. */
async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.className = 'offscreen';
    document.body.append(area);
    area.select();
    const ok = document.execCommand('copy');
    area.remove();
    return ok;
  }
}

/** Memoised: it re-renders when the config changes, not with the page's updates while training. */
export const ConfigFile = memo(function ConfigFile({ config, onImport, onBrokenFile, onCopyFailed }: Props) {
  const [confirmation, setConfirmation] = useState('');
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);

  const importFile = async (e: ChangeEvent<HTMLInputElement>) => {
    const input = e.currentTarget;
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    if (file.size > MAX_FILE_BYTES) {
      onBrokenFile(`Could not import “${file.name}”: it is too large to be a config file. Nothing was changed.`);
      return;
    }
    let text: string;
    try {
      text = await file.text();
    } catch (err) {
      onBrokenFile(`Could not read “${file.name}” (${(err as Error).message}). Nothing was changed.`);
      return;
    }
    const reason = configFileProblem(text);
    if (reason !== null) {
      onBrokenFile(`Could not import “${file.name}”: ${reason}. Nothing was changed.`);
      return;
    }
    onImport(configFromJSON(text), file.name);
  };

  const copyLink = async () => {
    const url = window.location.href;
    clearTimeout(timer.current);
    if (await copyText(url)) {
      setConfirmation('Link copied');
      timer.current = setTimeout(() => setConfirmation(''), CONFIRM_MS);
    } else {
      setConfirmation('');
      onCopyFailed(url);
    }
  };

  return (
    <div className="config-file">
      <button type="button" onClick={() => downloadFile(configToJSON(config), 'optiplay-config.json', 'application/json')}>
        Export config
      </button>
      <label className="file-button">
        Import config
        <input type="file" accept=".json,application/json" onChange={(e) => void importFile(e)} />
      </label>
      <button type="button" onClick={() => void copyLink()}>
        Copy link
      </button>
      <span role="status" className="copy-confirmation">
        {confirmation}
      </span>
    </div>
  );
});
