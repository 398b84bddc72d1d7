/**
 * "Upload CSV", the engine's side: users train on their own table. Pure: no DOM, no React; runs in Node
 * and in a Web Worker. Three steps, each returning a problem as a value ({ ok: false, message }) and
 * never throwing, whatever the input:
 *
 *   const parsed = parseCsv(text);                  // csvParse.ts: delimiter, quotes, header, limits
 *   if (!parsed.ok) show(parsed.message);
 *   const columns = columnSummary(parsed);          // csvDataset.ts: numeric?, distinct, min/max, label task
 *   const ds = buildCsvDataset(parsed, { features: [0, 1, 3], label: 4 }, seed, 0.8);
 *   if (ds.ok) train(ds);                           // a Dataset (name 'csv') plus classNames and a preview
 *
 * The rules (delimiter and header detection, what is a number, decimal commas, the task rule, classes,
 * the split, standardising on the train rows, dropped constant features) are documented at the top of
 * csvParse.ts and csvDataset.ts; TASK_RULE says the task rule in words for the UI.
 */
export {
  parseCsv, parseNumber, CSV_LIMITS,
  type CsvDelimiter, type CsvProblem, type ParsedCsv, type ParseCsvOptions,
} from './csvParse';
export {
  buildCsvDataset, columnSummary, TASK_RULE, MAX_CLASSES, MAX_FEATURES,
  type ColumnInfo, type CsvChoice, type CsvDataset, type CsvPreview, type Scale,
} from './csvDataset';
