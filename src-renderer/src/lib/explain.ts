/** Fault and event codes in words, from the shared CWMP tables. */
import { describeEvent } from '../../../src-shared/cwmp/events';
import { describeFault } from '../../../src-shared/cwmp/faults';

export function explainFault(code: number | undefined): string {
  if (code === undefined) return '';
  const info = describeFault(code);
  if (!info) return 'Not a CWMP fault code';
  return `${info.text} (raised by the ${info.raisedBy.toUpperCase()}${info.kind === 'standard' ? '' : `, ${info.kind} range`})`;
}

export function explainEvent(code: string): string {
  return describeEvent(code).meaning;
}
