/** The pure indicator math of Mutu: functions from running totals to figures, no I/O. */
export * from './types.js';
export * from './rounding.js';
export * from './skm.js';
export * from './margin.js';
export * from './quality.js';
export * from './targets.js';
export * from './sample.js';
export * from './trend.js';
export * from './priority.js';
export * from './followup.js';
export * from './groups.js';
export * from './representation.js';
export * from './inclusiveness.js';
export * from './calendar.js';
export * from './periods.js';
