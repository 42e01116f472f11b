import { useId, useState, type DragEvent, type FormEvent } from 'react';
import { Icon } from '../../../components/icons';
import { ProgressBar } from '../../../components/progress-bar';
import { formatBytes } from '../../../lib/format';
import { useCreateImport, type ImportView } from '../api';

/** Distress tags list providers commonly sell lists by; offered next to the workspace's own. */
const COMMON_TAGS = ['tax_delinquent', 'probate', 'pre_foreclosure', 'code_violation', 'vacant', 'divorce', 'eviction', 'liens'];

interface UploadFormProps {
  /** The workspace's lists, suggested as names and as a source of tags. */
  existingLists: { name: string; tags: string[] }[];
  onUploaded: (created: ImportView) => void;
  onCancel: () => void;
}

function splitTags(text: string): string[] {
  return text
    .split(',')
    .map((tag) => tag.trim())
    .filter(Boolean);
}

/** Step 1: the file, the list it goes on and the tags that list gives. */
export function UploadForm({ existingLists, onUploaded, onCancel }: UploadFormProps) {
  const createImport = useCreateImport();
  const [file, setFile] = useState<File | null>(null);
  const [listName, setListName] = useState('');
  const [tags, setTags] = useState('');
  const [sheet, setSheet] = useState('');
  const [dragging, setDragging] = useState(false);
  const [uploaded, setUploaded] = useState(0);
  const fileInputId = useId();
  const isSpreadsheet = file !== null && /\.xlsx$/i.test(file.name);

  const existing = existingLists.find((list) => list.name.toLowerCase() === listName.trim().toLowerCase());
  const suggestedTags = [...new Set([...existingLists.flatMap((list) => list.tags), ...COMMON_TAGS])];
  const chosenTags = splitTags(tags);

  function chooseFile(chosen: File | undefined) {
    if (!chosen) return;
    setFile(chosen);
    createImport.reset();
    // A list is usually named after its file: "Tax delinquent 2024.csv" → "Tax delinquent 2024".
    if (!listName.trim())
      setListName(
        chosen.name
          .replace(/\.[^.]+$/, '')
          .replace(/[_-]+/g, ' ')
          .trim(),
      );
  }

  function toggleTag(tag: string) {
    setTags((chosenTags.includes(tag) ? chosenTags.filter((t) => t !== tag) : [...chosenTags, tag]).join(', '));
  }

  function onDrop(event: DragEvent) {
    event.preventDefault();
    setDragging(false);
    chooseFile(event.dataTransfer.files[0]);
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!file || !listName.trim()) return;
    setUploaded(0);
    createImport.mutate(
      { file, listName, tags: chosenTags.join(','), sheet: isSpreadsheet ? sheet : '', onUploadProgress: setUploaded },
      { onSuccess: (created) => onUploaded(created.import) },
    );
  }

  return (
    <form className="stack upload-form" onSubmit={submit} aria-label="Upload a list">
      <div
        className={`drop-zone${dragging ? ' drop-zone-active' : ''}${file ? ' drop-zone-filled' : ''}`}
        onDragOver={(event) => {
          event.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
      >
        <Icon name={file ? 'file' : 'upload'} className="drop-zone-icon" />
        {file ? (
          <div>
            <div className="cell-primary">{file.name}</div>
            <div className="cell-muted">{formatBytes(file.size)}</div>
          </div>
        ) : (
          <div>
            <div className="cell-primary">Drop a CSV or Excel (.xlsx) file here</div>
            <div className="cell-muted">County lists and PropStream, BatchLeads or DealMachine exports work as they are.</div>
          </div>
        )}
        <label htmlFor={fileInputId} className="btn btn-secondary btn-sm">
          {file ? 'Choose another file' : 'Choose a file'}
        </label>
        <input
          id={fileInputId}
          className="visually-hidden"
          type="file"
          aria-label="List file"
          accept=".csv,.txt,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          onChange={(event) => chooseFile(event.target.files?.[0])}
        />
      </div>

      <div className="form-grid">
        <div className="field">
          <label htmlFor="import-list-name">List name</label>
          <input
            id="import-list-name"
            list="import-existing-lists"
            required
            maxLength={200}
            autoComplete="off"
            placeholder="e.g. Tax delinquent – Sangamon County"
            value={listName}
            onChange={(event) => setListName(event.target.value)}
          />
          <datalist id="import-existing-lists">
            {existingLists.map((list) => (
              <option key={list.name} value={list.name} />
            ))}
          </datalist>
          <p className="field-hint">
            {existing
              ? 'Adds to this existing list; rows already on it are recognised.'
              : 'A new name creates the list; pick an existing one to add to it.'}
          </p>
        </div>
        <div className="field">
          <label htmlFor="import-tags">Distress tags</label>
          <input
            id="import-tags"
            autoComplete="off"
            placeholder="e.g. tax_delinquent, probate"
            value={tags}
            onChange={(event) => setTags(event.target.value)}
          />
          <div className="tag-suggestions" aria-label="Suggested tags">
            {suggestedTags.map((tag) => (
              <button
                key={tag}
                type="button"
                className={`chip chip-button${chosenTags.includes(tag) ? ' chip-selected' : ''}`}
                aria-pressed={chosenTags.includes(tag)}
                onClick={() => toggleTag(tag)}
              >
                {tag}
              </button>
            ))}
          </div>
          <p className="field-hint">Every property on this list carries these tags. Letters, digits and underscores, comma-separated.</p>
        </div>
        {isSpreadsheet && (
          <div className="field">
            <label htmlFor="import-sheet">Sheet</label>
            <input id="import-sheet" placeholder="First sheet" value={sheet} onChange={(event) => setSheet(event.target.value)} />
            <p className="field-hint">The name of the sheet holding the list; leave empty for the first one.</p>
          </div>
        )}
      </div>

      {createImport.error && (
        <div className="alert alert-error" role="alert">
          <strong>The file was not accepted.</strong> {createImport.error.message}
        </div>
      )}
      {createImport.isPending && (
        <div className="upload-progress">
          <ProgressBar label="Upload" percent={Math.round(uploaded * 100)} />
          <span className="cell-muted">{uploaded < 1 ? `Uploading… ${Math.round(uploaded * 100)}%` : 'Reading the file…'}</span>
        </div>
      )}

      <div className="form-actions">
        <button type="button" className="btn btn-secondary" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="btn btn-primary" disabled={!file || !listName.trim() || createImport.isPending}>
          {createImport.isPending ? 'Uploading…' : 'Upload and map columns'}
        </button>
      </div>
    </form>
  );
}
