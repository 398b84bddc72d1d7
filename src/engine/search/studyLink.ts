/**
 * A study's settings in a link: `sweep.html?study=<JSON>#<run config hash>`, so a lesson or a shared link
 * opens the Sweep page with its parameters, ranges and method set. Read through validateSettings: a link
 * that cannot be read gives the defaults and says so.
 */
import { validateSettings } from './params';
import type { StudySettings } from './types';

export function settingsToQuery(settings: StudySettings): string {
  return new URLSearchParams({ study: JSON.stringify(settings) }).toString();
}

/** The settings in a page's query string (with or without '?'), the defaults when there are none. */
export function settingsFromQuery(search: string): { settings: StudySettings; corrections: string[] } {
  const text = new URLSearchParams(search).get('study');
  if (text === null) return validateSettings({});
  let asked: unknown;
  try {
    asked = JSON.parse(text);
  } catch {
    return { settings: validateSettings({}).settings, corrections: ['The study in the link is not readable JSON: the default study is shown.'] };
  }
  if (asked === null || typeof asked !== 'object' || Array.isArray(asked)) return { settings: validateSettings({}).settings, corrections: ['The study in the link is not a set of settings: the default study is shown.'] };
  return validateSettings(asked as Partial<StudySettings>);
}
