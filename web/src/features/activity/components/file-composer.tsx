import { useId, useState, type DragEvent } from 'react';
import { Icon } from '../../../components/icons';
import { ProgressBar } from '../../../components/progress-bar';
import { formatBytes } from '../../../lib/format';
import { useAttachFile, type ActivityRecord } from '../api';

/** Attaches a file chosen or dropped; the server's refusal (too large, a type it does not keep) shows as it says it. */
export function FileComposer({ record }: { record: ActivityRecord }) {
  const inputId = useId();
  const [progress, setProgress] = useState(0);
  const [dragging, setDragging] = useState(false);
  const [lastFile, setLastFile] = useState<File | null>(null);
  const attach = useAttachFile(record, setProgress);

  function upload(file: File | undefined) {
    if (!file) return;
    setLastFile(file);
    setProgress(0);
    attach.mutate(file);
  }

  function onDrop(event: DragEvent) {
    event.preventDefault();
    setDragging(false);
    upload(event.dataTransfer.files[0]);
  }

  return (
    <div className="stack composer-form">
      <div
        className={`drop-zone${dragging ? ' drop-zone-active' : ''}`}
        data-testid="attachment-drop-zone"
        onDragOver={(event) => {
          event.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
      >
        <Icon name="upload" className="drop-zone-icon" />
        <div>
          <div className="cell-primary">Drop a file here</div>
          <div className="cell-muted">Contracts, photos, inspection reports: up to 25 MB.</div>
        </div>
        <label htmlFor={inputId} className="btn btn-secondary btn-sm">
          Choose a file
        </label>
        <input
          id={inputId}
          className="visually-hidden"
          type="file"
          aria-label="File to attach"
          onChange={(event) => {
            upload(event.target.files?.[0]);
            event.target.value = '';
          }}
        />
      </div>
      {attach.isPending && lastFile && (
        <div className="upload-progress">
          <span className="cell-muted">
            Uploading {lastFile.name} ({formatBytes(lastFile.size)})
          </span>
          <ProgressBar label={`Uploading ${lastFile.name}`} percent={Math.round(progress * 100)} />
        </div>
      )}
      {attach.isSuccess && lastFile && (
        <p className="alert alert-info" role="status">
          Attached {lastFile.name}.
        </p>
      )}
      {attach.error && (
        <p className="alert alert-error" role="alert">
          {lastFile ? `${lastFile.name}: ` : ''}
          {attach.error.message}
        </p>
      )}
    </div>
  );
}
