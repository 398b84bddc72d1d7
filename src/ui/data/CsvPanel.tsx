/**
 * The Data preview panel of a run on the user's table: the task the label gives (and the rule that
 * decided it), the train/test split, the class balance per split or the target's range, each feature's
 * standardisation, and what was dropped or clipped (engine/data/csvDataset.ts CsvPreview).
 */
import { TASK_RULE } from '../../engine/data/csv';
import type { CsvView } from '../../worker/protocol';

const fmt = (n: number) => n.toLocaleString('en-US', { maximumSignificantDigits: 4 });

export function CsvPanel({ csv }: { csv: CsvView }) {
  const p = csv.preview;
  const regression = p.task === 'regression';
  return (
    <section className="panel panel-csv" aria-labelledby="csv-preview-title">
      <h2 id="csv-preview-title">Data preview</h2>
      <p>
        “{csv.fileName}”: predicting <strong>{csv.labelName}</strong> ({regression ? 'regression: a number' : `classification: ${csv.classNames.length} classes`}) from{' '}
        {p.featureNames.length} feature{p.featureNames.length === 1 ? '' : 's'}. Split: {p.trainRows.toLocaleString('en-US')} training rows,{' '}
        {p.testRows.toLocaleString('en-US')} test rows (Training data, shuffled by the seed).
      </p>
      <p className="help">{TASK_RULE}</p>
      {p.classBalance && (
        <table className="csv-balance">
          <caption>Class balance</caption>
          <thead>
            <tr>
              <th scope="col">Class</th>
              <th scope="col">Training rows</th>
              <th scope="col">Test rows</th>
            </tr>
          </thead>
          <tbody>
            {p.classBalance.map((c) => (
              <tr key={c.name}>
                <th scope="row">{c.name}</th>
                <td>{c.train}</td>
                <td>{c.test}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {p.targetRange && (
        <p>
          {csv.labelName} ranges from {fmt(p.targetRange.train.min)} to {fmt(p.targetRange.train.max)} in the training rows and from{' '}
          {fmt(p.targetRange.test.min)} to {fmt(p.targetRange.test.max)} in the test rows; the model predicts it standardised
          {p.scaling.target ? ` (mean ${fmt(p.scaling.target.mean)}, standard deviation ${fmt(p.scaling.target.std)})` : ''}.
        </p>
      )}
      <table className="csv-scaling">
        <caption>Features, standardised as (value − mean) / standard deviation of the training rows</caption>
        <thead>
          <tr>
            <th scope="col">Feature</th>
            <th scope="col">Mean</th>
            <th scope="col">Standard deviation</th>
          </tr>
        </thead>
        <tbody>
          {p.scaling.features.slice(0, 12).map((f) => (
            <tr key={f.name}>
              <th scope="row">{f.name}</th>
              <td>{fmt(f.mean)}</td>
              <td>{fmt(f.std)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {p.scaling.features.length > 12 && <p className="help">… and {p.scaling.features.length - 12} more features.</p>}
      {p.notes.map((note) => (
        <p key={note} className="help">
          {note}
        </p>
      ))}
    </section>
  );
}
