/** The `/` filter: a case-insensitive regex; a leading `!` keeps the rows that do NOT match. */

/** A compiled filter, or the reason it could not be compiled. */
type CompiledFilter =
  | { ok: true; active: boolean; test: (text: string) => boolean }
  | { ok: false; error: string; test: (text: string) => boolean };

const passAll = (): boolean => true;

/** Compiles filter text. An invalid regex yields `ok: false` and a filter that lets every row through. */
export function compileFilter(text: string | undefined): CompiledFilter {
  const raw = text ?? '';
  const inverted = raw.startsWith('!');
  const pattern = inverted ? raw.slice(1) : raw;
  if (pattern === '') return { ok: true, active: false, test: passAll };
  try {
    const re = new RegExp(pattern, 'i');
    return { ok: true, active: true, test: inverted ? (s) => !re.test(s) : (s) => re.test(s) };
  } catch (err) {
    const reason =
      err instanceof Error ? err.message.replace(/^Invalid regular expression: /, '') : String(err);
    return { ok: false, error: `invalid regex: ${reason}`, test: passAll };
  }
}
