// Form fields as the views draw them: a route's page model lists its fields (FieldSpec: name,
// label, value, hints, choices), and render() (page.ts) completes them with the request's error
// messages (withErrors), so the views/manage/_*.ejs partials only print ready values.

interface Base {
  name: string;
  label: string;
  hint?: string;
  /** a second line: what an empty field follows ("mengikuti induk: 82,00") */
  note?: string;
}

export interface Choice {
  value: string;
  label: string;
}

export type FieldSpec =
  | (Base & { kind: 'text'; value: string; type?: string; autocomplete?: string; inputmode?: string; maxlength?: number; spellcheck?: false })
  | (Base & { kind: 'textarea'; value: string; rows: number; maxlength: number })
  | (Base & {
      kind: 'select';
      value: string;
      options: Choice[];
      /** choices in labelled groups after `options`, and `last` after the groups */
      groups?: Array<{ label: string; options: Choice[] }>;
      last?: Choice[];
      /** a data-* attribute naming the select for a script (without the data- prefix) */
      hook?: string;
    })
  | (Base & { kind: 'check'; checked: boolean })
  /** a value that cannot be changed here, with the reason */
  | { kind: 'static'; name: string; label: string; text: string; note?: string };

export type Field = FieldSpec & {
  id: string;
  error: string | null;
  /** ids of the hint, note and error (aria-describedby), '' for none */
  describedBy: string;
  /** select: the choices with the one selected (a value not among them is kept as its own first choice) */
  choices?: Array<Choice & { selected: boolean }>;
  choiceGroups?: Array<{ label: string; options: Array<Choice & { selected: boolean }> }>;
  lastChoices?: Array<Choice & { selected: boolean }>;
};

function describedBy(f: FieldSpec, error: string | undefined): string {
  const hint = 'hint' in f && f.hint ? `h-${f.name}` : '';
  const note = 'note' in f && f.note && f.kind !== 'static' ? `n-${f.name}` : '';
  return [hint, note, error ? `e-${f.name}` : ''].filter(Boolean).join(' ');
}

const mark = (value: string, options: Choice[]) => options.map((o) => ({ ...o, selected: o.value === value }));

/** The select's choices marked; a value offered nowhere is kept as its own first choice. */
function selectChoices(f: Extract<FieldSpec, { kind: 'select' }>) {
  const all = [...f.options, ...(f.groups ?? []).flatMap((g) => g.options), ...(f.last ?? [])];
  const listed = mark(f.value, f.options);
  return {
    choices: all.some((o) => o.value === f.value) ? listed : [{ value: f.value, label: f.value === '' ? '—' : f.value, selected: true }, ...listed],
    choiceGroups: (f.groups ?? []).map((g) => ({ label: g.label, options: mark(f.value, g.options) })),
    lastChoices: mark(f.value, f.last ?? []),
  };
}

/** The fields with their error messages (by field name) and what each input is described by. */
export function withErrors(fields: FieldSpec[], errors: Record<string, string>): Field[] {
  return fields.map((f) => ({
    ...f,
    id: `f-${f.name}`,
    error: errors[f.name] ?? null,
    describedBy: describedBy(f, errors[f.name]),
    ...(f.kind === 'select' ? selectChoices(f) : {}),
    ...(f.kind === 'text' ? { type: f.type ?? 'text' } : {}),
  }));
}
